"""What the library asks of a store, as types: every query runs on a ``Store`` (a pyoxigraph Store, the built
cache's ``kg.cache.store.LocalStore``, or a server's ``kg.remote.client.RemoteStore``); a store that ``ekg build``
made is also a ``BuiltStore``, whose extra features (the word index, the files it was loaded from, its quad
count, its folder) make some questions cheaper. Code asks ``isinstance(store, BuiltStore)`` instead of probing
for attributes one by one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Store(Protocol):
    """A SPARQL store as pyoxigraph's Store reads: ``query`` (with Oxigraph's keyword options), quads by pattern,
    and its size."""

    def query(self, query: str, **options: Any) -> Any: ...

    def quads_for_pattern(self, subject: Any, predicate: Any, object: Any, graph_name: Any = None) -> Iterator[Any]: ...

    def __len__(self) -> int: ...


@runtime_checkable
class BuiltStore(Store, Protocol):
    """A store built by ``ekg build`` (``kg.cache.store.LocalStore``)."""

    #: the build's word and figure index of the claims (``kg.build.search.SearchIndex``), or None
    search_index: Any
    #: how many quads the build loaded, or None (``len()`` counts them again)
    quads: int | None
    #: the store's folder, when known (``ekg serve``'s query processes open it again)
    path: Path | None

    def parts(self) -> tuple[dict[str, Path], list[Path]] | None:
        """The N-Quads files the store was loaded from, or None."""
        ...


def index_of(store: Store) -> Any:
    """The build's word and figure index, where the store has one (None: scan the store by SPARQL)."""
    return store.search_index if isinstance(store, BuiltStore) else None
