"""Footnote lists with no heading over them, whose entries are bare web addresses (issue 19, item 3): a Hugo page's
raw '<div class="footnotes">' of '**\\[n\\]** => address' paragraphs between shortcodes, and the footnote lists
kramdown, Pandoc, Hugo (goldmark) and markdown-it write ('div.footnotes' or 'section.footnotes', an <ol> of
'<li id="fn…">' each ended by a back-link '↩'). Each is read by the real ingest code from a short page."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest.pipeline import draft_article
from kg.ingest.references import parse_entry

GALLUP = "https://news.gallup.com/poll/194984/one-four-adults.aspx"
ACA = "https://acatoday.org/Patients/Back-Pain-Facts"

#: the layout of a Hugo statistics page (unnus, batch 10): TOML front matter, each claim in a "stat" shortcode, its
#: cue an escaped bracket after or before the full stop, the list in a raw div with no heading, every address
#: broken after "https://" by an empty span, one entry with no space around its arrow, one only an organisation
HUGO = """+++
title = "Back pain facts"
date = 2021-05-10T23:00:00Z
+++
{{% hook %}} Today you'll learn about back pain. {{% /hook %}}

{{% stat %}} **1)** chiropractors treat more than 35 million Americans annually \\[1\\]. {{% /stat %}}

{{% stat %}} **2)** Replacing doctor visits can save Medicare $83.5 million annually. \\[2\\] {{% /stat %}}

{{% stat %}} **3)** 29% of Americans think that stress is the cause of back pain. \\[3\\]{{% /stat %}}

<div class="footnotes">

**\\[1\\]** =>  https://<span></span>news.gallup.com/poll/194984/one-four-adults.aspx

***

**\\[2\\]**=>https://<span></span>acatoday.org/Patients/Back-Pain-Facts

***

**\\[3\\]** => The Gallup Organization
</div>
"""

_BODY = """<html><head><title>Back pain facts</title></head><body><article><h1>Back pain facts</h1>
<p>Published March 3, 2021</p>
<p>Chiropractors treat more than 35 million Americans each year.{cue1} Replacing doctor visits can save Medicare
$83.5 million annually.{cue2}</p>
<p>29% of Americans think that stress is the cause of back pain.{cue3}</p>
{notes}</article></body></html>"""
_KRAMDOWN_CUE = '<sup id="fnref:{n}" role="doc-noteref"><a href="#fn:{n}" class="footnote" rel="footnote">{n}</a></sup>'
_KRAMDOWN = """<div class="footnotes" role="doc-endnotes"><ol>
<li id="fn:1" role="doc-endnote"><p><a href="{g}">{g}</a> <a href="#fnref:1" class="reversefootnote" role="doc-backlink">&#8617;</a></p></li>
<li id="fn:2" role="doc-endnote"><p><a href="{a}">{a}</a> <a href="#fnref:2" class="reversefootnote" role="doc-backlink">&#8617;</a></p></li>
<li id="fn:3" role="doc-endnote"><p>The Gallup Organization <a href="#fnref:3" class="reversefootnote" role="doc-backlink">&#8617;</a></p></li>
</ol></div>"""
_PANDOC_CUE = '<a href="#fn{n}" class="footnote-ref" id="fnref{n}" role="doc-noteref"><sup>{n}</sup></a>'
_PANDOC = """<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes"><hr /><ol>
<li id="fn1"><p><a href="{g}" class="uri">{g}</a><a href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a></p></li>
<li id="fn2"><p><a href="{a}" class="uri">{a}</a><a href="#fnref2" class="footnote-back" role="doc-backlink">↩︎</a></p></li>
<li id="fn3"><p>The Gallup Organization<a href="#fnref3" class="footnote-back" role="doc-backlink">↩︎</a></p></li>
</ol></section>"""
#: markdown-it-footnote: no role on the back-link, only its target
_MARKDOWN_IT_CUE = '<sup class="footnote-ref"><a href="#fn{n}" id="fnref{n}">[{n}]</a></sup>'
_MARKDOWN_IT = """<hr class="footnotes-sep"><section class="footnotes"><ol class="footnotes-list">
<li id="fn1" class="footnote-item"><p>{g} <a href="#fnref1" class="footnote-backref">↩︎</a></p></li>
<li id="fn2" class="footnote-item"><p>{a} <a href="#fnref2" class="footnote-backref">↩︎</a></p></li>
<li id="fn3" class="footnote-item"><p>The Gallup Organization <a href="#fnref3" class="footnote-backref">↩︎</a></p></li>
</ol></section>"""


def _html(cue: str, notes: str) -> str:
    cues = {f"cue{n}": cue.format(n=n) for n in (1, 2, 3)}
    return _BODY.format(notes=notes.format(g=GALLUP, a=ACA), **cues)


def _linked(draft) -> dict[str, int | None]:
    """statistic -> the list number of the entry its claim cites."""
    numbers = {r.key: r.number for r in draft.references}
    return {
        s.stated_as: numbers[c.link.key] for claim in draft.claims for s in claim.statistics for c in claim.citations
    }


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("hugo.md", HUGO),
        ("kramdown.html", _html(_KRAMDOWN_CUE, _KRAMDOWN)),
        ("pandoc.html", _html(_PANDOC_CUE, _PANDOC)),
        ("markdown-it.html", _html(_MARKDOWN_IT_CUE, _MARKDOWN_IT)),
    ],
)
def test_an_unheaded_footnote_list_of_bare_addresses_is_the_reference_list(tmp_path: Path, name: str, page: str):
    """No entry is dropped, each address is whole (no span, no arrow, no back-link glyph), and each cue links to
    its own footnote (no entry has a year, so none reads as a reference: the body's bracketed cues to their
    numbers and the addresses say it is the list)."""
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    draft = draft_article(path)
    refs = {r.number: r for r in draft.references}
    assert list(refs) == [1, 2, 3]
    assert (refs[1].url, refs[2].url, refs[3].url) == (GALLUP, ACA, None)
    assert refs[3].verbatim == "The Gallup Organization"
    assert _linked(draft) == {"more than 35 million Americans": 1, "$83.5 million": 2, "29%": 3}


def test_a_closing_numbered_list_of_links_that_the_body_never_cites_is_no_reference_list(tmp_path: Path):
    """The same entries as steps of a how-to at a page's end, no bracketed cue to them in the body: no list."""
    path = tmp_path / "steps.md"
    path.write_text(
        "# How to find a chiropractor\n\nPublished March 3, 2021\n\nAbout 20% of patients come for neck pain.\n\n"
        f"1. Open {GALLUP} and read the poll.\n2. Search {ACA} for a clinic.\n3. Book a visit.\n",
        encoding="utf-8",
    )
    assert draft_article(path).references == []


def test_an_address_that_ends_an_author_date_entry_leaves_its_full_stop():
    """Zotero's Chicago author-date ends every entry with a full stop, after a query too (kornweiss, batch 11)."""
    ref = parse_entry(
        "“Moderna.” 2020. In Wikipedia. https://en.wikipedia.org/w/index.php?title=Moderna&oldid=991237125."
    )
    assert ref.url == "https://en.wikipedia.org/w/index.php?title=Moderna&oldid=991237125"
    # a text fragment may end with one ("#:~:text=… U.S."): kept
    assert parse_entry("CDC. Facts. 2020. https://cdc.gov/a#:~:text=in%20the%20U.S.").url.endswith("U.S.")
