"""Exports that take the graph to other tools: nanopublications, schema.org ClaimReview, W3C Web Annotations,
BibTeX and CSL-JSON. Each module registers its format with ``kg.export.exporter`` when imported.

Module top levels stay cheap (the CLI imports them to list the export formats at start-up): rdflib,
pyoxigraph and bibtexparser are imported inside the functions that use them.
"""
