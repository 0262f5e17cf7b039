"""Sweeps on MPI workers: mpi4py.futures under mpiexec gives the same records
as the inline executor. Skipped (with the reason) without python3-mpi4py."""
import json
import os
import shutil
import subprocess
import sys

import pytest

import archsim
from archsim import sweeps

GRID = {"mem.latency": ["30ns", "60ns"], "gen.range": ["1MiB", "64MiB"]}
FIXED = {"gen.count": 3000}

SCRIPT = """
import json, sys
import archsim
from mpi4py.futures import MPIPoolExecutor
if __name__ == "__main__":
    with MPIPoolExecutor() as ex:
        archsim.sweep(sys.argv[1], json.loads(sys.argv[2]), overrides=json.loads(sys.argv[3]),
                      executor=ex, out=sys.argv[4])
"""


def strip_host(recs):
    return [{k: v for k, v in r.items() if k not in ("host", "guest_output")} for r in recs]


def test_mpi_executor_matches_inline(trafficgen, tmp_path, py_env):
    try:
        import mpi4py  # noqa: F401
    except ImportError:
        pytest.skip("mpi4py (Debian: python3-mpi4py) is not installed: MPI was not tested")
    mpiexec = shutil.which("mpiexec")
    if not mpiexec:
        pytest.skip("mpiexec is not installed: MPI was not tested")
    script = tmp_path / "mpi_sweep.py"
    script.write_text(SCRIPT)
    out = tmp_path / "mpi.jsonl"
    env = dict(py_env, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1")
    r = subprocess.run([mpiexec, "-n", "3", sys.executable, "-m", "mpi4py.futures", str(script),
                        trafficgen, json.dumps(GRID), json.dumps(FIXED), str(out)],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    ref = archsim.sweep(trafficgen, GRID, overrides=FIXED, out=None,
                        executor=sweeps.InlineExecutor())
    recs = archsim.load_results(out)
    got = sorted(strip_host(recs), key=lambda x: x["id"])
    assert got == sorted(strip_host(ref), key=lambda x: x["id"])
    assert len(got) == 4
    # MPI workers run points in their main thread: their output is captured
    assert [r["guest_output"] for r in recs] == ["mpi.out/%s.out" % r["id"] for r in recs]
    assert all((tmp_path / r["guest_output"]).is_file() for r in recs)
