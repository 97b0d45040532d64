"""`ekg ingest` on the command line, end to end with build, validate and stats; and the loader's check of
the drafted claims' `draft:` block."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.cli.main import main
from kg.dataset.loader import load_article
from kg.errors import SchemaError

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
HTML = FIXTURES / "html-page" / "shin-splints.html"


def test_ingest_prints_what_it_drafted(runner, tmp_path):
    result = runner.invoke(main, ["ingest", str(HTML), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Drafted {tmp_path}/articles/shin-splints: 12 claims, 7 statistics, 2 attributions, 2 people, "
        "3 references, 5 citations, 0 items to review\n"
    )
    assert sorted(p.name for p in (tmp_path / "articles" / "shin-splints").iterdir()) == [
        "article.txt",
        "article.yaml",
        "claims.yaml",
        "references.bib",
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["articles"]  # no staging folder left behind


def test_ingest_then_build_validate_stats_why_and_audit(runner, tmp_path):
    data = tmp_path / "drafts"
    assert runner.invoke(main, ["ingest", str(HTML), "--out", str(data)]).exit_code == 0
    author_year = runner.invoke(
        main,
        [
            "ingest",
            str(FIXTURES / "author-year" / "article.txt"),
            "--out",
            str(data),
            "--publisher",
            "Runners' Health Weekly",
            "--slug",
            "stretching",
        ],
    )
    assert author_year.exit_code == 0, author_year.output

    build = runner.invoke(main, ["build", "--data", str(data)])
    assert build.exit_code == 0, build.output
    assert build.output.startswith("Built 2 articles, 25 claims, ")

    validate = runner.invoke(main, ["validate", "--data", str(data)])
    assert validate.exit_code == 0, validate.output
    assert validate.output.startswith("Conforms: ")

    stats = runner.invoke(main, ["stats", "--data", str(data), "--format", "json"])
    assert stats.exit_code == 0, stats.output
    counts = json.loads(stats.output)["counts"]
    # 13 sources: the 3 of the page and the 10 of the author-year list, the book with no identifier included
    assert (counts["articles"], counts["claims"], counts["statistics"], counts["sources"], counts["people"]) == (
        2,
        25,
        13,
        13,
        4,
    )

    why = runner.invoke(main, ["why", "up to 15%", "--data", str(data), "--format", "json"])
    assert why.exit_code == 0, why.output
    match = json.loads(why.stdout)["matches"][0]
    assert (match["article"]["slug"], match["id"]) == ("shin-splints", "shin-splints-account-for-up-to")
    assert [s["citation"] for s in match["sources"]] == ["Winters et al. 2013"]

    audit = runner.invoke(main, ["audit", "--data", str(data), "--format", "json"])
    assert audit.exit_code in (0, 1), audit.output
    report = json.loads(audit.stdout)
    assert report["summary"]["articles"] == ["shin-splints", "stretching"]


def test_ingest_refuses_to_overwrite_without_force(runner, tmp_path):
    assert runner.invoke(main, ["ingest", str(HTML), "--out", str(tmp_path)]).exit_code == 0
    again = runner.invoke(main, ["ingest", str(HTML), "--out", str(tmp_path)])
    assert again.exit_code == 2
    assert (
        again.output
        == f"Error: IngestError: {tmp_path}/articles/shin-splints: already exists (pass --force to replace it, or --slug to write another folder)\n"
    )
    (tmp_path / "articles" / "shin-splints" / "article.txt").write_text("edited", encoding="utf-8")
    forced = runner.invoke(main, ["ingest", str(HTML), "--out", str(tmp_path), "--force"])
    assert forced.exit_code == 0, forced.output
    assert (
        (tmp_path / "articles" / "shin-splints" / "article.txt")
        .read_text(encoding="utf-8")
        .startswith("Shin Splints: Causes and Treatment\n")
    )
    assert [p.name for p in tmp_path.iterdir()] == ["articles"]


def test_an_undated_article_drafts_builds_and_says_what_is_missing(runner, tmp_path):
    """Issue 19: ingest never refuses an article for missing metadata; the draft builds and validates, and its
    notes say the date is missing and what that leaves unchecked. A bad --published is still one line."""
    article = tmp_path / "undated.txt"
    article.write_text("Why Knees Hurt\n\nAbout 20% of runners have knee pain.\n", encoding="utf-8")
    result = runner.invoke(main, ["ingest", str(article), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    meta = (tmp_path / "out" / "articles" / "undated" / "article.yaml").read_text(encoding="utf-8")
    assert "\npublished:" not in meta and "No publication date found" in meta
    built = runner.invoke(main, ["validate", "--data", str(tmp_path / "out")])
    assert built.exit_code == 0 and "\nConforms: " in built.output, built.output
    dated = runner.invoke(main, ["ingest", str(article), "--out", str(tmp_path / "out"), "--published", "2024-02-30"])
    assert (
        dated.output
        == f"Error: IngestError: {article}, field published: '2024-02-30' from --published is not a date (give --published YYYY-MM-DD)\n"
    )
    ok = runner.invoke(
        main, ["ingest", str(article), "--out", str(tmp_path / "out"), "--published", "2024-02-29", "--force"]
    )
    assert ok.exit_code == 0, ok.output
    assert (
        not (tmp_path / "out" / "articles" / "undated" / "claims.yaml").read_text(encoding="utf-8").count("citations:")
    )


def test_ingest_missing_file(runner, tmp_path):
    result = runner.invoke(main, ["ingest", str(tmp_path / "nope.html"), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert (
        result.output
        == f"Error: IngestError: {tmp_path}/nope.html: file not found (give the path of a saved article (.txt, .md or .html))\n"
    )


def test_ingest_url_names_the_folder_and_is_recorded(runner, tmp_path):
    article = FIXTURES / "author-year" / "article.txt"
    result = runner.invoke(
        main,
        [
            "ingest",
            str(article),
            "--out",
            str(tmp_path),
            "--url",
            "https://example.org/blog/does-stretching-help/?utm=x",
        ],
    )
    assert result.exit_code == 0, result.output
    meta = (tmp_path / "articles" / "does-stretching-help" / "article.yaml").read_text(encoding="utf-8")
    assert "\nurl: https://example.org/blog/does-stretching-help/?utm=x\n" in meta


def test_ingest_into_a_folder_that_cannot_be_made(runner, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = runner.invoke(main, ["ingest", str(HTML), "--out", str(blocker / "sub")])
    assert result.exit_code == 2
    assert (
        result.output
        == f"Error: IngestError: {blocker}/sub: cannot write the draft here: Not a directory (give --out a folder you can write to)\n"
    )


def test_ingest_options_for_one_article_only(runner, tmp_path):
    result = runner.invoke(
        main,
        ["ingest", str(HTML), str(FIXTURES / "author-year" / "article.txt"), "--slug", "x", "--out", str(tmp_path)],
    )
    assert result.exit_code == 2
    assert "--refs, --url and --slug apply to one article: ingest the others separately" in result.output


# ------------------------------------------------------------------ the draft: block in claims.yaml


@pytest.fixture
def draft_folder(tmp_path, runner) -> Path:
    assert runner.invoke(main, ["ingest", str(HTML), "--out", str(tmp_path)]).exit_code == 0
    return tmp_path / "articles" / "shin-splints"


def test_draft_block_is_loaded(draft_folder):
    article = load_article(draft_folder)
    first = article.claims[0]
    assert first.draft is not None
    assert first.draft.confidence == 0.9
    assert (
        first.draft.rules[-1]
        == "citation winters2013 (0.95, marker-bracket): in-text marker '[1]' is number 1 of the reference list"
    )


def test_reviewed_claim_without_draft_block_loads(draft_folder):
    path = draft_folder / "claims.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    draft:\n")
    end = text.index("\n\n", start)
    path.write_text(text[:start] + text[end + 1 :], encoding="utf-8")
    assert load_article(draft_folder).claims[0].draft is None


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "      confidence: 0.9\n",
            "      confidence: 0.9\n      confidnce: 1\n",
            "field claims[shin-splints-account-for-up-to].draft.confidnce: unknown field (did you mean confidence?)",
        ),
        (
            "      confidence: 0.9\n",
            "      confidence: 1.5\n",
            "field claims[shin-splints-account-for-up-to].draft.confidence: 1.5 is not between 0 and 1 (write a number from 0 to 1)",
        ),
        (
            "      confidence: 0.9\n",
            "      confidence: high\n",
            "field claims[shin-splints-account-for-up-to].draft.confidence: expected a number, found text 'high' (write a plain number, e.g. 2.6)",
        ),
    ],
)
def test_draft_block_is_checked_strictly(draft_folder, old, new, message):
    path = draft_folder / "claims.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SchemaError) as error:
        load_article(draft_folder)
    assert str(error.value).endswith(message)


def test_ingested_bundled_copy_builds_beside_the_seed(runner, tmp_path, data_copy):
    """A draft sits next to curated articles in one data folder and builds with them."""
    shutil.copytree(FIXTURES / "numeric-vancouver", tmp_path / "src")
    result = runner.invoke(
        main, ["ingest", str(tmp_path / "src" / "article.md"), "--out", str(data_copy), "--slug", "knee-pain-cyclists"]
    )
    assert result.exit_code == 0, result.output
    build = runner.invoke(main, ["build", "--data", str(data_copy)])
    assert build.exit_code == 0, build.output
    assert build.output.startswith("Built 2 articles, ")


def test_a_source_whose_doi_an_iri_cannot_hold_validates(runner, tmp_path):
    """An old SICI DOI holds < and >, which its IRI percent-encodes (as doi.org asks of links); the shape that ties a
    DOI source's IRI to its DOI compared them unencoded, so an author-year link to such a DOI drafted fine and then
    failed validation (found on a real blog post of batch 6 after the round's author-year link rule)."""
    page = tmp_path / "post.md"
    page.write_text(
        "---\ntitle: Trial designs\ndate: 2020-05-29\n---\n\n"
        "A hierarchical composite endpoint ranks each pair of patients "
        "([Finkelstein DM, Schoenfeld DA. 1999](https://doi.org/10.1002/(SICI)1097-0258(19990615)18:11<1341::AID-SIM129>3.0.CO;2-7)), "
        "and about 30% of trials use one.\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["ingest", str(page), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    bib = next((tmp_path / "out" / "articles").glob("*/references.bib")).read_text(encoding="utf-8")
    assert "1341::aid-sim129" in bib.lower()
    checked = runner.invoke(main, ["validate", "--data", str(tmp_path / "out")])
    assert checked.exit_code == 0 and "\nConforms: " in checked.output, checked.output
