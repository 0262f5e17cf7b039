"""Sweeps: executors, records, resume after a kill, shards and merge."""
import concurrent.futures as cf
import json
import os
import signal
import subprocess
import sys
import time

import pytest

import archsim
from archsim import sweeps

GRID = {"mem.latency": ["30ns", "60ns"], "gen.range": ["1MiB", "64MiB"]}
FIXED = {"gen.count": 3000}


def strip_host(recs):
    """Records without what varies from run to run (timing, node, pid) and
    the guest output file (named after the results file)."""
    return [{k: v for k, v in r.items() if k not in ("host", "guest_output")} for r in recs]


def test_points_order_ids_and_shards(trafficgen):
    sw = archsim.Sweep(trafficgen, {"a.x": [1, 2, 3], "b.y": ["p", "q"]},
                       workloads=[None], seeds=[1, 2])
    pts = sw.points()
    assert len(pts) == len(sw) == 12
    assert [p.index for p in pts] == list(range(12))
    assert pts[0].params == {"a.x": "1", "b.y": "p"} and pts[0].seed == 1
    assert pts[1].params == {"a.x": "1", "b.y": "p"} and pts[1].seed == 2
    assert pts[2].params == {"a.x": "1", "b.y": "q"}
    assert len({p.id for p in pts}) == 12
    # shards partition the points
    parts = [sw.points((i, 5)) for i in range(5)]
    assert sorted(p.index for part in parts for p in part) == list(range(12))
    assert all(p.index % 5 == i for i, part in enumerate(parts) for p in part)


def test_point_id_is_stable_and_canonical(trafficgen, tmp_path):
    a = archsim.Sweep(trafficgen, {"l2.assoc": [8], "l1d.size": ["32KiB"]}).points()[0]
    b = archsim.Sweep(trafficgen, {"l1d.size": ["32KiB"], "l2.assoc": ["8"]}).points()[0]
    assert a.id == b.id                      # key order and 8 vs "8" do not matter
    c = archsim.Sweep(trafficgen, {"l1d.size": ["32KiB"], "l2.assoc": [8]}, seeds=[2]).points()
    d = archsim.Sweep(trafficgen, {"l1d.size": ["32KiB"], "l2.assoc": [8]},
                      workloads=["x.elf"]).points()
    e = archsim.Sweep(trafficgen, {"l1d.size": ["32KiB"], "l2.assoc": [8]},
                      max_cycles=10).points()
    assert len({a.id, c[0].id, d[0].id, e[0].id}) == 4
    # the id depends on the config's name and content, not on where the tree is
    other = tmp_path / "trafficgen.yaml"
    other.write_text(open(trafficgen).read())
    f = archsim.Sweep(str(other), {"l2.assoc": [8], "l1d.size": ["32KiB"]}).points()[0]
    assert f.id == a.id


def test_records_hold_config_seed_workload_and_all_stats(trafficgen, tmp_path):
    out = tmp_path / "r.jsonl"
    recs = archsim.sweep(trafficgen, GRID, overrides=FIXED, seeds=[3], out=out,
                         executor=sweeps.InlineExecutor())
    assert len(recs) == 4
    for rec in recs:
        assert rec["status"] == "ok" and rec["error"] is None
        assert rec["seed"] == 3 and rec["workload"] is None
        assert rec["overrides"] == dict({"gen.count": "3000"}, **rec["params"])
        one = archsim.run(trafficgen, overrides=rec["overrides"], seed=3)
        assert rec["config"] == one.config
        assert one.stats == rec["stats"]     # every statistic, the same
        assert "seed: 3" in rec["config"]
    assert archsim.load_results(out) == recs
    lines = out.read_text().splitlines()
    assert len(lines) == 4 and all(json.loads(line)["id"] for line in lines)


def test_local_pool_and_dask_give_identical_results(trafficgen, tmp_path):
    local = archsim.sweep(trafficgen, GRID, overrides=FIXED, out=tmp_path / "local.jsonl",
                          jobs=2)
    assert [r["status"] for r in local] == ["ok"] * 4
    inline = archsim.sweep(trafficgen, GRID, overrides=FIXED, out=tmp_path / "inline.jsonl",
                           executor=sweeps.InlineExecutor())
    assert strip_host(inline) == strip_host(local)
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        pytest.skip("distributed (Debian: python3-distributed) is not installed: "
                    "the Dask executor was not tested")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster, Client(cluster) as client, \
            pytest.warns(RuntimeWarning, match="threads"):    # Dask's workers are threads
        dask = archsim.sweep(trafficgen, GRID, overrides=FIXED, out=tmp_path / "dask.jsonl",
                             executor=client.get_executor())
    assert strip_host(dask) == strip_host(local)
    assert strip_host(archsim.load_results(tmp_path / "dask.jsonl")) == strip_host(local)


