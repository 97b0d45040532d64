"""The build cache: where the built store lives (``location``), whether its inputs changed (``freshness``),
loading parts into Oxigraph (``load``), and opening, building and patching it (``store``: ``Cache``)."""
