"""The audit on what ingest drafts: a cue ingest linked at a lower confidence and recorded as nearly matching its
reference (ekg:cueMismatch), and the reference-list helpers of round 2 of issue 20 on entries as real pages print
them (trials-prescreening-cancer's BMC list, pcd-usvi-diabetes's software entry, the flu blog post's Science DOI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.audit import refs
from kg.audit.facts import SourceFact
from kg.audit.rules import own_part

ARTICLE = """---
title: Walking and blood pressure
date: 2022-03-01
---

# Walking and blood pressure

A brisk daily walk lowers blood pressure, and in one trial 35% of walkers reached their target {cue}.

## References

{entry}
"""


def _audit(tmp_path: Path, cue: str, entry: str):
    from kg.audit import audit
    from kg.cache.store import Cache
    from kg.ingest import ingest

    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "article.md"
    source.write_text(ARTICLE.format(cue=cue, entry=entry), encoding="utf-8")
    result = ingest(source, tmp_path / "out")
    return result, audit(Cache(result.folder.parent.parent, tmp_path / "cache").open())


def _audit_corpus(tmp_path: Path, article: str):
    """The audit of a committed corpus article's draft (benchmarks/corpus/<article>/article.md), as ingest drafts it."""
    from kg.audit import audit
    from kg.cache.store import Cache
    from kg.ingest import ingest

    source = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus" / article / "article.md"
    result = ingest(source, tmp_path / "out")
    return audit(Cache(result.folder.parent.parent, tmp_path / "cache").open())


def test_a_near_match_ingest_recorded_is_reported_with_what_differs(tmp_path):
    entry = "Smith J. Brisk walking and blood pressure: a randomised trial. Hypertension. 2020;75(3):210-218."
    result, report = _audit(tmp_path, "(Smith et al., 2020)", entry)
    assert "mismatch:" in (result.folder / "claims.yaml").read_text(encoding="utf-8")  # ingest linked it, and said how
    [found] = [f for f in report.findings if f.rule == "cue-mismatch"]
    assert found.severity == "warning"
    assert "'et al.'" in found.message and "one author" in found.message


def test_a_cue_that_matches_is_quiet(tmp_path):
    entry = "Smith J, Jones K, Brown L. Brisk walking and blood pressure: a randomised trial. Hypertension. 2020;75(3):210-218."
    result, report = _audit(tmp_path, "(Smith et al., 2020)", entry)
    assert "mismatch:" not in (result.folder / "claims.yaml").read_text(encoding="utf-8")
    assert [f for f in report.findings if f.rule == "cue-mismatch"] == []


def test_a_year_ingest_recorded_is_reported_once(tmp_path):
    entry = "Smith J, Jones K, Brown L. Brisk walking and blood pressure: a randomised trial. Hypertension. 2020;75(3):210-218."
    _, report = _audit(tmp_path, "(Smith et al., 2021)", entry)
    # the year check already says it (an error, as for the seed): the recorded mismatch adds nothing
    assert [(f.severity, "2021" in f.message) for f in report.findings if f.rule == "cue-mismatch"] == [("error", True)]


@pytest.mark.parametrize(
    "piece",
    [
        "J Am Coll Surg 2013, 216:774-780. discussion 780–781",
        "PLoS Med 2010, 7:e1000368. PubMed Abstract | Publisher Full Text",
        "Prog En Urol J Assoc Fr Urol Société Fr Urol 2010, 20(Suppl 1):S84-S89. Publisher Full Text",
    ],
)
def test_pieces_split_off_a_bmc_entry(piece):
    assert refs.locator_only(piece, [])


@pytest.mark.parametrize(
    "entry",
    [
        "Caldwell PHY, Hamilton S, Tan A, Craig JC: Strategies for increasing recruitment to randomised controlled trials: systematic review.",
        "Lassale C, Sibenaler C, Behier J-M, Pletan Y, Courcier S: France, an attractive country for international clinical research. Therapie 2011, 66:1-15.",
    ],
)
def test_whole_entries_are_no_pieces(entry):
    assert not refs.locator_only(entry, [])


def test_software_owes_no_pages():
    assert refs.software(
        "R: a language and environment for statistical computing. R Foundation for Statistical Computing; 2023."
    )
    assert not refs.software(
        "Zhang X, Holt JB, Lu H. Multilevel regression and poststratification for small-area estimation. Am J Epidemiol 2014;179(8)."
    )


