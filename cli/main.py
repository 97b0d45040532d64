"""The ``ekg`` command: a thin click layer over the ``kg`` library."""

from __future__ import annotations

import click

from cli.common import EkgGroup


@click.group(cls=EkgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="evidence-kg", prog_name="ekg")
def main() -> None:
    """Trace every claim of a health article to its quote, its statistics, its expert and its sources.

    \b
    Example:
      ekg build
      ekg stats
    """


#: Each module holds one command family and lists its commands in COMMANDS.
COMMAND_MODULES = [
    "cli.graph_cmds",
    "cli.query_cmds",
    "cli.sparql_cmds",
    "cli.network_cmds",
    "cli.diff_cmds",
    "cli.ingest_cmds",
    "cli.audit_cmds",
    "cli.scale_cmds",
]


def _register() -> None:
    import importlib

    for name in COMMAND_MODULES:
        for command in importlib.import_module(name).COMMANDS:
            main.add_command(command)


_register()
