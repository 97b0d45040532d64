"""A remote SPARQL 1.1 server: used as a store (``client``) and published to (``publish``)."""
