"""The reviewers' work: recording verdicts and decisions and listing what still needs a look (``workflow``), and
what changed between two versions of the same articles, with the verdicts each change made stale (``diff``).
Their verdicts are kept in each article's ``reviewed.yaml`` (``kg.dataset.review``) and read back from the graph
by ``kg.provenance.verdicts``."""
