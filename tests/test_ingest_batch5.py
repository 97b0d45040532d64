"""Layouts of the real-article corpus's batch 5 (benchmarks/corpus/README.md): figures as journals of the WHO and
genome papers print them, people named in full once and by surname after, wire and news-release openings, metadata in
elements of a converted journal page. Read by the real ingest code from the committed pages, or from sentences
copied from the batch's dev texts."""

from __future__ import annotations

from pathlib import Path

import pytest

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
