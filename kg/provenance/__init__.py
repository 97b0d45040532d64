"""The provenance questions over the built store: a claim's or source's details (``details``), why a figure or
statement is there (``why``), resolving a user's reference to a source or person (``resolve``), the listings of
claims, sources and experts (``listings``), the audit's stored findings and the reviewers' verdicts read back
(``findings``, ``verdicts``), counts (``stats``) and what changed between two versions (``diff``)."""
