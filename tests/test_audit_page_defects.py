"""The audit's rules for defects a reviewer flags on any page (issue 20, batch 7's dev round): a list none of whose
entries names an author, a platform or a database id given as an entry's venue, a cue a citation tool failed to
resolve, numbered markers on a page that prints no list, a figure credited to a named body with no document, and an
entry that prints only a title, a name and a year (whether it owes pages cannot be told). Each is run on a page
drafted by the real ingest, as ``ekg ingest`` drafts it, in the forms batch 7's pages print."""

from __future__ import annotations

from pathlib import Path

from kg.audit import entries
from kg.audit.wording import not_a_figure


def _audit(tmp_path: Path, body: str, tail: str = ""):
    """Draft an HTML page as ``ekg ingest`` does, its body in paragraphs and ``tail`` after it, and audit the draft."""
    from kg.audit import audit
    from kg.cache.store import Cache
    from kg.ingest import ingest

    source = tmp_path / "article.html"
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    source.write_text(
        "<html><head><title>Breathing easier at home</title>"
        '<meta property="article:published_time" content="2025-06-03T00:00:00Z"></head>'
        f"<body><article><h1>Breathing easier at home</h1>{paragraphs}{tail}</article></body></html>",
        encoding="utf-8",
    )
    result = ingest(source, tmp_path / "out")
    return audit(Cache(result.folder.parent.parent, tmp_path / "cache").open()).findings


CITED = (
    "Parents of children with asthma report 41% more sleep loss than other parents [1]. Siblings miss 12% of school "
    "days during flare-ups [2]. Caregivers spend 9 hours a week on treatment [3]."
)


def _list(*entries_: str) -> str:
    """A list as playphysio's pages print it: "<p><strong>[n]</strong> Title. <em>Venue</em>, year.</p>"."""
    return (
        "<h4>References</h4><div>"
        + "".join(f"<p><strong>[{n}]</strong> {e}</p>" for n, e in enumerate(entries_, start=1))
        + "</div>"
    )


def test_a_list_none_of_whose_entries_names_an_author_is_one_warning(tmp_path):
    found = _audit(
        tmp_path,
        CITED,
        _list(
            "Sleep loss in parents of children with asthma. Thorax, 2020.",
            "School absence of siblings during asthma flare-ups. Royal Economic Society, 2022.",
            "Time spent on home treatment of childhood asthma. Pediatrics, 2019.",
        ),
    )
    [page] = [f for f in found if f.rule == "ref-authors"]
    assert page.severity == "warning" and page.subject.kind == "article"
    assert "no author" in page.message and "3 entries" in page.message


def test_a_list_with_one_author_is_not_reported_as_authorless(tmp_path):
    found = _audit(
        tmp_path,
        CITED,
        _list(
            "Sleep loss in parents of children with asthma. Thorax, 2020.",
            "Smith J, Jones K. School absence of siblings during asthma flare-ups. Pediatrics. 2021;148(2):e2021.",
            "Time spent on home treatment of childhood asthma. Pediatrics, 2019.",
        ),
    )
    assert not [f for f in found if f.rule == "ref-authors" and f.subject.kind == "article"]


def test_a_title_a_name_and_a_year_owe_no_pages_the_audit_can_be_sure_of(tmp_path):
    found = _audit(
        tmp_path,
        CITED,
        _list(
            "Parental psychological distress during pregnancy and the risk of childhood asthma. <em>Thorax</em>, 2020.",
            "SickKids-led review finds parents of chronically ill children experience poorer health outcomes. "
            "<em>SickKids</em>, 2020.",
            "Parental stress and child asthma. <em>NICS Well</em>.",
        ),
    )
    pages = [f for f in found if f.rule == "ref-pages"]
    assert pages and {f.severity for f in pages} == {"info"}
    assert all("could not be told" in f.message for f in pages)


def test_a_platform_or_a_database_id_as_the_venue_is_a_warning(tmp_path):
    found = _audit(
        tmp_path,
        CITED,
        _list(
            "Childhood respiratory symptoms and mental health problems. <em>PMC3422397</em>.",
            "Health Outcomes of Parents of Children with Chronic Illness. <em>PubMed</em>, 2020.",
            "Respiratory diseases in children attending kindergartens: Impact of parental smoking and anxiety. "
            "<em>SAGE Journals</em>, 2017.",
        ),
    )
    venues = {f.subject.id.split(" (")[0]: f for f in found if f.rule == "ref-venue"}
    assert set(venues) == {"ref 1", "ref 2", "ref 3"}
    assert {f.severity for f in venues.values()} == {"warning"}
    assert venues["ref 1"].highlight == "PMC3422397" and "only a database id" in venues["ref 1"].message
    assert venues["ref 2"].highlight == "PubMed" and venues["ref 3"].highlight == "SAGE Journals"


