"""archsim.Simulator, archsim.run, Stats and Energy against the C command."""
import json
import math
import os
import pickle

import pytest

import archsim
from conftest import run_cli


def cli_stats(cli, config, tmp_path, *sets, extra=()):
    out = tmp_path / "cli"
    args = ["run", config, "-q", "-o", out]
    for s in sets:
        args += ["--set", s]
    r = run_cli(cli, *args, *extra)
    assert r.returncode == 0, r.stderr
    with open(out / "stats.json") as f:
        stats = json.load(f)
    with open(out / "config.yaml") as f:
        return stats, f.read()


def same_stats(py, c):
    """Every statistic equal, bit for bit (NaN is null in stats.json)."""
    assert list(py.keys()) == list(c.keys())
    for k, v in c.items():
        if v is None:
            assert math.isnan(py[k]), k
        else:
            assert py[k] == v, k


@pytest.mark.parametrize("sets", [
    ("gen.count=20000",),
    ("gen.count=5000", "gen.pattern=pointer_chase", "gen.mode=lt", "mem.latency=30ns"),
    ("gen.count=8000", "mem.bandwidth=3.2", "seed=7"),
])
def test_run_matches_archsim_run(cli, trafficgen, tmp_path, sets):
    c_stats, c_config = cli_stats(cli, trafficgen, tmp_path, *sets)
    overrides = dict(s.split("=", 1) for s in sets)
    r = archsim.run(trafficgen, overrides=overrides)
    same_stats(r.stats, c_stats)
    assert r.config == c_config
    assert r.reason == archsim.Reason.EXITED
    assert r.stats["gen.reads"] + r.stats["gen.writes"] == int(overrides["gen.count"])


def test_simulator_run_matches_archsim_run_with_cycle_limit(cli, trafficgen, tmp_path):
    c_stats, _ = cli_stats(cli, trafficgen, tmp_path, "gen.count=50000",
                           extra=("--max-cycles", "30000"))
    with archsim.Simulator(trafficgen, {"gen.count": 50000}) as sim:
        assert sim.run(max_cycles=30000) == archsim.Reason.LIMIT
        assert sim.cycles == 30000
        same_stats(sim.stats, c_stats)


def test_overrides_change_the_run(trafficgen):
    base = archsim.run(trafficgen, gen__count=2000)
    slow = archsim.run(trafficgen, gen__count=2000, **{"mem.latency": "90ns"})
    assert base.stats["gen.reads"] + base.stats["gen.writes"] == 2000
    assert slow.stats["gen.latency"] > base.stats["gen.latency"] + 40000   # +45 ns in ps
    assert "latency: 90ns" in slow.config
    assert slow.overrides == {"gen.count": "2000", "mem.latency": "90ns"}


def test_override_values_of_python_types(trafficgen):
    with archsim.Simulator(trafficgen, {"gen.count": 1234, "gen.read_fraction": 0.5,
                                        "gen.pattern": "linear"}) as sim:
        assert sim.get("gen.count") == "1234"
        assert sim.get("gen.read_fraction") == "0.5"
        sim.run()
        assert sim.stats["gen.reads"] + sim.stats["gen.writes"] == 1234


def test_value_text():
    assert archsim.value_text(8) == "8"
    assert archsim.value_text("64KiB") == "64KiB"
    assert archsim.value_text(True) == "true"
    assert archsim.value_text(0.25) == "0.25"
    assert archsim.value_text(None) == "null"
    assert archsim.value_text([1, "a b", "x,y"]) == '[1, a b, "x,y"]'
    assert archsim.value_text({"read": "4nJ"}) == "{read: 4nJ}"


def test_seed_override_changes_random_pattern(trafficgen):
    a = archsim.run(trafficgen, gen__count=3000, seed=1)
    b = archsim.run(trafficgen, gen__count=3000, seed=2)
    c = archsim.run(trafficgen, gen__count=3000, seed=2)
    assert (a.seed, b.seed) == (1, 2)
    assert a.stats["gen.reads"] != b.stats["gen.reads"]
    assert b.stats == c.stats                 # deterministic for a seed


def test_config_from_yaml_text():
    yaml = ("components:\n"
            "  gen: {type: trafficgen, count: 700, pattern: linear}\n"
            "  mem: {type: simple_mem, latency: 20ns}\n"
            "connections: [gen.out -> mem.in]\n")
    r = archsim.run(yaml)
    assert r.stats["gen.reads"] == 700
    with archsim.Simulator.from_yaml(yaml, {"gen.count": 10}) as sim:
        sim.run()
        assert sim.stats["mem.reads"] == 10


def test_stats_hierarchy(trafficgen):
    r = archsim.run(trafficgen, gen__count=1000)
    st = r.stats
    assert st["gen"]["latency"] == st["gen.latency"] == st.gen.latency
    assert st["gen"]["latency.samples"] == 1000
    assert st.group("gen.latency")["samples"] == 1000
    assert "reads" in st["gen"] and "gen" in st and "nope" not in st
    assert set(st["mem"].keys()) >= {"reads", "writes", "energy.total"}
    assert len(st["gen"]) == len([k for k in st if k.startswith("gen.")])
    tree = st.tree()
    assert tree["gen"]["latency"][""] == st["gen.latency"]
    assert tree["mem"]["energy"]["total"] == st["mem.energy.total"]
    with pytest.raises(archsim.NotFoundError):
        st["gen.nope"]
    with pytest.raises(KeyError):             # a NotFoundError is a KeyError
        st["nope"]
    with pytest.raises(AttributeError):
        st.nope
    with pytest.raises(AttributeError):
        st.gen = 1


