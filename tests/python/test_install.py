"""`pip install ./python` works offline, and the installed package finds the
library it was built with (carried in the wheel)."""
import os
import subprocess
import sys
import zipfile

import pytest

import archsim


def test_pip_install_offline(src, tmp_path, py_env):
    if subprocess.run([sys.executable, "-m", "pip", "--version"],
                      capture_output=True).returncode != 0:
        pytest.skip("pip is not installed for %s (Debian: python3-pip)" % sys.executable)
    env = dict(py_env, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.pop("PYTHONPATH")
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w",
                        str(tmp_path / "dist"), os.path.join(src, "python")],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    wheels = list((tmp_path / "dist").glob("archsim-*.whl"))
    assert len(wheels) == 1
    names = zipfile.ZipFile(wheels[0]).namelist()
    assert "archsim/sim.py" in names and "archsim/libarchsim.so" in names
    assert any(n.endswith(".dist-info/RECORD") for n in names)
    r = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--target",
                        str(tmp_path / "site"), str(wheels[0])],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    env.pop("ARCHSIM_LIB")
    env["PYTHONPATH"] = str(tmp_path / "site")
    r = subprocess.run([sys.executable, "-c", "import archsim, sys; print(archsim.library_path);"
                        "print(archsim.run(sys.argv[1], gen__count=100).stats['gen.reads']"
                        " + 0)", os.path.join(src, "configs", "trafficgen.yaml")],
                       capture_output=True, text=True, env=env, cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    path, reads = r.stdout.split()
    assert path == str(tmp_path / "site" / "archsim" / "libarchsim.so")
    assert float(reads) == archsim.run(os.path.join(src, "configs", "trafficgen.yaml"),
                                       gen__count=100).stats["gen.reads"]
