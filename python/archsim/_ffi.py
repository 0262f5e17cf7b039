"""archsim._ffi - the cffi binding (ABI mode) of the public C API, archsim/sim.h:
`ffi` and `lib`, the SIM_* constants, and where the library was found.

The declarations are in archsim/_cdef.py; the FFI comes from its pre-built
form (archsim/_ffi_abi.py) when that matches them, so no C is parsed at import.

The shared library is looked for, in order:
  1. $ARCHSIM_LIB (a path to libarchsim.so);
  2. next to this package (a wheel built with the library inside it);
  3. an installed package's prefix: `cmake --install` puts this package in
     <prefix>/share/archsim/python and the library in <prefix>/lib;
  4. the build tree of the source tree this package sits in: build/, then
     the newest libarchsim.so among build*/;
  5. <sys.prefix>/lib, /usr/local/lib, /usr/lib and the system's library path.
"""
import glob
import os
import sys

from ._cdef import *            # noqa: F401,F403 - CDEF and the SIM_* constants
from ._cdef import CDEF, CDEF_SHA256

LIB_NAMES = ("libarchsim.so", "libarchsim.so.0", "libarchsim.dylib")
LIB_DIRS = ("lib", "lib64", "lib/x86_64-linux-gnu", "lib/aarch64-linux-gnu")


def _make_ffi():
    """The FFI: from the pre-built module when it matches CDEF (fast), else
    by parsing CDEF."""
    try:
        from . import _ffi_abi
        if _ffi_abi.CDEF_SHA256 == CDEF_SHA256:
            return _ffi_abi.ffi
    except ImportError:
        pass
    from cffi import FFI
    f = FFI()
    f.cdef(CDEF)
    return f


ffi = _make_ffi()


def _newest(paths):
    paths = [p for p in paths if os.path.isfile(p)]
    return max(paths, key=os.path.getmtime) if paths else None


def candidates():
    """The paths tried, in order (for error messages and `python -m archsim info`)."""
    out = []
    env = os.environ.get("ARCHSIM_LIB")
    if env:
        out.append(env)
    here = os.path.dirname(os.path.abspath(__file__))
    out += [os.path.join(here, n) for n in LIB_NAMES]
    parts = here.split(os.sep)
    if parts[-4:-1] == ["share", "archsim", "python"]:      # installed by cmake
        prefix = os.sep.join(parts[:-4]) or os.sep
        out += [os.path.join(prefix, d, "libarchsim.so") for d in LIB_DIRS]
    src = os.path.dirname(os.path.dirname(here))        # python/archsim -> source root
    if os.path.isfile(os.path.join(src, "libsim", "include", "archsim", "sim.h")):
        build = os.path.join(src, "build", "libarchsim.so")
        if os.path.isfile(build):
            out.append(build)
        newest = _newest(glob.glob(os.path.join(src, "build*", "libarchsim.so")))
        if newest and newest not in out:
            out.append(newest)
    for prefix in (sys.prefix, "/usr/local", "/usr"):
        out += [os.path.join(prefix, d, "libarchsim.so") for d in LIB_DIRS]
    return out


def _load():
    tried = []
    env = os.environ.get("ARCHSIM_LIB")
    for path in candidates():
        if not os.path.isfile(path):
            continue
        try:
            return ffi.dlopen(path), path
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
            if path == env:                 # an explicit choice that fails is an error
                break
    if not env:
        for name in LIB_NAMES[:2]:
            try:
                return ffi.dlopen(name), name
            except OSError:
                pass
    raise ImportError("archsim: cannot load libarchsim.so; build it (cmake --build build) "
                      "or set ARCHSIM_LIB to its path. Tried: " +
                      (", ".join(tried) if tried else ", ".join(candidates())))


lib, lib_path = _load()
