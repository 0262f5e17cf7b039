"""`archsim sweep` / `archsim merge`: the Python command (python3 -m archsim) and
the C command that execs it."""
import json
import os
import subprocess
import sys

import pytest

import archsim

SWEEP = """\
# test sweep
config: {config}
set: {{gen.count: 2000}}
grid:
  mem.latency: [30ns, 60ns]
  gen.range:
    - 1MiB
    - 64MiB
seeds: [1, 2]
"""


@pytest.fixture
def sweep_file(tmp_path, trafficgen):
    path = tmp_path / "s.yaml"
    path.write_text(SWEEP.format(config=os.path.relpath(trafficgen, tmp_path)))
    return path


def py(env, *args, cwd=None):
    return subprocess.run([sys.executable, "-m", "archsim"] + [str(a) for a in args],
                          capture_output=True, text=True, env=env, cwd=cwd)


def test_sweep_shards_and_merge(sweep_file, tmp_path, py_env):
    r = py(py_env, "sweep", sweep_file, "-j", "2", "-o", tmp_path / "all.jsonl")
    assert r.returncode == 0, r.stderr
    assert "8 points, 8 ok" in r.stderr
    assert "\r" not in r.stderr                # no progress bar on a pipe
    whole = archsim.load_results(tmp_path / "all.jsonl")
    assert len(whole) == 8
    for i in range(3):                          # default shard output names
        r = py(py_env, "sweep", sweep_file, "--shard", "%d/3" % i, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
    shards = sorted(tmp_path.glob("results.shard-*-of-3.jsonl"))
    assert len(shards) == 3
    r = py(py_env, "merge", "-o", tmp_path / "m.jsonl", "-o", tmp_path / "m.csv", *shards)
    assert r.returncode == 0, r.stderr
    strip = lambda recs: [{k: v for k, v in x.items() if k not in ("host", "guest_output")}
                          for x in recs]
    assert strip(archsim.load_results(tmp_path / "m.jsonl")) == strip(whole)
    assert len((tmp_path / "m.csv").read_text().splitlines()) == 9
    r = py(py_env, "sweep", sweep_file, "-o", tmp_path / "all.jsonl")      # resumes: no work
    assert r.returncode == 0 and "8 points, 8 ok" in r.stderr
    assert len((tmp_path / "all.jsonl").read_text().splitlines()) == 8


def test_sweep_file_errors(tmp_path, py_env, trafficgen):
    bad = tmp_path / "bad.yaml"
    bad.write_text("config: %s\ngird: {a.b: [1]}\n" % trafficgen)
    r = py(py_env, "sweep", bad)
    assert r.returncode == 2 and "bad.yaml:2:1: unknown key 'gird'; did you mean 'grid'?" \
        in r.stderr
    bad.write_text("config: %s\ngrid:\n  a: [1,\n" % trafficgen)
    r = py(py_env, "sweep", bad)
    assert r.returncode == 2 and "bad.yaml:3:" in r.stderr
    bad.write_text("config: %s\ngrid:\n  a.b: [1]\n  c.d: 5\n" % trafficgen)
    r = py(py_env, "sweep", bad)
    assert r.returncode == 2 and "bad.yaml:4:3: grid.c.d: expected a list" in r.stderr
    bad.write_text("config: nothere.yaml\ngrid: {a.b: [1]}\n")
    r = py(py_env, "sweep", bad)
    assert r.returncode == 2 and "nothere.yaml" in r.stderr
    r = py(py_env, "sweep", tmp_path / "missing.yaml")
    assert r.returncode == 2
    r = py(py_env, "sweep", bad, "--shard", "4/2")
    assert r.returncode == 2
    r = py(py_env, "frobnicate")
    assert r.returncode == 2


def test_failed_points_give_status_1(tmp_path, py_env, trafficgen):
    f = tmp_path / "s.yaml"
    f.write_text("config: %s\nset: {gen.count: 100}\ngrid: {gen.pattern: [linear, zigzag]}\n"
                 "output: out/r.jsonl\n" % trafficgen)
    r = py(py_env, "sweep", f, "-j", "1")
    assert r.returncode == 1
    assert "1 ok, 1 failed" in r.stderr and "gen.pattern" in r.stderr
    recs = archsim.load_results(tmp_path / "out" / "r.jsonl")     # output: is file-relative
    assert [x["status"] for x in recs] == ["ok", "error"]


def test_list_points(sweep_file, py_env):
    r = py(py_env, "sweep", sweep_file, "--list")
    assert r.returncode == 0
    rows = r.stdout.splitlines()
    assert len(rows) == 8 and "mem.latency=30ns gen.range=1MiB" in rows[0]


def test_list_into_a_closed_pipe(tmp_path, trafficgen, py_env):
    """`archsim sweep --list | head -1`: the reader leaves early; the command
    stops quietly, with no traceback (it raised BrokenPipeError)."""
    f = tmp_path / "big.yaml"
    f.write_text("config: %s\ngrid: {gen.count: [%s]}\n"
                 % (trafficgen, ", ".join(str(i) for i in range(1, 20001))))
    p = subprocess.Popen([sys.executable, "-m", "archsim", "sweep", str(f), "--list"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=py_env)
    assert p.stdout.readline()
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait() == 141
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_progress_bar_on_a_terminal(sweep_file, tmp_path, py_env):
    import pty
    out = []
    pid, fd = pty.fork()
    if pid == 0:                                # the child: stderr is the pty
        os.chdir(str(tmp_path))
        os.execve(sys.executable, [sys.executable, "-m", "archsim", "sweep", str(sweep_file),
                                   "-j", "1", "-o", "tty.jsonl"], py_env)
    while True:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        out.append(data)
    _, status = os.waitpid(pid, 0)
    text = b"".join(out).decode()
    assert os.WEXITSTATUS(status) == 0, text
    assert "8/8 points" in text and "ETA" in text and "\r[" in text
    assert "1/8 points" in text


def c_command_sweeps(cli):
    r = subprocess.run([cli, "sweep", "--help"], capture_output=True, text=True)
    return r.returncode == 0 and "SWEEP.yaml" in r.stdout


def test_c_command_sweep_and_merge(cli, sweep_file, tmp_path):
    if not c_command_sweeps(cli):
        pytest.skip("this archsim command does not dispatch `sweep` yet "
                    "(tools/main.c: cmd_sweep of tools/sweep.c)")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ARCHSIM_LIB")}
    r = subprocess.run([cli, "sweep", str(sweep_file), "-j", "2", "-o",
                        str(tmp_path / "c.jsonl")], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    recs = archsim.load_results(tmp_path / "c.jsonl")
    assert len(recs) == 8 and all(x["status"] == "ok" for x in recs)
    ref = archsim.run(str(archsim.Sweep.from_file(sweep_file).config),
                      overrides=recs[3]["overrides"], seed=recs[3]["seed"])
    assert ref.stats == recs[3]["stats"]
    r = subprocess.run([cli, "merge", "-o", str(tmp_path / "c.csv"), str(tmp_path / "c.jsonl")],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert len((tmp_path / "c.csv").read_text().splitlines()) == 9
    r = subprocess.run([cli, "sweep", str(tmp_path / "nope.yaml")], capture_output=True,
                       text=True, env=env)
    assert r.returncode == 2


def test_info(py_env):
    r = py(py_env, "info")
    assert r.returncode == 0 and archsim.library_path in r.stdout
    assert json.dumps(archsim.library_version())[1:-1] in r.stdout


def test_sweep_on_a_dask_scheduler(sweep_file, tmp_path, py_env, monkeypatch):
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        pytest.skip("distributed (Debian: python3-distributed) is not installed: "
                    "--dask was not tested")
    for k in ("PYTHONPATH", "ARCHSIM_LIB"):           # what the worker processes import
        monkeypatch.setenv(k, py_env[k])
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        r = py(py_env, "sweep", sweep_file, "--dask", cluster.scheduler_address,
               "-o", tmp_path / "dask.jsonl")
        assert r.returncode == 0, r.stderr
        with Client(cluster) as client:
            worker_pids = set(client.run(os.getpid).values())
    r = py(py_env, "sweep", sweep_file, "-j", "1", "-o", tmp_path / "local.jsonl")
    assert r.returncode == 0, r.stderr
    recs = archsim.load_results(tmp_path / "dask.jsonl")
    strip = lambda recs: [{k: v for k, v in x.items() if k not in ("host", "guest_output")}
                          for x in recs]
    assert strip(recs) == strip(archsim.load_results(tmp_path / "local.jsonl"))
    assert {x["host"]["pid"] for x in recs} <= worker_pids      # ran on the workers


def test_sweep_guest_output_capture_and_inherit(tmp_path, py_env, src, has_riscv):
    hello = os.path.join(os.path.dirname(archsim.library_path), "guest", "hello")
    if not os.path.isfile(hello):
        pytest.skip("no guest programs next to the library: guest output not tested")
    f = tmp_path / "s.yaml"
    f.write_text("config: %s\ngrid: {cpu.cpi: [1.0, 2.0]}\nworkloads: [%s]\n"
                 % (os.path.join(src, "configs", "riscv-functional.yaml"), hello))
    r = py(py_env, "sweep", f, "-j", "2", "-o", tmp_path / "r.jsonl")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "" and "Hello" not in r.stderr
    recs = archsim.load_results(tmp_path / "r.jsonl")
    assert [(tmp_path / x["guest_output"]).read_text() for x in recs] == \
        ["Hello from RISC-V!\n"] * 2
    r = py(py_env, "sweep", f, "-j", "2", "-o", tmp_path / "i.jsonl", "--guest-output",
           "inherit")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "Hello from RISC-V!\n" * 2
    assert not (tmp_path / "i.out").exists()
    f.write_text(f.read_text() + "guest_output: file\n")
    r = py(py_env, "sweep", f)
    assert r.returncode == 2 and "s.yaml:4:1: guest_output: expected capture or inherit" \
        in r.stderr


def test_merge_rewrites_guest_output_relative_to_the_merged_file(sweep_file, tmp_path, py_env):
    r = py(py_env, "sweep", sweep_file, "-j", "1", "-o", tmp_path / "run" / "r.jsonl")
    assert r.returncode == 0, r.stderr
    (tmp_path / "m").mkdir()
    r = py(py_env, "merge", "-o", tmp_path / "m" / "all.jsonl", "-o", tmp_path / "all.csv",
           tmp_path / "run" / "r.jsonl")
    assert r.returncode == 0, r.stderr
    recs = archsim.load_results(tmp_path / "m" / "all.jsonl")
    assert [x["guest_output"] for x in recs] == ["../run/r.out/%s.out" % x["id"] for x in recs]
    assert all((tmp_path / "m" / x["guest_output"]).is_file() for x in recs)
    import csv
    with open(tmp_path / "all.csv") as f:
        rows = list(csv.DictReader(f))
    assert [row["guest_output"] for row in rows] == ["run/r.out/%s.out" % x["id"]
                                                     for x in recs]


def test_records_of_two_configs_merge_apart(tmp_path, py_env, src, has_riscv):
    sort = os.path.join(os.path.dirname(archsim.library_path), "guest", "sort")
    if not os.path.isfile(sort):
        pytest.skip("no guest programs next to the library: two-config merge not tested")
    for name in ("riscv-inorder", "riscv-ooo"):
        f = tmp_path / ("%s.yaml" % name)
        f.write_text("config: %s\ngrid: {l1d.size: [16KiB, 32KiB]}\nworkloads: [%s]\n"
                     "max_insts: 2000\noutput: %s.jsonl\n"
                     % (os.path.join(src, "configs", name + ".yaml"), sort, name))
        r = py(py_env, "sweep", f, "-j", "1")
        assert r.returncode == 0, r.stderr
    r = py(py_env, "merge", "-o", tmp_path / "all.csv", tmp_path / "riscv-inorder.jsonl",
           tmp_path / "riscv-ooo.jsonl")
    assert r.returncode == 0, r.stderr
    import csv
    with open(tmp_path / "all.csv") as f:
        rows = list(csv.DictReader(f))
    assert sorted((row["config_name"], row["config_path"], row["param:l1d.size"],
                   row["max_insts"]) for row in rows) == \
        [(c + ".yaml", os.path.join(src, "configs", c + ".yaml"), s, "2000")
         for c in ("riscv-inorder", "riscv-ooo") for s in ("16KiB", "32KiB")]


def test_usage_errors_exit_2(sweep_file, tmp_path, py_env):
    # --mpi / --dask without their packages (an mpi4py and a distributed that
    # cannot be imported stand in for missing ones)
    fake = tmp_path / "fake"
    for pkg in ("mpi4py", "distributed"):
        (fake / pkg).mkdir(parents=True)
        (fake / pkg / "__init__.py").write_text("raise ImportError('not installed')\n")
    env = dict(py_env, PYTHONPATH=str(fake) + os.pathsep + py_env["PYTHONPATH"])
    r = py(env, "sweep", sweep_file, "--mpi", "-o", tmp_path / "r.jsonl")
    assert r.returncode == 2 and "--mpi needs mpi4py" in r.stderr
    r = py(env, "sweep", sweep_file, "--dask", "tcp://127.0.0.1:1", "-o", tmp_path / "r.jsonl")
    assert r.returncode == 2 and "--dask needs the distributed package" in r.stderr
    r = py(py_env, "sweep", sweep_file, "--mpi", "--dask", "x", "-o", tmp_path / "r.jsonl")
    assert r.returncode == 2 and "not both" in r.stderr
    for n in ("0", "-1"):
        r = py(py_env, "sweep", sweep_file, "-j", n, "-o", tmp_path / "r.jsonl")
        assert r.returncode == 2 and "-j expects a number of workers above zero" in r.stderr
    sweep_file.write_text(sweep_file.read_text() + "jobs: 0\n")
    r = py(py_env, "sweep", sweep_file, "-o", tmp_path / "r.jsonl")
    assert r.returncode == 2 and "jobs: expects a number of workers above zero" in r.stderr
    assert not (tmp_path / "r.jsonl").exists()


def test_a_grid_key_typo_is_a_sweep_file_error(sweep_file, tmp_path, py_env):
    sweep_file.write_text(sweep_file.read_text().replace("mem.latency:", "mem.latncy:"))
    for extra in ([], ["--list"]):
        r = py(py_env, "sweep", sweep_file, "-o", tmp_path / "r.jsonl", *extra)
        assert r.returncode == 2, r.stderr
        assert "s.yaml:5:3: grid: mem.latncy: unknown key; did you mean 'latency'?" \
            in r.stderr
    assert not (tmp_path / "r.jsonl").exists()
    sweep_file.write_text(sweep_file.read_text().replace("{gen.count:", "{gen.cont:"))
    r = py(py_env, "sweep", sweep_file, "-o", tmp_path / "r.jsonl")
    assert r.returncode == 2 and "s.yaml:3:7: set: gen.cont: unknown key" in r.stderr
