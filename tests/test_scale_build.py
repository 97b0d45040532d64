"""Corpus builds: the fast N-Quads path, incremental and parallel builds, atomic publication under SIGKILL,
sources shared by DOI, and the freshness check."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.build.quads import article_nquads, article_quads, nquad_line
from kg.cache.store import Cache
from kg.cli.main import main
from kg.dataset.loader import load_corpus
from kg.dataset.paths import bundled_data_dir
from kg.settings import SETTINGS

REPO = Path(__file__).resolve().parent.parent


def _generator():
    spec = importlib.util.spec_from_file_location("generate_corpus", REPO / "benchmarks" / "generate_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A synthetic corpus of 24 articles (enough for the process pool), written by the benchmark generator."""
    return _generator().generate(tmp_path_factory.mktemp("corpus"), 24, seed=7, claims_per_article=12)


def _copy(corpus: Path, tmp_path: Path) -> Path:
    shutil.copytree(corpus, tmp_path / "data")
    return tmp_path / "data"


@pytest.mark.parametrize("which", ["seed", "synthetic"])
def test_fast_path_gives_byte_identical_nquads_to_the_rdflib_term_path(which, corpus):
    articles = load_corpus(bundled_data_dir() if which == "seed" else corpus).articles
    for article in articles:
        assert article_nquads(article) == [nquad_line(q) for q in article_quads(article)]


def test_the_generated_corpus_passes_the_real_loader_and_is_shaped_like_articles(corpus):
    articles = load_corpus(corpus).articles
    assert len(articles) == 24
    claims = [c for a in articles for c in a.claims]
    assert len(claims) == 24 * 12
    assert sum(1 for c in claims if c.statistics) == len(claims) // 3
    assert all(len(a.references) == 10 for a in articles)
    dois = [r.doi for a in articles for r in a.references.values()]
    assert len(set(dois)) < len(dois)  # sources are shared between articles by DOI


def test_only_changed_articles_are_loaded_again(corpus, tmp_path, runner):
    data = _copy(corpus, tmp_path)
    args = ["build", "--data", str(data), "--cache", str(tmp_path / "cache")]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("Built 24 articles, 288 claims, ")
    assert "; 24 loaded, 0 reused; " in first.stdout
    assert runner.invoke(main, args).stdout.startswith("Up to date: 24 articles, 288 claims, ")

    claims = data / "articles" / "article-00003" / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace('text: "', 'text: "Edited: ', 1), encoding="utf-8")
    shutil.rmtree(data / "articles" / "article-00024")
    again = runner.invoke(main, args)
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("Built 23 articles, 276 claims, ")
    assert "; 1 loaded, 22 reused; " in again.stdout
    # the incremental store equals a build from scratch
    fresh = runner.invoke(
        main, ["export", "--format", "nq", "--data", str(data), "--cache", str(tmp_path / "fresh")]
    ).stdout
    assert (
        runner.invoke(
            main, ["export", "--format", "nq", "--data", str(data), "--cache", str(tmp_path / "cache")]
        ).stdout
        == fresh
    )
    assert "Edited: " in fresh and "article-00024" not in fresh
    # parts of articles that are gone are collected
    parts = {p.name for p in (tmp_path / "cache" / "parts").iterdir()}
    assert len(parts) == 5 * 23 + 1  # .nq, .shared.nq, .rows, .json and .search.json per article, and the ontology


def test_a_patched_store_equals_a_store_built_from_scratch(corpus, tmp_path):
    """Few changes patch a copy of the previous store; many changes load every part again; both are right."""
    from kg.export.rdf import nquads

    data = _copy(corpus, tmp_path)
    cache = Cache(data, tmp_path / "cache")
    assert cache.build().patched is False
    claims = data / "articles" / "article-00005" / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace('text: "', 'text: "Patched: ', 3), encoding="utf-8")
    bib = data / "articles" / "article-00006" / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("title = {", "title = {Renamed: ", 1), encoding="utf-8")
    summary = cache.build()
    assert (summary.patched, summary.articles_rebuilt) == (True, 2)
    assert summary.triples == len(cache.open().store) == cache.open().quads
    patched, fresh = cache.open(), Cache(data, tmp_path / "fresh").open()
    assert nquads(patched) == nquads(fresh)
    from kg.provenance import why

    for word in ("patched", "hydration", "c004", "2"):
        assert why._word_matches(patched, [word]) == why._word_matches(fresh, [word]), word
    assert why._word_matches(patched, ["patched"])
    for word in ("patched", "hydration", "c004", "runners"):  # the patched index ranks as a fresh one
        assert _ranked(patched.search_index, word, 7) == _ranked(fresh.search_index, word, 7), word
    for folder in sorted((data / "articles").iterdir())[:8]:  # a third of the corpus: loaded again whole
        meta = folder / "article.yaml"
        meta.write_text(meta.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    summary = cache.build()
    assert (summary.patched, summary.articles_rebuilt) == (False, 8)
    assert summary.triples == len(cache.open().store) == cache.open().quads  # ekg stats reports the manifest's
    assert nquads(cache.open()) == nquads(Cache(data, tmp_path / "fresh2").open())


@pytest.mark.parametrize("previous_part", ["kept", "gone", "cut", "damaged"])
def test_a_changed_article_is_patched_by_its_parts_difference_or_loaded_again_whole(corpus, tmp_path, previous_part):
    """A patched build brings a changed article's graph to its new part by the difference from its previous part
    (kg.cache.store._patch_lines); with that part gone, not of its recorded size, or not what the graph holds, it
    loads the new part whole. Each way the store is a cold build's."""
    import json

    from kg.export.rdf import nquads

    data = _copy(corpus, tmp_path)
    cache = Cache(data, tmp_path / "cache")
    cache.build()
    inputs = json.loads((tmp_path / "cache" / cache.manifest()["inputs"]).read_text(encoding="utf-8"))
    old_part = tmp_path / "cache" / "parts" / f"{inputs['articles']['article-00007']['key']}.nq"
    claims = data / "articles" / "article-00007" / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(text.replace('text: "', 'text: "Patched: ', 2), encoding="utf-8")
    if previous_part == "gone":
        old_part.unlink()
    elif previous_part == "cut":  # not of its recorded size
        old_part.write_bytes(old_part.read_bytes()[:-2])
    elif (
        previous_part == "damaged"
    ):  # of its size, but the first claim's text (which the edit changes) is not the graph's
        first = re.search(r'text: "([^"]{12})', text).group(1).encode()
        assert first in old_part.read_bytes()
        old_part.write_bytes(old_part.read_bytes().replace(b'"' + first, b'"' + first.swapcase(), 1))
    summary = cache.build()
    assert (summary.patched, summary.articles_rebuilt) == (True, 1)
    fresh = Cache(data, tmp_path / "fresh")
    assert summary.triples == len(cache.open().store) == fresh.build().triples
    assert nquads(cache.open()) == nquads(fresh.open())


def test_an_edit_of_claims_only_keeps_the_shared_graph_and_equals_a_store_built_from_scratch(corpus, tmp_path):
    """An edit that states no other shared statement copies the previous shared graph (kg.build.parts.shared_part)
    and skips its diff; the store, its count and the shared graph's file are a cold build's. A source edited
    after it is still seen."""
    import json

    from kg.export.rdf import nquads

    def shared(cache_dir: Path) -> bytes:
        return (cache_dir / json.loads((cache_dir / "manifest.json").read_text())["shared"]).read_bytes()

    data = _copy(corpus, tmp_path)
    cache = Cache(data, tmp_path / "cache")
    cache.build()
    before = shared(tmp_path / "cache")
    claims = data / "articles" / "article-00005" / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace('text: "', 'text: "Patched: ', 3), encoding="utf-8")
    summary = cache.build()
    assert (summary.patched, summary.articles_rebuilt) == (True, 1)
    fresh = Cache(data, tmp_path / "fresh")
    assert summary.triples == len(cache.open().store) == fresh.build().triples
    assert shared(tmp_path / "cache") == before == shared(tmp_path / "fresh")
    assert nquads(cache.open()) == nquads(fresh.open())
    bib = data / "articles" / "article-00005" / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("title = {", "title = {Renamed: ", 1), encoding="utf-8")
    assert cache.build().patched
    assert shared(tmp_path / "cache") != before
    assert nquads(cache.open()) == nquads(Cache(data, tmp_path / "fresh2").open())


def test_an_edit_of_claims_reads_no_other_articles_summary_and_equals_a_cold_build(corpus, tmp_path):
    """A patched build takes its unchanged articles' summaries from the previous build's record, not from their
    parts (kg.cache.store._recorded_summaries): with every other summary damaged, an edit of one article's claims
    loads that article only. An edit that changes a concept's label reads every summary again (the word index's
    labels change for other articles' claims). Each time the store, its word index and the warnings are a cold
    build's."""
    from kg.export.rdf import nquads
    from kg.provenance import why

    def same_as_cold(summary, name: str) -> None:
        fresh = Cache(data, tmp_path / name)
        assert summary.triples == fresh.build().triples
        assert summary.warnings == fresh.build(force=True).warnings
        patched, cold = cache.open(), fresh.open()
        assert nquads(patched) == nquads(cold)
        for word in ("patched", "hydration", "c004", "runners", "2", label.lower()):
            assert why._word_matches(patched, [word]) == why._word_matches(cold, [word]), word
            assert _ranked(patched.search_index, word, 7) == _ranked(cold.search_index, word, 7), word

    data = _copy(corpus, tmp_path)
    cache = Cache(data, tmp_path / "cache")
    cache.build()
    inputs = json.loads((tmp_path / "cache" / cache.manifest()["inputs"]).read_text(encoding="utf-8"))
    for slug, entry in inputs["articles"].items():
        if slug != "article-00005":
            (tmp_path / "cache" / "parts" / f"{entry['key']}.json").write_text("damaged", encoding="utf-8")
    claims = data / "articles" / "article-00005" / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    label = re.search(r'label: "([^"]+)"', text).group(1)
    claims.write_text(text.replace('text: "', 'text: "Patched: ', 3), encoding="utf-8")
    shared = (tmp_path / "cache" / cache.manifest()["shared"]).stat().st_ino
    summary = cache.build()
    assert (summary.patched, summary.articles_rebuilt) == (True, 1)
    assert (tmp_path / "cache" / cache.manifest()["shared"]).stat().st_ino == shared  # the same file, linked
    same_as_cold(summary, "cold-1")
    text = claims.read_text(encoding="utf-8")
    claims.write_text(text.replace(f'label: "{label}"', f'label: "{label} (Relabelled)"', 1), encoding="utf-8")
    summary = cache.build()
    assert (summary.patched, summary.articles_rebuilt) == (True, 24)  # every summary read: the damaged ones built
    assert why._word_matches(cache.open(), ["relabelled"])
    same_as_cold(summary, "cold-2")


