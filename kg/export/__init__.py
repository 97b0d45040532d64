"""Export: every ``ekg export --format`` in one registry (``registry``), each format a module that registers
itself when imported: the RDF serialisations (``rdf``), the claim-source network (``network``: GraphML, DOT,
pictures), and the formats that take the graph to other tools (``nanopub``, ``claimreview``, ``annotations``,
``bibliography``; what they share is in ``common``, schema.org's definitions in ``schemaorg``).

Module top levels stay cheap (the CLI imports them to list the export formats at start-up): rdflib,
pyoxigraph and bibtexparser are imported inside the functions that use them. To add a format: a module here with
an ``@exporter`` function, listed in ``registry.PLUGIN_MODULES``.
"""
