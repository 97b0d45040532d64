"""The build: loaded articles to RDF quads, deterministically (``quads``), one part per article built in
parallel and reused while its inputs do not change (``parts``), the word index of the claims (``search``),
post-build hooks with a typed context (``hooks``), and SHACL validation of what was built (``validate``).
Where the built store lives and when it is rebuilt is ``kg.cache``."""