def test_a_word_index_of_the_older_layout_is_written_whole_once_and_the_summaries_read(corpus, tmp_path):
    """A cache whose word index predates the concepts' label lists (no concept_labels table): the next patched build
    reads every summary (a damaged one is built again) and writes the index whole, as a cold build's."""
    import sqlite3

    from kg.build.search import stored_labels
    from kg.provenance import why

    data = _copy(corpus, tmp_path)
    cache = Cache(data, tmp_path / "cache")
    cache.build()
    index = tmp_path / "cache" / cache.manifest()["search"]
    with sqlite3.connect(index) as db:
        db.execute("DROP TABLE concept_labels")
    db.close()
    assert stored_labels(index, ()) is None
    inputs = json.loads((tmp_path / "cache" / cache.manifest()["inputs"]).read_text(encoding="utf-8"))
    (tmp_path / "cache" / "parts" / f"{inputs['articles']['article-00002']['key']}.json").write_text("damaged")
    claims = data / "articles" / "article-00005" / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace('text: "', 'text: "Patched: ', 1), "utf-8")
    summary = cache.build()
    assert (summary.patched, summary.articles_rebuilt) == (True, 2)
    assert stored_labels(tmp_path / "cache" / cache.manifest()["search"], ()) == {}
    cold = Cache(data, tmp_path / "cold").open()
    for word in ("patched", "hydration", "runners"):
        assert why._word_matches(cache.open(), [word]) == why._word_matches(cold, [word]), word


def test_patching_the_word_index_drops_exactly_the_rows_of_the_stale_articles(corpus, tmp_path):
    """kg.build.search.patch_index finds a stale article's claims by claim_order's index: the rows left in every
    table are those whose claim is not under the article's prefix, as a filter on every row gives."""
    import sqlite3

    from kg.build.quads import claim_iri
    from kg.build.search import patch_index

    cache = Cache(corpus, tmp_path / "cache")
    cache.build()
    index = tmp_path / "cache" / cache.manifest()["search"]
    source = sqlite3.connect(index)
    labels = dict(source.execute("SELECT concept, labels FROM concept_labels"))
    prefixes = [str(claim_iri(slug, "")) for slug in ("article-00002", "article-00011")]

    def tables(db) -> dict[str, list]:
        return {
            table: db.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid").fetchall()
            for table in ("search", "claim_order", "figures")
        }

    before = tables(source)
    source.close()
    assert patch_index(index, tmp_path / "patched.sqlite", prefixes, [], labels)
    after = tables(sqlite3.connect(tmp_path / "patched.sqlite"))
    for table, rows in before.items():
        claim = 1 if table in ("search", "figures") else 2  # the claim's column, after the rowid
        kept = [row for row in rows if not any(row[claim].startswith(prefix) for prefix in prefixes)]
        assert len(kept) < len(rows) and after[table] == kept, table


def test_parallel_and_sequential_builds_give_the_same_store(corpus, tmp_path, monkeypatch):
    exports = []
    for workers in ("1", "2"):
        monkeypatch.setenv("EKG_BUILD_WORKERS", workers)
        cache = Cache(corpus, tmp_path / f"w{workers}")
        summary = cache.build()
        assert summary.articles_rebuilt == 24
        from kg.export.rdf import nquads

        exports.append(nquads(cache.open()))
    assert exports[0] == exports[1]


def test_the_first_bad_article_in_folder_order_is_reported_from_a_worker(corpus, tmp_path, monkeypatch):
    from kg.errors import QuoteNotFound

    monkeypatch.setenv("EKG_BUILD_WORKERS", "2")
    data = _copy(corpus, tmp_path)
    for slug in ("article-00009", "article-00017"):
        claims = data / "articles" / slug / "claims.yaml"
        claims.write_text(
            claims.read_text(encoding="utf-8").replace('quote: "Note ', 'quote: "Nothing ', 1), encoding="utf-8"
        )
    with pytest.raises(QuoteNotFound) as failed:
        Cache(data, tmp_path / "cache").build()
    assert str(failed.value).startswith(f"QuoteNotFound: {data}/articles/article-00009/claims.yaml line ")
    assert failed.value.path == f"{data}/articles/article-00009/claims.yaml"


@pytest.mark.parametrize("compact", [False, True])
def test_build_progress_reports_articles_then_the_store(corpus, tmp_path, monkeypatch, compact):

    monkeypatch.setenv("EKG_BUILD_WORKERS", "1")
    monkeypatch.setattr(SETTINGS, "compact_above", 0 if compact else SETTINGS.compact_above)
    seen = []
    cache = Cache(corpus, tmp_path / "cache")
    cache.build(progress=lambda done, total, phase: seen.append((done, total, phase)))
    assert seen[0] == (0, 24, "Loading articles")
    assert seen[24] == (24, 24, "Loading articles")
    compacting = [(0, 1, "Compacting the store"), (1, 1, "Compacting the store")] if compact else []
    auditing = [(0, 24, "Auditing articles"), (24, 24, "Auditing articles")]
    assert seen[25:] == [*auditing, (0, 1, "Loading the store"), *compacting, (1, 1, "Loading the store")]
    assert len(cache.open()) > 10_000


@pytest.mark.parametrize("phase", ["loading articles", "loading the store"])
def test_a_killed_build_leaves_the_previous_store_usable_and_unchanged(corpus, tmp_path, phase):
    """SIGKILL a real `ekg build` midway; the manifest and store of the previous build stay as they were."""
    data = _copy(corpus, tmp_path)
    cache_dir = tmp_path / "cache"
    ekg = shutil.which("ekg", path=str(Path(sys.executable).parent))
    base = [ekg, "--data", str(data), "--cache", str(cache_dir)]
    subprocess.run([ekg, "build", *base[1:]], check=True, capture_output=True, timeout=300)
    manifest = (cache_dir / "manifest.json").read_bytes()
    store = json.loads(manifest)["store"]
    before = subprocess.run(
        [ekg, "why", "hydration", "--format", "json", "--no-check", *base[1:]], capture_output=True, timeout=120
    ).stdout

    killed = False
    for _attempt in range(5):  # bounded: each attempt waits for the phase, then kills
        process = subprocess.Popen(
            [ekg, "build", "--force", *base[1:]],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "EKG_BUILD_WORKERS": "1"},
        )
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            if phase == "loading articles":
                fresh_parts = [
                    p
                    for p in (cache_dir / "parts").glob("*.nq")
                    if p.stat().st_mtime > time.time() - 30
                    and p.stat().st_mtime_ns > os.stat(cache_dir / "manifest.json").st_mtime_ns
                ]
                ready = len(fresh_parts) >= 2
            else:
                ready = any(p.name != store for p in cache_dir.glob("store-*"))
            if ready:
                process.send_signal(signal.SIGKILL)
                killed = True
                break
            time.sleep(0.002)
        process.wait(timeout=60)
        if killed:
            break
    assert killed, "the build finished before it could be killed"
    assert (cache_dir / "manifest.json").read_bytes() == manifest
    assert (cache_dir / store).is_dir()
    after = subprocess.run(
        [ekg, "why", "hydration", "--format", "json", "--no-check", *base[1:]], capture_output=True, timeout=120
    ).stdout
    assert after == before and b'"matches": [' in after
    # the next build cleans up what the killed one left behind
    subprocess.run([ekg, "build", *base[1:]], check=True, capture_output=True, timeout=300)
    assert len(list(cache_dir.glob("store-*"))) == 1
    assert list(cache_dir.glob(".load-*")) == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_build_stopped_by_a_signal_leaves_no_workers_and_no_tracebacks(corpus, tmp_path, sig):
    """Stop a real `ekg build` while its two reader processes work. SIGTERM unwinds like Ctrl-C: exit 143,
    nothing half-written left. After SIGKILL the workers die with it (the kernel tells them) instead of writing
    into a closed pipe and printing BrokenPipeError tracebacks. Either way the previous store stays."""
    data = _copy(corpus, tmp_path)
    cache_dir = tmp_path / "cache"
    ekg = shutil.which("ekg", path=str(Path(sys.executable).parent))
    args = [ekg, "build", "--data", str(data), "--cache", str(cache_dir)]
    subprocess.run(args, check=True, capture_output=True, timeout=300)
    manifest = (cache_dir / "manifest.json").read_bytes()
    before = sorted(p.name for p in cache_dir.iterdir())
    stopped = False
    for _attempt in range(5):
        process = subprocess.Popen(
            [*args, "--force"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "EKG_BUILD_WORKERS": "2"},
        )
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            fresh = [
                p
                for p in (cache_dir / "parts").glob("*.nq")
                if p.stat().st_mtime_ns > os.stat(cache_dir / "manifest.json").st_mtime_ns
            ]
            if len(fresh) >= 2:
                process.send_signal(sig)
                stopped = True
                break
            time.sleep(0.002)
        _, err = process.communicate(timeout=60)  # until every process holding stderr (the workers too) has gone
        if stopped:
            break
    assert stopped, "the build finished before it could be stopped"
    assert process.returncode == -sig if sig == signal.SIGKILL else process.returncode == 128 + sig
    assert b"Traceback" not in err and b"Error" not in err, err.decode()
    left = [pid for pid in os.listdir("/proc") if pid.isdigit() and str(cache_dir).encode() in _cmdline(pid)]
    assert left == []
    assert (cache_dir / "manifest.json").read_bytes() == manifest
    if sig == signal.SIGTERM:
        assert sorted(p.name for p in cache_dir.iterdir()) == before