def test_platform_names_are_matched_whole():
    assert entries.platform_venue("ScienceDirect") == "ScienceDirect"
    assert entries.platform_venue("Google Scholar.") == "Google Scholar"
    assert entries.platform_venue("Thorax") is None
    assert entries.platform_venue("PubMed Central Journal of Things") is None  # a (made-up) journal's own name
    # an id after the journal is an identifier, not the venue
    assert (
        entries.identifier_as_venue("A title of a study. Thorax. 2020;75:1-9. PMC3422397.", "A title of a study")
        is None
    )


def test_a_cue_a_citation_tool_failed_to_resolve(tmp_path):
    body = (
        "The risk is higher where a ritual salt is eaten 40 days after birth (missing reference). Mothers recover "
        "within 6 months in 45% of cases [1]. Some 12% relapse later [?]."
    )
    found = _audit(tmp_path, body, _list("Smith J. Recovery after birth. Heart. 2013;61(2):107-112."))
    unresolved = {f.highlight: f for f in found if f.rule == "cue-unresolved"}
    assert unresolved["(missing reference)"].severity == "error"
    assert unresolved["[?]"].severity == "warning"
    assert "40 days" in unresolved["(missing reference)"].evidence


def test_numbered_markers_on_a_page_with_no_list(tmp_path):
    found = _audit(tmp_path, CITED, "Full sources available on request.")
    [page] = [f for f in found if f.rule == "cue-past-end"]
    assert page.severity == "warning" and page.highlight == "Full sources available on request."
    assert "no reference list" in page.message and "1–3" in page.message


def test_markers_in_fewer_than_three_sentences_are_not_a_missing_list(tmp_path):
    found = _audit(tmp_path, "Parents report 41% more sleep loss [1]. Siblings miss 12% of school days [2].")
    assert not [f for f in found if f.rule == "cue-past-end"]


def test_a_figure_credited_to_a_named_body_with_no_document(tmp_path):
    body = (
        "Symptoms start after an incubation period of one-to-seven days, says the World Health Organization. "
        "Cases rose by a third last winter, said the Chief Medical Officer."
    )
    found = _audit(tmp_path, body)
    credited = [f for f in found if f.rule == "vague-attribution" and "with no page" in f.message]
    assert [f.highlight for f in credited] == ["says the World Health Organization"]
    assert credited[0].severity == "info"


def test_an_age_that_bounds_a_figure_is_no_figure():
    text = "persistent cases costing $20,727/child by age 18[4]."
    assert not_a_figure("age 18", text)
    assert not_a_figure("$20,727", text) is None


def _page_with_metadata(tmp_path: Path, publisher: str, url: str):
    from kg.audit import audit
    from kg.cache.store import Cache
    from kg.ingest import ingest

    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "article.html"
    source.write_text(
        f"<html><head><title>Burden of care for parents - {publisher}</title>"
        f'<link rel="canonical" href="{url}">'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "BlogPosting", '
        '"headline": "Burden of care for parents", "datePublished": "2025-06-03", '
        f'"publisher": {{"@type": "Organization", "name": "{publisher}"}}}}</script></head>'
        f"<body><article><h1>Burden of care for parents</h1><p>{CITED}</p></article></body></html>",
        encoding="utf-8",
    )
    result = ingest(source, tmp_path / "out")
    return audit(Cache(result.folder.parent.parent, tmp_path / "cache").open()).findings


def test_a_test_sites_name_and_a_link_local_address_are_unset_metadata(tmp_path):
    # playphysio's pages: the JSON-LD publisher and <title> say 'Astro WP Test', the address is on astro-wp.local
    found = _page_with_metadata(tmp_path, "Astro WP Test", "http://astro-wp.local/blog/2025/burden-of-care-for-parents")
    [unset] = [f for f in found if f.rule == "page-metadata"]
    assert unset.severity == "warning" and unset.highlight == "Astro WP Test"
    assert "astro-wp.local" in unset.message and "Astro WP Test" in unset.evidence


def test_a_named_site_on_a_public_address_is_quiet(tmp_path):
    found = _page_with_metadata(tmp_path, "PlayPhysio", "https://www.playphysio.com/blog/2025/burden-of-care")
    assert not [f for f in found if f.rule == "page-metadata"]
    # 'Test' only as a whole word: a publisher whose name holds the letters is no placeholder
    assert not [
        f
        for f in _page_with_metadata(tmp_path / "b", "Contest Health", "https://contest.org/a")
        if f.rule == "page-metadata"
    ]
