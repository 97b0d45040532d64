"""Layouts of the real-article corpus's batch 5 (benchmarks/corpus/README.md): figures as journals of the WHO and
genome papers print them, people named in full once and by surname after, wire and news-release openings, metadata in
elements of a converted journal page. Read by the real ingest code from the committed pages, or from sentences
copied from the batch's dev texts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.dataset.loader import load_article
from kg.ingest import ingest
from kg.ingest.quantities import find_quantities

CORPUS = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus"


def _stated(sentence: str) -> list[tuple[str, float | None]]:
    return [(q.stated_as, q.value) for q in find_quantities(sentence, 0, len(sentence))]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # who-bulletin-fiji-climate-health: thousands grouped with a space (read as "000 Fijians", worth 0, before)
        (
            "Lal is one of some 27 000 Fijians to have had dengue fever in 2013–14.",
            [("some 27 000 Fijians", 27000.0)],
        ),
        (
            "efforts to protect the health of the 900 000 strong population of Fiji",
            [("900 000", 900000.0)],
        ),
        # a year before a figure is not one of its groups; four digits never start a grouped figure
        ("In 2013 400 people died.", [("400 people", 400.0)]),
        ("Call 555 123 4567 now.", []),
    ],
)
def test_thousands_grouped_with_spaces(sentence, expected):
    assert _stated(sentence) == expected


def test_lengths_in_residues_and_bases():
    # asm-zika-polynesia-genome, the ORF sentence
    sentence = (
        "The ORF encodes a polyprotein with three structural proteins, capsid (105 amino acids [aa]), "
        "premembrane/membrane (187 aa), and envelope (505 aa, including the envelope-154 glycosylation motif), "
        "and seven nonstructural proteins, NS1 (352 aa), NS2A (217 aa), and NS5 (904 aa)."
    )
    found = find_quantities(sentence, 0, len(sentence))
    assert [q.stated_as for q in found] == [
        "three structural proteins",
        "105 amino acids",
        "187 aa",
        "505 aa",
        "seven nonstructural proteins",
        "352 aa",
        "217 aa",
        "904 aa",
    ]
    assert {q.qualifier for q in found if q.rule == "sequence-length"} == {"amino acids"}
    assert _stated("a 650-bp amplicon of a 10.8-kb genome (10,272 nt)") == [
        ("650-bp", 650.0),
        ("10.8-kb", 10800.0),
        ("10,272 nt", 10272.0),
    ]
    # the abbreviations are read in the case they are printed in: "AA" is no amino acid
    assert [q.rule for q in find_quantities("12 AA meetings", 0, 14)] == ["count"]


def _attributed(folder: Path) -> dict[str, str | None]:
    claims = yaml.safe_load((folder / "claims.yaml").read_text(encoding="utf-8"))["claims"]
    return {c["quote"]: (c.get("attribution") or {}).get("agent") for c in claims}


def test_people_named_in_full_once_and_by_surname_after(tmp_path):
    """who-bulletin-fiji-climate-health (committed, CC BY 3.0 IGO): a patient, a ministry doctor and a Red Cross
    trainer are each named in full in a sentence that is no speech ("Kaushik Sindhu Lal learned the hard way.",
    "For Dr Meciusela Tuicakau from Fiji’s Ministry …", "… what Alita Goneva and the other Climate Champions …"),
    then quoted as "Lal says", "Tuicakau says", "says Goneva"."""
    folder = ingest(CORPUS / "who-bulletin-fiji-climate-health" / "article.html", tmp_path / "out").folder
    load_article(folder)
    article = yaml.safe_load((folder / "article.yaml").read_text(encoding="utf-8"))
    names = {pid: p["name"] for pid, p in article["people"].items()}
    said = {quote: names.get(agent) for quote, agent in _attributed(folder).items() if agent}
    assert said["There were lots of bushes and mosquitoes out there"] == "Kaushik Sindhu Lal"
    assert said["We couldn’t intervene when we should have because of the limited information received"] == (
        "Meciusela Tuicakau"
    )
    assert any(
        q.startswith("We also explain the need to use protective wear") and n == "Alita Goneva" for q, n in said.items()
    )
    # the two reporters, named only in the abstract's "Atasa Moceituba and Monique Tsang report.", say nothing here
    assert "Fiji and other tropical island states in the Pacific are particularly susceptible" in " ".join(
        q for q, n in said.items() if n == "Rokho Kim"
    )


@pytest.mark.parametrize(
    "word, text",
    [
        ("Amphora", "Evofem’s Amphora gel works. He expects Amphora, the lead product, to sell."),  # a possessive
        ("Lancet", "a paper in The Lancet. The Lancet says it is so."),
        ("WHO", "The World Health Organization (WHO) says so."),
    ],
)
def test_a_word_next_to_a_speech_verb_that_is_no_surname(word, text):
    from kg.ingest.attribution import SURNAME_TAG, _full_name_of, _not_a_surname

    tags = [t for t in SURNAME_TAG.finditer(text) if (t.group("after") or t.group("before")) == word]
    assert all(_not_a_surname(word, text, t.start("before")) or _full_name_of(text, word) is None for t in tags)


def test_a_quotation_after_a_paraphrase_and_a_pronoun_after_said(tmp_path):
    """Two news layouts of batch 5's dev texts (wire story, university release), in sentences of our own: a
    paraphrase tagged with a full name, then an untagged quotation in the same paragraph; and "X said he expects
    Y, the …, to …", where "he" is the subject of what X said and Y is a product, not a speaker."""
    source = tmp_path / "page.txt"
    source.write_text(
        "Implants And Appetite\n\nPublished March 3, 2021\n\n"
        "Recharging is a burden for patients, says Jane Roe, a surgery professor at Example University. "
        "“A device that needs no battery would spare them an hour a week.”\n\n"
        "Example Bank analyst John Doe said he expects Implantix, the company’s lead product, to sell $40 million "
        "by 2030.\n",
        encoding="utf-8",
    )
    folder = ingest(source, tmp_path / "out").folder
    load_article(folder)
    said = _attributed(folder)
    assert said["A device that needs no battery would spare them an hour a week."] == "roe"
    doe = next(q for q in said if "Implantix" in q)
    assert said[doe] == "doe" and "$40 million" in doe


