"""Shared fixtures of the Python tests (pytest, run by ctest: tests/python.cmake).

The package comes from PYTHONPATH (python/ of the source tree), the library
from ARCHSIM_LIB and the C command from ARCHSIM_CLI; without them the tests
find python/ next to this folder and the newest build*/ of the tree."""
import glob
import os
import subprocess
import sys

import pytest

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if os.path.join(SRC, "python") not in sys.path:
    sys.path.insert(0, os.path.join(SRC, "python"))

import archsim  # noqa: E402


def _cli():
    env = os.environ.get("ARCHSIM_CLI")
    if env:
        return env
    lib_dir = os.path.dirname(archsim.library_path)
    if os.path.isfile(os.path.join(lib_dir, "archsim")):
        return os.path.join(lib_dir, "archsim")
    found = [p for p in glob.glob(os.path.join(SRC, "build*", "archsim")) if os.access(p, os.X_OK)]
    return max(found, key=os.path.getmtime) if found else None


@pytest.fixture(scope="session")
def src():
    return SRC


@pytest.fixture(scope="session")
def trafficgen(src):
    return os.path.join(src, "configs", "trafficgen.yaml")


@pytest.fixture(scope="session")
def cli():
    path = _cli()
    if not path:
        pytest.fail("the archsim command was not found: set ARCHSIM_CLI")
    return path


@pytest.fixture(scope="session")
def py_env(src):
    """The environment a child Python needs to import this package and library."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.join(src, "python") + (
        os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["ARCHSIM_LIB"] = archsim.library_path
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_cli(cli, *args, **kw):
    return subprocess.run([cli] + [str(a) for a in args], capture_output=True, text=True,
                          **kw)
