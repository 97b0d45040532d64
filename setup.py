"""Which packages the wheel holds: found on disk, never listed by hand (a listed subpackage was once left out,
and the installed `ekg ingest` crashed on first use). pyproject.toml holds everything else.

kg/ and cli/ are found with every subpackage and data folder in them. ontology/ and data/ stay at the top of the
repository and ship inside the package as kg.ontology and kg.data, so that code reads them with
importlib.resources wherever the package is installed. tests/test_wheel.py checks the built wheel against the
tree: every module and every data file must be in it.
"""

import shutil
from pathlib import Path

from setuptools import find_namespace_packages, setup

MAPPED = {"kg.ontology": "ontology", "kg.data": "data"}  # package -> folder at the top of the repository
SKIP = ["*__pycache__*", "*.egg-info*"]


def found() -> list[str]:
    packages = find_namespace_packages(include=["kg", "kg.*", "cli", "cli.*"], exclude=SKIP)
    for package, folder in MAPPED.items():
        packages += [package] + [f"{package}.{sub}" for sub in find_namespace_packages(where=folder, exclude=SKIP)]
    return sorted(packages)


# pip builds in the checkout's build/ folder and setuptools copies into build/lib without emptying it: a module
# deleted from kg/ would ship again from there. Each build starts from an empty build/lib.
shutil.rmtree(Path(__file__).resolve().parent / "build" / "lib", ignore_errors=True)
setup(packages=found(), package_dir=MAPPED)
