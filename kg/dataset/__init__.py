"""The input format: a data folder of articles (``paths``), each an ``article.yaml``, ``claims.yaml``,
``references.bib``, ``article.txt`` and optional ``reviewed.yaml``; read with line numbers (``yamlio``), BibTeX
(``bib``) and the reviewers' verdicts (``review``), checked (``loader``) into plain Python objects (``model``)
whose controlled values map to IRIs (``vocab``)."""