def _cmdline(pid: str) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_a_source_described_differently_by_two_articles_is_a_warning(corpus, tmp_path, runner):
    data = _copy(corpus, tmp_path)
    shared = {}
    for folder in sorted((data / "articles").iterdir()):
        for ref in load_corpus(folder).articles[0].references.values():
            shared.setdefault(ref.doi, []).append((folder, ref))
    doi, users = next((d, u) for d, u in sorted(shared.items()) if len(u) >= 2)
    folder, ref = users[0]
    bib = folder / "references.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace(f"title = {{{ref.title}}}", f"title = {{{ref.title.upper()}}}", 1),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["build", "--data", str(data), "--cache", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    others = ", ".join(f.name for f, _ in users[1:4]) + (f" and {len(users) - 4} more" if len(users) > 4 else "")
    variants = sorted([(ref.title.upper(), folder.name), (ref.title, others)])
    expected = f"Warning: https://doi.org/{doi}: articles give different titles: " + "; ".join(
        f"{v!r} in {w}" for v, w in variants
    )
    assert expected in result.stderr.splitlines()
    # both titles stand in the union, each in its own article's graph
    titles = runner.invoke(
        main, ["source", doi, "--format", "json", "--data", str(data), "--cache", str(tmp_path / "cache")]
    )
    assert titles.exit_code == 0


def test_an_edit_of_claims_keeps_the_source_warnings_and_an_edit_of_sources_works_them_out_again(
    corpus, tmp_path, monkeypatch
):
    """A patched build whose changed articles say the same of their sources takes the previous build's source
    warnings (kg.cache.store._conflicts); each build's warnings are a cold build's of the same files."""
    import kg.cache.store as store_module

    data = _copy(corpus, tmp_path)
    folder = data / "articles" / "article-00004"
    ref = next(iter(load_corpus(folder).articles[0].references.values()))
    bib = folder / "references.bib"
    original = bib.read_text(encoding="utf-8")
    bib.write_text(original.replace(f"title = {{{ref.title}}}", f"title = {{{ref.title.upper()}}}", 1), "utf-8")
    cache = Cache(data, tmp_path / "cache")
    first = cache.build().warnings
    assert any("articles give different titles" in w for w in first)
    worked_out = []
    conflicts = store_module.source_conflicts
    monkeypatch.setattr(store_module, "source_conflicts", lambda metas: worked_out.append(1) or conflicts(metas))
    claims = folder / "claims.yaml"  # the article whose source differs: its claims only
    claims.write_text(claims.read_text(encoding="utf-8").replace('text: "', 'text: "Edited: ', 1), "utf-8")
    edited = cache.build()
    assert edited.patched and worked_out == []
    assert edited.warnings == first == Cache(data, tmp_path / "cold-1").build().warnings
    bib.write_text(original, encoding="utf-8")  # its source as the other articles describe it: the warning goes
    worked_out.clear()
    fixed = cache.build()
    assert fixed.patched and worked_out == [1]
    assert fixed.warnings == Cache(data, tmp_path / "cold-2").build().warnings
    assert not any(repr(ref.title.upper()) in w for w in fixed.warnings)


# ---------------------------------------------------------------------------- freshness


def test_a_query_on_a_built_graph_loads_no_rdflib(data_copy):
    """`ekg why` on a built graph, check of the inputs included, runs through kg.cache.store, which must not import
    the build's emitter (it loads rdflib: about 0.1 s of CPU of every query command)."""
    tmp = data_copy.parent / "cache"
    Cache(data_copy, tmp).build()
    code = (
        "import atexit, sys; from kg.cli.main import main; "
        "atexit.register(lambda: print('rdflib' in sys.modules, 'kg.build.quads' in sys.modules)); "
        f"main(['why', '40%', '--data', {str(data_copy)!r}, '--cache', {str(tmp)!r}])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "Building" not in result.stderr and "40%" in result.stdout, result.stderr
    assert result.stdout.splitlines()[-1] == "False False"


def test_an_edit_that_keeps_size_and_a_touch_are_told_apart(data_copy, seed_article):
    cache = Cache(data_copy)
    cache.build()
    text = seed_article / "article.yaml"
    original = text.read_text(encoding="utf-8")
    os.utime(text, None)  # touched: same content
    assert cache.is_fresh()
    manifest = json.loads((cache.dir / "manifest.json").read_text())
    text.write_text(original.replace("language: en", "language: fr"), encoding="utf-8")  # same size, new content
    assert not cache.is_fresh()
    text.write_text(original, encoding="utf-8")
    assert cache.is_fresh()
    assert json.loads((cache.dir / "manifest.json").read_text())["store"] == manifest["store"]


def _rewrite_in_place(path: Path, old: str, new: str) -> None:
    """Change a file's content to the same size in place (same inode), then set its mtime back to what it was:
    as an editor that keeps the mtime, or `touch -r`, leaves it. Only its ctime tells."""
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert len(old) == len(new) and old in text
    with open(path, "r+b") as handle:
        handle.write(text.replace(old, new, 1).encode("utf-8"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)


def test_an_edit_in_place_with_its_size_and_mtime_kept_is_seen_and_rebuilt(data_copy, seed_article, runner):
    cache = Cache(data_copy)
    cache.build()
    _rewrite_in_place(seed_article / "article.yaml", "language: en", "language: fr")
    assert not cache.is_fresh()
    summary = cache.build()
    assert (summary.rebuilt, summary.articles_rebuilt) == (True, 1)
    assert cache.is_fresh()
    exported = runner.invoke(main, ["export", "--format", "nq", "--data", str(data_copy)]).stdout
    assert '"fr"' in exported
    _rewrite_in_place(seed_article / "article.yaml", "language: fr", "language: en")  # and back, in place again
    assert not cache.is_fresh()
    assert cache.build().articles_rebuilt == 1
    assert '"fr"' not in runner.invoke(main, ["export", "--format", "nq", "--data", str(data_copy)]).stdout


def test_a_cache_whose_inputs_lack_ctimes_is_checked_by_content_once(data_copy, seed_article):
    """Builds before ctimes were recorded: their files' records are taken as changed, hashed, found the same."""
    cache = Cache(data_copy)
    cache.build()
    manifest = json.loads((cache.dir / "manifest.json").read_text())
    inputs_file = cache.dir / manifest["inputs"]
    inputs = json.loads(inputs_file.read_text())
    inputs["files"] = {name: record[:3] for name, record in inputs["files"].items()}
    inputs_file.write_text(json.dumps(inputs))
    manifest["fingerprint"] = "0" * 32
    (cache.dir / "manifest.json").write_text(json.dumps(manifest))
    assert cache.is_fresh()
    assert json.loads((cache.dir / "manifest.json").read_text())["fingerprint"] != "0" * 32
    _rewrite_in_place(seed_article / "article.yaml", "language: en", "language: fr")
    assert not cache.is_fresh()


def test_times_past_2262_and_folder_names_that_are_not_utf8_are_fingerprinted(data_copy, seed_article):
    """Nanoseconds past 2**63 do not fit the fingerprint's 64-bit numbers: they are folded, not a crash; a folder
    name of bytes that are not UTF-8 is digested as the file system gives it."""
    import kg.cache.freshness as freshness

    cache = Cache(data_copy)
    cache.build()
    before = freshness._fingerprint(data_copy)
    text = seed_article / "article.txt"
    far = 2**63 + 10**9
    try:
        os.utime(text, ns=(far, far))
    except (OverflowError, OSError):
        pytest.skip("this file system cannot store a time past 2262")
    if text.stat().st_mtime_ns < 2**63:
        pytest.skip("this file system clamps times past 2262")
    after = freshness._fingerprint(data_copy)
    assert after != before
    assert cache.is_fresh()  # touched only: hashed, the same
    assert freshness._fingerprint(data_copy) == after
    os.mkdir(os.fsencode(data_copy / "articles") + b"/caf\xe9")
    assert freshness._fingerprint(data_copy) != after
    assert cache.is_fresh()  # a folder without article.yaml is not an article


def test_new_and_deleted_article_folders_are_noticed(data_copy, seed_article):
    cache = Cache(data_copy)
    cache.build()
    other = data_copy / "articles" / "zz-other"
    other.mkdir()
    assert cache.is_fresh()  # a folder without article.yaml is not an article
    shutil.copy(seed_article / "article.yaml", other / "article.yaml")
    assert not cache.is_fresh()
    shutil.rmtree(other)
    assert cache.is_fresh()


def test_a_build_after_a_stale_check_scans_the_inputs_once_and_reads_a_later_edit(corpus, tmp_path, monkeypatch):
    """The check a build repeats under its lock, after a check that found an input changed, and the build itself
    reuse that check's scan when no file changed since; a file edited after the check is still read."""
    import kg.cache.store as store_module

    data = _copy(corpus, tmp_path)
    cache = Cache(data, tmp_path / "cache")
    cache.build()
    scans = []
    scan = store_module._scan
    monkeypatch.setattr(store_module, "_scan", lambda data, *more: scans.append(data) or scan(data, *more))
    claims = data / "articles" / "article-00005" / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8") + "# first edit\n", encoding="utf-8")
    assert not cache.is_fresh()
    summary = cache.build()
    assert (summary.rebuilt, summary.articles_rebuilt, len(scans)) == (True, 1, 1)
    assert cache.is_fresh()
    claims.write_text(claims.read_text(encoding="utf-8") + "# second edit\n", encoding="utf-8")
    assert not cache.is_fresh()
    other = data / "articles" / "article-00006" / "claims.yaml"
    other.write_text(other.read_text(encoding="utf-8") + "# edited after the check\n", encoding="utf-8")
    summary = cache.build()
    assert summary.articles_rebuilt == 2 and len(scans) == 3
    assert cache.is_fresh()


def test_a_query_commands_build_takes_its_checks_fingerprint_unless_a_build_came_between(corpus, tmp_path, monkeypatch):
    """A query command checks the inputs, then builds: the build takes that check's fingerprint and scan (one
    fingerprint per edit, not a second under the build's lock) when the manifest is still the one checked; when
    another build published meanwhile, it checks again (and finds the graph fresh)."""
    import kg.cache.store as store_module
    from kg.export.rdf import nquads

    data = _copy(corpus, tmp_path)
    cache = Cache(data, tmp_path / "cache")
    cache.build()
    prints = []
    fingerprint = store_module._fingerprint
    monkeypatch.setattr(store_module, "_fingerprint", lambda *a: prints.append(1) or fingerprint(*a))
    claims = data / "articles" / "article-00005" / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace('text: "', 'text: "Patched: ', 1), "utf-8")
    command = Cache(data, tmp_path / "cache")
    store = command.open()
    assert len(prints) == 1 and command.is_fresh()
    assert nquads(store) == nquads(Cache(data, tmp_path / "cold").open())
    claims.write_text(claims.read_text(encoding="utf-8").replace("Patched: ", "", 1), "utf-8")
    first, other = Cache(data, tmp_path / "cache"), Cache(data, tmp_path / "cache")
    assert not first.is_fresh()
    assert other.build().rebuilt  # another command's build, between the check and the build
    prints.clear()
    assert first.build(after_check=True).rebuilt is False and len(prints) == 1


def test_a_stale_check_looks_again_only_at_the_blocks_that_changed_and_scans_as_a_full_scan(
    corpus, tmp_path, monkeypatch
):
    """The manifest keeps each block of the fingerprint: a check that finds the inputs changed scans only the
    article folders of the blocks whose digest changed, and takes the others' stats (and the plan their part keys)
    from the build's record; that scan is a full scan's, and the build a cold build's. A touch that changes no
    file's content records the new fingerprint without blocks: the next check looks at every folder again."""
    import kg.cache.freshness as freshness
    from kg.export.rdf import nquads

    monkeypatch.setattr(SETTINGS, "freshness_block", 5)  # 24 articles: 5 blocks
    data = _copy(corpus, tmp_path)
    cache = Cache(data, tmp_path / "cache")
    cache.build()
    assert len(cache.manifest()["blocks"]) == 5
    claims = data / "articles" / "article-00007" / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace('text: "', 'text: "Patched: ', 1), "utf-8")
    time.sleep(0.01)
    touched = data / "articles" / "article-00018" / "article.yaml"
    os.utime(touched)  # another block: its stats change, its content does not
    checker = Cache(data, tmp_path / "cache")
    assert not checker.is_fresh()
    fingerprint, scan, unchanged = checker._scanned
    assert scan == freshness._scan(data)
    folders = sorted(p.name for p in (data / "articles").iterdir())
    assert unchanged == set(folders[:5] + folders[10:15] + folders[20:])  # blocks 2 and 4 changed
    summary = checker.build()
    assert (summary.patched, summary.articles_rebuilt) == (True, 1)
    assert nquads(checker.open()) == nquads(Cache(data, tmp_path / "cold").open())
    os.utime(data / "articles" / "article-00003" / "references.bib")  # a touch: fresh, blocks dropped
    assert Cache(data, tmp_path / "cache").is_fresh() and "blocks" not in cache.manifest()
    claims.write_text(claims.read_text(encoding="utf-8").replace("Patched: ", "", 1), "utf-8")
    again = Cache(data, tmp_path / "cache")
    assert not again.is_fresh() and again._scanned[2] == set() and again._scanned[1] == freshness._scan(data)
    assert again.build().patched
    assert len(cache.manifest()["blocks"]) == 5
    assert nquads(again.open()) == nquads(Cache(data, tmp_path / "cold-2").open())


