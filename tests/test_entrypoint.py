"""The installed console command runs, and every command documents itself."""

import subprocess
import sys

import click
import pytest

from kg.cli.main import COMMAND_MODULES, all_commands, main


def test_console_script_runs():
    result = subprocess.run([sys.executable, "-m", "kg.cli", "--help"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Usage: ekg" in result.stdout or "Usage: python -m cli" in result.stdout


def test_ekg_help_lists_every_command(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in all_commands():
        assert f"  {name} " in result.output


@pytest.mark.parametrize("name", sorted(all_commands()))
def test_every_command_has_help_with_an_example(runner, name):
    command = all_commands()[name]
    assert command.help and command.help.strip(), f"{name} has no help"
    result = runner.invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output, f"{name}'s help has no example"
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts} has no help text"


def test_the_lazy_command_table_names_every_command_of_every_module():
    import importlib

    for module, names in COMMAND_MODULES.items():
        assert tuple(c.name for c in importlib.import_module(module).COMMANDS) == names, module


def test_why_imports_only_its_own_command_module():
    code = "import sys; from kg.cli.main import main; main(['why', '--help'], standalone_mode=False); print(sorted(m for m in sys.modules if m.startswith('kg.cli.')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['kg.cli.common', 'kg.cli.main', 'kg.cli.query_cmds']"


def test_an_unknown_command_is_a_usage_error(runner):
    result = runner.invoke(main, ["whyy"])
    assert result.exit_code == 2
    assert "No such command 'whyy'" in result.output


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("ekg, version ")


def test_one_version_declared_in_pyproject():
    import tomllib
    from pathlib import Path

    import kg

    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert kg.version() == pyproject["project"]["version"]
    assert kg.__version__ == kg.version()
