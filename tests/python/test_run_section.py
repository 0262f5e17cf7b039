"""The config's run: section from Python: archsim.run() and Simulator.run()
follow run.warmup, run.max_insts, run.max_cycles and the sampling keys as
`archsim run` does; the Result's config records the limits it ran with; a
run whose program did not exit has no exit code (found by a user review).

The workload is a program of a few thousand instructions written here
(conftest.riscv_exit_elf), so that a run that ignored its limits would still
end quickly, at the exit."""
import json
import math
import os

import pytest

import archsim
from conftest import riscv_elf, riscv_exit_elf, run_cli


@pytest.fixture
def ooo(src):
    return os.path.join(src, "configs", "riscv-ooo.yaml")


@pytest.fixture
def prog(has_riscv, tmp_path):
    """A program that counts 1500 down (3000 instructions and a few), then exits 7."""
    path = tmp_path / "loop.elf"
    riscv_exit_elf(path, 7, loops=1500)
    return str(path)


@pytest.fixture
def segv(has_riscv, tmp_path):
    """A program whose first instruction loads from address 0 (ld a0, 0(zero))."""
    path = tmp_path / "segv.elf"
    riscv_elf(path, (0x00003503).to_bytes(4, "little"))
    return str(path)


def same(stats, cli_stats):
    """Python's statistics equal stats.json's (whose numbers went through a
    double: a count near 2**64 prints as an integer that is not one)."""
    assert set(stats) == set(cli_stats)
    return all(v == float(cli_stats[k]) if cli_stats[k] is not None else math.isnan(v)
               for k, v in stats.items())


def cli_stats(cli, tmp_path, *args):
    out = tmp_path / "cli"
    r = run_cli(cli, "run", *args[:-1], "-q", "-o", out, "--", args[-1])
    with open(out / "status.json") as f:
        status = json.load(f)
    with open(out / "stats.json") as f:
        return r.returncode, status, json.load(f)


# ------------------------------------------------------------ archsim.run

def test_run_follows_the_run_section_as_archsim_run_does(ooo, prog, cli, tmp_path):
    ov = {"run.warmup": 1000, "run.max_insts": 500}
    r = archsim.run(ooo, prog, overrides=ov)
    assert r.reason == archsim.Reason.LIMIT
    assert r.stats["sim.insts"] == 500          # counted after the warm-up's reset
    rc, status, stats = cli_stats(cli, tmp_path, ooo, "--set", "run.warmup=1000",
                                  "--set", "run.max_insts=500", prog)
    assert rc == 0 and status["reason"] == "limit"
    assert same(r.stats, stats)


def test_run_keywords_set_the_run_section_as_the_command_options_do(ooo, prog, cli,
                                                                   tmp_path):
    r = archsim.run(ooo, prog, warmup=1000, max_insts=500)
    assert r.reason == archsim.Reason.LIMIT and r.insts == 500
    _, _, stats = cli_stats(cli, tmp_path, ooo, "--warmup", "1000", "--max-insts", "500",
                            prog)
    assert same(r.stats, stats)
    c = archsim.run(ooo, prog, max_cycles=700)
    assert c.reason == archsim.Reason.LIMIT and c.cycles == 700


def test_a_keyword_limit_replaces_the_configs(ooo, prog):
    r = archsim.run(ooo, prog, overrides={"run.max_insts": 2000}, max_insts=300)
    assert r.reason == archsim.Reason.LIMIT and r.insts == 300
    r = archsim.run(ooo, prog, overrides={"run.max_insts": 2000}, max_cycles=400)
    assert r.reason == archsim.Reason.LIMIT and r.cycles == 400
    r = archsim.run(ooo, prog, overrides={"run.max_cycles": 400}, max_insts=0)
    assert r.reason == archsim.Reason.EXITED and r.exit_code == 7     # 0: no limit


def test_run_limit_arguments_are_checked(ooo, prog):
    with pytest.raises(ValueError):
        archsim.run(ooo, prog, max_insts=10, max_cycles=10)
    with pytest.raises(ValueError):
        archsim.run(ooo, prog, warmup=-1)
    with pytest.raises(TypeError):
        archsim.run(ooo, prog, max_insts="10")
    with pytest.raises(archsim.ConfigError):    # a sampled run ends with its samples
        archsim.run(ooo, prog, overrides={"run.sample_period": 1000}, max_insts=10)


