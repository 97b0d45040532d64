"""The build cache: where the built store lives (``location``), whether its inputs changed (``freshness``), what a
build redoes and whether it patches the previous store (``plan``), and the ``Cache`` that opens, builds and patches
the store (``store``; the build's own steps are ``kg.build``)."""
