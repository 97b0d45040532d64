"""What users install is what the tests test: the wheel.

The sdist and the wheel are built by the standard `build` frontend (the wheel from the sdist, so both are
checked), the wheel is installed into a fresh virtual environment outside the checkout, and every command that
`ekg --help` lists runs once, for real, from a working directory that is not the checkout. The rest of the suite
runs on the editable install; this is the one place that sees the package as `pip install .` makes it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tomllib
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# Source folder -> where its files live inside the installed package (setup.py maps ontology/ and data/).
SHIPPED = {"kg": "kg", "cli": "kg/cli", "ontology": "kg/ontology", "data": "kg/data"}
VERSION = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
BUILD_FILES = [name for name in ("pyproject.toml", "setup.py", "README.md") if (REPO / name).is_file()]
FIXTURE = REPO / "tests" / "fixtures" / "ingest" / "numeric-vancouver" / "article.md"


def source_files() -> list[str]:
    """Every file of the source folders that a fresh clone has: git's list where this is a clone, else the tree
    without caches."""
    folders = list(SHIPPED)
    if (REPO / ".git").exists() and shutil.which("git"):
        listed = subprocess.run(
            ["git", "-C", str(REPO), "ls-files", "-z", "--", *folders], capture_output=True, text=True, check=True
        ).stdout
        return sorted(name for name in listed.split("\0") if name and (REPO / name).is_file())
    return sorted(
        str(path.relative_to(REPO))
        for folder in folders
        for path in (REPO / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )


def installed_name(source: str) -> str:
    top, _, rest = source.partition("/")
    return f"{SHIPPED[top]}/{rest}"


@dataclass
class Dist:
    wheel: Path
    sdist: Path


@dataclass
class Installed:
    venv: Path
    work: Path
    env: dict

    @property
    def ekg(self) -> str:
        return str(self.venv / "bin" / "ekg")

    @property
    def python(self) -> str:
        return str(self.venv / "bin" / "python")

    def run(self, *args, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            [self.ekg, *map(str, args)],
            cwd=self.work,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            **kwargs,
        )


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Dist:
    out = tmp_path_factory.mktemp("dist")
    # A copy of what a fresh clone holds, so that nothing the checkout has lying about (a build/ folder, an
    # egg-info, caches) can reach the sdist or the wheel.
    tree = tmp_path_factory.mktemp("clone") / "evidence-kg"
    for name in source_files() + BUILD_FILES:
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, tree / name)
    built = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(tree)], capture_output=True, text=True, timeout=600
    )
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    (wheel,), (sdist,) = out.glob("*.whl"), out.glob("*.tar.gz")
    return Dist(wheel, sdist)


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> Installed:
    root = tmp_path_factory.mktemp("installed")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "EKG_DATA", "EKG_ENDPOINT", "EKG_GRAPH_STORE"}
    }
    pip = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", str(dist.wheel)],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
    )
    assert pip.returncode == 0, pip.stderr[-3000:]
    work = root / "work"
    work.mkdir()
    env["EKG_CACHE_DIR"] = str(root / "cache")
    return Installed(venv, work, env)


def test_the_wheel_holds_every_module_and_data_file_of_the_tree(dist):
    with zipfile.ZipFile(dist.wheel) as wheel:
        names = set(wheel.namelist())
    expected = {installed_name(name) for name in source_files()}
    assert {name for name in expected if name.endswith(".py")} and {
        name for name in expected if not name.endswith(".py")
    }
    missing = sorted(expected - names)
    assert not missing, f"the wheel lacks {len(missing)} file(s) of the tree: {missing[:20]}"
    tops = {name.split("/")[0] for name in names}
    assert tops == {"kg", f"evidence_kg-{VERSION}.dist-info"}, tops  # no top-level cli: it is kg.cli


def test_the_sdist_holds_what_building_the_wheel_needs(dist):
    with tarfile.open(dist.sdist) as sdist:
        prefix = f"evidence_kg-{VERSION}/"
        names = {member.name.removeprefix(prefix) for member in sdist.getmembers() if member.isfile()}
    missing = sorted(set(source_files() + BUILD_FILES) - names)
    assert not missing, f"the sdist lacks {missing[:20]}"


def test_every_module_of_the_wheel_imports_from_the_installation_not_the_checkout(installed, dist):
    with zipfile.ZipFile(dist.wheel) as wheel:
        modules = sorted(
            name[:-3].replace("/", ".").removesuffix(".__init__")
            for name in wheel.namelist()
            if name.endswith(".py") and not name.endswith("__main__.py")
        )
    script = (
        "import importlib, json, sys\nprint(json.dumps({m: importlib.import_module(m).__file__ for m in sys.argv[1:]}))"
    )
    result = subprocess.run(
        [installed.python, "-c", script, *modules],
        cwd=installed.work,
        env=installed.env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    files = json.loads(result.stdout)
    site = str(installed.venv.resolve())
    outside = {module: path for module, path in files.items() if not str(Path(path).resolve()).startswith(site)}
    assert not outside, f"imported from outside the fresh environment: {outside}"
    assert len(files) == len(modules) > 60


def test_ekg_version_is_the_installed_version(installed):
    result = installed.run("--version")
    assert (result.returncode, result.stdout) == (0, f"ekg, version {VERSION}\n"), result.stderr


def listed_commands(installed) -> set[str]:
    text = installed.run("--help").stdout
    return set(re.findall(r"^  ([a-z][a-z-]*)  ", text.split("Commands:", 1)[1], flags=re.M))


def _ok(result: subprocess.CompletedProcess, *expected: str, code: int = 0) -> None:
    assert result.returncode == code, f"exit {result.returncode}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    assert "Traceback" not in result.stderr, result.stderr
    for text in expected:
        assert text in result.stdout, f"{text!r} not in\n{result.stdout[-3000:]}"


def _build(i: Installed) -> None:
    _ok(i.run("build", "--force"), "Built 1 article, 117 claims")


def _export(i: Installed) -> None:
    formats = re.search(r"--format \[([a-z|-]+)\]", i.run("export", "--help").stdout)[1].split("|")
    assert len(formats) >= 10, formats
    for fmt in formats:
        target = i.work / f"export.{fmt}"
        _ok(i.run("export", "--format", fmt, "-o", target))
        assert target.stat().st_size > 1000, fmt


def _graph(i: Installed) -> None:
    _ok(i.run("graph", "warmup-2-6x", "-o", "warmup.svg"))
    assert (i.work / "warmup.svg").read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))


def _ingest(i: Installed) -> None:
    result = i.run("ingest", FIXTURE, "--out", "drafts", "--force")
    _ok(result)
    (draft,) = (i.work / "drafts" / "articles").iterdir()
    assert {"article.yaml", "claims.yaml"} <= {path.name for path in draft.iterdir()}
    _ok(i.run("build", "--data", "drafts"), " 1 article, ")


def _diff(i: Installed) -> None:
    if not (i.work / "drafts").is_dir():
        _ingest(i)
    _ok(i.run("export", "--format", "nq", "-o", "seed.nq"))
    # The bundled article against the ingest draft: one article gone, another added, so exit 1.
    _ok(i.run("diff", "seed.nq", "drafts", "--format", "json"), "lower-back-pain-after-running", code=1)


def _serve(i: Installed) -> None:
    _build(i)
    process = subprocess.Popen(
        [i.ekg, "serve", "--port", "0"],
        cwd=i.work,
        env=i.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        announced = process.stderr.readline()
        port = re.match(r"SPARQL endpoint: http://127\.0\.0\.1:(\d+)/sparql", announced)
        assert port, announced
        query = urllib.parse.urlencode({"query": "SELECT (COUNT(?c) AS ?n) WHERE { ?c a ekg:Claim }"})
        request = urllib.request.Request(
            f"http://127.0.0.1:{port[1]}/sparql?{query}", headers={"Accept": "application/sparql-results+json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.load(response)
        assert answer["results"]["bindings"][0]["n"]["value"] == "117"
        with urllib.request.urlopen(f"http://127.0.0.1:{port[1]}/", timeout=60) as response:
            assert response.status == 200 and b"<html" in response.read().lower()
    finally:
        os.kill(process.pid, signal.SIGTERM)
        process.communicate(timeout=30)


def _publish(i: Installed, virtuoso) -> None:
    from tests import virtuoso_server

    result = i.run(
        "publish",
        "--endpoint",
        virtuoso.sparql,
        "--graph-store",
        virtuoso.graph_store,
        "--user",
        "dba",
        "--password",
        virtuoso_server.DBA_PASSWORD,
    )
    _ok(result, "Published")


def _review_refuses_the_installed_data(i: Installed) -> None:
    result = i.run("review", "warmup-2-6x", "--rating", "overstated", "--by", "Jane Doe, MD", "--note", "n")
    _ok(result, code=2)
    assert "the data installed with evidence-kg is not for editing" in result.stderr, result.stderr


# Each command that `ekg --help` lists, run once with a small real input.
INVOCATIONS = {
    "build": _build,
    "why": lambda i: _ok(i.run("why", "2.6×"), "Wu et al. 2021", "doi:10.1155/2021/6660304"),
    "claims": lambda i: _ok(i.run("claims", "--uncited", "--type", "statistical", "--format", "md"), "### Claims ("),
    "sources": lambda i: _ok(i.run("sources", "--format", "csv"), "wu2021"),
    "source": lambda i: _ok(i.run("source", "raabe2018"), "Raabe & Chaudhari 2018"),
    "experts": lambda i: _ok(i.run("experts", "--format", "csv"), "Goostree"),
    "expert": lambda i: _ok(i.run("expert", "Goostree"), "Steven Goostree"),
    "stats": lambda i: _ok(i.run("stats", "--format", "json"), "117"),
    "audit": lambda i: (
        _ok(i.run("audit", "--format", "html", "-o", "audit.html", "--fail-on", "info"), code=1)
        or _ok(i.run("audit", "--format", "md", "--fail-on", "info"), "wu2021", code=1)
    ),
    "validate": lambda i: _ok(i.run("validate"), "onform"),
    "review": lambda i: (
        _ok(i.run("review", "--pending"), "no verdict", code=1) or _review_refuses_the_installed_data(i)
    ),
    "queries": lambda i: _ok(i.run("queries"), "uncited-statistics"),
    "query": lambda i: _ok(i.run("query", "uncited-statistics", "--format", "csv"), "claim"),
    "sparql": lambda i: _ok(
        i.run("sparql", "SELECT (COUNT(?c) AS ?n) WHERE { ?c a ekg:Claim }", "--format", "csv"), "117"
    ),
    "export": _export,
    "graph": _graph,
    "ingest": _ingest,
    "refs": lambda i: _ok(
        i.run("refs", REPO / "tests" / "fixtures" / "refs" / "held-back.txt", "--format", "json"),
        '"family": "Pagallo"',
        '"container-title": "Machine Learning"',
    ),
    "diff": _diff,
    "serve": _serve,
    "publish": _publish,
}


def test_every_command_that_ekg_lists_is_run_here(installed):
    assert listed_commands(installed) == set(INVOCATIONS)


@pytest.mark.parametrize("command", sorted(INVOCATIONS))
def test_each_command_runs_from_the_installed_wheel(installed, command, request):
    if command == "publish":
        _publish(installed, request.getfixturevalue("virtuoso"))
    else:
        INVOCATIONS[command](installed)
