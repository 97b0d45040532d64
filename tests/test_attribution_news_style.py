"""Attribution as news style writes it, read by the real ingest pipeline from short excerpts of the real-article
corpus's dev pages (nbc-msn-flu-shots-migrants, batch 7: its text is not committed; its annotation's ``source``
says where it came from)."""

from __future__ import annotations

from pathlib import Path

from kg.ingest.pipeline import draft_article


def _draft(tmp_path: Path, body: str):
    page = tmp_path / "article.html"
    page.write_text(
        "<html><head><title>Doctors offer flu shots</title>"
        '<meta property="article:published_time" content="2019-11-19T00:00:00Z"></head>'
        f"<body><article><h1>Doctors offer flu shots</h1>{body}</article></body></html>",
        encoding="utf-8",
    )
    draft = draft_article(page)
    people = {pid: p.name for pid, p in draft.people.items()}
    return people, [
        (c.quote, (c.attribution.agent.kind, c.attribution.agent.ref) if c.attribution else None) for c in draft.claims
    ]


def test_a_conjunction_before_surname_said_is_not_part_of_the_name(tmp_path):
    """ "But Arroyo said the government has …": AP style "X said", opened by a conjunction; the speaker is the
    surname the article introduced in full, and the pronoun that follows ("She said …") is hers too."""
    people, claims = _draft(
        tmp_path,
        "<p>Dr. Luz Contreras Arroyo, a member of the group and signatory to the letter, told NBC News: “This is "
        "how epidemics begin.”</p><p>But Arroyo said the government has done wide scale vaccinations before and "
        "given out large amounts of vaccine to prevent illness from spreading. She said it is cost effective and "
        "less than the cost of hospitals and ICUs for detainees.</p>",
    )
    assert people == {"arroyo": "Luz Contreras Arroyo"}
    assert [who for _, who in claims] == [("person", "arroyo")] * 3


def test_the_tail_of_an_organisations_name_and_an_addressee_are_no_speakers(tmp_path):
    """ "The Centers for Disease Control recommends …" names an organisation ("Disease Control" is no person), and
    in "a letter to Kevin McAleenan, who was …, said they would …" McAleenan is written to, not speaking."""
    people, claims = _draft(
        tmp_path,
        "<p>In a Nov. 5 letter to Kevin McAleenan, who was the acting director of the Department of Homeland "
        "Security, said they would provide 100 doses of the influenza vaccines.</p>"
        "<p>The Centers for Disease Control recommends all individuals above age 6 months get a flu vaccine by the "
        "end of October.</p><p>The risk is small, according to Jane Roe.</p>",
    )
    assert people == {"roe": "Jane Roe"}
    assert [who for _, who in claims] == [
        None,
        ("organisation", "Centers for Disease Control"),
        ("person", "roe"),
    ]