def test_no_check_uses_the_last_build_as_it_is(data_copy, seed_article, runner):
    args = ["--data", str(data_copy)]
    assert runner.invoke(main, ["build", *args]).exit_code == 0
    claims = seed_article / "claims.yaml"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace(
            "Eighty percent of the population will get back pain",
            "Eighty percent of the population will get neck pain",
            1,
        ),
        encoding="utf-8",
    )
    trusted = runner.invoke(main, ["claims", "--format", "json", "--no-check", *args])
    checked = runner.invoke(main, ["claims", "--format", "json", *args])
    assert "will get back pain at some point" in trusted.stdout
    assert checked.exit_code == 2 and "QuoteNotFound" in checked.stderr  # the edit broke the quote: a rebuild was tried


WORDS = ["hydration", "warm-up", "runners", "2", "6", "c003", "introduction", "low back pain", "zzz", "ounces", "Dr."]


@pytest.mark.parametrize("which", ["seed", "synthetic"])
def test_the_word_index_finds_what_the_sparql_scan_finds(which, corpus, tmp_path):
    """kg.build.search gives ekg why's word search the same hits as the SPARQL CONTAINS scan, without the scan."""
    from kg.provenance import common, why

    store = Cache(bundled_data_dir() if which == "seed" else corpus, tmp_path / "cache").open()
    assert store.search_index is not None
    for query in WORDS:
        words = common._words(query)
        assert why._word_matches(store, words) == why._word_matches(store.store, words), query
    assert why._word_matches(store, common._words("hydration"))
    for query in [*WORDS, "pain", "hydrated"]:  # one-word questions are ranked by the index itself
        for limit in (1, 5):
            assert why.why(store, query, limit).to_json() == why.why(store.store, query, limit).to_json(), query


def _ranked(index, word: str, limit: int) -> tuple:
    """``SearchIndex.best`` both ways: weight by weight off the claims' order, and the plain ranking query."""
    from kg.provenance.why import _WORD_FIELDS

    weights = {name: weight for name, (weight, _) in _WORD_FIELDS.items()}
    fast = index._best_by_field(word.lower(), weights, limit)
    assert fast is not None, word  # the trigram index and the substring tests agreed
    index._ordered = False
    try:
        plain = index.best(word, weights, limit)
    finally:
        index._ordered = True
    assert index.best(word, weights, limit) == plain  # best() took the fast way, with the same answer
    return fast, plain[0]


@pytest.mark.parametrize("which", ["seed", "synthetic"])
def test_the_word_ranking_weight_by_weight_equals_the_plain_ranking(which, corpus, tmp_path):
    """SearchIndex.best ranks a word field weight by weight, reading each weight's claims in IRI order off an
    index: the same claims, scores and order as scoring every claim that holds it, for words found only in the
    text, only in concept labels, section titles or ids, everywhere, or nowhere, and for any limit."""
    store = Cache(bundled_data_dir() if which == "seed" else corpus, tmp_path / "cache").open()
    words = [
        "hydration",
        "warm-up",
        "runners",
        "c003",
        "introduction",
        "zzz",
        "ounces",
        "pain",
        "back",
        "dehydration",
        "c00",
    ]
    answered = 0
    for word in words:
        for limit in (1, 5, 40, 400):
            fast, plain = _ranked(store.search_index, word, limit)
            assert fast == plain, (word, limit)
            answered += bool(plain)
    assert answered > 20


FIGURES = [
    "2.6×",
    "2.6",
    "up to 20%",
    "20%",
    "20",
    "7-10 ounces",
    "seven to 10 ounces",
    "10",
    "2.3×",
    "35%",
    "4 weeks",
    "1.5",
    "3 times a week",
    "3",
    "50 percent",
    "2.5 times",
    "80%",
    "five",
]


@pytest.mark.parametrize("which", ["seed", "synthetic"])
def test_the_figure_index_finds_what_the_sparql_join_finds(which, corpus, tmp_path):
    """kg.build.search's figure table gives ekg why the same candidate statistics and scores as the SPARQL query."""
    from kg.provenance import why
    from kg.util.numbers import parse_figure

    store = Cache(bundled_data_dir() if which == "seed" else corpus, tmp_path / "cache").open()
    found = 0
    for query in FIGURES:
        figure = parse_figure(query)
        assert figure is not None, query
        indexed = why._figure_matches(store, figure)
        assert indexed == why._figure_matches(store.store, figure), query
        found += bool(indexed)
    assert found >= 4


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_audit_stored_in_batches_equals_one_audit_of_the_whole_store(corpus, tmp_path, monkeypatch, workers):
    """The build audits its parts BATCH articles at a time (bounded memory), in parallel processes; the stored
    findings equal, quad for quad, those of one live audit of the whole store."""
    import pyoxigraph

    import kg.audit.graph as audit_graph
    from kg.audit import audit
    from kg.audit.graph import AUDIT_GRAPH
    from kg.sparql.run import select

    data = _copy(corpus, tmp_path)
    shutil.copytree(
        bundled_data_dir() / "articles" / "lower-back-pain-after-running",
        data / "articles" / "lower-back-pain-after-running",
    )
    monkeypatch.setattr(SETTINGS, "audit_batch", 7)  # 25 articles: four batches, the last one short
    monkeypatch.setenv("EKG_BUILD_WORKERS", workers)
    store = Cache(data, tmp_path / "cache").open()
    stored = {str(q) for q in store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(AUDIT_GRAPH))}
    (digest,) = [r["id"] for r in select(store, "SELECT ?id WHERE { ?run a ekg:AuditRun ; dcterms:identifier ?id }")]
    report = audit(store)
    live = {str(q) for q in audit_graph.finding_quads(report, digest.removeprefix("sha256:"))}
    assert len(report.findings) > 100 and {f.severity for f in report.findings} == {"error", "warning", "info"}
    assert stored == live