def test_energy(trafficgen):
    with archsim.Simulator(trafficgen, {"gen.count": 4000}) as sim:
        sim.run()
        e = sim.energy
        st = sim.stats
    assert e.total == st["sim.energy.total"] > 0
    assert e["mem"].total == st["mem.energy.total"]
    assert e["mem"].dynamic + e["mem"].leakage == pytest.approx(e["mem"].total)
    assert e["mem"].events["read"] == st["mem.energy.read"]
    assert list(e) == ["mem"]
    assert "mem" in e.table and "total" in e.table
    with pytest.raises(archsim.NotFoundError):
        e["gen"]


def test_result_pickles(trafficgen):
    r = archsim.run(trafficgen, gen__count=500)
    r2 = pickle.loads(pickle.dumps(r))
    assert r2.stats == r.stats and r2.config == r.config and r2.reason == r.reason
    assert r2.energy.total == r.energy.total
    v = pickle.loads(pickle.dumps(r.stats["gen"]))
    assert v["reads"] == r.stats["gen.reads"]


def test_every_callback_and_stop(trafficgen):
    seen = []
    with archsim.Simulator(trafficgen, {"gen.count": 20000}) as sim:
        sim.every(10000, lambda s: seen.append(s.cycles) or s.cycles == 50000)
        assert sim.run() == archsim.Reason.STOPPED
        assert seen == [10000, 20000, 30000, 40000, 50000]
        stopped_at = len(seen)
        assert sim.stat("sim.cycles") == 50000
        assert sim.run() == archsim.Reason.EXITED       # and it goes on to the end
        assert len(seen) > stopped_at
        stepped = sim.stats
    whole = archsim.run(trafficgen, gen__count=20000).stats
    assert stepped == whole                             # stopping changes nothing


def test_steps(trafficgen):
    with archsim.Simulator(trafficgen, {"gen.count": 3000}) as sim:
        marks = list(sim.steps(5000))
        assert marks[:3] == [5000, 10000, 15000]
        assert marks[-1] == sim.cycles
        assert sim.stats["gen.reads"] + sim.stats["gen.writes"] == 3000
    assert archsim.run(trafficgen, gen__count=3000).cycles == marks[-1]


def test_callback_exception_is_raised_by_run(trafficgen):
    def boom(sim):
        raise RuntimeError("from the callback")

    with archsim.Simulator(trafficgen, {"gen.count": 5000}) as sim:
        sim.every(1000, boom)
        with pytest.raises(RuntimeError, match="from the callback"):
            sim.run()
        assert sim.cycles == 1000


def test_no_reentry_from_a_callback(trafficgen):
    errors = []

    def reenter(sim):
        for call in (sim.run, lambda: sim.set("gen.count", 1), sim.close):
            try:
                call()
            except archsim.StateError as e:
                errors.append(e)
        return True

    with archsim.Simulator(trafficgen, {"gen.count": 5000}) as sim:
        sim.every(2000, reenter)
        assert sim.run() == archsim.Reason.STOPPED
        assert len(errors) == 3


def test_close_and_context_manager(trafficgen):
    sim = archsim.Simulator(trafficgen)
    sim.close()
    sim.close()                                   # idempotent
    assert sim.closed
    for call in (sim.run, lambda: sim.stats, lambda: sim.set("a", 1), lambda: sim.cycles):
        with pytest.raises(archsim.StateError):
            call()


def test_write_stats_and_config(trafficgen, tmp_path):
    with archsim.Simulator(trafficgen, {"gen.count": 1500}) as sim:
        sim.run()
        sim.write_stats(tmp_path / "s.json")
        sim.write_stats(tmp_path / "s.txt")
        sim.write_config(tmp_path / "c.yaml")
        flat = json.loads(sim.format_stats("json"))
        assert sim.format_stats("csv").count("\n") == 2
    with open(tmp_path / "s.json") as f:
        assert json.load(f) == flat
    assert "gen.reads" in (tmp_path / "s.txt").read_text()
    again = archsim.run(str(tmp_path / "c.yaml"))
    assert again.stats["gen.reads"] == flat["gen.reads"]


def test_library_version(cli):
    assert run_cli(cli, "--version").stdout.split()[1] == archsim.library_version()


def test_state_readers(trafficgen):
    with archsim.Simulator(trafficgen, {"gen.count": 100}) as sim:
        sim.run()
        assert sim.now == sim.stat("sim.ticks")
        assert sim.cycles == sim.stat("sim.cycles")
        assert sim.insts == 0 and sim.exit_code == 0 and sim.seed == 1
        assert sim.workloads_left == 0          # the traffic generator ended
        assert "mem" in sim.energy_prices()
        assert os.path.isfile(archsim.library_path)


def test_set_all(trafficgen):
    with archsim.Simulator(trafficgen, {"gen.count": 100}) as sim:
        assert sim.set_all("latency", "70ns") == 1          # only mem has one
        assert sim.set_all("no_such_param", 1) == 0
        assert sim.get("mem.latency") == "70ns"
        sim.run()
        with pytest.raises(archsim.StateError):
            sim.set_all("latency", "10ns")
