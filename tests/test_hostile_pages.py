"""Hostile pages (issue 17): identifiers that carry markup, BibTeX that carries fields, markup that nests or
numbers itself to crash the reader, YAML that takes for ever to refuse, and data files that are links to files
outside the data folder. Each comes in through the real entry point: `ekg ingest` of a page, or a copy of the
seed data edited the way an attacker (or a careless download) would."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from kg.cli.main import main
from kg.dataset.bib import parse_bibtex, write_bibtex
from kg.dataset.model import Reference, Where
from tests.conftest import SEED_SLUG
from tests.test_audit_html_browser import browser  # noqa: F401 (the headless Chromium fixture)

PAGE = Path(__file__).parent / "fixtures" / "hostile" / "page.html"
SCRIPT_DOI = '10.1186/x"><script>window.pwned=1</script>'
SEED_DOI = "10.1186/s12891-020-03357-4"


def _one_line_error(result, *parts: str, exit_code: int | None = None) -> None:
    """``result``: a CliRunner result, or its output (with ``exit_code``)."""
    output, exit_code = (result, exit_code) if isinstance(result, str) else (result.output, result.exit_code)
    assert exit_code == 2, output
    assert "Traceback" not in output
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    for part in parts:
        assert part in lines[0], lines[0]


# ------------------------------------------------------------------ identifiers where they enter


def test_ingest_drops_bad_identifiers_and_lists_them_for_review(runner, tmp_path):
    """The page's reference list holds a DOI ending in a script tag, a URL with a quote and angle brackets, and
    its canonical link is javascript:. Ingest drafts the article, leaves them out of their fields, keeps the
    verbatim text, lists each in the notes, and the draft builds."""
    out = tmp_path / "drafts"
    result = runner.invoke(main, ["ingest", str(PAGE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    folder = out / "articles" / "page"
    meta = yaml.safe_load((folder / "article.yaml").read_text(encoding="utf-8"))
    assert "url" not in meta
    notes = "\n".join(meta["notes"])
    assert "canonical address 'javascript:alert(document.cookie)' was left out" in notes
    assert """its DOI '10.1186/x"><script>alert(1)</script>' (its suffix holds '"'""" in notes
    assert """its URL 'https://example.org/form"<b>x'""" in notes
    # Every reference stays a source (issue 19): the hostile text is kept only as the printed entry, never as an
    # identifier or a link
    refs = parse_bibtex(folder / "references.bib")
    links = [value for ref in refs.values() for name, value in ref.fields.items() if name in ("doi", "url")]
    assert links and not [value for value in links if set(value) & set('<>"')], links
    assert any("<script>" in (ref.verbatim or "") for ref in refs.values())
    build = runner.invoke(main, ["build", "--data", str(out)])
    assert build.exit_code == 0, build.output


def test_ingest_refuses_a_javascript_url_given_on_the_command_line(runner, tmp_path):
    page = Path(__file__).parent / "fixtures" / "ingest" / "html-page" / "shin-splints.html"
    result = runner.invoke(main, ["ingest", str(page), "--out", str(tmp_path), "--url", "javascript:alert(1)"])
    _one_line_error(result, "--url", "javascript: scheme is not allowed")


def test_load_refuses_a_doi_that_holds_markup(runner, data_copy):
    bib = data_copy / "articles" / SEED_SLUG / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace(SEED_DOI, SCRIPT_DOI, 1), encoding="utf-8")
    result = runner.invoke(main, ["build", "--data", str(data_copy)])
    _one_line_error(result, f"{bib} line 12, field maselli2020.doi", "is not a DOI", "which a DOI may not")


def test_load_refuses_a_url_without_a_host(runner, data_copy):
    """javascript: and quotes were refused before (the URL is an IRI of the graph); an empty host was not."""
    url, problem = "https:///no-host", "no host name"
    bib = data_copy / "articles" / SEED_SLUG / "references.bib"
    text = bib.read_text(encoding="utf-8").replace(f"doi       = {{{SEED_DOI}}}", f"url = {{{url}}}", 1)
    bib.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["build", "--data", str(data_copy)])
    _one_line_error(result, f"{bib} line 12, field maselli2020.url", problem)


# ------------------------------------------------------------------ BibTeX: a reference's text stays in its field

INJECTION = "Strength training}, url = {https://evil.example/x}, note = {"


@pytest.mark.parametrize(
    "text", [INJECTION, "a { b", "a } b", "}{", "ends in a backslash\\", "one line\n@misc{evil, title={x}}"]
)
def test_drafted_bibtex_keeps_a_references_text_in_its_field(tmp_path, text):
    path = tmp_path / "references.bib"
    ref = Reference(
        "k",
        "misc",
        {"title": text, "url": "https://example.org/", "verbatim": text},
        text,
        None,
        None,
        "https://example.org/",
        text,
        None,
        [],
        Where(path, None),
    )
    write_bibtex([ref], path)
    read = parse_bibtex(path)
    assert list(read) == ["k"]
    expected = text.replace("\n@", " @").strip()  # a line may not open with "@misc{" (BibTeX reads a new entry)
    assert read["k"].fields == {"title": expected, "url": "https://example.org/", "verbatim": expected}


def test_ingested_reference_cannot_inject_a_field(runner, tmp_path):
    out = tmp_path / "drafts"
    assert runner.invoke(main, ["ingest", str(PAGE), "--out", str(out)]).exit_code == 0
    refs = parse_bibtex(out / "articles" / "page" / "references.bib")
    assert list(refs) == ["smith2020", "brown2021", "lee2019"]  # every reference is a source (issue 19)
    assert "url" not in refs["brown2021"].fields
    assert refs["brown2021"].verbatim.startswith(
        "Brown K, Green L. Strength training {and} knee injury}, url = {https://evil.example/x}, note = {."
    )


# ------------------------------------------------------------------ links written into pictures and DOT


@pytest.fixture
def hostile_store_cache(runner, data_copy, tmp_path):
    """The seed graph built, then a source's DOI set to one that carries a script, in the store itself: what a
    remote endpoint (--endpoint) or a build by an older version can hold, past every check at entry."""
    import pyoxigraph

    from kg.cache.store import Cache

    cache = tmp_path / "cache"
    assert runner.invoke(main, ["build", "--data", str(data_copy), "--cache", str(cache)]).exit_code == 0
    store = pyoxigraph.Store(str(Cache(data_copy, cache).store_path(auto_build=False)))
    store.update(f"""PREFIX bibo: <http://purl.org/ontology/bibo/>
        DELETE {{ GRAPH ?g {{ ?s bibo:doi ?d }} }} INSERT {{ GRAPH ?g {{ ?s bibo:doi {pyoxigraph.Literal(SCRIPT_DOI)} }} }}
        WHERE {{ GRAPH ?g {{ ?s bibo:doi ?d FILTER(?d = "{SEED_DOI}") }} }}""")
    store.flush()
    del store
    return ["--data", str(data_copy), "--cache", str(cache), "--no-check"]


ESCAPED_LINK = "https://doi.org/10.1186/x%22%3E%3Cscript%3Ewindow.pwned=1%3C/script%3E"


def test_svg_of_a_hostile_doi_runs_no_script_in_a_browser(runner, hostile_store_cache, tmp_path, browser):  # noqa: F811 (the imported browser fixture)
    picture = tmp_path / "g.svg"
    result = runner.invoke(main, ["graph", "maselli2020", "-o", str(picture), *hostile_store_cache])
    assert result.exit_code == 0, result.output
    browser.get(picture.as_uri())
    assert browser.execute_script("return document.querySelectorAll('svg').length") == 1  # the picture rendered
    assert browser.execute_script("return window.pwned") is None
    assert browser.execute_script("return document.getElementsByTagName('script').length") == 0
    links = browser.execute_script(
        "return Array.from(document.querySelectorAll('a')).map(a => a.getAttributeNS('http://www.w3.org/1999/xlink', 'href'))"
    )
    assert ESCAPED_LINK in links


def test_dot_export_writes_the_link_percent_encoded(runner, hostile_store_cache):
    result = runner.invoke(main, ["export", "--format", "dot", *hostile_store_cache])
    assert result.exit_code == 0, result.output
    links = re.findall(r'URL="([^"]*)"', result.stdout)
    assert ESCAPED_LINK in links
    assert not [link for link in links if "<" in link or ">" in link]


def test_source_and_sources_give_the_link_percent_encoded(runner, hostile_store_cache):
    import json

    source = runner.invoke(main, ["source", "maselli2020", "--format", "json", *hostile_store_cache])
    assert source.exit_code == 0, source.output
    assert json.loads(source.stdout)["source"]["link"] == ESCAPED_LINK
    listing = runner.invoke(main, ["sources", "--format", "csv", *hostile_store_cache])
    assert listing.exit_code == 0, listing.output
    assert ESCAPED_LINK in listing.stdout and "<script>" not in listing.stdout


def test_svg_link_with_an_ampersand_is_well_formed(runner, data_copy, tmp_path):
    """A valid DOI may hold "&": dot copies the link into the SVG as given, so it must already be "&amp;"."""
    bib = data_copy / "articles" / SEED_SLUG / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace(SEED_DOI, "10.1186/a&b", 1), encoding="utf-8")
    picture = tmp_path / "g.svg"
    result = runner.invoke(main, ["graph", "maselli2020", "-o", str(picture), "--data", str(data_copy)])
    assert result.exit_code == 0, result.output
    hrefs = [
        a.get("{http://www.w3.org/1999/xlink}href") for a in ET.parse(picture).iter("{http://www.w3.org/2000/svg}a")
    ]
    assert "https://doi.org/10.1186/a&b" in hrefs


# ------------------------------------------------------------------ pages that crashed the reader


def _page(body: str) -> str:
    return (
        "<!DOCTYPE html><html><head><title>Hostile</title>"
        '<meta property="article:published_time" content="2024-03-01"></head><body><main><article>'
        f"<h1>Knee pain in runners</h1>{body}</article></main></body></html>"
    )


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "<div>" * 1000
            + "<p>Knee pain affects up to 25% of runners every year, one review found.</p>"
            + "</div>" * 1000,
            "Knee pain affects up to 25% of runners",
        ),
        (
            '<ol start="²"><li>Rest for two weeks before running again, the review advises.</li></ol>',
            "  1. Rest for two weeks",
        ),
        (
            '<ol><li value="¹">Rest for two weeks before running again, the review advises.</li></ol>',
            "  1. Rest for two weeks",
        ),
        (
            f'<ol start="{"9" * 5000}"><li>Rest for two weeks before running again, the review advises.</li></ol>',
            "  1. Rest for two weeks",
        ),
    ],
)
def test_ingest_reads_pages_that_crashed_it(runner, tmp_path, body, expected):
    page = tmp_path / "page.html"
    page.write_text(_page(body), encoding="utf-8")
    result = runner.invoke(main, ["ingest", str(page), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert expected in (tmp_path / "out" / "articles" / "page" / "article.txt").read_text(encoding="utf-8")


def test_yaml_with_nested_aliases_and_a_surrogate_in_a_comment_is_refused_at_once(data_copy):
    """Nine levels of nine aliases each (9^9 values written out) and a comment holding an escaped lone surrogate:
    the check for surrogates walked every value. The guard is a hang guard, far above the time it takes."""
    import subprocess
    import sys

    meta = data_copy / "articles" / SEED_SLUG / "article.yaml"
    bomb = ["# an escape in a comment: \\ud800", 'x0: &x0 ["a", "a", "a", "a", "a", "a", "a", "a", "a"]']
    bomb += [f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 9)}]" for i in range(1, 10)]
    meta.write_text(meta.read_text(encoding="utf-8") + "\n".join(bomb) + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", "--data", str(data_copy)], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Error: YamlSyntaxError: {meta} line {len(meta.read_text().splitlines()) - 8}: its aliases (*name) expand to more "
        "than 1,000,000 values (write the values out instead of nesting aliases)"
    ]


# ------------------------------------------------------------------ files outside the data folder


def _move_out(path: Path, outside: Path) -> Path:
    """Move ``path`` outside the data folder and leave a symbolic link to it in its place."""
    outside.mkdir(parents=True, exist_ok=True)
    target = outside / path.name
    path.rename(target)
    path.symlink_to(target)
    return target


@pytest.mark.parametrize("name", ["article.txt", "article.yaml", "claims.yaml", "references.bib"])
def test_a_link_to_a_file_outside_the_data_folder_is_refused(runner, data_copy, tmp_path, name):
    article = data_copy / "articles" / SEED_SLUG
    shared = data_copy / "shared"  # a link that stays inside the data folder is fine
    _move_out(article / name, shared)
    (article / name).unlink()
    (article / name).symlink_to(Path("..") / ".." / "shared" / name)
    assert runner.invoke(main, ["build", "--data", str(data_copy)]).exit_code == 0
    (article / name).unlink()
    _move_out(shared / name, tmp_path / "elsewhere")
    (article / name).symlink_to(tmp_path / "elsewhere" / name)
    result = runner.invoke(main, ["build", "--data", str(data_copy)])
    _one_line_error(
        result,
        f"OutsideDataFolder: {article / name}: is a link to {tmp_path / 'elsewhere' / name}, "
        f"outside the data folder {data_copy}",
        "--allow-outside-links",
    )


def test_a_linked_article_folder_outside_the_data_folder_is_refused_by_every_command(runner, data_copy, tmp_path):
    article = data_copy / "articles" / SEED_SLUG
    _move_out(article, tmp_path / "elsewhere")
    for command in (["build"], ["why", "runners"], ["validate"]):
        result = runner.invoke(main, [*command, "--data", str(data_copy)])
        # a query command says first that it builds, as it always does
        _one_line_error(
            result.output.replace("Building the graph first (no build yet, or an input changed)…\n", ""),
            f"OutsideDataFolder: {article}/article.yaml: is a link to",
            exit_code=result.exit_code,
        )


def test_a_build_from_an_outside_link_is_not_used_without_the_option(runner, data_copy, tmp_path):
    """The graph built with --allow-outside-links holds the outside file: a later command without the option
    refuses it (its freshness check looks at links) rather than show what was read."""
    _move_out(data_copy / "articles" / SEED_SLUG / "article.txt", tmp_path / "elsewhere")
    assert runner.invoke(main, ["build", "--data", str(data_copy), "--allow-outside-links"]).exit_code == 0
    result = runner.invoke(main, ["why", "runners", "--data", str(data_copy)])
    _one_line_error(result, "OutsideDataFolder: ", "article.txt: is a link to")


def test_allow_outside_links_reads_them(runner, data_copy, tmp_path, monkeypatch):
    text = data_copy / "articles" / SEED_SLUG / "article.txt"
    _move_out(text, tmp_path / "elsewhere")
    result = runner.invoke(main, ["build", "--data", str(data_copy), "--allow-outside-links"])
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("EKG_ALLOW_OUTSIDE_LINKS", "1")
    result = runner.invoke(main, ["build", "--data", str(data_copy), "--force"])
    assert result.exit_code == 0, result.output


# ------------------------------------------------------------------ files that are not pages


def test_a_binary_file_is_refused_not_drafted(runner, tmp_path):
    """A tar archive of the seed article (a real binary format whose bytes happen to be valid UTF-8: ASCII headers
    padded with NUL bytes, then the text) is one clear line, and nothing is drafted: before, the archive's
    header became the article's title."""
    import io
    import tarfile

    from kg.dataset.paths import bundled_data_dir

    seed_text = bundled_data_dir() / "articles" / SEED_SLUG / "article.txt"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        archive.add(seed_text, arcname="article.txt")
    page = tmp_path / "article.txt"  # the name says text; the bytes do not
    page.write_bytes(buffer.getvalue())
    out = tmp_path / "drafts"
    result = runner.invoke(main, ["ingest", str(page), "--out", str(out)])
    _one_line_error(result, str(page), "is not a text file", "NUL bytes")
    assert not out.exists()


def test_utf16_without_its_byte_order_mark_is_refused_with_the_fix(runner, tmp_path):
    """UTF-16 saved without a byte-order mark is valid UTF-8 byte for byte (every other byte NUL); reading it so
    would draft nothing useful, and guessing is not allowed: one line says what it looks like and how to fix it."""
    original = Path(__file__).parents[1] / "benchmarks" / "corpus" / "conv-ptsd-ukraine" / "article.txt"
    page = tmp_path / "article.txt"
    page.write_bytes(original.read_text(encoding="utf-8").encode("utf-16-le"))
    result = runner.invoke(main, ["ingest", str(page), "--out", str(tmp_path / "drafts")])
    _one_line_error(result, str(page), "UTF-16 without a byte-order mark", "save the article as UTF-8")


def test_a_utf16_page_is_read_as_utf16(runner, tmp_path):
    """A real corpus article saved as "Unicode" (UTF-16 with its byte-order mark, as Windows Notepad saves
    it) drafts the same claims as its UTF-8 original, and the draft says how the page was read."""
    original = Path(__file__).parents[1] / "benchmarks" / "corpus" / "conv-ptsd-ukraine" / "article.txt"
    text = original.read_text(encoding="utf-8")
    drafts = {}
    for name, data in (("utf8", text.encode("utf-8")), ("utf16", text.encode("utf-16"))):
        page = tmp_path / name / "article.txt"
        page.parent.mkdir()
        page.write_bytes(data)
        out = tmp_path / f"out-{name}"
        result = runner.invoke(main, ["ingest", str(page), "--out", str(out), "--slug", "same"])
        assert result.exit_code == 0, result.output
        drafts[name] = out / "articles" / "same"
    assert (drafts["utf16"] / "claims.yaml").read_text(encoding="utf-8") == (drafts["utf8"] / "claims.yaml").read_text(
        encoding="utf-8"
    )
    meta = yaml.safe_load((drafts["utf16"] / "article.yaml").read_text(encoding="utf-8"))
    assert any("UTF-16" in note for note in meta["notes"]), meta["notes"]