def test_a_legislatures_record_is_no_journal_article():
    # ncd-assisted-suicide-letter (dev) note 4, as the draft read it: title and "journal"
    assert refs.legislative("Testimony of the Division of Criminal Justice", "Hearing on H.B")
    assert refs.legislative(None, "Hearing on H.B. No. 5898, Joint Committee on Public Health")
    assert not refs.legislative("Dietary magnesium intake and risk of stroke", "Am J Clin Nutr")
    assert not refs.legislative("Hearing loss in older adults", "JAMA")


def test_a_page_that_summarises_one_work():
    from kg.audit import page

    # vdw-magnesium-stroke (dev; text kept out for its licence: its one line that says what the page is)
    line = "Summary of journal article titled: “Dietary magnesium intake and risk of stroke: a  **meta-analysis**  of prospective studies.”"
    assert page.summary_of(line) == "Summary of journal article titled"
    assert page.summary_of("In summary, of the studies we read, most agree.") is None


def test_a_cue_naming_two_works_is_read_for_the_one_it_points_to():
    bedford = SourceFact("x", year=2012, authors=["Bedford, T", "Rambaut, A", "Pascual, M"])
    assert own_part("(Smith et al. 2004; Bedford et al. 2012)", bedford) == "Bedford et al. 2012"
    assert own_part("(Bedford et al. 2012)", bedford) == "(Bedford et al. 2012)"
    unpunctuated = SourceFact("x", year=2004, authors=["Smith DJ", "Lapedes AS"])
    assert own_part("(Smith et al. 2004; Bedford et al. 2012)", unpunctuated) == "Smith et al. 2004"
    # two works separated by a comma after the year, as Memórias do IOC prints them (batch 9)
    ioos = SourceFact("x", year=2014, authors=["Ioos, S", "Mallet, H. P."])
    assert own_part("(Cao-Lormeau et al. 2014, Ioos et al. 2014)", ioos) == "Ioos et al. 2014"
    smith = SourceFact("x", year=2014, authors=["Smith, J."])
    assert own_part("(Smith, 2014)", smith) == "(Smith, 2014)"  # the comma before a year divides nothing


@pytest.fixture(scope="module")
def disaster_letter(tmp_path_factory):
    """NCD's 2024 letter (benchmarks/corpus, dev): footnotes 1-4 (statutes, 'ibid.') the draft does not read, web
    documents dated only by the day they were read."""
    from kg.audit import audit
    from kg.cache.store import Cache
    from kg.ingest import ingest

    work = tmp_path_factory.mktemp("ncd-letter")
    source = (
        Path(__file__).resolve().parent.parent
        / "benchmarks"
        / "corpus"
        / "ncd-disaster-institutionalization-letter"
        / "article.md"
    )
    result = ingest(source, work / "out")
    return audit(Cache(result.folder.parent.parent, work / "cache").open())


def test_what_could_not_be_checked_is_said(disaster_letter):
    found = {(f.rule, f.severity, f.subject.id.split(" (")[0]) for f in disaster_letter.findings}
    # entries 1-4 (two statutes, a report, "ibid.") were printed but not read when this was written, and the
    # numbering was then said to be unchecked (info); since ingest round 2 every footnote is an entry, so the
    # numbering is checked and has no gap, and no marker past the end is claimed ('(10)' is inside entry 2,
    # '29 U.S.C. § 781(a)(10)')
    assert not {f for f in found if f[0] in ("ref-numbering", "cue-past-end")}
    # a cited web document with only the date it was read: its age was not checked, and the report says so
    assert ("unchecked", "info", "ref 9") in found
    assert not [f for f in disaster_letter.findings if f.rule == "stale-source" and f.subject.id.startswith("ref 9")]


def test_hostile_entries_are_read_in_bounded_time():
    import time

    hostile = "A" + " a" * 50000 + " 2010, 1:" + "9" * 1000
    start = time.process_time()  # CPU time: a hang guard, which a loaded machine must not fail
    refs.locator_only(hostile, [])
    refs.software(hostile)
    own_part(";".join(["Smith et al. 2004"] * 5000), SourceFact("x", year=2004, authors=["Smith, J."]))
    assert time.process_time() - start < 2


SUP_PAGE = """---
title: Assisted suicide data
date: 2024-05-01
---

# Assisted suicide data

In that year, 8% of all people who accessed the prescription had treatable conditions.  <sup>2</sup>

About 40% of adults had pain.<sup>1</sup>

## Notes

1. Smith J, Roe A. Chronic pain in adults. J Pain. 2019;3(2):1-9.
2. Oregon Health Authority. Death with Dignity Act annual report 2021. Salem: OHA; 2022.
"""