def test_facts_read_from_the_parts_equal_facts_read_from_the_store(corpus, tmp_path):
    """The build's audit reads the N-Quads parts the store was loaded from, not the store: both give the same
    facts, for the whole corpus and for a batch of articles."""
    from kg.audit.facts import FileReader, context_reader, gather, read_facts
    from kg.build.quads import graph_iri

    data = _copy(corpus, tmp_path)
    shutil.copytree(
        bundled_data_dir() / "articles" / "lower-back-pain-after-running",
        data / "articles" / "lower-back-pain-after-running",
    )
    cache = Cache(data, tmp_path / "cache")
    cache.build()
    manifest = cache.manifest()
    keys = {
        slug: entry["key"]
        for slug, entry in json.loads((cache.dir / manifest["inputs"]).read_text())["articles"].items()
    }
    parts = {slug: cache.dir / "parts" / f"{key}.nq" for slug, key in keys.items()}
    context = FileReader([cache.dir / manifest["shared"], cache.dir / "parts" / manifest["ontology"]])
    store = cache.open()
    whole = read_facts(FileReader(list(parts.values()), context))
    assert whole == gather(store) and len(whole.articles) == 25
    assert sum(len(a.claims) for a in whole.articles.values()) > 200 and whole.sources
    batch = sorted(parts)[3:9]
    from_files = read_facts(FileReader([parts[slug] for slug in batch], FileReader(context.paths)))
    assert list(from_files.articles) == batch
    assert from_files == gather(store, [str(graph_iri(slug)) for slug in batch], context_reader(store))
    # the readers themselves, on what read_facts does not ask of them too (every subject's classes, by rdf:type)
    from kg.audit.facts import RDF_TYPE, _Reader

    files = FileReader(list(parts.values()), FileReader(context.paths))
    stored = _Reader(store, sorted(str(graph_iri(slug)) for slug in parts), context_reader(store))
    typed = files.map(RDF_TYPE)
    assert typed == stored.map(RDF_TYPE) and len(typed) > 1000
    assert sorted(files.mentions()) == sorted(stored.mentions()) and files.mentions()


def test_an_incremental_build_audits_again_only_what_changed_and_equals_a_full_audit(corpus, tmp_path, monkeypatch):
    """A patched build keeps the previous findings and audits again the changed articles and those that share a
    source whose description changed; the result equals a full build's, finding for finding. Its count of the
    audit graph's quads is the previous one less those removed plus those added, not a count of them all: it
    must still be the store's."""
    import re

    import kg.audit.graph as audit_graph
    from kg.audit.graph import AUDIT_GRAPH
    from kg.export.rdf import nquads
    from kg.sparql.run import select

    def findings(store) -> set[str]:
        return {r["f"] for r in select(store, f"SELECT ?f WHERE {{ GRAPH <{AUDIT_GRAPH}> {{ ?f a ekg:Finding }} }}")}

    data = _copy(corpus, tmp_path)
    seed = data / "articles" / "lower-back-pain-after-running"
    shutil.copytree(bundled_data_dir() / "articles" / seed.name, seed)
    cache = Cache(data, tmp_path / "cache")
    cache.build()
    before = findings(cache.open())
    # the seed's ref 7 gets its missing bracket: its ref-malformed finding must go
    bib = seed / "references.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace("Chou, R. 2021, September", "Chou, R. (2021, September"),
        encoding="utf-8",
    )
    # article-00005 records another year for its first source, which other articles cite too
    bib5 = data / "articles" / "article-00005" / "references.bib"
    text = bib5.read_text(encoding="utf-8")
    bib5.write_text(re.sub(r"year = \{\d{4}\}", "year = {1990}", text, count=1), encoding="utf-8")
    added = []
    count_new = audit_graph._count_new
    monkeypatch.setattr(
        audit_graph, "_count_new", lambda store, path: added.append(count_new(store, path)) or added[-1]
    )
    summary = cache.build()
    assert summary.patched and summary.articles_rebuilt == 2
    assert added and added[0] > 0  # the patched build counted what it added, not the whole graph
    after = findings(cache.open())
    fresh = Cache(data, tmp_path / "fresh").open()
    assert after == findings(fresh)
    assert summary.triples == len(cache.open().store) == fresh.quads
    counted = select(cache.open(), f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{AUDIT_GRAPH}> {{ ?s ?p ?o }} }}")
    assert cache.manifest()["graph_quads"] == {AUDIT_GRAPH: int(counted[0]["n"])}
    assert nquads(cache.open()) == nquads(fresh)
    assert any("/lower-back-pain-after-running/ref-malformed/" in f for f in before - after)
    others = {f.split("/finding/")[1].split("/")[0] for f in before ^ after} - {"article-00005", seed.name}
    assert others, "the changed source description should change findings of other articles"
    assert len(select(cache.open(), f"SELECT ?run WHERE {{ GRAPH <{AUDIT_GRAPH}> {{ ?run a ekg:AuditRun }} }}")) == 1
    # the patched build noted that every stored finding is about an article: the next one does not count them
    assert cache.manifest()["hook_notes"] == {audit_graph.NO_CORPUS_FINDINGS: True}
    counted_corpus = []
    has = audit_graph._has_corpus_findings
    monkeypatch.setattr(audit_graph, "_has_corpus_findings", lambda store: counted_corpus.append(1) or has(store))
    claims = data / "articles" / "article-00009" / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace('text: "', 'text: "Edited: ', 1), encoding="utf-8")
    assert cache.build().patched and counted_corpus == []
    assert nquads(cache.open()) == nquads(Cache(data, tmp_path / "fresh-2").open())


def test_a_finding_about_no_article_is_noted_from_the_findings_file(tmp_path):
    """The patched audit's note (kg.audit.graph._about_no_article) reads a findings file: a finding without its
    prov:wasDerivedFrom is about no article."""
    from kg.audit.graph import EKG, PROV, RDF_TYPE, _about_no_article

    graph = "<https://example.org/audit>"
    about = f"<https://example.org/f1> <{RDF_TYPE}> <{EKG}Finding> {graph} .\n"
    about += f"<https://example.org/f1> <{PROV}wasDerivedFrom> <https://example.org/article/a> {graph} .\n"
    (tmp_path / "a.nq").write_text(about, encoding="utf-8")
    (tmp_path / "b.nq").write_text(about + f"<https://example.org/f2> <{RDF_TYPE}> <{EKG}Finding> {graph} .\n")
    assert not _about_no_article(tmp_path / "a.nq") and _about_no_article(tmp_path / "b.nq")


def test_findings_about_no_article_are_told_apart_from_the_stored_findings_by_counts():
    """A patched build audits again only some articles unless a finding is about no one article; that is told by
    counting (kg.audit.graph._has_corpus_findings) the quads finding_quads writes, for findings of both kinds."""
    import pyoxigraph

    from kg.audit.graph import _has_corpus_findings, finding_quads
    from kg.audit.model import AuditOptions, Finding, Subject
    from kg.audit.report import AuditReport

    def store_of(*subjects: Subject):
        findings = [Finding("ref-stale", "warning", s, f"about {s.id}", "evidence", "fix") for s in subjects]
        report = AuditReport(findings, [], None, AuditOptions(), "0.0", "")  # type: ignore[arg-type]
        store = pyoxigraph.Store()
        store.extend(finding_quads(report, "0" * 64))
        return store

    claim = Subject("https://w3id.org/evidence-kg/id/claim/a/c1", "claim", "c1", "a")
    other = Subject("https://w3id.org/evidence-kg/id/claim/b/c2", "claim", "c2", "b")
    source = Subject("https://doi.org/10.1000/x", "source", "10.1000/x", None)
    assert not _has_corpus_findings(store_of())
    assert not _has_corpus_findings(store_of(claim, other))
    assert _has_corpus_findings(store_of(source))
    assert _has_corpus_findings(store_of(claim, source, other))


def test_the_fingerprint_of_a_large_corpus_is_shared_with_a_child_and_sees_every_file(corpus, tmp_path, monkeypatch):
    """Blocks of article folders are digested in two processes on large corpora; the fingerprint is the same as
    one process's, and an edit in the child's half changes it."""
    import kg.cache.freshness as freshness

    data = _copy(corpus, tmp_path)
    monkeypatch.setattr(SETTINGS, "freshness_block", 3)  # 24 articles: 8 blocks, four of them in the child
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    together = freshness._fingerprint(data)
    assert forks
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    alone = freshness._fingerprint(data)
    assert together == alone
    last = sorted((data / "articles").iterdir())[-1] / "claims.yaml"
    os.utime(last, ns=(last.stat().st_atime_ns, last.stat().st_mtime_ns + 1_000_000))
    assert freshness._fingerprint(data) != alone
    edited = freshness._fingerprint(data)
    claims = last.read_text(encoding="utf-8")
    _rewrite_in_place(last, claims[-2:], claims[-2:][::-1] if claims[-2:] != claims[-2:][::-1] else "##")
    assert freshness._fingerprint(data) != edited
    monkeypatch.undo()
    monkeypatch.setattr(SETTINGS, "freshness_block", 3)
    assert freshness._fingerprint(data) != together