def test_thread_pool_executor(trafficgen, tmp_path):
    with cf.ThreadPoolExecutor(2) as ex:
        recs = archsim.sweep(trafficgen, GRID, overrides=FIXED, out=None, executor=ex)
    ref = archsim.sweep(trafficgen, GRID, overrides=FIXED, out=None,
                        executor=sweeps.InlineExecutor())
    assert strip_host(recs) == strip_host(ref)


def test_resume_skips_finished_points(trafficgen, tmp_path):
    out = tmp_path / "r.jsonl"
    ran = []
    archsim.sweep(trafficgen, {"mem.latency": ["30ns", "60ns"]}, overrides=FIXED, out=out,
                  executor=sweeps.InlineExecutor())
    recs = archsim.sweep(trafficgen, GRID, overrides=FIXED, out=out,
                         executor=sweeps.InlineExecutor(),
                         progress=lambda done, total, rec: ran.append(rec["params"]))
    # mem.latency x gen.range: the two points with the config's range were not
    # in the first sweep (its points had no gen.range override), all four ran
    assert len(ran) == 4 and len(recs) == 4
    ran.clear()
    again = archsim.sweep(trafficgen, GRID, overrides=FIXED, out=out,
                          executor=sweeps.InlineExecutor(),
                          progress=lambda done, total, rec: ran.append(rec))
    assert ran == [] and strip_host(again) == strip_host(recs)
    assert len(out.read_text().splitlines()) == 6
    fresh = archsim.sweep(trafficgen, GRID, overrides=FIXED, out=out, resume=False,
                          executor=sweeps.InlineExecutor())
    assert len(out.read_text().splitlines()) == 4
    assert strip_host(fresh) == strip_host(recs)


KILL_SCRIPT = r"""
import sys, archsim
archsim.sweep(sys.argv[1], {"mem.latency": ["20ns", "30ns", "40ns", "50ns"],
                            "gen.pattern": ["random", "linear", "strided", "pointer_chase"]},
              overrides={"gen.count": int(sys.argv[3])}, out=sys.argv[2], jobs=1)
"""


def lines(path):
    try:
        with open(path, "rb") as f:
            return f.read().count(b"\n")
    except FileNotFoundError:
        return 0


def test_sweep_killed_halfway_resumes_to_the_same_end(trafficgen, tmp_path, py_env):
    grid = {"mem.latency": ["20ns", "30ns", "40ns", "50ns"],
            "gen.pattern": ["random", "linear", "strided", "pointer_chase"]}
    count = 400000                            # ~0.05 s a point, 16 points
    out = tmp_path / "killed.jsonl"
    p = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, trafficgen, str(out),
                          str(count)], env=py_env, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while lines(out) < 3 and p.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        os.killpg(p.pid, signal.SIGKILL)       # the sweep and its worker, at once
    finally:
        p.wait()
    done = lines(out)
    assert 3 <= done < 16, "the sweep was not stopped part way (%d points written)" % done
    with open(out, "ab") as f:                 # as if killed in the middle of a write
        f.write(b'{"id": "cut sho')
    ran = []
    resumed = archsim.sweep(trafficgen, grid, overrides={"gen.count": count}, out=out,
                            jobs=2, progress=lambda d, t, rec: ran.append(rec["id"]))
    assert len(ran) == 16 - done              # only the unfinished points ran
    whole = archsim.sweep(trafficgen, grid, overrides={"gen.count": count},
                          out=tmp_path / "whole.jsonl", jobs=2)
    assert strip_host(resumed) == strip_host(whole)
    assert strip_host(archsim.load_results(out)) == strip_host(whole)
    text = out.read_text()
    assert "cut sho" not in text and text.endswith("\n")
    assert len(text.splitlines()) == 16


