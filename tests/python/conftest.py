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


@pytest.fixture
def stall_config(tmp_path):
    """A config whose only component starts a workload and waits for ever
    (tests/system/stall.c, a plugin the build makes; ctest names it)."""
    plugin = os.environ.get("ARCHSIM_STALL_PLUGIN")
    if not plugin:
        pytest.skip("ARCHSIM_STALL_PLUGIN is not set (ctest sets it): stalls not tested")
    cfg = tmp_path / "stall.yaml"
    cfg.write_text("plugins: [%s]\ncomponents:\n  w: {type: stall}\n" % plugin)
    return cfg


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


def riscv_elf(path, code):
    """Write a static RV64 Linux ELF: one segment, `code` at the entry point,
    which is returned."""
    import struct
    base, hdrs = 0x10000, 64 + 56
    entry = base + hdrs
    ehdr = struct.pack("<4sBBBBB7xHHIQQQIHHHHHH", b"\x7fELF", 2, 1, 1, 0, 0, 2, 243, 1,
                       entry, 64, 0, 0, 64, 56, 1, 0, 0, 0)
    size = hdrs + len(code)
    phdr = struct.pack("<IIQQQQQQ", 1, 5, 0, base, base, size, size, 0x1000)
    path.write_bytes(ehdr + phdr + code)
    return entry


def riscv_exit_elf(path, status, loops=0):
    """A program that counts `loops` (< 2048) down to zero, then exits with
    `status` (Linux exit syscall)."""
    import struct

    def addi(rd, rs1, imm):
        return (imm & 0xfff) << 20 | rs1 << 15 | rd << 7 | 0x13

    def bne(rs1, rs2, off):
        i = off & 0x1fff
        return ((i >> 12 & 1) << 31 | (i >> 5 & 0x3f) << 25 | rs2 << 20 | rs1 << 15 |
                1 << 12 | (i >> 1 & 0xf) << 8 | (i >> 11 & 1) << 7 | 0x63)
    code = [addi(5, 0, loops)]                           # t0 = loops
    if loops:
        code += [addi(5, 5, -1), bne(5, 0, -4)]          # do t0 -= 1 while t0 != 0
    code += [addi(10, 0, status), addi(17, 0, 93), 0x00000073]   # exit(status)
    return riscv_elf(path, b"".join(struct.pack("<I", c) for c in code))


@pytest.fixture(scope="session")
def has_riscv():
    try:
        archsim.Simulator("components: {cpu: {type: riscv}}\n").elaborate()
    except archsim.ConfigError as e:
        pytest.skip("this library has no riscv type yet (%s)" % e)
    return True
