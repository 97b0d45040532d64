"""The real-article benchmark's matching of drafted sources to annotated references (benchmarks/real_articles.py):
a page whose sources are only numbered links, with no printed list, is matched by identifier, not scored as wrong."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("real_articles_matcher", ROOT / "benchmarks" / "real_articles.py")
assert spec and spec.loader
bench = importlib.util.module_from_spec(spec)
sys.modules["real_articles_matcher"] = bench
spec.loader.exec_module(bench)

# two sources of a consumer-health page known only by numbered links, as annotated and as ingest drafts them
ANNOTATED = [
    {"number": 1, "first_author": None, "url": "https://www.ncbi.nlm.nih.gov/pubmedhealth/PMHT0029718/"},
    {
        "number": 2,
        "first_author": None,
        "url": "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC2850570/",
        "pmcid": "PMC2850570",
    },
    {"number": 3, "first_author": None, "url": "https://www.ncbi.nlm.nih.gov/pubmed/16261600", "pmid": "16261600"},
]


def test_link_only_sources_match_by_identifier_not_by_order():
    drafted = {
        "inline-pmid16261600": {"url": "https://www.ncbi.nlm.nih.gov/pubmed/16261600", "pmid": "16261600"},
        "inline-pmc2850570": {"url": "http://ncbi.nlm.nih.gov/pmc/articles/PMC2850570", "pmcid": "pmc2850570"},
    }
    assert bench.match_references(ANNOTATED, drafted) == {"inline-pmid16261600": 2, "inline-pmc2850570": 1}


def test_a_list_number_still_wins_and_nothing_matches_twice():
    drafted = {
        "a": {"refnumber": "3", "pmid": "99999999"},
        "b": {"pmid": "16261600"},  # the same work as "a" by identifier: reference 3 is taken
        "c": {"url": "https://example.org/unrelated"},
    }
    assert bench.match_references(ANNOTATED, drafted) == {"a": 2}


def _finding(rule: str, subject: str, kind: str, message: str, severity: str = "warning") -> dict:
    return {
        "rule": rule,
        "severity": severity,
        "subject": subject,
        "kind": kind,
        "related": [],
        "message": message,
        "evidence": "",
        "highlight": "",
    }


GAPS = _finding("ref-numbering", "some-article", "article", "The reference list is numbered 1–20 with no entry 2, 3.")


def test_a_defect_named_by_an_audit_rule_is_reported_by_that_rule():
    # no FAMILIES entry names ref-numbering: the rule of the same name reports it; a name no rule has, nothing
    assert bench.reported_by({"rule": "ref-numbering", "subject": "line"}, [GAPS], [])
    assert not bench.reported_by({"rule": "weak-source", "subject": "line"}, [GAPS], [])
    assert not bench.reported_by({"rule": "ref-uncited", "subject": "line"}, [GAPS], [])


def test_the_list_by_its_heading_and_an_entry_by_its_printed_label():
    assert bench.reported_by({"rule": "ref-numbering", "subject": "References"}, [GAPS], [])
    assert bench.reported_by({"rule": "ref-numbering", "subject": "Sources:"}, [GAPS], [])
    uncited = _finding("ref-uncited", "ref 1 (smith2020)", "reference", "No claim in the article cites reference 1.")
    assert bench.reported_by({"rule": "ref-uncited", "subject": "[1] Childhood respiratory symptoms"}, [uncited], [])
    assert not bench.reported_by({"rule": "ref-uncited", "subject": "[2] Another title"}, [uncited], [])
    # a quoted span that merely starts like a label is still a span
    assert not bench.reported_by({"rule": "ref-uncited", "subject": "[1]"}, [uncited], [])


def _claim_finding(evidence: str, highlight: str) -> dict:
    return {
        "rule": "stat-uncited",
        "severity": "warning",
        "subject": "both-diseases-are-associated-with-the",
        "kind": "claim",
        "related": [],
        "message": "Stated as fact with no source and no one to answer for it: “25 million people”.",
        "evidence": evidence,
        "highlight": highlight,
    }


def test_a_defect_named_by_its_sentences_opening_words():
    """nypost-plague-rabbit's annotation names the sentence by its first words; the finding on that sentence
    highlights its figure further on. The finding reports it; one on another sentence, or a subject too short to
    name a sentence, does not."""
    sentence = (
        "Both diseases are associated with the Black Death pandemic that killed an estimated 25 million people in "
        "Europe alone in the 14th Century."
    )
    defect = {"rule": "stat-uncited", "subject": "Both diseases are associated with the Black Death pandemic"}
    assert bench.reported_by(defect, [_claim_finding(sentence, "25 million people")], [])
    other = "The plague killed 25 million people; both diseases are associated with the Black Death pandemic."
    assert not bench.reported_by(defect, [_claim_finding(other, "25 million people")], [])
    assert not bench.reported_by(
        {"rule": "stat-uncited", "subject": "Both diseases"}, [_claim_finding(sentence, "25 million people")], []
    )
    # a finding on other words of the sentence than a figure is about those words
    assert not bench.reported_by(defect, [_claim_finding(sentence, "the Black Death pandemic that killed")], [])


def test_an_unnumbered_entry_by_its_place_with_its_printed_cue_beside_it():
    # batch 8's annotator wrote "#3 (Lesné et al., 2006)": the place in an unnumbered list, then the entry's cue
    references = [{"first_author": "Abramo", "year": 2024}, {"first_author": "Lesné", "year": 2006}]
    on_lesne = {
        "rule": "retracted-source",
        "severity": "warning",
        "subject": "lesne2006",
        "kind": "reference",
        "evidence": "Lesné, S., Koh, M. T. (2006). RETRACTED ARTICLE: A specific amyloid-β protein assembly",
        "message": "retracted",
        "related": [],
    }
    assert bench.reported_by({"rule": "retracted-source", "subject": "#1 (Lesné et al., 2006)"}, [on_lesne], references)
    assert not bench.reported_by({"rule": "retracted-source", "subject": "#0 (Abramo, 2024)"}, [on_lesne], references)
    both = "#0 (Abramo, 2024), #1 (Lesné et al., 2006)"
    assert not bench.reported_by({"rule": "retracted-source", "subject": both}, [on_lesne], references)


def _entry_finding(rule: str, subject: str, evidence: str, severity: str = "warning") -> dict:
    return _finding(rule, subject, "reference", "message", severity) | {"evidence": evidence}


def test_an_entry_named_by_the_authors_it_prints():
    """P.Mean's annotations name an entry by its Vancouver author list ("Tunstall-Pedoe H", "Messerli FH"); a finding
    on the entry that prints those names reports it, wherever in the entry they stand (P.Mean's cardiology list
    prints the title first); a finding on another entry, or on a claim quoting the name, does not."""
    tunstall = _entry_finding(
        "ref-pages",
        "tunstallpedoe2000",
        'Tunstall-Pedoe H. "Absolute" is inappropriate for quantitative risk estimation. BMJ 2000: 320(7236); 723-.',
    )
    assert bench.reported_by({"rule": "ref-pages", "subject": "Tunstall-Pedoe H"}, [tunstall], [])
    assert not bench.reported_by({"rule": "ref-pages", "subject": "Pedoe H"}, [tunstall], [])
    assert not bench.reported_by({"rule": "ref-pages", "subject": "Julian D"}, [tunstall], [])
    messerli = _entry_finding(
        "unchecked",
        "messerli2003",
        "ALLHAT, or the Soft Science of the Secondary End Point. Messerli FH. Annals of Internal Medicine 2003.",
        "info",
    ) | {"message": "The reference is a journal article with no identifier but its publisher's address"}
    assert bench.reported_by({"rule": "ref-no-identifier", "subject": "Messerli FH"}, [messerli], [])
    on_claim = messerli | {"kind": "claim"}
    assert not bench.reported_by({"rule": "ref-no-identifier", "subject": "Messerli FH"}, [on_claim], [])
    # a list of authors: all of them, as printed, in one entry
    logan = _entry_finding("ref-url", "logan2000", "Logan S, Bedford H, Elliman D. Consider absolute risks in SIDS.")
    assert bench.reported_by({"rule": "ref-url-malformed", "subject": "Logan S, Bedford H, Elliman D"}, [logan], [])
    assert not bench.reported_by({"rule": "ref-url-malformed", "subject": "Logan S, Bedford H, Smith D"}, [logan], [])


def test_a_claim_finding_points_at_every_figure_its_message_names():
    """aware-research-waste-cases: stat-uncited's one finding on the sentence highlights its first figure
    ('one-year') and names both it and '3470 people' in its message; the annotation names the second."""
    sentence = (
        "It was then logical to assume, the investigators argued, that any new trials conducted after that point "
        "(plus a one-year lag to account for the guideline adoption) were to be considered redundant, and 3470 "
        "people harmed."
    )
    both = _finding(
        "stat-uncited",
        "it-was-then-logical-to-assume",
        "claim",
        "Stated as fact with no source and no one to answer for it: “one-year”, “3470 people”.",
    ) | {"evidence": sentence, "highlight": "one-year"}
    assert bench.reported_by({"rule": "stat-uncited", "subject": "and 3470 people harmed"}, [both], [])
    first_only = both | {"message": "Stated as fact with no source and no one to answer for it: “one-year”."}
    assert not bench.reported_by({"rule": "stat-uncited", "subject": "and 3470 people harmed"}, [first_only], [])


def _on_entry(subject: str, evidence: str, rule: str = "ref-pages") -> dict:
    return {
        "rule": rule,
        "severity": "warning",
        "subject": subject,
        "kind": "reference",
        "evidence": evidence,
        "message": "The entry gives no pages or article number for a journal article.",
        "highlight": "",
        "related": [],
    }


# mioc-zika-autochthonous-brazil's unnumbered list, as printed
BESNARD = _on_entry(
    "besnard2014",
    "Besnard M, Lastère S, Teissier A, Cao-Lormeau V, Musso D. Evidence of perinatal transmission. "
    "Euro Surveill 2014; 19(13).",
)
FAYE = _on_entry(
    "faye2014",
    "Faye O, Freire CC, Iamarino A, Faye O, de Oliveira JV. Molecular evolution. PLoS Negl Trop Dis 2014; 8(1).",
)
ROTH = _on_entry("roth2014", "Roth A, Mercier A, Lepers C, Hoy D. Concurrent outbreaks. Euro Surveill 2014; 19(41).")


def test_a_surname_and_year_name_the_entry_whose_first_author_it_is():
    # Cao-Lormeau is Besnard's fourth author: a finding on Besnard's entry does not report a defect of hers
    assert not bench.reported_by({"rule": "ref-pages", "subject": "Cao-Lormeau 2014"}, [BESNARD], [])
    assert bench.reported_by({"rule": "ref-pages", "subject": "Besnard 2014"}, [BESNARD], [])
    assert not bench.reported_by({"rule": "ref-pages", "subject": "Besnard 2015"}, [BESNARD], [])
    # a numbered list's label before the first author is not part of the name
    numbered = _on_entry("ref 4 (besnard2014)", "4. " + BESNARD["evidence"])
    assert bench.reported_by({"rule": "ref-pages", "subject": "Besnard 2014"}, [numbered], [])


def test_a_list_of_surnames_and_years_is_each_of_its_entries():
    subject = {"rule": "ref-pages", "subject": "Besnard 2014, Faye 2014, Roth 2014"}
    assert bench.reported_by(subject, [BESNARD, FAYE, ROTH], []) == [
        "ref-pages warning besnard2014",
        "ref-pages warning faye2014",
        "ref-pages warning roth2014",
    ]
    assert not bench.reported_by(subject, [BESNARD, FAYE], [])  # Roth's entry not reported: the defect is not


def test_words_in_brackets_after_a_surname_and_year_tell_two_entries_apart():
    cmi = _on_entry("musso2014", "Musso D, Nilles EJ, Cao-Lormeau VM. Rapid spread. Clin Microbiol Infect 2014; 20.")
    eid = _on_entry("musso2014a", "Musso D, Roche C, Robin E. Potential sexual transmission. Emerg Infect Dis 2014.")
    defect = {"rule": "ref-pages", "subject": "Musso 2014 (Clin Microbiol Infect)"}
    assert bench.reported_by(defect, [eid, cmi], []) == ["ref-pages warning musso2014"]
    assert not bench.reported_by(defect, [eid], [])


def test_an_entry_by_its_number_with_its_authors_and_year_in_brackets():
    stale = _on_entry(
        "ref 1 (richards1997)", "Richards AL, Soeatmandji DW. Seroepidemiological evidence.", "stale-source"
    )
    assert bench.reported_by({"rule": "stale-source", "subject": "ref 1 (Richards et al., 1997)"}, [stale], [])
    assert bench.reported_by({"rule": "stale-source", "subject": "ref 1 (Shinohara 2014, [ProMed])"}, [stale], [])
    assert not bench.reported_by({"rule": "stale-source", "subject": "ref 2 (Richards et al., 1997)"}, [stale], [])


def test_an_entry_by_its_markdown_footnote_label():
    """A Markdown page's list is its footnotes: an annotation names an entry by its label ("[^4]"), which the page
    prints as entry 4, and quotes a sentence with its label as written in the source ("… 0.41%. [^5]") where the
    page, and so a finding's evidence, prints "[5]"."""
    uncited = _finding("ref-uncited", "ref 4 (source4)", "reference", "No claim in the article cites reference 4.")
    assert bench.reported_by({"rule": "ref-uncited", "subject": "[^4]"}, [uncited], [])
    assert not bench.reported_by({"rule": "ref-uncited", "subject": "[^3]"}, [uncited], [])
    sentence = "In the JUPITER trial example the absolute risk fell from 0.85% to 0.41%. [5]"
    agreement = _finding("cue-agreement", "in-the-jupiter-trial", "claim", "The cue names another work.") | {
        "evidence": sentence,
        "highlight": "0.41%",
    }
    assert bench.reported_by({"rule": "cue-mismatch", "subject": "0.85% to 0.41%. [^5]"}, [agreement], [])
    assert not bench.reported_by({"rule": "cue-mismatch", "subject": "0.85% to 0.41%. [^6]"}, [agreement], [])