def test_run_takes_samples_as_the_run_section_says(ooo, prog, cli, tmp_path):
    ov = {"run.sample_measure": 200, "run.sample_warmup": 100, "run.sample_period": 1000,
          "run.samples": 2}           # in this order: each set is checked against the others
    r = archsim.run(ooo, prog, overrides=ov)
    assert r.reason == archsim.Reason.LIMIT
    assert r.stats["sim.sample.count"] == 2 and r.stats["sim.sample.insts"] == 400
    _, _, stats = cli_stats(cli, tmp_path, ooo, *sum((["--set", "%s=%s" % kv]
                                                       for kv in ov.items()), []), prog)
    assert same(r.stats, stats)


def test_a_run_ending_in_its_warmup_fails(ooo, prog):
    with pytest.raises(archsim.WorkloadError) as e:
        archsim.run(ooo, prog, warmup=100000)
    assert "warm-up" in str(e.value) and e.value.result.exit_code is None


def test_the_results_config_reproduces_a_limited_run(ooo, prog):
    r = archsim.run(ooo, prog, max_insts=500)
    assert "max_insts: 500\n" in r.config
    again = archsim.run(r.config)
    assert again.reason == archsim.Reason.LIMIT
    assert again.stats == r.stats and again.config == r.config
    for limits in ({"max_cycles": 700}, {"warmup": 1000, "max_insts": 500}):
        r = archsim.run(ooo, prog, **limits)
        assert archsim.run(r.config).stats == r.stats


# ---------------------------------------------------------- Simulator.run

def test_simulator_run_follows_the_run_section(ooo, prog):
    with archsim.Simulator(ooo, {"run.warmup": 1000, "run.max_insts": 500}) as sim:
        sim.load(prog)
        assert sim.run() == archsim.Reason.LIMIT
        assert sim.insts == 1500 and sim.stat("sim.insts") == 500
        assert sim.run() == archsim.Reason.LIMIT            # the section is done
        assert sim.insts == 1500
        assert sim.run(max_insts=100) == archsim.Reason.LIMIT   # a step, as before
        assert sim.insts == 1600


def test_simulator_run_goes_on_after_a_stop_in_the_warmup(ooo, prog):
    with archsim.Simulator(ooo, {"run.warmup": 1000, "run.max_insts": 500}) as sim:
        sim.load(prog)
        sim.every(50, lambda s: s.insts >= 300)
        assert sim.run() == archsim.Reason.STOPPED
        assert 300 <= sim.insts < 1000
        sim.every(10 ** 9, lambda s: False)
        while sim.run() == archsim.Reason.STOPPED:
            pass
        assert sim.insts == 1500 and sim.stat("sim.insts") == 500


def test_simulator_run_without_a_run_section_runs_to_the_exit(ooo, prog):
    with archsim.Simulator(ooo) as sim:
        sim.load(prog)
        assert sim.run() == archsim.Reason.EXITED and sim.exit_code == 7


# -------------------------------------------------------------- exit code

def test_no_exit_code_when_the_program_did_not_exit(ooo, prog, cli, tmp_path):
    r = archsim.run(ooo, prog, max_insts=1000)
    assert r.reason == archsim.Reason.LIMIT and r.exit_code is None
    _, status, _ = cli_stats(cli, tmp_path, ooo, "--max-insts", "1000", prog)
    assert status["exit_code"] is None
    assert archsim.run(ooo, prog).exit_code == 7


def test_no_exit_code_for_a_failed_run(ooo, segv):
    with pytest.raises(archsim.GuestError) as e:
        archsim.run(ooo, segv)
    assert e.value.result.exit_code is None and e.value.result.reason is None


def test_simulator_exit_code_is_none_until_the_program_exits(ooo, prog):
    with archsim.Simulator(ooo) as sim:
        sim.load(prog)
        assert sim.exit_code is None
        assert sim.run(max_insts=100) == archsim.Reason.LIMIT
        assert sim.exit_code is None
        assert sim.result(archsim.Reason.LIMIT).exit_code is None
        assert sim.run() == archsim.Reason.EXITED
        assert sim.exit_code == 7 and sim.result(archsim.Reason.EXITED).exit_code == 7


def test_sweep_records_have_null_exit_codes_unless_the_program_exited(ooo, prog, segv,
                                                                     tmp_path):
    recs = archsim.sweep(ooo, {}, workloads=[prog, segv], max_insts=1000, out=None,
                         executor=archsim.InlineExecutor())
    assert [r["status"] for r in recs] == ["ok", "error"]
    assert [r["exit_code"] for r in recs] == [None, None]
    assert recs[0]["stats"]["sim.insts"] == 1000
    whole = archsim.sweep(ooo, {}, workloads=[prog], out=None,
                          executor=archsim.InlineExecutor())
    assert whole[0]["exit_code"] == 7