def test_shards_merged_equal_the_unsharded_sweep(trafficgen, tmp_path):
    grid = {"mem.latency": ["30ns", "45ns", "60ns"], "gen.range": ["1MiB", "64MiB"]}
    whole = archsim.sweep(trafficgen, grid, overrides=FIXED, seeds=[1, 2],
                          out=tmp_path / "whole.jsonl", jobs=2)
    shards = []
    for i in range(3):
        path = tmp_path / ("part%d.jsonl" % i)
        part = archsim.sweep(trafficgen, grid, overrides=FIXED, seeds=[1, 2], out=path,
                             shard="%d/3" % i, executor=sweeps.InlineExecutor())
        assert len(part) == 4
        shards.append(path)
    merged = archsim.merge(shards, tmp_path / "merged.jsonl")
    assert strip_host(merged) == strip_host(whole)
    assert strip_host(archsim.load_results(tmp_path / "merged.jsonl")) == strip_host(whole)
    assert [r["index"] for r in merged] == list(range(12))
    archsim.merge(shards, tmp_path / "merged.csv")
    import csv
    with open(tmp_path / "merged.csv") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 12
    assert [r["id"] for r in rows] == [r["id"] for r in whole]
    assert rows[0]["param:mem.latency"] == "30ns"
    assert float(rows[5]["gen.latency"]) == whole[5]["stats"]["gen.latency"]
    assert int(rows[5]["gen.reads"]) == whole[5]["stats"]["gen.reads"]


def test_a_failed_point_is_recorded_and_retried(trafficgen, tmp_path):
    out = tmp_path / "r.jsonl"
    recs = archsim.sweep(trafficgen, {"gen.pattern": ["linear", "zigzag"]}, overrides=FIXED,
                         out=out, executor=sweeps.InlineExecutor())
    ok, bad = recs
    assert ok["status"] == "ok" and bad["status"] == "error"
    assert bad["error"]["type"] == "ConfigError" and "gen.pattern" in bad["error"]["message"]
    assert isinstance(archsim.errors.from_dict(bad["error"]), archsim.ConfigError)
    ran = []
    archsim.sweep(trafficgen, {"gen.pattern": ["linear", "zigzag"]}, overrides=FIXED,
                  out=out, executor=sweeps.InlineExecutor(),
                  progress=lambda d, t, rec: ran.append(rec["params"]["gen.pattern"]))
    assert ran == ["zigzag"]


def test_a_stalled_point_is_an_error_with_its_statistics(stall_config, tmp_path):
    rec, = archsim.sweep(stall_config, {}, out=tmp_path / "r.jsonl", executor=sweeps.InlineExecutor())
    assert rec["status"] == "error" and rec["error"]["type"] == "StalledError"
    assert rec["stats"]["w.ticks"] == 1


def test_lost_points_are_not_recorded(trafficgen, tmp_path):
    class Failing(cf.Executor):
        def submit(self, fn, *a, **kw):
            f = cf.Future()
            f.set_exception(RuntimeError("worker lost"))
            return f
    out = tmp_path / "r.jsonl"
    with pytest.raises(archsim.SweepError, match="did not run"):
        archsim.sweep(trafficgen, GRID, overrides=FIXED, out=out, executor=Failing())
    assert lines(out) == 0


def test_results_as_a_data_frame(trafficgen, tmp_path):
    pd = pytest.importorskip("pandas", reason="pandas (Debian: python3-pandas) is not "
                                              "installed: DataFrame loading not tested")
    out = tmp_path / "r.jsonl"
    archsim.sweep(trafficgen, GRID, overrides=FIXED, out=out, executor=sweeps.InlineExecutor())
    df = archsim.load_results(out, as_frame=True)
    assert isinstance(df, pd.DataFrame) and len(df) == 4
    assert list(df["param:mem.latency"]) == ["30ns", "30ns", "60ns", "60ns"]
    recs = archsim.load_results(out)
    assert list(df["gen.latency"]) == [r["stats"]["gen.latency"] for r in recs]


def test_bad_sweep_arguments(trafficgen):
    with pytest.raises(archsim.ConfigError):
        archsim.Sweep(trafficgen, {"a.b": "notalist"})
    with pytest.raises(archsim.ConfigError):
        archsim.Sweep(trafficgen, {"a.b": []})
    with pytest.raises(TypeError):
        archsim.Sweep(trafficgen, {3: [1]})
    with pytest.raises(TypeError):
        archsim.Sweep(42, {})
    with pytest.raises(ValueError):
        archsim.sweep(trafficgen, GRID, out=None, shard="3/3")
    with pytest.raises(archsim.ConfigError):
        archsim.Sweep(trafficgen, {}, workloads=[{"prog": "x"}])


