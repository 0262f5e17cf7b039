"""The cffi declarations (archsim/_cdef.py) against the header they copy."""
import os
import re

import archsim
from archsim import _ffi


def header(src):
    with open(os.path.join(src, "libsim", "include", "archsim", "sim.h")) as f:
        return f.read()


def test_every_function_of_sim_h_is_declared(src):
    text = re.sub(r"/\*.*?\*/", "", header(src), flags=re.S)
    funcs = set(re.findall(r"\b(sim_[a-z_]+)\s*\(", text)) - {"sim_stat"}   # a macro
    declared = set(re.findall(r"\b(sim_[a-z_]+)\s*\(", _ffi.CDEF))
    assert funcs, "no functions found in sim.h"
    assert funcs - declared == set(), "sim.h functions missing from archsim/_cdef.py"
    assert declared - funcs == set(), "archsim/_cdef.py declares functions sim.h lacks"
    for f in funcs:
        assert hasattr(_ffi.lib, f), f


def test_constants_match_sim_h(src):
    defs = dict(re.findall(r"#define\s+(SIM_[A-Z0-9_]+)\s+\(?(-?\d+)\)?", header(src)))
    defs = {k: int(v) for k, v in defs.items() if not k.startswith("SIM_VERSION")}
    assert len(defs) >= 20
    for name, value in defs.items():
        assert getattr(_ffi, name) == value, name


def test_error_struct_layout(src):
    m = re.search(r"char message\[(\d+)\].*?char file\[(\d+)\]", header(src), re.S)
    e = _ffi.ffi.new("sim_error *")
    assert len(e.message) == int(m.group(1)) and len(e.file) == int(m.group(2))
    assert [f for f, _ in _ffi.ffi.typeof("sim_error").fields] == \
        ["code", "message", "file", "line", "column"]


def test_version_constants(src):
    text = header(src)
    parts = [re.search(r"#define SIM_VERSION_%s (\d+)" % k, text).group(1)
             for k in ("MAJOR", "MINOR", "PATCH")]
    assert archsim.library_version() == ".".join(parts)


def test_prebuilt_ffi_is_fresh(tmp_path):
    """archsim/_ffi_abi.py matches the declarations, so import parses no C
    (regenerate it with `python3 python/archsim/_cdef.py`)."""
    from archsim import _cdef, _ffi_abi
    assert _ffi_abi.CDEF_SHA256 == _cdef.CDEF_SHA256
    assert _ffi.ffi is _ffi_abi.ffi
    fresh = _cdef.generate(str(tmp_path / "abi.py"))
    with open(fresh) as a, open(_ffi_abi.__file__) as b:
        assert a.read() == b.read()
