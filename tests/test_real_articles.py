"""The real-article corpus (benchmarks/corpus/) and its evaluation (benchmarks/real_articles.py).

The figures are floors a little under what the committed dev articles reach today, so that a regression in
ingest fails here; raise them when ingest improves. The held-out quarter is never asserted on.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


#: the held-out quarters of batches 1, 3 and 4, measured as held-out at the end of the second 2026-12-07 session and
#: then read to be worked on (their annotations' ``seen:``): the floors set before keep to the articles they were
#: set on; these seven have floors of their own (test_articles_seen_after_round_2_stay_above_their_floors)
SEEN_AFTER_ROUND_2 = frozenset(
    {
        "buzzfeed-diet-pills",
        "elife-tannic-acid-cftr",
        "mmwr-foreword-disparities",
        "webmd-peanut-allergy",
        "ncd-futile-care-bias",
        "nci-aspirin-lynch-syndrome",
        "ctgov-ctdna-lung-cancer",
    }
)


def _benchmark():
    spec = importlib.util.spec_from_file_location("real_articles", ROOT / "benchmarks" / "real_articles.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["real_articles"] = module
    spec.loader.exec_module(module)
    return module


bench = _benchmark()


def _drafted_once(run):
    """``bench.run_article``, remembered for the test session. The tests evaluate the same committed articles under
    several selections (every dev article, each batch, the audit's judgements in tests/test_audit_real.py), and
    drafting and auditing one is the slow part; ingest and the audit are deterministic, so each article is run once
    and every selection gets its own copy of the row. The key holds all the row depends on: the annotation as
    loaded (a test that edits one gets a run of its own), the folders the texts come from, the text file's size and
    time, ``with_date`` and ``validate``."""
    rows: dict[tuple, dict] = {}

    def remembered(annotation: dict, texts=None, with_date: bool = False, validate: bool = False) -> dict:
        text = Path(annotation.get("_dir", "")) / str(annotation.get("file"))
        stat = text.stat() if text.is_file() else None
        key = (
            json.dumps(annotation, sort_keys=True, default=str),
            json.dumps(texts, default=str),
            (stat.st_size, stat.st_mtime_ns) if stat else None,
            with_date,
            validate,
        )
        if key not in rows:
            rows[key] = run(annotation, texts, with_date, validate)
        return copy.deepcopy(rows[key])

    return remembered


bench.run_article = _drafted_once(bench.run_article)

#: batches collected as the next round's unseen measurement (issue 19): the lead runs each once, at the end of the
#: round, and until then no test ingests their articles, dev or held-out. Batch 5 was measured so at the end of the
#: third 2026-12-07 round and left this set when the fourth worked on its dev part; batch 6 was measured unseen
#: twice in the fourth (before and after its rules) and then left it the same way (corpus README). Their floors are
#: test_batch_5/6_dev_figures_stay_above_their_floors; their held-out parts are never run. Batch 7 (eight articles,
#: every text kept out for its licence, in /work/corpus-private-b7) was measured unseen twice in the fifth round and
#: then left this set when its dev part was opened for rule work (issues 19 and 20); its held-out part is never run.
#: Batch 8 (eight articles, five committed, three texts in /work/corpus-private-b8) was measured unseen twice in the
#: sixth round and then left this set when its dev part was opened for rule work (issue 19); its held-out part is
#: never run (test_batch_8_dev_figures_stay_above_their_floors). Batch 9 (six open-access journal and report pages,
#: four committed, two texts in /work/corpus-private-b9) was measured unseen at the seventh round's start and then left
#: this set when its dev part was opened for rule work (floors in test_batch_9_dev_figures_stay_above_their_floors);
#: its held-out part is never run. Batch 10 (six articles, every
#: text kept out for its licence, in /work/corpus-private-b10), collected in parallel with batch 9, stays unseen until
#: the round's end, as does batch 11 (six consumer-health Markdown pages, three committed, three texts in
#: /work/corpus-private-b11), collected once batch 9 had been measured
UNMEASURED_BATCHES: frozenset[int] = frozenset({10, 11})
UNMEASURED = frozenset(a["id"] for a in bench.load_annotations() if bench.batch_of(a) in UNMEASURED_BATCHES)


def test_annotations_are_well_formed_and_listed():
    assert bench.problems() == []
    annotations = bench.load_annotations()
    assert len(annotations) >= 15
    assert len({a["metadata"]["publisher"].split(" (")[0] for a in annotations}) >= 8
    forms = [a["form"] for a in annotations]
    assert all(forms.count(form) >= 3 for form in ("html", "md", "txt"))
    for a in annotations:
        assert a["licence"] and a["source"]
        if a.get("committed", True):
            assert (a["_dir"] / a["file"]).stat().st_size > 0


def test_heldout_quarter_follows_the_sha256_rule_within_each_batch():
    annotations = bench.load_annotations()
    batches = {bench.batch_of(a) for a in annotations}
    assert batches == set(range(1, len(batches) + 1))  # batches are numbered 1, 2, … with none skipped
    held = set()
    for batch in batches:
        ids = [a["id"] for a in annotations if bench.batch_of(a) == batch]
        chosen = bench.heldout_ids(ids)
        assert len(chosen) == max(1, len(ids) // 4)
        held |= chosen
    assert held == bench.heldout_by_batch(annotations)
    # drawn held-out but read while rules were written (a whole page copied as a test fixture): reported as dev
    seen = {a["id"] for a in annotations if a.get("seen")}
    assert seen == {
        "blab-flu-forecasting-blog",
        "ncd-assisted-suicide-letter",
        # measured held-out at the end of a round, then read to work on (their annotations say when)
        "buzzfeed-diet-pills",
        "elife-tannic-acid-cftr",
        "mmwr-foreword-disparities",
        "webmd-peanut-allergy",
        "ncd-futile-care-bias",
        "nci-aspirin-lynch-syndrome",
        "ctgov-ctdna-lung-cancer",
    }
    assert {a["id"] for a in annotations if a["split"] == "heldout"} == held - seen
    # the first batch keeps the assignment it was measured with before any later batch was added
    first = {a["id"] for a in annotations if bench.batch_of(a) == 1 and a["id"] in held}
    assert first == {
        "buzzfeed-diet-pills",
        "elife-tannic-acid-cftr",
        "mmwr-foreword-disparities",
        "webmd-peanut-allergy",
    }


def test_a_split_against_the_rule_of_its_batch_is_named(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(bench.CORPUS, corpus, ignore=shutil.ignore_patterns("article.*"))
    target = corpus / "pcd-usvi-diabetes" / "annotation.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("split: dev", "split: heldout"), encoding="utf-8")
    found = [p for p in bench.problems(corpus) if "pcd-usvi-diabetes" in p and "split" in p]
    assert found and "within batch 2" in found[0]


def test_ingest_as_a_user_runs_it_refuses_or_drafts_every_dev_article():
    result = bench.evaluate("dev", exclude=UNMEASURED)
    assert all(r["split"] == "dev" for r in result["articles"])
    assert not [r for r in result["articles"] if r["status"] == "error"]
    committed = [
        a["id"]
        for a in bench.load_annotations()
        if a["split"] == "dev" and a.get("committed", True) and a["id"] not in UNMEASURED
    ]
    statuses = {r["id"]: r["status"] for r in result["articles"]}
    assert all(statuses[i] in ("drafted", "refused") for i in committed)
    for r in result["articles"]:
        if r["status"] == "refused":
            assert "\n" not in r["error"] and "article." in r["error"]  # one line, naming the file
    assert all(status == "skipped" for i, status in statuses.items() if i not in committed)


def test_dev_figures_with_the_date_given_stay_above_their_floors():
    # batch 1's committed dev texts; figures of 2026-12-07
    t = bench.evaluate("dev", with_date=True, batch=1, exclude=SEEN_AFTER_ROUND_2)["totals_dev"]
    assert t["error"] == 0 and t["drafted"] >= 7  # every committed dev article drafts with nothing given by hand
    # 101 of 102 (77 before ages, decades, ranks, changes, P values, listed counts; 71 before shares in words)
    assert t["statistics_found"] >= 99
    assert t["extra_statistics"] <= 5  # 2 (5 before)
    # 14 of 14 cited statistics (9 before list items shared their lead-in's citation and their statistics were found)
    assert t["linked"] >= 13
    # 0 (an A–Z index after the list was read as entries, until lists stopped at a heading)
    assert t["wrong_links"] == 0
    assert t["references_dropped"] == 0  # 0 of 44 (9 before every reference became a source)
    # figures of the sixth 2026-12-07 round, the older ones in brackets
    assert t["first_author_right"] >= 40  # 42 of 44 (38; 33 with the regex reader before kg.refs)
    assert t["year_right"] >= 36  # 38 of 38 (37)
    assert t["title_right"] >= 42  # 44 of 44 (25: kg.refs read two web-page titles worse)
    assert t["container_right"] >= 22  # 24 of 24 (19)
    assert t["doi_right"] >= 15  # 16 of 16
    # 4 of 7 (3: nextstrain's situation report is dated only by its title's closing '2020-05-15'; the three The
    # Conversation texts print no date)
    assert t["published_right"] >= 4


def test_batch_2_dev_figures_stay_above_their_floors():
    """Batch 2's dev articles, annotated before ingest first ran on them, and the two of its held-out quarter that
    were seen since (their ``seen``); figures of 2026-12-07, merged code, in comments. Nothing held out is run here."""
    t = bench.evaluate("dev", batch=2)["totals_dev"]
    assert t["error"] == 0 and t["drafted"] == 8 and t["refused"] == 0  # all eight draft with nothing given by hand
    # 141 of 143 (139 before "about half the cases" and "low MSE (1.7)" in the sixth round; 115 of 129 before scale
    # words, spans in words, "437 of 2,706")
    assert t["statistics_found"] >= 139
    assert t["extra_statistics"] <= 8  # 6 (10 before a span of years stopped being a count)
    # 27 of 27 cited statistics (26 before "about half the cases"; <sup>n</sup> typed a space after the stop: 1 of 10
    # in the NCD letter before)
    assert t["linked"] >= 26
    assert t["wrong_links"] == 0  # 0
    # 6 of 6 (1 found, 0 right, before an office before a name)
    assert t["attributions_found"] >= 6 and t["attributions_right_person"] >= 6
    assert t["references_dropped"] == 0  # 0 of 41 (4 before every footnote, statutes and "ibid." too, became an entry)
    assert t["first_author_right"] >= 32  # 34 of 35 (32 in the fourth round)
    assert t["year_right"] >= 25  # 27 of 27 (24)
    assert t["title_right"] >= 33  # 35 of 38 (32)
    assert t["container_right"] >= 17  # 19 of 19 (15)
    assert t["doi_right"] >= 15  # 16 of 16


def test_batch_3_dev_figures_stay_above_their_floors():
    """Batch 3's dev articles, annotated before ingest first ran on them (figures of 2026-12-07 in comments). Its
    held-out article is never run here."""
    t = bench.evaluate("dev", batch=3, exclude=SEEN_AFTER_ROUND_2)["totals_dev"]
    assert t["error"] == 0 and t["drafted"] == 3 and t["refused"] == 0
    assert t["statistics_found"] >= 18  # 19 of 19 (13 before)
    assert t["extra_statistics"] <= 3  # 0 (one article annotates only its cited statistics)
    assert t["linked"] >= 3  # 4 of 4 cited statistics ("according to the NCI, less than 5% …" [4],[5]; 3 before)
    assert t["wrong_links"] == 0  # 0
    # 7 of 7 ("said NCD Chair Claudia Gordon", "said Gordon"; 0 before)
    assert t["attributions_found"] >= 7 and t["attributions_right_person"] >= 7
    assert t["references_dropped"] == 0  # 0 of 10 (BMC's entries no longer split into 17)
    assert t["first_author_right"] >= 9  # 10 of 10
    assert t["title_right"] >= 7  # 8 of 10
    assert t["year_right"] >= 9  # 10 of 10 (2 before the entries' nested <p> stayed in them)
    assert t["container_right"] >= 7  # 8 of 9 (0)
    assert t["doi_right"] == 2  # 2 of 2, both only in a link's address (0)


def test_batch_4_dev_figures_stay_above_their_floors():
    """Batch 4's committed dev articles (PLOS and Hindawi pages as norma writes them, a Simply Statistics post),
    annotated before ingest first ran on them; its pages kept out for their licence are skipped here (give
    --corpus to the benchmark). Figures of 2026-12-07 after the batch-4 rules, in comments, with the figures of the
    one unseen run before any rule was changed in brackets. Its held-out articles are never run here."""
    t = bench.evaluate("dev", batch=4, exclude=SEEN_AFTER_ROUND_2)["totals_dev"]
    assert t["error"] == 0 and t["drafted"] == 3 and t["refused"] == 0
    # 46 of 49 (36; 40 after the batch-4 rules): "one major and three minor criteria", "a rating of 3" and "the top
    # 100 most informative CpGs" read since the sixth round
    assert t["statistics_found"] >= 44
    assert t["extra_statistics"] <= 10  # 8 (12)
    # 11 of 13 cited statistics (0: "[\n 1]" and "[<sup>1</sup>, <sup>2</sup>]" were not read; 10 before "top 100")
    assert t["linked"] >= 10
    assert t["wrong_links"] == 0  # 0
    assert t["attributions_found"] >= 2 and t["attributions_right_person"] >= 2  # 2 of 3 (2)
    assert t["references_dropped"] == 0  # 0 of 39 (14: the Hindawi list, fields without punctuation, was not found)
    assert t["first_author_right"] >= 36  # 38 of 38 (25)
    assert t["year_right"] >= 37  # 39 of 39 (25)
    assert t["title_right"] >= 36  # 38 of 39 (0)
    assert t["container_right"] >= 34  # 36 of 37 (24)
    assert t["doi_right"] >= 14  # 15 of 15 (10)
    assert t["published_right"] == 3  # 3 of 3 (2: the Hindawi page's date is in a <span class="citation_pubdate">)


def test_batch_5_dev_figures_stay_above_their_floors():
    """Batch 5's committed dev articles (norma's HTML of an ASM genome announcement, a PLOS Pathogens essay and a WHO
    Bulletin news feature), measured once unseen at the end of the third 2026-12-07 round and worked on since; its
    texts kept out for their licence are skipped here (give --corpus to the benchmark). Figures after the fourth
    round's rules in comments, the unseen run's in brackets. Its held-out articles are never run here."""
    t = bench.evaluate("dev", batch=5)["totals_dev"]
    assert t["error"] == 0 and t["drafted"] == 3 and t["refused"] == 0
    # 24 of 25 (13): lengths in residues ("(187 aa)") and spaced thousands ("some 27 000") read since the fourth
    # round; "one mismatch" is still not read as a statistic
    assert t["statistics_found"] >= 22
    assert t["extra_statistics"] <= 4  # 1 (2)
    assert t["linked"] >= 13  # 14 of 15 cited statistics (5): every cited statistic found is linked right
    assert t["wrong_links"] == 0  # 0
    # 25 of 25 (12): the one author of the PLOS essay named in its citation_author element, Lal quoted by surname
    assert t["attributions_found"] >= 23 and t["attributions_right_person"] >= 23
    assert t["references_dropped"] == 0  # 0 of 9 (0)
    assert t["first_author_right"] >= 8  # 9 of 9 (9)
    # 9 of 9 (8: "…, Yap State, Micronesia, 2007" was read as the year; the marked-up year stands now)
    assert t["year_right"] >= 8
    assert t["title_right"] >= 8  # 9 of 9 (7: titles ending in a place and a year were cut)
    assert t["container_right"] >= 7  # 8 of 8 (7)
    assert t["doi_right"] >= 7  # 8 of 8 (8)
    assert t["published_right"] == 3  # 3 of 3 (3)


def test_batch_6_dev_figures_stay_above_their_floors():
    """Batch 6's committed dev articles (the two Rutherford health department posts, Markdown with front matter),
    measured unseen twice by the lead in the fourth 2026-12-07 round and worked on in the fifth; its texts kept out
    for their licence are skipped here (give --corpus to the benchmark). Figures after the fifth round's rules in
    comments, the unseen run's (after the fourth round's rules) in brackets. Its held-out articles are never run
    here."""
    t = bench.evaluate("dev", batch=6)["totals_dev"]
    assert t["error"] == 0 and t["drafted"] == 2 and t["refused"] == 0
    # 38 of 38 (28): 'the nationwide total is 16', a breakdown by state in words ('two in California, … one each
    # in …'), '1 U.S. territory', 'between 18-21', ranks in words in a sentence with no other figure ('the sixth
    # most common', 'the fourth-largest') and 'a few minutes' read since the fifth round
    assert t["statistics_found"] >= 36
    assert t["extra_statistics"] <= 3  # 1 (1)
    assert t["wrong_links"] == 0  # 0: neither post cites a reference
    assert t["references_dropped"] == 0  # 0 of 0
    # published: 0 of 2 (0): neither post states its date in its front matter or its text (only in its file name,
    # which the corpus does not keep): both still draft, the date listed for review


def test_batch_8_dev_figures_stay_above_their_floors():
    """Batch 8's committed dev articles (the AWARE research-waste post and three pmean blog posts, Markdown with front
    matter), measured unseen twice by the lead in the sixth 2026-12-07 round and then worked on in that round; its texts
    kept out for their licence are skipped here (give --corpus to the benchmark). Figures after the work on it in
    comments, the second unseen run's (after the round's rules written on batches 1-7) in brackets. Its held-out articles are never
    run here."""
    t = bench.evaluate("dev", batch=8)["totals_dev"]
    assert t["error"] == 0 and t["drafted"] == 4 and t["refused"] == 0
    assert t["statistics_found"] >= 25  # 26 of 30 (26)
    assert t["extra_statistics"] <= 6  # 4 (4)
    assert t["linked"] >= 2  # 2 of 2 (2)
    # 1 (1): the AWARE post's 'not among the 18 papers that cited the statin trials study' is linked to the review
    # the sentence is about
    assert t["wrong_links"] <= 1
    # 0 of 26 (5): pmean-cardiology's four title-first entries with no heading, pmean-wakefield's entry printed
    # alone in the body with semicolons between its names
    assert t["references_dropped"] == 0
    assert t["first_author_right"] >= 25  # 26 of 26 (20)
    assert t["year_right"] >= 25  # 26 of 26 (20): 'Lancet. 2002(June): 359(9321)' read by its NLM locator
    assert t["title_right"] >= 25  # 26 of 26 (20): the pages pmean-wakefield runs into its title taken out
    assert t["container_right"] >= 25  # 26 of 26 (20): 'The Lancet - Vol. 351' without its dash
    # 12 of 12 (9): the two DOIs that stand only in pmean-absolute's 'behind a paywall' links ('/doi/10.…')
    assert t["doi_right"] == t["doi_total"] == 12
    assert t["volume_right"] >= 21  # 22 of 22 (16)
    assert t["pages_right"] >= 20  # 21 of 26 (14)
    # 5 of 7, all to the right person (before branch s9-att: 0 right, 2 given to the post's author): pmean-wakefield names
    # 'Andrew Wakefield' once, then 'Dr. Wakefield has alleged', and quotes his talk in italics with its source after
    assert t["attributions_right_person"] >= 5
    assert t["attributions_found"] == t["attributions_right_person"]


def test_batch_9_dev_figures_stay_above_their_floors():
    """Batch 9's committed dev articles (AJTMH's Zika report, ISPM Bern's CFR report README, a PLOS NTD photo quiz:
    JATS turned into HTML, and Markdown), measured unseen by the lead in the seventh 2026-12-07 round and then worked
    on in that round; its texts kept out for their licence are skipped here (give --corpus to the benchmark). Figures
    after the work in comments, the unseen run's in brackets. Its held-out article is never run here."""
    t = bench.evaluate("dev", batch=9)["totals_dev"]
    assert t["error"] == 0 and t["drafted"] == 3 and t["refused"] == 0
    # 49 of 51 (45): the named parameter and its interval, the count out of its total, the titre '1:16,384'
    assert t["statistics_found"] >= 47
    assert t["extra_statistics"] <= 9  # 7
    # 30 of 32 (26), no wrong link (8): a run of linked superscripts after the full stop closes its sentence
    assert t["linked"] >= 28
    assert t["wrong_links"] == 0
    assert t["references_dropped"] == 0
    assert t["first_author_right"] >= 43  # 44 of 44
    assert t["year_right"] >= 43  # 44 of 44
    assert t["title_right"] >= 41  # 42 of 44 (40): no address or access note run into a title
    assert t["container_right"] >= 38  # 39 of 43 (38): the container after a DOI's address
    assert t["doi_right"] == t["doi_total"] == 20