def test_a_marker_typed_a_space_after_the_stop_links_and_an_unlinked_one_is_no_error(tmp_path):
    """Markdown pages type "<sup>2</sup>" a space after the sentence's full stop. Ingest left such a marker out of
    its sentence, and the audit called the figure sourceless at error level (a held-out NCD letter, measured at the
    end of the 2026-12-07 session: both its errors were of this kind). Now the marker links; and where a draft has
    a marker it did not link, the figure is a warning that names the marker, never an error."""
    import yaml

    from kg.audit import audit
    from kg.cache.store import Cache
    from kg.ingest import ingest

    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / "article.md"
    source.write_text(SUP_PAGE, encoding="utf-8")
    result = ingest(source, tmp_path / "out")
    claims_path = result.folder / "claims.yaml"
    data = yaml.safe_load(claims_path.read_text(encoding="utf-8"))
    eight = next(c for c in data["claims"] if "8% of all people" in c["quote"])
    assert [c["source"] for c in eight["citations"]] == ["oha2022"], eight
    # a draft whose marker was not linked (as before): the citation removed by hand
    eight["citations"] = []
    claims_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    report = audit(Cache(result.folder.parent.parent, tmp_path / "cache").open())
    uncited = [f for f in report.findings if f.rule == "stat-uncited" and f.subject.id == eight["id"]]
    assert [(f.severity, "“[2]”" in f.message) for f in uncited] == [("warning", True)], [
        (f.severity, f.message) for f in uncited
    ]


# Figures against their sources in a draft (issue 20 item 4), which records no source statistic and no appraisal.
# ODDS_SENTENCE: written for this test (no licence allowed copying the real report we first found it in), in the
# form health reports print an odds ratio as a risk; the titles are of real works (Murthy 2004 from
# trials-prescreening-cancer, dev; a case-control title as PubMed lists it).
ODDS_SENTENCE = (
    "In the county study, patients who were called back were three times more likely (OR=3.0) to say that "
    "their problem had been solved [4]."
)
MURTHY = "Participation in cancer clinical trials: race-, sex-, and age-based disparities"
CASE_CONTROL = "The McNeill Dysphagia Therapy Program (MDTP): A Case-Control Study"


def _draft(quote: str, title: str, measure: str = "proportion", stated_as: str = "three times"):
    from kg.audit.facts import ArticleFact, CitationFact, ClaimFact, ReferenceFact, StatFact

    source = SourceFact("urn:x:source", title=title, year=2004)
    ref = ReferenceFact("urn:x:ref", "a", source, key="x2004", number=4, verbatim=f"X. {title}. 2004.")
    claim = ClaimFact(
        "urn:x:claim",
        "c",
        "a",
        quote=quote,
        text=quote,
        citations=[CitationFact(source.iri)],
        statistics=[StatFact("urn:x:stat", stated_as=stated_as, measure=measure)],
    )
    return ArticleFact("urn:x:article", "a", text=quote, claims=[claim], references=[ref]), claim


def test_an_odds_ratio_worded_as_a_risk_in_a_draft():
    from kg.audit.rules import _odds_as_risk_drafted

    article, claim = _draft(ODDS_SENTENCE, MURTHY)
    [finding] = _odds_as_risk_drafted(article, claim)
    assert "“OR=3.0”" in finding.message and finding.highlight == "times more likely"
    # a case-control study (by its title) gives odds ratios: "N times more likely" on it is worded as a risk
    article, claim = _draft("Patients were three times more likely to recover [4].", CASE_CONTROL)
    [finding] = _odds_as_risk_drafted(article, claim)
    assert "case-control study (by its title)" in finding.message
    # a risk worded as a risk, of a study that is not case-control: nothing to say
    article, claim = _draft("Patients were three times more likely to recover [4].", MURTHY)
    assert list(_odds_as_risk_drafted(article, claim)) == []


def test_a_share_the_title_contradicts():
    from kg.audit import entries

    # the title counts people, the sentence gives a share of them: each is compared with its own kind only
    assert entries.people_shares("Up to 20% of runners report lower back pain") == {"runners": {20.0}}
    assert entries.people_shares("23.5 percent of older adults fell") == {"adults": {23.5}}
    assert entries.people_shares(MURTHY) == {} and entries.people_counts(MURTHY) == {}
    assert entries.PRINTED_ODDS_RATIO.search("(OR 10.0, P = 0.014)").group(0) == "OR 10.0"
    assert entries.PRINTED_ODDS_RATIO.search("an adjusted odds ratio of 2.6").group(0) == "adjusted odds ratio of 2.6"
    assert entries.PRINTED_ODDS_RATIO.search("OR, the Oregon abbreviation") is None


