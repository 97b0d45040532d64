"""Finding the article folders of a data folder (cheap: used on every command's start-up)."""

from __future__ import annotations

from pathlib import Path

from kg.errors import MissingData


def article_dirs(data_dir: Path) -> list[Path]:
    """The article folders of a data folder (or the folder itself, if it is one article)."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise MissingData(data_dir, None, None, "data folder not found", "pass --data DIR with a folder that holds articles/<slug>/")
    if (data_dir / "article.yaml").is_file():
        return [data_dir]
    articles = data_dir / "articles"
    if not articles.is_dir():
        raise MissingData(
            data_dir, None, None, "no articles/ folder in the data folder",
            "a data folder holds articles/<slug>/article.yaml, see docs/data-format.md",
        )
    found = sorted(p for p in articles.iterdir() if p.is_dir() and (p / "article.yaml").is_file())
    if not found:
        raise MissingData(articles, None, None, "no article folders (none has an article.yaml)", "add articles/<slug>/article.yaml")
    return found
