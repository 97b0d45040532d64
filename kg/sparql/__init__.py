"""SPARQL: running a query on the built store or a remote server (``run``), the child process that runs a query
under a timeout (``worker``), reading and rewriting query text (``text``: tokenizer, query form, bindings), and
the bundled named queries (``named``)."""
