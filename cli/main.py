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


def _register() -> None:
    from cli import graph_cmds

    for command in graph_cmds.COMMANDS:
        main.add_command(command)


_register()
