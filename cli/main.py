"""The ``ekg`` command: a thin click layer over the ``kg`` library."""

from __future__ import annotations

import click

from kg.cli.common import EkgGroup


class LazyGroup(EkgGroup):
    """Commands are imported from their module the first time they are asked for."""

    def list_commands(self, ctx) -> list[str]:
        return sorted({*MODULE_OF, *self.commands})

    def get_command(self, ctx, name: str):
        if name not in self.commands and name in MODULE_OF:
            import importlib

            for command in importlib.import_module(MODULE_OF[name]).COMMANDS:
                self.commands.setdefault(command.name, command)
        return self.commands.get(name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="evidence-kg", prog_name="ekg")
def main() -> None:
    """Trace every claim of a health article to its quote, its statistics, its expert and its sources.

    \b
    Example:
      ekg build
      ekg stats
    """


#: Each module holds one command family and lists its commands in COMMANDS. The group imports a module only
#: when one of its commands runs (`ekg why` does not pay for the audit's or the server's imports); the table is
#: checked against every module's COMMANDS by tests/test_entrypoint.py.
COMMAND_MODULES = {
    "kg.cli.graph_cmds": ("build", "validate", "export", "stats"),
    "kg.cli.query_cmds": ("why", "claims", "sources", "source", "experts", "expert"),
    "kg.cli.sparql_cmds": ("sparql", "queries", "query"),
    "kg.cli.network_cmds": ("graph",),
    "kg.cli.diff_cmds": ("diff",),
    "kg.cli.ingest_cmds": ("ingest",),
    "kg.cli.audit_cmds": ("audit",),
    "kg.cli.review_cmds": ("review",),
    "kg.cli.scale_cmds": ("publish", "serve"),
    "kg.cli.refs_cmds": ("refs",),
}
MODULE_OF = {name: module for module, names in COMMAND_MODULES.items() for name in names}


def all_commands() -> dict:
    """Every command by name (importing every command module)."""
    return {name: main.get_command(None, name) for name in main.list_commands(None)}
