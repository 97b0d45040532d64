"""``ekg serve``: a read-only SPARQL 1.1 Protocol endpoint (``app``) over query processes (``worker``)."""
