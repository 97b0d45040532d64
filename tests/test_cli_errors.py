"""Odd arguments, environments and damaged caches: one line on stderr, exit 2, never a traceback.

Each case was found by running `ekg` the way users do: typing a value that is not a number, setting an
environment variable wrong, closing stdout, or keeping a cache a disk or an editor damaged."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli.main import main


def _error(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    return lines[-1]


@pytest.mark.parametrize(
    "args, expected",
    [
        (
            ["sparql", "ASK {}", "--timeout", "nan"],
            "Error: Invalid value for '--timeout': 'nan' is not a finite number.",
        ),
        (
            ["sparql", "ASK {}", "--timeout", "inf"],
            "Error: Invalid value for '--timeout': inf is not in the range 0<=x<=1000000.",
        ),
        (
            ["query", "red-flags", "--timeout", "1e308"],
            "Error: Invalid value for '--timeout': 1e+308 is not in the range 0<=x<=1000000.",
        ),
        # (a host that does not resolve: were nan let through, the test would fail rather than serve for ever)
        (
            ["serve", "--timeout", "nan", "--host", "no-such-host.invalid"],
            "Error: Invalid value for '--timeout': 'nan' is not a finite number.",
        ),
        (
            ["audit", "--stale-years", "8000"],
            "Error: Invalid value for '--stale-years': 8000 is not in the range 1<=x<=1000.",
        ),
        (["source", "wu\udcff"], "Error: argument 2 (wu\\udcff) is not valid UTF-8 text; type it again in UTF-8"),
    ],
)
def test_values_a_command_cannot_use_are_refused_in_one_line(runner, args, expected):
    assert _error(runner.invoke(main, args)) == expected


@pytest.mark.parametrize(
    "name, value, args, expected",
    [
        (
            "EKG_BUILD_WORKERS",
            "abc",
            ["build", "--force"],
            "Error: EKG_BUILD_WORKERS='abc' is not a whole number (set how many processes a build may use, e.g. EKG_BUILD_WORKERS=2, "
            "or unset it to use every CPU)",
        ),
        (
            "SOURCE_DATE_EPOCH",
            "99999999999999999999",
            ["export", "--format", "nanopub"],
            "Error: SOURCE_DATE_EPOCH='99999999999999999999' is not a whole number of seconds since 1970 (unset it, or set e.g. "
            "SOURCE_DATE_EPOCH=1700000000)",
        ),
        (
            "SOURCE_DATE_EPOCH",
            "abc",
            ["build", "--force"],  # the build's audit records it too, and no longer ignores it
            "Error: SOURCE_DATE_EPOCH='abc' is not a whole number of seconds since 1970 (unset it, or set e.g. SOURCE_DATE_EPOCH=1700000000)",
        ),
    ],
)
def test_a_bad_environment_variable_is_one_line(runner, monkeypatch, name, value, args, expected):
    monkeypatch.setenv(name, value)
    assert _error(runner.invoke(main, args)) == expected


def test_a_closed_stdout_is_an_error_not_a_traceback_or_a_silent_loss(tmp_path):
    ekg = shutil.which("ekg", path=str(Path(sys.executable).parent))
    env = {**os.environ, "EKG_CACHE_DIR": str(tmp_path / "cache")}
    for fmt in ("table", "json"):
        result = subprocess.run(
            [ekg, "stats", "--format", fmt],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            preexec_fn=lambda: os.close(1),
        )
        assert result.returncode == 2, result.stderr
        assert result.stderr == (
            "Error: standard output is closed, so there is nowhere to write the answer; redirect it to a file "
            "or /dev/null instead of closing it\n"
        )


@pytest.fixture
def built(runner, tmp_path) -> Path:
    cache = tmp_path / "cache"
    assert runner.invoke(main, ["build", "--cache", str(cache)]).exit_code == 0
    return cache


def _only(cache: Path, pattern: str) -> Path:
    [path] = cache.glob(pattern)
    return path


@pytest.mark.parametrize("manifest", ["[1]", '"x"', "1", '{"store": ["x"]}'])
def test_a_manifest_of_another_shape_is_no_manifest_and_the_graph_is_built_again(runner, built, manifest):
    (built / "manifest.json").write_text(manifest)
    result = runner.invoke(main, ["stats", "--cache", str(built), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["counts"]["claims"] == 117
    assert "Building the graph first" in result.stderr


def test_a_record_of_inputs_of_another_shape_is_as_if_missing_and_the_store_is_built_again(runner, built):
    _only(built, "inputs-*.json").write_text("[]")
    (built / "manifest.json").write_text(
        (built / "manifest.json").read_text().replace('"fingerprint": "', '"fingerprint": "x')
    )
    result = runner.invoke(main, ["build", "--cache", str(built)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "Built 1 article, 117 claims, "
    )  # the parts, keyed by their files' hash, are reused


@pytest.mark.parametrize("damage", ["empty", "truncated"])
def test_a_damaged_word_index_says_so_and_how_to_rebuild(runner, built, damage):
    index = _only(built, "search-*.sqlite")
    index.write_bytes(b"" if damage == "empty" else index.read_bytes()[:5000])
    reason = "it has no search table" if damage == "empty" else "database disk image is malformed"
    for args in (["why", "warm-up"], ["stats"]):
        assert _error(runner.invoke(main, [*args, "--cache", str(built)])) == (
            f"Error: the word index {index} is damaged ({reason}); run: ekg build --force"
        )
    assert runner.invoke(main, ["build", "--force", "--cache", str(built)]).exit_code == 0
    assert runner.invoke(main, ["why", "warm-up", "--cache", str(built)]).exit_code == 0


def test_a_store_whose_files_were_emptied_says_so_and_how_to_rebuild(runner, built):
    store = _only(built, "store-*")
    for table in store.glob("*.sst"):
        table.write_bytes(b"")
    message = _error(runner.invoke(main, ["stats", "--cache", str(built)]))
    assert message.startswith(f"Error: cannot open the store in {store}: Corruption: ") and message.endswith(
        "(run: ekg build --force)"
    )