def test_a_shared_source_shows_the_appraisal_of_the_claims_own_article(corpus, tmp_path):
    """Two articles appraise one source differently: each claim's provenance shows its own article's rating."""
    import re

    from kg.provenance import details
    from kg.sparql.run import select

    data = _copy(corpus, tmp_path)
    keys = {}
    for folder in sorted((data / "articles").iterdir()):
        for key in re.findall(r"@article\{(src\d+),", (folder / "references.bib").read_text(encoding="utf-8")):
            keys.setdefault(key, []).append(folder)
    key, (first, second) = next((k, f[:2]) for k, f in sorted(keys.items()) if len(f) >= 2)
    for folder, design, level in ((first, "rct", "level-2"), (second, "cohort", "level-3")):
        meta = folder / "article.yaml"
        text = meta.read_text(encoding="utf-8")
        text = re.sub(
            rf"(  {key}:\n    design: )[a-z-]+(\n    evidence_level: )[a-z0-9-]+", rf"\g<1>{design}\g<2>{level}", text
        )
        meta.write_text(text, encoding="utf-8")
    store = Cache(data, tmp_path / "cache").open()
    [source] = {
        r["s"]
        for r in select(store, "SELECT ?key ?s WHERE { ?e ekg:citationKey ?key ; ekg:refersTo ?s }", {"key": key})
    }
    articles = {
        r["slug"]: r["a"]
        for r in select(store, "SELECT ?a ?slug WHERE { ?a a schema:MedicalWebPage ; dcterms:identifier ?slug }")
    }
    one = details.source_details(store, source, articles[first.name])
    two = details.source_details(store, source, articles[second.name])
    assert (one["evidence_level"]["notation"], two["evidence_level"]["notation"]) == ("2", "3")
    assert one["design"] != two["design"]
    for folder, expected in ((first, one), (second, two)):
        citing = [
            r["c"]
            for r in select(
                store,
                "SELECT ?s ?slug ?c WHERE { ?c cito:cites ?s ; dcterms:isPartOf/dcterms:identifier ?slug }",
                {"s": source, "slug": folder.name},
            )
        ]
        for claim in details.claims_details(store, citing).values():
            [shown] = [s for s in claim["sources"] if s["iri"] == source]
            assert (shown["design"], shown["evidence_level"]) == (expected["design"], expected["evidence_level"])


def test_a_build_streamed_into_the_bulk_loader_equals_one_loaded_from_a_staging_file(corpus, tmp_path, monkeypatch):
    """Full builds stream each part into Oxigraph's bulk loader (a FIFO) while articles are read; where FIFOs
    are missing they load one staging file afterwards. Both give the same store."""
    import kg.cache.store as store_module
    from kg.export.rdf import nquads

    streamed = Cache(corpus, tmp_path / "streamed")
    fifos = []
    real = store_module._StreamLoader
    monkeypatch.setattr(store_module, "_StreamLoader", lambda *a: fifos.append(1) or real(*a))
    streamed.build()
    assert fifos
    monkeypatch.setattr(os, "mkfifo", lambda *a, **k: (_ for _ in ()).throw(OSError("no FIFOs here")))
    staged = Cache(corpus, tmp_path / "staged")
    staged.build()
    assert nquads(streamed.open()) == nquads(staged.open())
    assert not list((tmp_path / "streamed").glob(".load-*")) and not list((tmp_path / "staged").glob(".load-*"))


