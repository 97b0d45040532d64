"""Which packages the wheel holds: found on disk, never listed by hand (a listed subpackage was once left out,
and the installed `ekg ingest` crashed on first use). pyproject.toml holds everything else.

kg/ is found with every subpackage and data folder in it. cli/, ontology/ and data/ stay at the top of the
repository and ship inside the package as kg.cli, kg.ontology and kg.data: the wheel installs one top-level
package, kg (a top-level `cli` could be overwritten by any other distribution's), and code reads the data with
importlib.resources wherever the package is installed. tests/test_wheel.py checks the built wheel against the
tree: every module and every data file must be in it.
"""

import shutil
from pathlib import Path

from setuptools import find_namespace_packages, setup

MAPPED = {"kg.cli": "cli", "kg.ontology": "ontology", "kg.data": "data"}  # package -> folder at the top of the repository
SKIP = ["*__pycache__*", "*.egg-info*"]


def found() -> list[str]:
    packages = find_namespace_packages(include=["kg", "kg.*"], exclude=SKIP)
    for package, folder in MAPPED.items():
        packages += [package] + [f"{package}.{sub}" for sub in find_namespace_packages(where=folder, exclude=SKIP)]
    return sorted(packages)


# pip builds in the checkout's build/ folder and setuptools copies into build/lib without emptying it: a module
# deleted from kg/ would ship again from there. Each build starts from an empty build/lib.
shutil.rmtree(Path(__file__).resolve().parent / "build" / "lib", ignore_errors=True)
setup(packages=found(), package_dir=MAPPED)
