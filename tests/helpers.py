"""Small helpers shared by tests."""


def last_line(stderr: str) -> str:
    """The last line of stderr, with its newline: the error, after any progress or build notes."""
    lines = stderr.splitlines(keepends=True)
    assert lines, "nothing on stderr"
    assert not any("Traceback" in line for line in lines), stderr
    return lines[-1]


def generated_corpus(out, articles: int, seed: int, claims_per_article: int, with_seed_article: bool = True):
    """A synthetic corpus written by the benchmark generator (benchmarks/generate_corpus.py) into ``out``, with
    the bundled seed article beside its articles unless told otherwise; returns the data folder."""
    import importlib.util
    import shutil
    from pathlib import Path

    from kg.dataset.paths import bundled_data_dir

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "generate_corpus.py"
    spec = importlib.util.spec_from_file_location("generate_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    data = module.generate(out, articles, seed=seed, claims_per_article=claims_per_article)
    if with_seed_article:
        seed_article = bundled_data_dir() / "articles" / "lower-back-pain-after-running"
        shutil.copytree(seed_article, data / "articles" / seed_article.name)
    return data