def test_what_a_draft_could_not_check_against_its_source(tmp_path):
    """trials-prescreening-cancer (dev, committed): 'around 5%' cites Murthy 2004, whose title gives no figure and whose
    figures a draft does not record, and a causal sentence cites works of no known design: the audit says it could not
    check them."""
    from kg.audit import audit
    from kg.cache.store import Cache
    from kg.ingest import ingest

    source = (
        Path(__file__).resolve().parent.parent / "benchmarks" / "corpus" / "trials-prescreening-cancer" / "article.html"
    )
    result = ingest(source, tmp_path / "out")
    report = audit(Cache(result.folder.parent.parent, tmp_path / "cache").open())
    unchecked = [f for f in report.findings if f.rule == "unchecked" and f.subject.kind == "claim"]
    assert any(
        "“around 5%” cites reference 4" in f.message and "was not checked against it" in f.message for f in unchecked
    )
    # 'it has also been suggested that … may lead to …' cites works whose design neither an appraisal nor a title gives
    assert any(
        f.subject.id == "it-has-also-been-suggested-that"
        and "The claim is causal (“lead to”)" in f.message
        and "(causal-observational) was not checked" in f.message
        for f in unchecked
    )
    assert all(f.severity == "info" for f in unchecked)


def test_a_count_and_a_share_against_the_entrys_title():
    from kg.audit.listrules import figure_vs_source
    from kg.audit.rules import Context

    # the seed's wording of the Maselli review ("up to 20% of runners"), against titles that give a share of runners
    title = "Prevalence of low back pain: 32% of runners in a cohort of 1,200 runners"
    article, _ = _draft(
        "Up to 20% of runners report that they experience lower back pain [4].", title, stated_as="up to 20%"
    )
    [finding] = figure_vs_source(Context(None, None, [article]))
    assert (
        finding.message.startswith("The sentence gives 20% of runners, but the title of reference 4")
        and "gives 32% of runners" in finding.message
    )
    article, _ = _draft("A study of 500 runners found that 32% of runners had pain [4].", title, stated_as="32%")
    [finding] = figure_vs_source(Context(None, None, [article]))
    assert finding.message.startswith("The sentence counts 500 runners") and finding.message.endswith(
        "gives 1,200 runners."
    )


def test_a_journal_article_cited_ahead_of_print(tmp_path):
    """Round 4 of issue 20, on real entries of the bioRxiv urine cfDNA preprint's list (Nature style): Cristiano 2019
    is cited as published online, a DOI with neither volume nor pages; Murtaza 2016 is whole."""
    ahead = "Cristiano, S. et al. Genome-wide cell-free DNA fragmentation in patients with cancer. Nature, doi:10.1038/s41586-019-1272-6 (2019)."
    _, report = _audit(tmp_path / "ahead", "[1]", f"1. {ahead}")
    [found] = [f for f in report.findings if f.rule == "ref-pages"]
    assert found.severity == "info" and "ahead of print" in found.message and "volume and pages" in found.fix
    whole = "Murtaza, M. & Caldas, C. Nucleosome mapping in plasma DNA predicts cancer gene expression. Nat Genet 48, 1105-1106, doi:10.1038/ng.3686 (2016)."
    _, report = _audit(tmp_path / "whole", "[1]", f"1. {whole}")
    assert [f for f in report.findings if f.rule == "ref-pages"] == []


def test_a_journal_article_known_only_by_its_publishers_address(tmp_path):
    """P.Mean's 2004 cardiology post (benchmarks/corpus, dev): Messerli's Annals paper is the one entry with neither a
    Medline link (PubMed ID) nor a DOI, only annals.org's address. An address is a locator (the entry is not
    unfindable) but no persistent identifier: the report says that its record was not checked. The entries with a
    PubMed ID are not said to lack one."""
    report = _audit_corpus(tmp_path, "pmean-cardiology-ebm-lessons")
    at_address = [f.subject.id for f in report.findings if f.rule == "unchecked" and "publisher's address" in f.message]
    assert at_address == ["messerli2003"]
    assert not [f for f in report.findings if f.rule == "ref-unfindable" and f.subject.id == "messerli2003"]


def test_a_documents_own_address_is_its_identifier(tmp_path):
    """NCD's assisted-suicide letter (benchmarks/corpus, dev): entry 4, two testimonies before committees of
    Connecticut's legislature with the second's address on the legislature's site, is no journal article (the
    reference reader takes the committee for its container), and a document's own address is its identifier."""
    report = _audit_corpus(tmp_path, "ncd-assisted-suicide-letter")
    assert not [f for f in report.findings if f.rule == "unchecked" and "publisher's address" in f.message]


