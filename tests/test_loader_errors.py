"""Bad input: one clear line naming the file, line and field, exit 2, no traceback, old cache intact."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kg.cli.main import main
from tests.helpers import last_line


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture drift: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    """The first line containing ``needle`` (a trailing newline in ``needle`` pins the line's end)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line + "\n":
            return number
    raise AssertionError(f"{needle!r} not in {path}")


# Each case: (id, mutate(article_dir) -> expected message, with {dir} for the article folder)
def malformed_yaml(d):
    _replace(d / "claims.yaml", "  - id: warmup-2-6x\n", "  - id: warmup-2-6x\n   bad: [\n")
    line = _line_of(d / "claims.yaml", "bad: [")
    return f"YamlSyntaxError: {d}/claims.yaml line {line}: expected <block end>, but found '<block mapping start>' column 4 (fix the YAML syntax: check indentation and quoting)"


def quote_not_in_article(d):
    _replace(d / "claims.yaml", "are 2.6 times more likely", "are 2.7 times more likely")
    line = _line_of(d / "claims.yaml", "are 2.7 times more likely")
    return (
        f"QuoteNotFound: {d}/claims.yaml line {line}, field claims[warmup-2-6x].quote: "
        "'Marathon runners who don’t warm up before running are 2.7 t…' is not in the article text "
        "(the article has 'Marathon runners who' but the rest differs: copy the exact sentence from article.txt)"
    )


def straight_quotes(d):
    _replace(
        d / "claims.yaml",
        "Marathon runners who don’t warm up before running are 2.6",
        "Marathon runners who don't warm up before running are 2.6",
    )
    line = _line_of(d / "claims.yaml", "Marathon runners who don't warm up before running are 2.6")
    return (
        f"QuoteNotFound: {d}/claims.yaml line {line}, field claims[warmup-2-6x].quote: "
        '"Marathon runners who don\'t warm up before running are 2.6 t…" is not in the article text '
        "(it matches once quotes, dashes, spaces or case are normalised: copy the exact characters from article.txt (curly quotes, non-breaking spaces))"
    )


def unknown_citation_key(d):
    _replace(
        d / "claims.yaml",
        "      - source: wu2021\n        intent: citesAsDataSource",
        "      - source: wu2021x\n        intent: citesAsDataSource",
    )
    line = _line_of(d / "claims.yaml", "source: wu2021x")
    return f"UnknownReference: {d}/claims.yaml line {line}, field claims[warmup-2-6x].citations[0].source: cites 'wu2021x', which is not in references.bib (did you mean wu2021?)"


def duplicate_claim_id(d):
    _replace(d / "claims.yaml", "  - id: dynamic-warm-up\n", "  - id: warmup-2-6x\n")
    first = _line_of(d / "claims.yaml", "  - id: warmup-2-6x")
    text = (d / "claims.yaml").read_text(encoding="utf-8").splitlines()
    second = [i for i, line in enumerate(text, 1) if line == "  - id: warmup-2-6x"][1]
    return f"DuplicateId: {d}/claims.yaml line {second}, field claims[warmup-2-6x].id: claim 'warmup-2-6x' is defined twice (first at line {first}) (give each claim its own id)"


def malformed_bibtex(d):
    _replace(d / "references.bib", "@article{wu2021,", "@article{wu2021")
    line = _line_of(d / "references.bib", "@article{wu2021")
    return f"BibtexError: {d}/references.bib line {line}: entry '@article{{wu2021' does not parse: "


def url_not_an_iri(d):
    # the URL becomes the source's IRI: the store refuses '|', so this must be the user's error, not a build bug
    _replace(d / "references.bib", "a-runners-guide-to-lower-back-pain}", "a-runners|guide-to-lower-back-pain}")
    line = _line_of(d / "references.bib", "a-runners|guide")
    return (
        f"BibtexError: {d}/references.bib line {line}, field weber2021.url: "
        "'https://www.uhhospitals.org/blog/articles/2021/02/a-runners|guide-to-lower-back-pain' is not a valid IRI "
        "(Invalid IRI code point '|') (percent-encode the characters links may not hold (| as %7C, space as %20, [ as %5B, ] as %5D))"
    )


def key_not_in_an_iri(d):
    # the entry key is the last segment of the reference's IRI; claims.yaml cites it by the same key
    _replace(d / "references.bib", "@article{wu2021,", "@article{wu|2021,")
    _replace(d / "claims.yaml", "source: wu2021\n", "source: wu|2021\n", count=-1)
    line = _line_of(d / "references.bib", "@article{wu|2021,")
    return (
        f"BibtexError: {d}/references.bib line {line}, field key: the entry key 'wu|2021' cannot be part of an IRI "
        "(Invalid IRI code point '|') (use letters, digits and - _ : . in entry keys, and the same key in claims.yaml)"
    )


def key_with_a_slash(d):
    _replace(d / "references.bib", "@article{wu2021,", "@article{wu/2021,")
    line = _line_of(d / "references.bib", "@article{wu/2021,")
    return (
        f"BibtexError: {d}/references.bib line {line}, field key: the entry key 'wu/2021' cannot be part of an IRI "
        "('/' is not allowed) (use letters, digits and - _ : . in entry keys, and the same key in claims.yaml)"
    )


def unknown_claim_type(d):
    _replace(
        d / "claims.yaml",
        '    type: [statistical, association]\n    quote: "Marathon',
        '    type: [statistics, association]\n    quote: "Marathon',
    )
    line = _line_of(d / "claims.yaml", "type: [statistics, association]")
    return f"UnknownClaimType: {d}/claims.yaml line {line}, field claims[warmup-2-6x].type: 'statistics' is not a claim type (did you mean statistical?)"


def malformed_doi(d):
    _replace(d / "references.bib", "doi       = {10.1155/2021/6660304}", "doi       = {10.11/2021 6660304}")
    line = _line_of(d / "references.bib", "10.11/2021 6660304")
    return f"MalformedDOI: {d}/references.bib line {line}, field wu2021.doi: '10.11/2021 6660304' is not a DOI (a DOI is 10., a registrant code, a slash and a suffix, e.g. 10.1155/2021/6660304)"


def unknown_field(d):
    _replace(
        d / "claims.yaml",
        '        population: "marathon runners who don’t',
        '        populaton: "marathon runners who don’t',
    )
    line = _line_of(d / "claims.yaml", "populaton:")
    return f"SchemaError: {d}/claims.yaml line {line}, field claims[warmup-2-6x].statistics[0].populaton: unknown field (did you mean population?)"


def stated_as_outside_quote(d):
    _replace(d / "claims.yaml", '      - stated_as: "2.6 times"', '      - stated_as: "2.6-fold"')
    line = _line_of(d / "claims.yaml", 'stated_as: "2.6-fold"')
    return f"QuoteNotFound: {d}/claims.yaml line {line}, field claims[warmup-2-6x].statistics[0].stated_as: '2.6-fold' is not inside the claim's quote (copy the figure's wording exactly from the quote)"


def missing_value(d):
    _replace(d / "claims.yaml", "        value: 2.6\n", "")
    line = _line_of(d / "claims.yaml", 'stated_as: "2.6 times"')
    return f"SchemaError: {d}/claims.yaml line {line}, field claims[warmup-2-6x].statistics[0].value: a statistic needs a value, or min and/or max for a range (add value: N, or min:/max:)"


def unknown_expert(d):
    _replace(
        d / "claims.yaml",
        '      agent: goostree\n      mode: direct-quote\n      cue: "“ says Dr. Goostree"',
        '      agent: goostre\n      mode: direct-quote\n      cue: "“ says Dr. Goostree"',
    )
    line = _line_of(d / "claims.yaml", "agent: goostre\n")
    return f"UnknownId: {d}/claims.yaml line {line}, field claims[dynamic-warm-up].attribution.agent: 'goostre' is not a defined person or organisation (did you mean goostree?)"


def impossible_date(d):
    _replace(d / "article.yaml", "published: 2023-02-02", "published: 2023-02-30")
    line = _line_of(d / "article.yaml", "published: 2023-02-30")
    return (
        f"YamlSyntaxError: {d}/article.yaml line {line}: '2023-02-30' is not a valid date or time (day is out of range for month) "
        "column 12 (write a real date, e.g. 2023-02-02, or quote the value)"
    )


def value_not_a_finite_number(d):
    _replace(d / "claims.yaml", "        value: 2.6\n", "        value: .nan\n")
    line = _line_of(d / "claims.yaml", "value: .nan")
    return f"SchemaError: {d}/claims.yaml line {line}, field claims[warmup-2-6x].statistics[0].value: nan is not a finite number (write a plain number, e.g. 2.6)"


def fractional_occurrence(d):
    _replace(
        d / "claims.yaml",
        "    about: [warm-up, marathon-runners, low-back-pain]\n",
        "    about: [warm-up, marathon-runners, low-back-pain]\n    occurrence: 1.5\n",
    )
    line = _line_of(d / "claims.yaml", "occurrence: 1.5")
    return f"SchemaError: {d}/claims.yaml line {line}, field claims[warmup-2-6x].occurrence: 1.5 is not a whole number from 1 up (write a whole number, e.g. 1)"


def text_elsewhere(d):
    _replace(d / "article.yaml", "text: article.txt", "text: /proc/self/mem")
    line = _line_of(d / "article.yaml", "text: /proc/self/mem")
    return (
        f"SchemaError: {d}/article.yaml line {line}, field text: '/proc/self/mem': the article's text is read from article.txt in its "
        "folder (put the text in article.txt and write 'text: article.txt', or leave the field out)"
    )


def text_a_folder(d):
    (d / "article.txt").unlink()
    (d / "article.txt").mkdir()
    return f"DataError: {d}/article.txt: is not a regular file (make it a plain text file, or a link to one)"


def claims_a_named_pipe(d):
    (d / "claims.yaml").unlink()
    os.mkfifo(d / "claims.yaml")  # read for ever: the build used to hang hashing it
    return f"DataError: {d}/claims.yaml: is not a regular file (make it a plain text file, or a link to one)"


def text_a_link_to_a_device(d):
    (d / "article.txt").unlink()
    (d / "article.txt").symlink_to("/dev/zero")
    return f"DataError: {d}/article.txt: is not a regular file (make it a plain text file, or a link to one)"


def article_url_not_a_web_address(d):
    _replace(d / "article.yaml", "language: en", "url: www.hingehealth.com/article\nlanguage: en")
    line = _line_of(d / "article.yaml", "url: www.")
    return (
        f"SchemaError: {d}/article.yaml line {line}, field url: 'www.hingehealth.com/article' is not a valid web address "
        "(not an http(s) URL) (write the article's full address, e.g. https://www.example.com/article, percent-encoding spaces as %20)"
    )


def concept_key_not_an_id(d):
    _replace(
        d / "claims.yaml",
        "  low-back-pain: {label: low back pain, kind: condition}",
        "  low back pain: {label: low back pain, kind: condition}",
    )
    line = _line_of(d / "claims.yaml", "  low back pain: {")
    return (
        f"SchemaError: {d}/claims.yaml line {line}, field concepts.low back pain: 'low back pain' is not a valid id "
        "(use lower-case letters, digits and hyphens, e.g. low-back-pain)"
    )


def lone_surrogate(d):
    _replace(d / "article.yaml", 'title: "Lower Back', 'title: "\\ud800 Lower Back')
    line = _line_of(d / "article.yaml", "title: ")
    return (
        f"YamlSyntaxError: {d}/article.yaml line {line}: \\ud800 is half of a UTF-16 surrogate pair, not a character "
        "(write the character itself, or its \\U00XXXXXX escape)"
    )


def refnumber_not_ascii_digits(d):
    _replace(d / "references.bib", "refnumber = {1},", "refnumber = {\u00b9},")  # a digit to str.isdigit, not to int()
    line = _line_of(d / "references.bib", "refnumber = {\u00b9}")
    return f"BibtexError: {d}/references.bib line {line}, field maselli2020.refnumber: '\u00b9' is not a number (write refnumber = {{3}})"


CASES = [
    malformed_yaml,
    quote_not_in_article,
    straight_quotes,
    unknown_citation_key,
    duplicate_claim_id,
    malformed_bibtex,
    unknown_claim_type,
    malformed_doi,
    url_not_an_iri,
    key_not_in_an_iri,
    key_with_a_slash,
    unknown_field,
    stated_as_outside_quote,
    missing_value,
    unknown_expert,
    impossible_date,
    value_not_a_finite_number,
    fractional_occurrence,
    text_elsewhere,
    text_a_folder,
    concept_key_not_an_id,
    article_url_not_a_web_address,
    lone_surrogate,
    refnumber_not_ascii_digits,
]


@pytest.mark.parametrize("mutate", CASES, ids=[c.__name__ for c in CASES])
def test_bad_input_is_one_line_exit_2_and_keeps_the_cache(runner, data_copy, seed_article, mutate):
    good = runner.invoke(main, ["build", "--data", str(data_copy)])
    assert good.exit_code == 0, good.output
    from kg.cache.store import Cache

    cache = Cache(data_copy).dir
    manifest_before = (cache / "manifest.json").read_bytes()
    store_before = json.loads(manifest_before)["store"]

    expected = mutate(seed_article)
    result = runner.invoke(main, ["build", "--data", str(data_copy)])

    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    message = result.stderr.removeprefix("Error: ").rstrip("\n")
    assert "\n" not in message
    if expected.endswith(": "):  # the parser's own reason follows; the location is what we pin
        assert message.startswith(expected)
    else:
        assert message == expected
    # the previous cache is untouched and still opens
    assert (cache / "manifest.json").read_bytes() == manifest_before
    assert (cache / store_before).is_dir()
    assert list(cache.glob("store-*")) == [cache / store_before]


def test_missing_data_folder(runner, tmp_path):
    missing = tmp_path / "nope"
    result = runner.invoke(main, ["build", "--data", str(missing)])
    assert result.exit_code == 2
    assert (
        last_line(result.stderr)
        == f"Error: MissingData: {missing}: data folder not found (pass --data DIR with a folder that holds articles/<slug>/)\n"
    )


def test_data_folder_without_articles(runner, tmp_path):
    result = runner.invoke(main, ["stats", "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert (
        last_line(result.stderr)
        == f"Error: MissingData: {tmp_path}: no articles/ folder in the data folder (a data folder holds articles/<slug>/article.yaml, see docs/data-format.md)\n"
    )


def test_missing_claims_file(runner, data_copy, seed_article):
    (seed_article / "claims.yaml").unlink()
    result = runner.invoke(main, ["build", "--data", str(data_copy)])
    assert result.exit_code == 2
    assert (
        last_line(result.stderr)
        == f"Error: MissingData: {seed_article}/claims.yaml: file not found (create it, see docs/data-format.md)\n"
    )


def test_a_failed_build_leaves_queries_on_the_old_store_possible(data_copy, seed_article):
    """The library can still open the previous store read-only after a failed rebuild."""
    from kg.cache.store import Cache
    from kg.errors import QuoteNotFound

    cache = Cache(data_copy)
    cache.build()
    path = cache.store_path(auto_build=False)
    quote_not_in_article(seed_article)
    with pytest.raises(QuoteNotFound):
        cache.build()
    import pyoxigraph

    store = pyoxigraph.Store.read_only(str(path))
    assert len(store) > 4000


def test_an_unexpected_error_while_building_an_article_names_the_article_in_one_line(
    runner, data_copy, seed_article, monkeypatch
):
    """Whatever the checks miss (a bug of ours, a library's error) still ends in one line naming the article, not a
    traceback from the worker that read it."""
    import kg.dataset.loader

    def broken(folder):
        raise RuntimeError("something the checks did not foresee")

    monkeypatch.setattr(kg.dataset.loader, "load_article", broken)
    monkeypatch.setenv("EKG_BUILD_WORKERS", "1")
    result = runner.invoke(main, ["build", "--data", str(data_copy)])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"Error: DataError: {seed_article}: could not be built (RuntimeError: something the checks did not foresee) "
        "(if its files look right, this is a bug in evidence-kg: please report it with this article)\n"
    )


def test_a_bibtex_syntax_error_is_one_line_from_a_real_process(data_copy, seed_article):
    """bibtexparser logs why an entry failed; a process (no test harness catching the log) printed that before
    the error line. The reason is now part of the one line."""
    import os
    import shutil
    import subprocess
    import sys

    _replace(seed_article / "references.bib", "@article{wu2021,", "@article{wu2021")
    line = _line_of(seed_article / "references.bib", "@article{wu2021")
    ekg = shutil.which("ekg", path=str(Path(sys.executable).parent))
    result = subprocess.run(
        [ekg, "build", "--data", str(data_copy)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "EKG_BUILD_WORKERS": "1"},
    )
    assert result.returncode == 2
    assert result.stderr == (
        f"Error: BibtexError: {seed_article}/references.bib line {line}: entry '@article{{wu2021' does not parse: "
        "Expected comma after entry key, but found = (check the braces, commas and quotes of this entry)\n"
    )


@pytest.mark.parametrize(
    "mutate", [claims_a_named_pipe, text_a_link_to_a_device], ids=["named pipe", "link to /dev/zero"]
)
def test_an_input_that_is_not_a_regular_file_is_one_line_not_a_hang(data_copy, seed_article, mutate):
    """A named pipe or a device would be read for ever (the build hashes its inputs): a real process, with a time
    limit, so that a regression fails instead of hanging the suite."""
    import shutil
    import subprocess
    import sys

    expected = mutate(seed_article)
    ekg = shutil.which("ekg", path=str(Path(sys.executable).parent))
    result = subprocess.run([ekg, "build", "--data", str(data_copy)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr == f"Error: {expected}\n"
