"""archsim.errors - one exception class per SIM_E* code of archsim/sim.h.

Every error raised by the library is an ArchsimError carrying the C error's
code, message and, where it applies, the config file, line and column; str()
reads like the command's messages: `bad.yaml:2:27: mem.latncy: unknown key`.
Where a built-in exception means the same thing, the class derives from it too
(InvalidArgumentError is a ValueError, NotFoundError a KeyError, HostIOError an
OSError, OutOfMemoryError a MemoryError), so ordinary `except` clauses work.
"""
from . import _ffi


class ArchsimError(Exception):
    """Base of every archsim error: code, message, file, line, column."""
    code = None

    def __init__(self, message, code=None, file="", line=0, column=0):
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message
        self.file = file or ""
        self.line = int(line or 0)
        self.column = int(column or 0)

    def __str__(self):
        if self.file and self.line > 0:
            return "%s:%d:%d: %s" % (self.file, self.line, self.column, self.message)
        if self.file:
            return "%s: %s" % (self.file, self.message)
        return self.message

    def __reduce__(self):               # survives pickling (process pools, Dask)
        return (_rebuild, (type(self), self.message, self.code, self.file, self.line,
                           self.column))

    def to_dict(self):
        """The fields as a plain dict (stored in a failed sweep point's record)."""
        return {"type": type(self).__name__, "code": self.code, "message": self.message,
                "file": self.file, "line": self.line, "column": self.column}


def _rebuild(cls, message, code, file, line, column):
    return cls(message, code, file, line, column)


class InvalidArgumentError(ArchsimError, ValueError):
    """SIM_EINVAL: a bad argument reached the C API."""
    code = _ffi.SIM_EINVAL


class ConfigError(ArchsimError):
    """SIM_ECONFIG: the config file or an override was rejected (file, line, column)."""
    code = _ffi.SIM_ECONFIG


class OutOfMemoryError(ArchsimError, MemoryError):
    """SIM_ENOMEM: the host ran out of memory."""
    code = _ffi.SIM_ENOMEM


class HostIOError(ArchsimError, OSError):
    """SIM_EIO: a host file could not be read or written."""
    code = _ffi.SIM_EIO

    def __init__(self, message, code=None, file="", line=0, column=0):
        ArchsimError.__init__(self, message, code, file, line, column)

    def __str__(self):
        return ArchsimError.__str__(self)


class WorkloadError(ArchsimError):
    """SIM_EWORKLOAD: the workload was rejected (bad ELF, truncated trace, none runs one)."""
    code = _ffi.SIM_EWORKLOAD


class StalledError(WorkloadError):
    """archsim.run(): the run went idle (nothing left to simulate) while workloads
    had not ended, as when a component waits for a response nobody sends. Carries
    the run's Result as `result`, as the command still writes the statistics.
    Simulator.run() returns Reason.IDLE instead; Simulator.workloads_left tells."""


class GuestError(ArchsimError):
    """SIM_EGUEST: the guest stopped its run (illegal instruction, bad syscall, ...)."""
    code = _ffi.SIM_EGUEST


class StateError(ArchsimError):
    """SIM_ESTATE: the call is not valid in the simulator's current state."""
    code = _ffi.SIM_ESTATE


class NotFoundError(ArchsimError, KeyError):
    """SIM_ENOTFOUND: no such statistic, component or type."""
    code = _ffi.SIM_ENOTFOUND

    def __str__(self):                  # not KeyError's repr()
        return ArchsimError.__str__(self)


class PluginError(ArchsimError):
    """SIM_EPLUGIN: a plugin could not be loaded."""
    code = _ffi.SIM_EPLUGIN


BY_CODE = {c.code: c for c in (InvalidArgumentError, ConfigError, OutOfMemoryError,
                               HostIOError, WorkloadError, GuestError, StateError,
                               NotFoundError, PluginError)}
BY_NAME = {c.__name__: c for c in BY_CODE.values()}
BY_NAME["ArchsimError"] = ArchsimError
BY_NAME["StalledError"] = StalledError


def from_code(code, message, file="", line=0, column=0):
    """The exception for a SIM_E* code (ArchsimError for a code this version lacks)."""
    cls = BY_CODE.get(code, ArchsimError)
    return cls(message, code, file, line, column)


def from_c(err, code=None):
    """The exception for a filled `sim_error *`."""
    ffi = _ffi.ffi
    c = err.code if err.code else code
    msg = ffi.string(err.message).decode("utf-8", "replace")
    if not msg:
        msg = ffi.string(_ffi.lib.sim_strerror(c)).decode("utf-8", "replace")
    return from_code(c, msg, ffi.string(err.file).decode("utf-8", "replace"),
                     err.line, err.column)


def from_dict(d):
    """Rebuild an exception from ArchsimError.to_dict() output."""
    cls = BY_NAME.get(d.get("type"), ArchsimError)
    return cls(d.get("message", ""), d.get("code"), d.get("file", ""), d.get("line", 0),
               d.get("column", 0))
