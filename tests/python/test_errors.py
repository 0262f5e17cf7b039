"""Every error type, with file, line and column; bad Python arguments raise
Python exceptions and never reach C."""
import pickle

import pytest

import archsim
from archsim import _ffi, errors
from conftest import riscv_elf

TG = ("components:\n"
      "  gen: {type: trafficgen, count: 100}\n"
      "  mem: {type: simple_mem, latency: 10ns}\n"
      "connections: [gen.out -> mem.in]\n")


def test_config_error_has_file_line_column(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("components:\n  mem: {type: simple_mem, latncy: 1ns}\n")
    with pytest.raises(archsim.ConfigError) as ei:
        archsim.run(str(bad))
    e = ei.value
    assert (e.file, e.line, e.column) == (str(bad), 2, 27)
    assert e.code == _ffi.SIM_ECONFIG
    assert "did you mean 'latency'" in e.message
    assert str(e) == "%s:2:27: mem.latncy: unknown key; did you mean 'latency'?" % bad


def test_config_error_from_an_override(trafficgen):
    with pytest.raises(archsim.ConfigError) as ei:
        archsim.run(trafficgen, **{"gen.pattern": "zigzag"})
    assert "gen.pattern" in str(ei.value)


def test_config_error_from_yaml_syntax():
    with pytest.raises(archsim.ConfigError) as ei:
        archsim.Simulator("components: {gen: [\n", name="broken.yaml")
    assert ei.value.file == "broken.yaml" and ei.value.line >= 1


def test_config_error_at_build(trafficgen):
    with archsim.Simulator(trafficgen, {"gen.count": 0}) as sim:    # below the minimum
        with pytest.raises(archsim.ConfigError):
            sim.run()
        with pytest.raises(archsim.ConfigError):      # undone: the same error again
            sim.run()
        sim.set("gen.count", 10)                      # and a fix is taken
        assert sim.run() == archsim.Reason.EXITED


def test_host_io_error():
    with pytest.raises(archsim.HostIOError) as ei:
        archsim.Simulator("/nonexistent/archsim.yaml")
    assert isinstance(ei.value, OSError)
    assert ei.value.code == _ffi.SIM_EIO
    assert "/nonexistent/archsim.yaml" in str(ei.value)


def test_workload_error_when_nothing_runs_a_program(tmp_path):
    prog = tmp_path / "prog.elf"
    prog.write_bytes(b"\x7fELF not really")
    with archsim.Simulator(TG) as sim:
        sim.elaborate()
        with pytest.raises(archsim.WorkloadError) as ei:
            sim.load(str(prog), ["a"])
        assert ei.value.code == _ffi.SIM_EWORKLOAD


def test_workload_error_before_the_build(tmp_path):
    prog = tmp_path / "prog.elf"
    prog.write_bytes(b"junk")
    with pytest.raises(archsim.WorkloadError):
        archsim.run(TG, workload=str(prog), args=["x"])


def test_state_error_after_build(trafficgen):
    with archsim.Simulator(trafficgen, {"gen.count": 10}) as sim:
        sim.run()
        with pytest.raises(archsim.StateError) as ei:
            sim.set("gen.count", 20)
        assert ei.value.code == _ffi.SIM_ESTATE
        with pytest.raises(archsim.StateError):
            sim.set_workload("x.elf")


def test_plugin_error(tmp_path):
    cfg = tmp_path / "p.yaml"
    cfg.write_text("plugins: [./libnothere.so]\n" + TG)
    with pytest.raises(archsim.PluginError) as ei:
        archsim.run(str(cfg))
    assert ei.value.code == _ffi.SIM_EPLUGIN
    assert "libnothere.so" in str(ei.value)


def test_not_found_error(trafficgen):
    with archsim.Simulator(trafficgen, {"gen.count": 10}) as sim:
        sim.run()
        with pytest.raises(archsim.NotFoundError):
            sim.stat("gen.nope")
        assert sim.stat("gen.reads") >= 0
        import math
        assert math.isnan(sim.stat("sim.epi"))        # a NaN stat is not "not found"


def test_invalid_argument_error_from_c():
    err = _ffi.ffi.new("sim_error *")
    rc = _ffi.lib.sim_set(_ffi.ffi.NULL, b"a", b"b", err)
    e = errors.from_c(err, rc)
    assert type(e) is archsim.InvalidArgumentError and isinstance(e, ValueError)
    assert e.code == _ffi.SIM_EINVAL and e.message


def test_guest_error_on_an_illegal_instruction(tmp_path):
    cfg = "components: {cpu: {type: riscv}}\n"
    try:
        archsim.Simulator(cfg).elaborate()
    except archsim.ConfigError as e:
        pytest.skip("this library has no riscv type (%s): GuestError is checked by "
                    "test_every_code_has_its_class only" % e)
    prog = tmp_path / "illegal.elf"
    entry = riscv_elf(prog, b"\x00\x00\x00\x00" * 4)    # all zeros: illegal
    with pytest.raises(archsim.GuestError) as ei:
        archsim.run(cfg, workload=str(prog))
    assert ei.value.code == _ffi.SIM_EGUEST
    assert "illegal instruction" in ei.value.message and hex(entry) in ei.value.message
    assert ei.value.result.stats["sim.insts"] == 0     # the stats so far come with it


def test_workload_error_on_a_bad_elf(tmp_path):
    cfg = "components: {cpu: {type: riscv}}\n"
    try:
        archsim.Simulator(cfg).elaborate()
    except archsim.ConfigError:
        pytest.skip("this library has no riscv type")
    prog = tmp_path / "bad.elf"
    prog.write_bytes(b"\x7fELF" + b"\x00" * 20)           # truncated header
    with archsim.Simulator(cfg) as sim:
        with pytest.raises(archsim.WorkloadError) as ei:
            sim.load(str(prog))
    assert str(prog) in str(ei.value) or "ELF" in str(ei.value)


def test_a_stalled_run_raises_with_its_result(stall_config):
    with archsim.Simulator(stall_config) as sim:           # the low level: IDLE, and why
        assert sim.run() == archsim.Reason.IDLE and sim.workloads_left == 1
    with pytest.raises(archsim.StalledError) as ei:
        archsim.run(stall_config)
    e = ei.value
    assert isinstance(e, archsim.WorkloadError) and e.code == _ffi.SIM_EWORKLOAD
    assert str(e).startswith(str(stall_config) + ": the run stalled")
    assert "1 workload had not ended" in e.message
    assert e.result.reason == archsim.Reason.IDLE and e.result.stats["w.ticks"] == 1
    assert type(errors.from_dict(e.to_dict())) is archsim.StalledError


def test_every_code_has_its_class():
    expect = {_ffi.SIM_EINVAL: archsim.InvalidArgumentError,
              _ffi.SIM_ECONFIG: archsim.ConfigError, _ffi.SIM_ENOMEM: archsim.OutOfMemoryError,
              _ffi.SIM_EIO: archsim.HostIOError, _ffi.SIM_EWORKLOAD: archsim.WorkloadError,
              _ffi.SIM_EGUEST: archsim.GuestError, _ffi.SIM_ESTATE: archsim.StateError,
              _ffi.SIM_ENOTFOUND: archsim.NotFoundError, _ffi.SIM_EPLUGIN: archsim.PluginError}
    for code, cls in expect.items():
        e = errors.from_code(code, "m", "f.yaml", 3, 4)
        assert type(e) is cls and isinstance(e, archsim.ArchsimError)
        assert (e.code, e.file, e.line, e.column) == (code, "f.yaml", 3, 4)
        assert str(e) == "f.yaml:3:4: m"
        # the C library has a text for every code
        assert _ffi.ffi.string(_ffi.lib.sim_strerror(code))
        e2 = pickle.loads(pickle.dumps(e))           # crosses process pools
        assert type(e2) is cls and str(e2) == str(e)
        assert type(errors.from_dict(e.to_dict())) is cls
    assert type(errors.from_code(-99, "x")) is archsim.ArchsimError


@pytest.mark.parametrize("call, exc", [
    (lambda tg: archsim.Simulator(123), TypeError),
    (lambda tg: archsim.Simulator(None), TypeError),
    (lambda tg: archsim.Simulator(tg, {"gen.count": object()}), TypeError),
    (lambda tg: archsim.Simulator(tg, {1: 2}), TypeError),
    (lambda tg: archsim.Simulator(tg, ["gen.count"]), TypeError),
    (lambda tg: archsim.Simulator(tg, {"gen.count\0x": 1}), ValueError),
    (lambda tg: archsim.Simulator(tg, {"gen.count": "1\0"}), ValueError),
    (lambda tg: archsim.Simulator(tg + "\0"), ValueError),
    (lambda tg: archsim.Simulator(tg, seed=-1), ValueError),
    (lambda tg: archsim.Simulator(tg, seed="1"), TypeError),
    (lambda tg: archsim.run(tg, max_cycles=-5), ValueError),
    (lambda tg: archsim.run(tg, max_cycles=2 ** 64), ValueError),
    (lambda tg: archsim.run(tg, max_cycles="10"), TypeError),
    (lambda tg: archsim.run(tg, max_cycles=True), TypeError),
    (lambda tg: archsim.run(tg, max_cycles=1, max_insts=1), ValueError),
    (lambda tg: archsim.run(tg, workload=5), TypeError),
    (lambda tg: archsim.run(tg, workload=""), ValueError),
    (lambda tg: archsim.run(tg, workload="p.elf", args="abc"), TypeError),
    (lambda tg: archsim.run(tg, workload="p.elf", args=[1]), TypeError),
    (lambda tg: archsim.Simulator(tg).every(0, lambda s: 0), ValueError),
    (lambda tg: archsim.Simulator(tg).every(10, "no"), TypeError),
    (lambda tg: archsim.Simulator(tg).every(10, lambda s: 0, unit="insts"), ValueError),
    (lambda tg: archsim.Simulator(tg).stat(None), TypeError),
    (lambda tg: archsim.Simulator(tg).stats[3], TypeError),
    (lambda tg: archsim.Simulator(tg).format_stats("xml"), ValueError),
    (lambda tg: archsim.Simulator(tg).write_stats(None), TypeError),
    (lambda tg: archsim.Simulator(tg).get(None), TypeError),
    (lambda tg: archsim.Simulator(tg).set_log(42), TypeError),
    (lambda tg: archsim.Simulator(tg).load(None), TypeError),
    (lambda tg: list(archsim.Simulator(tg).steps(0)), ValueError),
])
def test_bad_arguments_raise_python_errors(trafficgen, call, exc):
    with pytest.raises(exc):
        call(trafficgen)


def test_bad_paths_are_errors_not_crashes(trafficgen, tmp_path):
    with archsim.Simulator(trafficgen, {"gen.count": 10}) as sim:
        sim.run()
        with pytest.raises(archsim.HostIOError):
            sim.write_stats(tmp_path / "no" / "such" / "dir" / "s.json")
        with pytest.raises(archsim.HostIOError):
            sim.write_config(tmp_path / "no" / "such" / "c.yaml")
        assert sim.get("nope.nope") is None
        assert sim.get("") is None


def test_log_callback_errors_do_not_unwind_through_c(trafficgen):
    def bad_log(level, msg):
        raise RuntimeError("log")
    with archsim.Simulator(trafficgen, {"gen.count": 100}, log=bad_log) as sim:
        sim.run()                               # whatever the library logs, no crash
        assert sim.stats["gen.reads"] + sim.stats["gen.writes"] == 100