WAKEFIELD = (
    "Wakefield A; Murch S, Anthony A, Linnell J, Casson D, Malik M, Berelowitz M, Dhillon A, Thomson M, Harvey P, "
    "Valentine A, Davies S, Walker-Smith J (February 28 1998). Ileal-lymphoid-nodular hyperplasia, non-specific "
    "colitis, and pervasive developmental disorder in children 637-641. The Lancet - Vol. 351, Issue 9103. "
    "DOI:10.1016/S0140-6736(97)11096-0."
)


@pytest.mark.parametrize(
    "entry, pages",
    [
        # P.Mean's Wakefield post (benchmarks/corpus, dev): the pages run on from the title, before the journal
        (WAKEFIELD, "637-641"),
        # the same work as Vancouver prints it, and a title that holds a range of its own (P.Mean's Fahey entry)
        (
            "Wakefield AJ, Murch SH, Anthony A, et al. Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and "
            "pervasive developmental disorder in children. Lancet. 1998;351(9103):637-41.",
            None,
        ),
        (
            "Fahey T, Griffiths S, Peters TJ. Evidence-based purchasing: understanding results of clinical trials and "
            "systematic reviews. British Medical Journal 1995: 311(7012); 1056-9; discussion 1059-60.",
            None,
        ),
    ],
)
def test_pages_printed_between_the_title_and_the_journal(tmp_path, entry, pages):
    _, report = _audit(tmp_path, "(1)", "1. " + entry)
    found = [f for f in report.findings if f.rule == "ref-malformed" and "before the journal" in f.message]
    assert [f.highlight for f in found] == ([pages] if pages else [])
    assert all(f.severity == "warning" for f in found)


@pytest.mark.parametrize(
    "cue, entry, early",
    [
        # aware-research-waste-cases (benchmarks/corpus, dev): APA entries a reference manager filled from the
        # articles' early-view records, the DOI's suffix (or its last segment) where the volume would stand
        (
            "(Rosengaard et al., 2024a)",
            "Rosengaard, L. O., Andersen, M. Z., Rosenberg, J., & Fonnes, S. (2024a). Five aspects of research waste "
            "in biomedicine: A scoping review. *Journal of Evidence-Based Medicine*, jebm.12616. "
            "<https://doi.org/10.1111/jebm.12616>",
            "jebm.12616",
        ),
        (
            "(Abramo, 2024)",
            "Abramo, G. (2024). The forced battle between peer-review and scientometric research assessment: Why the "
            "CoARA initiative is unsound. *Research Evaluation*, rvae021. <https://doi.org/10.1093/reseval/rvae021>",
            "rvae021",
        ),
        # the same list's PeerJ entry prints its volume and article number, not the DOI's suffix
        (
            "(Rosengaard et al., 2024b)",
            "Rosengaard, L. O., Andersen, M. Z., Rosenberg, J., & Fonnes, S. (2024b). Several methods for assessing "
            "research waste in reviews with a systematic search: A scoping review. *PeerJ*, *12*, e18466. "
            "<https://doi.org/10.7717/peerj.18466>",
            None,
        ),
    ],
)
def test_an_early_view_article_cited_by_its_dois_suffix(tmp_path, cue, entry, early):
    _, report = _audit(tmp_path, cue, entry)
    found = [f for f in report.findings if f.rule == "ref-pages" and "early view" in f.message]
    assert [(f.severity, f.highlight) for f in found] == ([("info", early)] if early else [])


def test_one_journal_by_its_full_name_and_by_its_initials(tmp_path):
    """P.Mean's 'Further reading' (benchmarks/corpus, dev) names the BMJ three ways: one finding on the list gives
    every form in the list's order; the case variants keep their own finding on the odd entry."""
    report = _audit_corpus(tmp_path, "pmean-absolute-vs-relative-risks")
    [listed] = [f for f in report.findings if f.rule == "ref-venue-case" and f.subject.kind == "article"]
    assert listed.evidence == "British Medical Journal, Bmj, BMJ" and listed.severity == "info"


def test_a_journal_whose_name_holds_anothers_initials_is_another_journal(tmp_path):
    entries_ = (
        "1. Christakis DA, Zimmerman FJ. Early television viewing. JAMA Pediatrics 2004;158:75-80.\n\n"
        "2. Lee PY, Alexander KP. Representation of elderly persons in clinical trials. Journal of the American "
        "Medical Association 2001;286:708-13."
    )
    _, report = _audit(tmp_path / "pair", "(1, 2)", entries_)
    assert not [f for f in report.findings if f.rule == "ref-venue-case"]
