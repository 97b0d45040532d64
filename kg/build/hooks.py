"""Post-build hooks: work the build runs on the new store before it is published (the audit's stored findings).

A hook is a ``Hook``: the graphs it writes (and nothing else; they are counted into the build's triples), what it
does once the store is loaded (``after_load(store, context)``), and optionally what it computes from the parts
before the load (``before_load(context, out)``: on a full build it runs instead of ``after_load``, once the
articles are read, and writes N-Quads to ``out``, which are loaded with the articles in one bulk load).

Both are told about the build by a ``BuildContext``. The cache (``kg.cache.store``) runs the hooks that
``kg.cache.store.post_build_hooks`` names; ``ekg build --no-audit`` runs none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, TypedDict


class Reaudit(TypedDict):
    """What a patched build changed, for a hook that patches its own graph instead of writing it again."""

    #: the slugs of the articles that changed or were removed
    stale: list[str]
    #: the shared graph's nodes whose description changed
    shared: list[str]


@dataclass
class BuildContext:
    """What a hook is told about the build it runs in."""

    #: the data folder
    root: Path
    #: the article graphs' IRIs -> the N-Quads part each was loaded from
    parts: dict[str, Path] = field(default_factory=dict)
    #: the shared graph's and the ontology's N-Quads files
    context_parts: list[Path] = field(default_factory=list)
    #: every input file's stable name (``articles/<folder>/<file>``, ``ontology/<file>``) -> its SHA-256, as the
    #: build's plan knows them (kg.cache.plan): a hook need not read the files again
    inputs: dict[str, str] = field(default_factory=dict)
    #: a folder beside the store where a hook may write scratch files
    scratch: Path | None = None
    #: a progress reporter (``kg.util.render``'s), or None
    progress: Any = None
    #: on a patched build, what it changed (None on a full build)
    reaudit: Reaudit | None = None
    #: on a patched build, the quads each hook graph held after the previous build (its manifest), where known
    previous_quads: dict[str, int] = field(default_factory=dict)
    #: the quads a hook graph holds after this build, set by a hook that can tell without counting them all (a
    #: patched build's audit: the previous count, less what it removed, plus what it added); the build counts the
    #: others (at 1,000 articles, counting the audit graph was a tenth of an edit's rebuild)
    quads: dict[str, int] = field(default_factory=dict)
    #: what hooks noted of their graphs after the previous build (its manifest's ``hook_notes``; patched builds only)
    previous_notes: dict[str, Any] = field(default_factory=dict)
    #: what hooks note of their graphs after this build (JSON values, by a name of the hook's), kept in the manifest
    #: for the next patched build: what it would otherwise have to read from the store again
    notes: dict[str, Any] = field(default_factory=dict)
    _articles: list | None = field(default=None, repr=False)

    @property
    def articles(self) -> list:
        """The data folder's articles, loaded when first asked for (an incremental build does not parse the
        articles it reuses)."""
        if self._articles is None:
            from kg.dataset.loader import load_corpus

            self._articles = load_corpus(self.root).articles
        return self._articles


@dataclass(frozen=True)
class Hook:
    name: str
    #: the graphs the hook writes, and nothing else
    graphs: tuple[str, ...]
    after_load: Callable[[Any, BuildContext], None]
    before_load: Callable[[BuildContext, BinaryIO], None] | None = None
