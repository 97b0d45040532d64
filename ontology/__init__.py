# Makes ontology/ importable as kg.ontology (see pyproject.toml), so its Turtle files are package data.
