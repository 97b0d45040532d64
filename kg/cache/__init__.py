"""The build cache: where the built store lives (``location``), whether its inputs changed (``freshness``), what a
build redoes and whether it patches the previous store (``plan``),
loading parts into Oxigraph (``load``), and opening, building and patching it (``store``: ``Cache``)."""
