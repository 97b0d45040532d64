# Makes data/ importable as kg.data (see pyproject.toml), so the bundled articles are package data.