def test_a_draft_of_each_input_form_builds_and_validates_with_no_hand_edit():
    """Issue 19's first target, on one committed dev article of each form (saved HTML, Markdown with front matter,
    plain text). The benchmark validates every article (51 of 51 dev drafts on 2026-12-07, with --corpus); here only
    three, since pySHACL takes about a second a draft (33 s more for the 31 committed dev articles)."""
    only = {"pcd-stroke-transfer-maps", "rutherford-vaping-lung-injury", "conv-ptsd-ukraine"}
    result = bench.evaluate("dev", only=only, validate=True)
    assert {r["id"]: (r["validates"], r["violation"]) for r in result["articles"]} == dict.fromkeys(only, (True, None))
    assert result["totals_dev"]["validates"] == result["totals_dev"]["validated"] == 3
    assert "builds and validates 3/3" in bench.render(result)


def test_a_built_draft_that_breaks_a_shape_is_reported_with_the_first_violation(tmp_path):
    """validate_draft runs the library's SHACL validation on the built store: a real draft's store with the
    article's title removed (a graph the loaders never write) fails with the shape's own message."""
    import pyoxigraph
    from rdflib.namespace import RDF

    from kg.cache.store import Cache
    from kg.ingest import ingest

    draft = ingest(bench.CORPUS / "pcd-stroke-transfer-maps" / "article.html", tmp_path / "data")
    built = Cache(tmp_path / "data", tmp_path / "cache").open()
    assert bench.validate_draft(built) == {"validates": True, "violation": None}
    page = pyoxigraph.NamedNode("http://schema.org/MedicalWebPage")
    articles = {q.subject for q in built.quads_for_pattern(None, pyoxigraph.NamedNode(str(RDF.type)), page)}
    title = pyoxigraph.NamedNode("http://purl.org/dc/terms/title")
    broken = pyoxigraph.Store()
    broken.extend(q for q in built if not (q.predicate == title and q.subject in articles))
    found = bench.validate_draft(broken)
    assert found["validates"] is False
    assert found["violation"].startswith("[dcterms:title] An article needs exactly one title. ("), found
    assert found["violation"].endswith(f"/id/article/{draft.folder.name})")  # the focus node: the article