RISCV = "clocks: {default: 1GHz}\ncomponents:\n  cpu: {type: riscv, quantum: 50}\n"


def test_sweep_over_workloads_matches_archsim_run(has_riscv, cli, tmp_path):
    from conftest import riscv_exit_elf, run_cli
    cfg = tmp_path / "rv.yaml"
    cfg.write_text(RISCV)
    riscv_exit_elf(tmp_path / "three.elf", 3, loops=100)
    riscv_exit_elf(tmp_path / "five.elf", 5, loops=500)
    wls = [str(tmp_path / "three.elf"), {"program": str(tmp_path / "five.elf"),
                                         "args": ["x", 1], "name": "five"}]
    recs = archsim.sweep(str(cfg), {"cpu.cpi": [1.0, 2.0]}, workloads=wls,
                         out=tmp_path / "r.jsonl", jobs=2)
    assert [r["status"] for r in recs] == ["ok"] * 4
    assert [r["exit_code"] for r in recs] == [3, 3, 5, 5]
    assert [r["workload"] for r in recs] == [wls[0], wls[0], wls[1]["program"],
                                             wls[1]["program"]]
    assert recs[2]["args"] == ["x", "1"]
    assert [r["name"] for r in recs] == ["three.elf", "three.elf", "five", "five"]
    assert recs[0]["stats"]["sim.insts"] < recs[2]["stats"]["sim.insts"]
    assert recs[1]["stats"]["sim.cycles"] == 2 * recs[0]["stats"]["sim.cycles"] > 0
    # the same point from the command line
    r = run_cli(cli, "run", cfg, "-q", "-o", tmp_path / "o", "--set", "cpu.cpi=2.0", "--",
                wls[1]["program"], "x", "1")
    assert r.returncode == 5
    with open(tmp_path / "o" / "stats.json") as f:
        c = json.load(f)
    assert {k: v for k, v in recs[3]["stats"].items()} == c
    with open(tmp_path / "o" / "config.yaml") as f:
        assert recs[3]["config"] == f.read()


# ----------------------------------------------------------------- guest output

@pytest.fixture(scope="session")
def guest(has_riscv):
    """The bundled guest programs of this build (build/guest/NAME)."""
    d = os.path.join(os.path.dirname(archsim.library_path), "guest")
    if not os.path.isfile(os.path.join(d, "hello")):
        pytest.skip("no guest programs next to the library (%s): guest output not tested" % d)
    return lambda name: os.path.join(d, name)


def functional(src):
    return os.path.join(src, "configs", "riscv-functional.yaml")


def hello_says(*args):
    return "Hello from RISC-V!\n" + "".join("argv[%d] = %s\n" % (i + 1, a)
                                            for i, a in enumerate(args))


def test_guest_output_goes_to_one_file_per_point(guest, src, tmp_path, capfd):
    out = tmp_path / "r.jsonl"
    wls = [(guest("hello"), "one"), (guest("hello"), "two"),
           {"program": guest("printf"), "name": "printf"}]
    recs = archsim.sweep(functional(src), {"cpu.cpi": [1.0, 2.0]}, workloads=wls, out=out,
                         jobs=2)
    seen = capfd.readouterr()
    assert "Hello" not in seen.out + seen.err and "stderr" not in seen.out + seen.err
    assert [r["status"] for r in recs] == ["ok"] * 6
    assert [r["guest_output"] for r in recs] == ["r.out/%s.out" % r["id"] for r in recs]
    assert sorted(os.listdir(tmp_path / "r.out")) == sorted(r["id"] + ".out" for r in recs)
    text = [(tmp_path / r["guest_output"]).read_text() for r in recs]
    assert text[:4] == [hello_says("one")] * 2 + [hello_says("two")] * 2
    for t in text[4:]:                       # stdout and stderr, in one file
        assert "this line goes to stderr\n" in t and "[abc] [     right]" in t
    assert archsim.load_results(out) == recs
    # the CSV has the column; a merge elsewhere names the same files from there
    (tmp_path / "m").mkdir()
    merged = archsim.merge([out], tmp_path / "m" / "all.csv")
    assert [r["guest_output"] for r in merged] == ["../r.out/%s.out" % r["id"] for r in recs]
    import csv
    with open(tmp_path / "m" / "all.csv") as f:
        rows = list(csv.DictReader(f))
    assert [(tmp_path / "m" / row["guest_output"]).read_text() for row in rows] == text