def test_a_span_of_years_cut_to_two_digits_counts_nothing():
    # who-bulletin-fiji-climate-health: "the dengue outbreak of 2013–14 exposed weaknesses" was a count of weaknesses
    assert _stated("the dengue outbreak of 2013–14 exposed weaknesses in the country") == []
    assert _stated("from 10-14 patients") == [("10-14 patients", None)]


def test_authors_and_publisher_in_elements_of_a_converted_journal_page(tmp_path):
    """ppat-next-epidemic-virology (committed, CC BY): norma's HTML names the one author and the publisher in
    <span class='citation_author'> and <span class='citation_publisher'>; the author writes in the first person."""
    folder = ingest(CORPUS / "ppat-next-epidemic-virology" / "article.html", tmp_path / "out").folder
    load_article(folder)
    article = yaml.safe_load((folder / "article.yaml").read_text(encoding="utf-8"))
    assert [(p["name"], p["roles"]) for p in article["people"].values()] == [("Michael S. Diamond", ["author"])]
    assert article["organisations"][article["publisher"]]["name"] == "Public Library of Science"
    said = _attributed(folder)
    mine = [q for q, agent in said.items() if agent == "diamond"]
    assert any(q.startswith("In my opinion, transformative and translational science") for q in mine)


def test_citation_author_elements_beside_meta_tags():
    from selectolax.lexbor import LexborHTMLParser

    from kg.ingest.metadata import from_html

    page = (
        "<html><head><meta name='citation_author' content='Roe, Jane'></head><body>"
        "<span class='citation_author'>John Doe</span><span class='citation_author'> </span></body></html>"
    )
    assert from_html(LexborHTMLParser(page)).authors == ["Roe, Jane"]  # the <meta> tags come first
    only = (
        "<html><body><span class='citation_author'>John Doe</span><span class='citation_author'>[]</span></body></html>"
    )
    assert from_html(LexborHTMLParser(only)).authors == ["John Doe"]
