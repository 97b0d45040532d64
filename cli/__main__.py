"""``python -m cli``: the same as the ``ekg`` command."""

from kg.cli.main import main

main(prog_name="ekg")