def test_one_broken_article_is_a_result_not_the_end_of_the_run(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(bench.CORPUS / "pcd-stroke-transfer-maps", corpus / "pcd-stroke-transfer-maps")
    broken = corpus / "broken-bytes"
    broken.mkdir()
    (broken / "article.txt").write_bytes(b"\x80 not UTF-8 \xff")  # (FF FE first would be UTF-16's byte-order mark)
    (broken / "annotation.yaml").write_text(
        "id: broken-bytes\nsplit: dev\nfile: article.txt\nform: txt\nmetadata: {published: '2024-01-01'}\n"
        "statistics: []\nattributions: []\nreferences: []\n",
        encoding="utf-8",
    )
    unreadable = corpus / "unreadable-annotation"
    unreadable.mkdir()
    (unreadable / "annotation.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    result = bench.evaluate("all", corpus, with_date=True)
    rows = {r["id"]: r for r in result["articles"]}
    assert rows["broken-bytes"]["status"] == "refused"
    assert "not UTF-8" in rows["broken-bytes"]["error"]
    assert rows["unreadable-annotation"]["status"] == "error"
    assert "annotation.yaml" in rows["unreadable-annotation"]["error"]
    assert rows["pcd-stroke-transfer-maps"]["status"] == "drafted"  # its metadata dates it: nothing to give by hand
    assert any("unreadable-annotation" in p for p in bench.problems(corpus))


def test_cli_prints_tables_and_json(capsys):
    # batch 1, whose held-out quarter is seen now (measured, then read): no unseen held-out article is ever
    # ingested by a test
    # --no-validate: the validation of every draft costs a second an article (tested on three articles above)
    assert bench.main(["--split", "dev", "--batch", "1", "--json", "--no-validate"]) == 0
    out = capsys.readouterr().out
    assert '"totals_dev"' in out and '"totals_heldout"' not in out
    assert bench.main(["--split", "heldout", "--batch", "1", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"articles": []' in out  # no held-out article left in it
    assert bench.main(["--split", "dev", "--batch", "1", "--no-validate"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# evidence-kg ") and "Total dev:" in out and "mmwr-foreword-disparities" in out


def test_audit_on_the_dev_drafts_raises_no_wrong_error_and_few_wrong_warnings():
    """Issue 20: every error and warning `ekg audit` raises on batch 1's committed dev drafts is judged by hand in the
    annotations; an error is always right, and warnings are right at least 90% of the time. (Batch 2 brings its
    own hand-written `defects:` lists; its findings are reported, not yet asserted.)"""
    audit = bench.evaluate("dev", batch=1, exclude=SEEN_AFTER_ROUND_2)["totals_dev"]["audit"]
    errors = {rule: c for rule, c in audit.items() if rule.endswith("(error)")}
    warnings = {rule: c for rule, c in audit.items() if rule.endswith("(warning)")}
    assert all(c["wrong"] == 0 and c["unjudged"] == 0 for c in errors.values()), errors
    assert all(c["unjudged"] == 0 for c in warnings.values()), warnings  # a new warning must be judged first
    right, raised = sum(c["right"] for c in warnings.values()), sum(c["raised"] for c in warnings.values())
    assert raised and right / raised >= 0.9, warnings  # 12 of 13 (the wrong one: a year misread from a title)


def test_articles_seen_after_round_2_stay_above_their_floors():
    """The seven articles measured held-out at the end of the second 2026-12-07 session (figures in the corpus
    README), now worked on as dev: their committed texts (the rest need --corpus DIR). Floors at what the held-out
    run measured; raise them as ingest improves."""
    t = bench.evaluate("dev", only=SEEN_AFTER_ROUND_2)["totals_dev"]
    assert t["error"] == 0 and t["refused"] == 0
    assert t["statistics_found"] >= FLOOR_SEEN["statistics_found"]
    assert t["references_dropped"] <= FLOOR_SEEN["references_dropped"]
    assert t["wrong_links"] == 0
    assert t["attributions_right_person"] >= FLOOR_SEEN["attributions_right_person"]
    assert t["attributions_found"] == t["attributions_right_person"]  # nothing given to the wrong person
    for field in ("first_author", "year", "title", "container", "doi"):
        assert t[f"{field}_right"] >= FLOOR_SEEN[field], field
    assert t["linked"] >= FLOOR_SEEN["linked"]


#: the committed ones of the seven, as measured held-out (elife, mmwr-disparities, ncd-futile-care-bias, nci, ctgov).
#: Issue 19's round 3: statistics 58 of 59 (45 held-out: concentrations, a list of counts ending in "one state", "at
#: least one statute that …", "in their 40s", a scale's range, "a two part questionnaire", "two meta-analyses");
#: attributions 11 of 11 (7 held-out: NCI's speakers named by role, two together, in the middle of the statement and
#: misspelt); references read as laid out (eLife's entry blocks, MMWR's run-together text, the registry's
#: "Publications:" field): 0 of 62 dropped (43 held-out), fields a little under what it reached (62, 62, 61, 52 of
#: 53, 23 of 23); 4 of 8 cited statistics linked (0 held-out; MMWR's list, numbered in its order)
FLOOR_SEEN = {
    "statistics_found": 58,  # of 59
    "references_dropped": 0,  # of 62
    "attributions_right_person": 11,  # of 11
    "first_author": 61,  # 62 of 62 in the sixth round
    "year": 61,  # 62
    "title": 61,  # 62
    "container": 51,  # 52 of 53
    "doi": 23,
    "linked": 7,  # 8 of 8 in the sixth round
}


def test_a_figure_is_in_its_sentence_also_when_the_drafted_quote_drops_the_attribution_tag():
    """A claim's quote is its sentence less its attribution tag; an annotated context may run into the tag
    (thesun-plague-rabbit, nbc-msn-flu-shots-migrants, batch 7 dev). Another sentence with the same figure is not
    matched, nor a quote that shares only a few words."""
    assert bench.same_sentence(
        "develop symptoms after an incubaction period of one-to-seven days, says the World Health Organization",
        "Those infected with Y. pestis often develop symptoms after an incubaction period of one-to-seven days",
    )
    assert bench.same_sentence(
        "recommends all individuals above age 6 months get a flu vaccine",
        "all individuals above age 6 months get a flu vaccine by the end of October for the current flu season.",
    )
    assert not bench.same_sentence(
        "develop symptoms after an incubaction period of one-to-seven days, says the World Health Organization",
        "Most patients recover within one-to-seven days of treatment, says the World Health Organization",
    )
