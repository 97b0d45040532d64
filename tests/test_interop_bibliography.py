"""Bibliographies: BibTeX read back by pybtex (an independent parser) and by the project's own loader;
CSL-JSON rendered offline by citeproc-py with the style it ships."""

from __future__ import annotations

import json
import shutil
from importlib.resources import files

import pytest

from kg.cli.main import main
from kg.dataset.bib import parse_bibtex
from kg.dataset.paths import bundled_data_dir
from kg.export.registry import export
from tests.conftest import FIXTURE_DATA, FIXTURE_SLUG, SEED_SLUG

SEED_BIB = bundled_data_dir() / "articles" / SEED_SLUG / "references.bib"
FIXTURE_BIB = FIXTURE_DATA / "articles" / FIXTURE_SLUG / "references.bib"


def _render(items: list[dict]) -> list[str]:
    """A plain-text bibliography from CSL-JSON, by citeproc-py with its bundled Harvard style (offline)."""
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    style = CitationStylesStyle(
        str(files("citeproc") / "data" / "styles" / "harvard-cite-them-right.csl"), validate=False
    )
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


@pytest.mark.parametrize("store_name, bib", [("seed_store", SEED_BIB), ("fixture_store", FIXTURE_BIB)])
def test_bibtex_reads_back_in_pybtex_with_every_field(request, store_name, bib):
    from pybtex.database import parse_string

    text = export(request.getfixturevalue(store_name), "bibtex")
    parsed = parse_string(text, "bibtex")
    originals = parse_bibtex(bib)
    assert sorted(parsed.entries) == sorted(originals)
    for key, ref in originals.items():
        entry = parsed.entries[key]
        assert entry.fields["title"] == ref.title
        assert entry.fields.get("doi") == ref.doi
        assert entry.fields.get("url") == ref.url
        assert entry.fields.get("year") == (str(ref.year) if ref.year else None)
        assert [str(p) for p in entry.persons.get("author", [])] == ref.authors
        assert entry.fields.get("pages") == ref.fields.get("pages")
        assert entry.type == ("article" if ref.entry_type == "article" else "misc")


@pytest.mark.parametrize("store_name, bib", [("seed_store", SEED_BIB), ("fixture_store", FIXTURE_BIB)])
def test_bibtex_reads_back_into_a_data_folder(request, tmp_path, store_name, bib):
    path = tmp_path / "references.bib"
    path.write_text(export(request.getfixturevalue(store_name), "bibtex"), encoding="utf-8")
    again, originals = parse_bibtex(path), parse_bibtex(bib)
    assert {k: (r.title, r.doi, r.url, r.year, r.authors, r.iri) for k, r in again.items()} == {
        k: (r.title, r.doi, r.url, r.year, r.authors, r.iri) for k, r in originals.items()
    }


def test_dois_are_normalised(fixture_store):
    assert "doi       = {https://doi.org/10.1186/S12891-020-03357-4}" in FIXTURE_BIB.read_text(encoding="utf-8")
    assert "\tdoi = {10.1186/s12891-020-03357-4}\n" in export(fixture_store, "bibtex")
    items = {i["id"]: i for i in json.loads(export(fixture_store, "csljson"))}
    assert items["maselli2020"]["DOI"] == "10.1186/s12891-020-03357-4"


def test_csljson_renders_in_citeproc(fixture_store):
    assert _render(json.loads(export(fixture_store, "csljson"))) == [
        "Hydration Tips for Runners (2023) Hydration Tips for Runners. Example Running Club. Available at: https://www.example.org/running/hydration-tips.",
        "Maselli, F. et al. (2020) “Prevalence and incidence of low back pain among runners: a systematic review”, BMC Musculoskeletal Disorders, 21(1). Available at: https://doi.org/10.1186/s12891-020-03357-4.",
    ]


def test_csljson_renders_every_seed_source(seed_store):
    items = json.loads(export(seed_store, "csljson"))
    rendered = _render(items)
    assert len(rendered) == len(parse_bibtex(SEED_BIB)) == 8
    for item in items:
        assert any(item["title"] in line for line in rendered), item["id"]
    assert (
        "Raabe, M.E. and Chaudhari, A.M.W. (2018) “Biomechanical consequences of running with deep core muscle weakness”, "
        "Journal of Biomechanics, 23(67), pp. 98–105. Available at: https://doi.org/10.1016/j.jbiomech.2017.11.037."
    ) in rendered


def test_a_source_cited_by_two_articles_is_listed_once(tmp_path, runner):
    data = tmp_path / "data" / "articles"
    shutil.copytree(bundled_data_dir() / "articles" / SEED_SLUG, data / SEED_SLUG)
    shutil.copytree(FIXTURE_DATA / "articles" / FIXTURE_SLUG, data / FIXTURE_SLUG)
    result = runner.invoke(main, ["export", "--format", "csljson", "--data", str(tmp_path / "data")])
    assert result.exit_code == 0, result.output
    ids = [i["id"] for i in json.loads(result.stdout)]
    assert ids.count("maselli2020") == 1
    assert len(ids) == 9  # the seed's 8 sources and the example club's page