def test_a_failed_points_output_is_kept(guest, src, tmp_path, capfd):
    out = tmp_path / "r.jsonl"
    recs = archsim.sweep(functional(src), {}, workloads=[guest("segv"), guest("fileio")],
                         out=out, executor=sweeps.InlineExecutor())
    os.write(1, b"fd 1 is the test's again\n")     # InlineExecutor: restored afterwards
    print("so is sys.stdout", flush=True)
    seen = capfd.readouterr()
    assert seen.out == "fd 1 is the test's again\nso is sys.stdout\n" and seen.err == ""
    segv, fileio = recs
    assert segv["status"] == "error" and segv["error"]["type"] == "GuestError"
    assert (tmp_path / segv["guest_output"]).read_text() == "before\n"
    assert fileio["exit_code"] == 2          # no folder given: usage on stderr
    assert (tmp_path / fileio["guest_output"]).read_text() == "usage: fileio DIR\n"


def test_resume_keeps_the_output_of_finished_points(guest, src, tmp_path, capfd):
    out = tmp_path / "r.jsonl"
    wls = [guest("hello"), guest("segv")]
    hello, segv = archsim.sweep(functional(src), {}, workloads=wls, out=out,
                                executor=sweeps.InlineExecutor())
    kept = os.stat(tmp_path / hello["guest_output"])
    failed = os.stat(tmp_path / segv["guest_output"])
    stale = tmp_path / "r.out" / (".%s.out.dead" % segv["id"])  # left by a killed worker
    stale.write_text("half")
    ran = []
    again = archsim.sweep(functional(src), {}, workloads=wls, out=out, jobs=1,
                          progress=lambda d, t, rec: ran.append(rec["id"]))
    assert ran == [segv["id"]]               # the failed point ran again
    assert strip_host(again) == strip_host([hello, segv])
    now = os.stat(tmp_path / hello["guest_output"])
    assert (now.st_ino, now.st_mtime_ns) == (kept.st_ino, kept.st_mtime_ns)
    assert os.stat(tmp_path / segv["guest_output"]).st_ino != failed.st_ino  # replaced
    assert (tmp_path / segv["guest_output"]).read_text() == "before\n"
    assert sorted(os.listdir(tmp_path / "r.out")) == sorted([hello["id"] + ".out",
                                                             segv["id"] + ".out"])
    assert "Hello" not in capfd.readouterr().out


def test_guest_output_inherit_passes_it_through(guest, src, tmp_path, capfd):
    out = tmp_path / "r.jsonl"
    rec, = archsim.sweep(functional(src), {}, workloads=[(guest("hello"), "x")], out=out,
                         executor=sweeps.InlineExecutor(), guest_output="inherit")
    assert capfd.readouterr().out == hello_says("x")
    assert rec["guest_output"] is None and not (tmp_path / "r.out").exists()
    rec, = archsim.sweep(functional(src), {}, workloads=[(guest("hello"), "y")], out=None,
                         jobs=1)            # nothing kept: inherits by default
    assert capfd.readouterr().out == hello_says("y") and rec["guest_output"] is None
    with pytest.raises(ValueError, match="needs an output file"):
        archsim.sweep(functional(src), {}, out=None, guest_output="capture")
    with pytest.raises(ValueError, match="'capture' or 'inherit'"):
        archsim.sweep(functional(src), {}, out=out, guest_output="file")


def test_points_in_threads_inherit_with_a_warning(guest, src, tmp_path, capfd):
    with cf.ThreadPoolExecutor(2) as ex, pytest.warns(RuntimeWarning, match="threads"):
        recs = archsim.sweep(functional(src), {"cpu.cpi": [1.0, 2.0]},
                             workloads=[guest("hello")], out=tmp_path / "r.jsonl",
                             executor=ex)
    assert [r["guest_output"] for r in recs] == [None, None]
    assert capfd.readouterr().out == hello_says() * 2