@pytest.mark.parametrize("audit", [[], ["--no-audit"]], ids=["audit", "no-audit"])
@pytest.mark.parametrize("full", ["an article's part", "the shared graph"])
def test_a_full_disk_during_a_build_is_one_line_naming_the_file_and_keeps_the_previous_store(
    corpus, tmp_path, full, audit
):
    """A real `ekg build` whose writes fail (RLIMIT_FSIZE: the kernel refuses to grow a file past a size, as a
    full disk would) in a worker writing an article's part, or in the build writing the shared graph: one line
    naming the file and what to do, exit 2, no traceback; the previous build stays, with nothing left over."""
    import resource

    data = _copy(corpus, tmp_path)
    cache_dir = tmp_path / "cache"
    ekg = shutil.which("ekg", path=str(Path(sys.executable).parent))
    subprocess.run(
        [ekg, "build", "--data", str(data), "--cache", str(cache_dir)], check=True, capture_output=True, timeout=300
    )
    manifest = (cache_dir / "manifest.json").read_bytes()
    before = sorted(p.name for p in cache_dir.iterdir())
    parts = [p.stat().st_size for p in (cache_dir / "parts").iterdir()]
    shared = (cache_dir / json.loads(manifest)["shared"]).stat().st_size
    assert max(parts) < shared
    limit = min(p for p in parts if p > 1000) // 2 if full == "an article's part" else max(parts) + 1
    for claims in (data / "articles").glob("*/claims.yaml"):  # every article changed: a full build
        claims.write_text(claims.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead of killing the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [ekg, "build", "--data", str(data), "--cache", str(cache_dir), *audit],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limited,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    where = r"parts/[0-9a-f]+\.nq" if full == "an article's part" else r"shared-[0-9a-f]+\.nq"
    assert re.match(
        rf"Error: the build in {re.escape(str(cache_dir))} failed \({re.escape(str(cache_dir))}/{where}: File too large\); "
        r"the previous build, if any, is unchanged; free some space there, or build elsewhere with --cache DIR$",
        result.stderr.strip(),
    ), result.stderr
    assert (cache_dir / "manifest.json").read_bytes() == manifest
    assert sorted(p.name for p in cache_dir.iterdir()) == before
    assert len(Cache(data, cache_dir, check=False).open()) > 10_000


def test_a_cache_folder_that_cannot_be_made_is_one_line(runner, tmp_path):
    """--cache under a file: the build cannot make its folder; one line, exit 2, from every command that builds."""
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    cache = tmp_path / "a-file" / "cache"
    for args in (["build"], ["why", "2.6"]):
        result = runner.invoke(main, [*args, "--cache", str(cache)])
        assert result.exit_code == 2, result.output
        assert result.stderr.splitlines()[-1] == (
            f"Error: the build in {cache} failed ({cache}: Not a directory); the previous build, if any, is unchanged; "
            "check that the folder can be made there, or build elsewhere with --cache DIR"
        ), result.stderr


@pytest.mark.parametrize("audited", [True, False], ids=["audit", "no-audit"])
@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_load_cut_into_several_bulk_loads_gives_the_same_store_and_is_compacted(
    corpus, tmp_path, monkeypatch, audited, workers
):
    """A load the build compacts is cut into bulk loads of at most LOAD_CHUNK_QUADS (Oxigraph's loader holds
    fewer batches at once). With tiny limits 24 articles load in many pieces, readers forked during the load do
    not hold the FIFO open (the build would hang at the first cut), the store equals one bulk load's, and it is
    compacted even where only the shared quads push the load over COMPACT_ABOVE."""
    import threading

    import kg.cache.store as store_module
    from kg.export.rdf import nquads

    whole = Cache(corpus, tmp_path / "whole")
    whole.hooks = audited
    whole.build()
    article_quads = sum(
        a["quads"] for a in json.loads((whole.dir / whole.manifest()["inputs"]).read_text())["articles"].values()
    )
    chunks, compacted = [], []
    real_loader, real_compact = store_module._StreamLoader, store_module._compact

    class Counting(real_loader):
        def finish(self):
            store = super().finish()
            chunks.append(self.chunks)
            return store

    monkeypatch.setattr(store_module, "_StreamLoader", Counting)
    monkeypatch.setattr(store_module, "_compact", lambda *a: compacted.append(1) or real_compact(*a))
    # with the audit the load's size is known before it starts: articles and shared quads over the limit,
    # articles alone not; without, it is estimated from the articles read so far
    monkeypatch.setattr(SETTINGS, "compact_above", article_quads if audited else 1000)
    monkeypatch.setattr(SETTINGS, "load_chunk_quads", 1500)
    monkeypatch.setenv("EKG_BUILD_WORKERS", workers)
    cut = Cache(corpus, tmp_path / "cut")
    cut.hooks = audited
    builder = threading.Thread(target=cut.build, daemon=True)
    builder.start()
    builder.join(timeout=120)
    assert not builder.is_alive(), "the build hung between two bulk loads"
    assert chunks and chunks[0] > 5 and compacted
    assert nquads(cut.open()) == nquads(whole.open())
    assert not list((tmp_path / "cut").glob(".load-*"))


def test_a_query_command_leaves_a_due_compaction_to_its_own_process_which_publishes_the_same_quads(
    corpus, tmp_path, monkeypatch
):
    """A build that a query command starts does not compact in the command's wait: it says the compaction is due
    and kg.cache.compact compacts a copy in a process of its own, then publishes it (fewer files, the same quads,
    the same answers). A compaction whose store a build replaced meanwhile is dropped."""
    import kg.cache.compact as compact_module
    import kg.cache.store as store_module
    from kg.build.load import _store_files
    from kg.export.rdf import nquads

    data = _copy(corpus, tmp_path)
    cache = Cache(data, tmp_path / "cache")
    cache.build()
    claims = data / "articles" / "article-00005" / "claims.yaml"
    asked, compactions = [], []
    monkeypatch.setattr(compact_module, "compact_later", lambda *a: asked.append(a))
    monkeypatch.setattr(store_module, "_compact", lambda *a: compactions.append(a))
    monkeypatch.setattr(SETTINGS, "compact_patched_auto", 0)  # every patched build is due one
    claims.write_text(claims.read_text(encoding="utf-8").replace('text: "', 'text: "Patched: ', 2), "utf-8")
    store = cache.open()  # the query command's build
    assert asked == [(data, cache.dir)] and compactions == []
    patched = nquads(store)
    del store
    before = cache.manifest()
    files = _store_files(cache.dir / before["store"])
    assert cache.compact()
    after = cache.manifest()
    assert after["store"] != before["store"] and not (cache.dir / before["store"]).exists()
    assert after["compacted_files"] == _store_files(cache.dir / after["store"]) < files
    assert {k: v for k, v in after.items() if k not in ("store", "compacted_files")} == {
        k: v for k, v in before.items() if k not in ("store", "compacted_files")
    }
    assert nquads(cache.open()) == patched == nquads(Cache(data, tmp_path / "cold").open())
    assert not list(cache.dir.glob(".compact-*"))

    import kg.build.load as load_module

    def raced(path):  # a build publishes another store while the copy is compacted
        claims.write_text(claims.read_text(encoding="utf-8") + "# edited meanwhile\n", "utf-8")
        Cache(data, cache.dir).build()
        return _store_files(path)

    monkeypatch.setattr(load_module, "_store_files", raced)
    current = cache.manifest()["store"]
    assert not cache.compact()
    monkeypatch.undo()
    assert cache.manifest()["store"] != current and (cache.dir / cache.manifest()["store"]).is_dir()
    assert not list(cache.dir.glob(".compact-*"))
    assert nquads(cache.open()) == nquads(Cache(data, tmp_path / "cold-2").open())


def test_a_due_compaction_runs_in_a_detached_process(corpus, tmp_path, monkeypatch):
    """kg.cache.compact.compact_later starts a process that outlives the command and publishes a compacted store."""
    from kg.cache.compact import compact_later, compaction_running
    from kg.export.rdf import nquads

    data = _copy(corpus, tmp_path)
    cache = Cache(data, tmp_path / "cache")
    cache.build()
    before = cache.manifest()["store"]
    quads = nquads(cache.open())
    compact_later(data, cache.dir)
    deadline = time.monotonic() + 120
    while cache.manifest()["store"] == before or compaction_running(cache.dir):
        assert time.monotonic() < deadline, "the compaction did not publish its store"
        time.sleep(0.2)
    assert nquads(cache.open()) == quads
    assert not (cache.dir / before).exists() and not list(cache.dir.glob(".compact-*"))


@pytest.mark.parametrize(
    "doi, iri",
    [
        (
            "10.1002/(SICI)1097-4636(199706)35:4<441::AID-JBM5>3.0.CO;2-9",
            "https://doi.org/10.1002/(sici)1097-4636(199706)35:4%3C441::aid-jbm5%3E3.0.co;2-9",
        ),
        ("10.1000/[Bracketed]-Suffix", "https://doi.org/10.1000/%5Bbracketed%5D-suffix"),
    ],
)
def test_a_doi_with_characters_an_iri_cannot_hold_is_percent_encoded(seed_article, runner, doi, iri):
    """SICI DOIs hold < and >, some DOIs [ and ]: the source's IRI encodes them, the build loads, and the DOI
    still finds it."""
    bib = seed_article / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("10.1186/s12891-020-03357-4", doi), encoding="utf-8")
    data = seed_article.parent.parent
    result = runner.invoke(main, ["source", doi, "--data", str(data), "--format", "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["source"]["iri"] == iri


def test_auditing_one_article_reads_its_graph_and_finds_what_a_full_audit_finds_for_it(corpus, tmp_path, monkeypatch):
    """`ekg audit --article` on a store (no parts: a remote server, or a store opened by itself) reads that
    article's graph and the shared ones, not the corpus; same findings."""
    import kg.audit.report as report_module
    from kg.audit import audit
    from kg.audit.facts import CONTEXT_GRAPHS
    from kg.audit.model import AuditOptions
    from kg.iris import ONTOLOGY_GRAPH, SHARED_GRAPH

    assert CONTEXT_GRAPHS == (SHARED_GRAPH, str(ONTOLOGY_GRAPH))
    data = _copy(corpus, tmp_path)
    seed = "lower-back-pain-after-running"
    shutil.copytree(bundled_data_dir() / "articles" / seed, data / "articles" / seed)
    store = Cache(data, tmp_path / "cache").open()
    everything = audit(store).findings
    scoped = []
    real = report_module._gather_articles
    monkeypatch.setattr(report_module, "_gather_articles", lambda *a: scoped.append(a[1]) or real(*a))
    for slugs in ([seed], ["article-00003", seed]):
        one = audit(store.store, AuditOptions(articles=slugs))
        assert [f.to_json() for f in one.findings] == [f.to_json() for f in everything if f.article in slugs]
        assert sorted(one.facts.articles) == sorted(slugs)  # only their facts were read
    assert scoped == [[seed], sorted(["article-00003", seed])]


def test_a_bulk_loader_that_fails_mid_stream_is_one_clean_error_and_publishes_nothing(corpus, tmp_path, monkeypatch):
    """If Oxigraph rejected the N-Quads streamed to it, the build stops with one line, not a traceback or a
    silent exit, and the previous store stays."""
    import kg.build.parts as build_module
    import kg.cache.store as store_module
    from kg.errors import CacheError

    data = _copy(corpus, tmp_path)
    cache = Cache(data, tmp_path / "cache")
    cache.build()
    before = cache.manifest()
    real = build_module.build_part

    def broken(task):
        meta = real(task)
        folder, key, parts_dir = task
        if folder.name == "article-00020":
            (parts_dir / f"{key}.nq").write_bytes(b"<not an iri> <http://e/p> <http://e/o> <http://e/g> .\n")
            meta["sizes"][".nq"] = (parts_dir / f"{key}.nq").stat().st_size
        return meta

    monkeypatch.setattr(build_module, "build_part", broken)
    monkeypatch.setenv("EKG_BUILD_WORKERS", "1")  # the patched reader runs in this process
    for claims in (data / "articles").glob("*/claims.yaml"):  # every article changed: a full, streamed build
        claims.write_text(claims.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    streamed = []
    real_loader = store_module._StreamLoader
    monkeypatch.setattr(store_module, "_StreamLoader", lambda *a: streamed.append(1) or real_loader(*a))
    cache.hooks = False  # no audit: the parts go to the loader while they are read
    with pytest.raises(CacheError, match="could not be loaded into the store"):
        cache.build()
    assert streamed
    # with the audit, which reads the quads the build grouped beside each part (kg.build.rows), not the part
    # itself, the same error from the load that follows it
    cache.hooks = True
    with pytest.raises(CacheError, match=r"could not be loaded into the store \(/.*\.nq: Parser error"):
        cache.build()
    assert cache.manifest() == before and len(Cache(data, tmp_path / "cache", check=False).open()) > 10_000
    assert not list((tmp_path / "cache").glob(".load-*")) and not list((tmp_path / "cache").glob(".hooks-*"))
    assert not list((tmp_path / "cache").glob(".audit-*"))


@pytest.fixture(scope="module")
def audited(corpus, tmp_path_factory):
    """The synthetic corpus and the seed article, built with the stored audit, opened read-only."""
    data = tmp_path_factory.mktemp("audited") / "data"
    shutil.copytree(corpus, data)
    shutil.copytree(
        bundled_data_dir() / "articles" / "lower-back-pain-after-running",
        data / "articles" / "lower-back-pain-after-running",
    )
    cache = Cache(data, tmp_path_factory.mktemp("audited-cache"))
    cache.build()
    return cache


def _renderings(report) -> tuple:
    from kg.audit.html import render_html

    data = report.to_json()
    data["run"].pop("started")
    return data, report.text(), render_html(report).replace(report.started, "")


@pytest.mark.parametrize("reached", ["reached", "whole"])
@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"articles": ["article-00003", "lower-back-pain-after-running"], "stale_years": 2},
        {"rules": ["stat-uncited", "grey-clinical-figure", "causal-observational"]},
    ],
    ids=["every article", "two articles", "three rules"],
)
def test_a_live_audit_of_a_local_build_reads_the_parts_and_equals_an_audit_of_the_store(
    audited, monkeypatch, workers, options, reached
):
    """`ekg audit` on a local build audits the parts in batches, in parallel: the same report as an audit
    that reads the store, finding for finding, in JSON, text and HTML; with only the shared statements the
    articles reach (an audit of a few articles, kg.audit.batches.reached) or the whole shared graph."""
    import kg.audit.batches as batches
    from kg.audit import AuditOptions, audit

    monkeypatch.setattr(SETTINGS, "audit_batch", 7)  # 25 articles: four batches, the last one short
    monkeypatch.setattr(SETTINGS, "audit_reached_max", 50 if reached == "reached" else 0)
    monkeypatch.setenv("EKG_BUILD_WORKERS", workers)
    store = audited.open(auto_build=False)
    used = []
    real = batches.audit_batches
    monkeypatch.setattr(
        batches, "audit_batches", lambda paths, *rest, **kw: used.append(len(paths)) or real(paths, *rest, **kw)
    )
    from_parts = audit(store, AuditOptions(**options))
    assert used, "the audit did not read the parts"
    from_store = audit(store.store, AuditOptions(**options))  # the pyoxigraph store itself: no parts
    assert _renderings(from_parts) == _renderings(from_store)
    assert len(from_parts.findings) > (10 if options else 100)
    # keeping only the findings and the articles' names (ekg audit, but for the HTML page): the same JSON and text,
    # and the progress of every article audited
    seen = []
    light = audit(
        store, AuditOptions(**options), progress=lambda done, total, phase: seen.append((done, total)), keep_facts=False
    )
    assert _renderings(light)[:2] == _renderings(from_store)[:2]
    assert all(not a.claims and not a.references for a in light.articles) and light.facts.sources == {}
    audited_count = len(options.get("articles") or []) or len(from_store.articles)
    assert seen[-1] == (audited_count, audited_count)
    assert [done for done, _ in seen] == sorted({done for done, _ in seen}) and len(seen) == -(-audited_count // 7)


def test_a_live_audit_with_retractions_or_without_parts_reads_the_store(audited, monkeypatch, tmp_path):
    """Retractions are counted across articles, so that audit reads the store; so does one whose parts are gone."""
    import kg.audit.batches as batches
    from kg.audit import AuditOptions, audit

    monkeypatch.setattr(batches, "audit_batches", lambda *a, **k: pytest.fail("read the parts"))
    retractions = tmp_path / "retractions.csv"
    retractions.write_text("Title,OriginalPaperDOI,RetractionNature,RetractionDate\n", encoding="utf-8")
    assert audit(audited.open(auto_build=False), AuditOptions(retractions=retractions)).findings
    copy = tmp_path / "cache"
    shutil.copytree(audited.dir, copy)
    part = next(
        p for p in sorted((copy / "parts").glob("*.nq")) if not p.name.endswith(".shared.nq")
    )  # an article's own part
    part.unlink()
    store = Cache(audited.data_dir, copy).open(auto_build=False)
    assert store.parts() is None
    expected = [f.to_json() for f in audit(audited.open(auto_build=False).store).findings]
    assert [f.to_json() for f in audit(store).findings] == expected


def test_a_live_audit_that_finds_a_damaged_part_reads_the_store(audited, tmp_path):
    """A part that is there but does not parse (damaged, or replaced by a build beside this one), with no rows file
    beside it (kg.build.rows) to read instead: the audit reads the store instead, with the same findings, and no
    traceback."""
    from kg.audit import audit

    broken = tmp_path / "broken"
    shutil.copytree(audited.dir, broken)
    part = next(path for path in sorted((broken / "parts").glob("*.nq")) if path.with_suffix(".rows").is_file())
    part.write_text("<not an iri> <http://e/p> <http://e/o> .\n", encoding="utf-8")
    part.with_suffix(".rows").unlink()
    store = Cache(audited.data_dir, broken).open(auto_build=False)
    assert store.parts() is not None
    expected = [f.to_json() for f in audit(audited.open(auto_build=False).store).findings]
    assert [f.to_json() for f in audit(store).findings] == expected


def test_patched_builds_compact_the_store_once_it_has_gathered_too_many_files(corpus, tmp_path, monkeypatch):
    """Each patched build adds files to the store (slower lookups); past COMPACT_PATCHED times the files of
    the last full build, the patched build compacts it, and the store still equals a build from scratch."""
    import kg.cache.store as store_module
    from kg.export.rdf import nquads

    data = _copy(corpus, tmp_path)
    cache = Cache(data, tmp_path / "cache")
    cache.build()
    files = lambda: store_module._store_files(cache.dir / cache.manifest()["store"])  # noqa: E731
    base = files()
    assert cache.manifest()["compacted_files"] == base > 0
    claims = data / "articles" / "article-00005" / "claims.yaml"
    counts = []
    for n in range(3):
        claims.write_text(
            claims.read_text(encoding="utf-8").replace('text: "', f'text: "Patch {n}: ', 1), encoding="utf-8"
        )
        monkeypatch.setattr(SETTINGS, "compact_patched", 100 if n < 2 else 1.2)
        summary = cache.build()
        assert summary.patched and summary.compacted == (n == 2)
        assert cache.manifest()["compacted_files"] == (base if n < 2 else files())
        counts.append(files())
    # a patch adds files, and compacting merges them; whether the second patch adds more depends on RocksDB's own
    # background compaction (it merged them in about one full run of this file in two), so it is not asserted
    assert base < counts[0] and counts[2] < counts[1]
    assert nquads(cache.open()) == nquads(Cache(data, tmp_path / "fresh").open())


def test_why_shows_the_findings_of_the_claims_own_article_about_a_source_many_articles_cite(audited):
    """A source many articles list has a stored finding for each article's reference to it (stale, no pages, …);
    `ekg why` on one claim shows those its own article's audit found, not every other article's."""
    from collections import Counter

    from kg.provenance.details import claim_details
    from kg.provenance.findings import findings_for_many
    from kg.sparql.run import select

    store = audited.open(auto_build=False)
    cited = select(
        store, "SELECT ?claim ?source ?article WHERE { ?claim cito:cites ?source ; dcterms:isPartOf ?article }"
    )
    stored = findings_for_many(store, sorted({row["source"] for row in cited}))
    # a source with findings from several articles, and a claim citing it
    spread = Counter({source: len({f.article for f in found}) for source, found in stored.items()})
    source, articles = spread.most_common(1)[0]
    assert articles >= 3, "the corpus should have a source several articles' findings concern"
    row = next(row for row in cited if row["source"] == source)
    details = claim_details(store, row["claim"])
    by_iri = {f.iri: f for f in stored[source]}
    about_source = [f for f in details["findings"] if f["iri"] in by_iri]
    assert about_source, "the claim's own article has findings about the source"
    assert {by_iri[f["iri"]].article for f in about_source} == {row["article"]}
    mine = [f.iri for f in stored[source] if f.article in (row["article"], None)]
    assert sorted(f["iri"] for f in about_source) == sorted(mine)


def test_an_audit_of_one_article_reads_only_the_shared_statements_it_reaches(audited):
    """kg.audit.batches.reached: the article's sources with their venues and publishers (two steps away), not the
    statements about sources only other articles cite; the ontology whole."""
    import pyoxigraph

    from kg.audit.batches import reached
    from kg.iris import ONTOLOGY_GRAPH, SHARED_GRAPH
    from kg.iris.namespaces import DCTERMS, ID

    parts, context = audited.open(auto_build=False).parts()
    seed = parts[str(ID) + "graph/lower-back-pain-after-running"]
    (data,) = reached([seed], context)
    got = {
        (q.subject.value, q.predicate.value, str(q.object), q.graph_name.value)
        for q in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_QUADS)
    }
    every = {
        (q.subject.value, q.predicate.value, str(q.object), q.graph_name.value)
        for path in context
        for q in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS)
    }
    assert got <= every
    assert {q for q in every if q[3] == str(ONTOLOGY_GRAPH)} <= got
    shared = {q for q in every if q[3] == SHARED_GRAPH}
    wu = "https://doi.org/10.1155/2021/6660304"
    venue = next(q[2] for q in got if q[0] == wu and q[1] == str(DCTERMS.isPartOf))
    assert any(q[0] == venue.strip("<>") for q in got)  # the journal's own statements: two steps from the article
    others = {q[0] for q in shared} - {q[0] for q in got}
    assert len(others) > 50  # the other articles' sources, people, …


