"""Finding the article folders of a data folder (cheap: used on every command's start-up), and keeping what is
read from them inside the data folder."""

from __future__ import annotations

import os
from pathlib import Path

from kg.errors import CacheError, MissingData, OutsideDataFolder

#: set to 1 to read data files that are links to files outside the data folder (the CLI's --allow-outside-links
#: sets it, so that the build's worker processes see it too)
#: the files of an article folder (the build reads them; the freshness check and the audit's digest stat them)
ARTICLE_FILES = ("article.yaml", "claims.yaml", "references.bib", "article.txt", "reviewed.yaml")

ALLOW_OUTSIDE_LINKS = "EKG_ALLOW_OUTSIDE_LINKS"


def outside_links_allowed() -> bool:
    return os.environ.get(ALLOW_OUTSIDE_LINKS, "").strip().lower() not in ("", "0", "false", "no")


def data_folder_of(article_folder: Path) -> Path:
    """The data folder an article folder belongs to: ``DATA/articles/<slug>`` -> DATA; a lone article folder is
    its own data folder."""
    article_folder = Path(article_folder)
    return article_folder.parent.parent if article_folder.parent.name == "articles" else article_folder


def check_inside(path: Path | str, data_dir: Path | str) -> None:
    """Refuse a data file that is a link (or lies in a linked folder) resolving outside the data folder: an article
    from elsewhere must not make ``ekg build`` read /etc/passwd into the graph, its exports and its server. One
    realpath per file (a few lstat calls). A missing file is left to the reader, which says what to add."""
    if outside_links_allowed():
        return
    real = os.path.realpath(path)
    root = os.path.realpath(data_dir)
    if real == root or real.startswith(root.rstrip(os.sep) + os.sep) or not os.path.lexists(path):
        return
    raise OutsideDataFolder(
        path,
        None,
        None,
        f"is a link to {real}, outside the data folder {root}",
        f"copy the file into the data folder, or pass --allow-outside-links (env {ALLOW_OUTSIDE_LINKS}=1) to read it anyway",
    )


def article_dirs(data_dir: Path) -> list[Path]:
    """The article folders of a data folder (or the folder itself, if it is one article)."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise MissingData(
            data_dir, None, None, "data folder not found", "pass --data DIR with a folder that holds articles/<slug>/"
        )
    if (data_dir / "article.yaml").is_file():
        return [data_dir]
    articles = data_dir / "articles"
    if not articles.is_dir():
        raise MissingData(
            data_dir,
            None,
            None,
            "no articles/ folder in the data folder",
            "a data folder holds articles/<slug>/article.yaml, see docs/data-format.md",
        )
    found = sorted(p for p in articles.iterdir() if p.is_dir() and (p / "article.yaml").is_file())
    if not found:
        raise MissingData(
            articles, None, None, "no article folders (none has an article.yaml)", "add articles/<slug>/article.yaml"
        )
    return found


def package_dir(name: str) -> Path:
    """Where a data package (kg.data, kg.ontology) lives, installed or editable: found by its import spec,
    without importing importlib.resources (which adds zipfile and tempfile to `ekg why`'s start-up)."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise CacheError(f"the package {name} is missing from this installation: reinstall evidence-kg")
    return Path(list(spec.submodule_search_locations)[0])


def bundled_data_dir() -> Path:
    """The data folder shipped with the package."""
    return package_dir("kg.data")