def test_point_id_covers_the_config_content(trafficgen, tmp_path):
    # two configs of one file name, 45 ns and 90 ns memory, into one results
    # file: the second sweep runs its own points, it does not resume the first's
    text = open(trafficgen).read()
    assert "latency: 45ns" in text
    for d, lat in (("a", "45ns"), ("b", "90ns")):
        (tmp_path / d).mkdir()
        (tmp_path / d / "tg.yaml").write_text(text.replace("latency: 45ns", "latency: " + lat))
    out = tmp_path / "r.jsonl"
    grid = {"gen.count": [2000]}
    a, = archsim.sweep(str(tmp_path / "a" / "tg.yaml"), grid, out=out,
                       executor=sweeps.InlineExecutor())
    b, = archsim.sweep(str(tmp_path / "b" / "tg.yaml"), grid, out=out,
                       executor=sweeps.InlineExecutor())
    assert a["id"] != b["id"] and a["config_sha256"] != b["config_sha256"]
    assert "latency: 90ns" in b["config"]
    assert b["stats"]["gen.latency"] > a["stats"]["gen.latency"]
    # editing the config between runs, or a file it includes, runs the point again
    cfg = tmp_path / "b" / "tg.yaml"
    cfg.write_text(text.replace("latency: 45ns", "latency: 30ns"))
    c, = archsim.sweep(str(cfg), grid, out=out, executor=sweeps.InlineExecutor())
    assert c["id"] != b["id"] and "latency: 30ns" in c["config"]
    top = tmp_path / "top.yaml"
    top.write_text("include: b/tg.yaml\n")
    d1 = archsim.Sweep(str(top), grid).points()[0].id
    cfg.write_text(text)
    assert archsim.Sweep(str(top), grid).points()[0].id != d1


def test_point_id_covers_the_program_content(trafficgen, tmp_path):
    prog = tmp_path / "p.elf"
    prog.write_bytes(b"one")
    one = archsim.Sweep(trafficgen, {}, workloads=[str(prog)]).points()[0]
    prog.write_bytes(b"two")
    two = archsim.Sweep(trafficgen, {}, workloads=[str(prog)]).points()[0]
    assert one.id != two.id and two.workload_sha256 == sweeps.file_sha256(str(prog))


def test_records_hold_the_config_and_the_limits(trafficgen, tmp_path):
    out = tmp_path / "r.jsonl"
    for n in (1000, 4000):              # one sweep, two limits, one file
        archsim.sweep(trafficgen, {"mem.latency": ["30ns"]}, max_cycles=n, out=out,
                      executor=sweeps.InlineExecutor())
    recs = archsim.load_results(out)
    assert [(r["max_cycles"], r["max_insts"]) for r in recs] == [(1000, None), (4000, None)]
    assert {r["config_path"] for r in recs} == {trafficgen}
    assert {r["config_name"] for r in recs} == {"trafficgen.yaml"}
    archsim.merge([out], tmp_path / "r.csv")
    import csv
    with open(tmp_path / "r.csv") as f:
        rows = list(csv.DictReader(f))
    assert [(r["config_name"], r["config_path"], r["max_cycles"], r["max_insts"])
            for r in rows] == [("trafficgen.yaml", trafficgen, "1000", ""),
                               ("trafficgen.yaml", trafficgen, "4000", "")]


def test_a_wrong_override_key_fails_the_sweep_before_any_point(trafficgen, tmp_path):
    out = tmp_path / "r.jsonl"
    with pytest.raises(archsim.ConfigError, match=r"grid: mem.latncy: unknown key; "
                                                  r"did you mean 'latency'\?"):
        archsim.sweep(trafficgen, {"mem.latncy": ["30ns", "60ns"]}, out=out,
                      executor=sweeps.InlineExecutor())
    with pytest.raises(archsim.ConfigError, match=r"set: gen.cont: unknown key"):
        archsim.sweep(trafficgen, {"mem.latency": ["30ns"]}, overrides={"gen.cont": 5},
                      out=out, executor=sweeps.InlineExecutor())
    assert not out.exists()
    # a value that may be right in other combinations is the point's to report
    recs = archsim.sweep(trafficgen, {"gen.pattern": ["zigzag"]}, out=None,
                         overrides=FIXED, executor=sweeps.InlineExecutor())
    assert recs[0]["status"] == "error"


def test_jobs_must_be_above_zero(trafficgen):
    for jobs in (0, -1):
        with pytest.raises(ValueError, match="jobs"):
            archsim.sweep(trafficgen, GRID, overrides=FIXED, out=None, jobs=jobs)