def test_the_shared_graphs_sorted_file_is_searched_by_bisection_with_the_same_result(audited, monkeypatch, tmp_path):
    """The build writes the shared graph's statements sorted, one a line: reached finds a node's statements by
    bisection there (kg.audit.batches._sorted_shared), and gives the bytes that filing every line by its subject
    gives; a file out of order, or with a statement of another graph, is filed line by line as before."""
    import kg.audit.batches as batches

    parts, context = audited.open(auto_build=False).parts()
    assert batches._sorted_shared(context[0].read_bytes(), context[0].read_bytes().splitlines(keepends=True))
    assert not batches._sorted_shared(context[1].read_bytes(), context[1].read_bytes().splitlines(keepends=True))
    articles = sorted(parts.values())
    samples = [articles[:1], articles[-1:], articles[3:9]]
    bisected = [batches.reached(sample, context) for sample in samples]
    lines = context[0].read_bytes().splitlines(keepends=True)
    unsorted = tmp_path / "shared-unsorted.nq"
    unsorted.write_bytes(b"".join([*lines[1:], lines[0]]))
    assert not batches._sorted_shared(unsorted.read_bytes(), [*lines[1:], lines[0]])
    monkeypatch.setattr(batches, "_sorted_shared", lambda data, lines: False)
    assert [batches.reached(sample, context) for sample in samples] == bisected
    assert len(bisected[2][0]) > len(bisected[0][0])


def test_a_build_a_query_command_starts_compacts_only_past_its_own_larger_bound(corpus, tmp_path, monkeypatch):
    """The user waits for a build that a query command starts (Cache.store_path): it compacts past
    COMPACT_PATCHED_AUTO, not COMPACT_PATCHED; `ekg build` (Cache.build) keeps COMPACT_PATCHED."""
    import kg.cache.store as store_module
    from kg.export.rdf import nquads

    data = _copy(corpus, tmp_path)
    cache = Cache(data, tmp_path / "cache")
    cache.build()
    base = cache.manifest()["compacted_files"]
    monkeypatch.setattr(SETTINGS, "compact_patched", 1.01)
    monkeypatch.setattr(SETTINGS, "compact_patched_auto", 100)
    claims = data / "articles" / "article-00005" / "claims.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace('text: "', 'text: "Patched: ', 1), encoding="utf-8")
    cache.open()  # as `ekg why` after an edit: builds first, patched, not compacted
    assert cache.manifest()["compacted_files"] == base
    assert store_module._store_files(cache.dir / cache.manifest()["store"]) > 1.01 * base
    claims.write_text(claims.read_text(encoding="utf-8").replace("Patched: ", "Patched twice: ", 1), encoding="utf-8")
    summary = cache.build()  # as `ekg build`: the same files, past COMPACT_PATCHED, compacted
    assert summary.patched and summary.compacted
    assert nquads(cache.open()) == nquads(Cache(data, tmp_path / "fresh").open())


def test_an_articles_folder_that_is_a_link_outside_the_data_folder_is_refused(data_copy, tmp_path):
    """The scan resolves paths only where a link is involved: articles/ itself is one."""
    from kg.errors import OutsideDataFolder

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (data_copy / "articles").rename(elsewhere / "articles")
    (data_copy / "articles").symlink_to(elsewhere / "articles")
    import kg.cache.store as store_module

    with pytest.raises(OutsideDataFolder):
        store_module._scan(data_copy)  # the scan itself, before anything is hashed
    with pytest.raises(OutsideDataFolder):
        Cache(data_copy, tmp_path / "cache").build()
