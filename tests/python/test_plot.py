"""archsim.plot: the figures are drawn and written (matplotlib, Agg)."""
import os
import sys

import pytest

import archsim
from archsim import sweeps

mpl = pytest.importorskip("matplotlib", reason="matplotlib (Debian: python3-matplotlib) is "
                                               "not installed: plots not tested")
from archsim import plot  # noqa: E402


@pytest.fixture(scope="module")
def records(trafficgen):
    return archsim.sweep(trafficgen, {"mem.latency": ["30ns", "45ns", "90ns"],
                                      "gen.pattern": ["random", "linear"]},
                         overrides={"gen.count": 2000}, out=None,
                         executor=sweeps.InlineExecutor())


def png(path):
    with open(path, "rb") as f:
        return f.read(8) == b"\x89PNG\r\n\x1a\n"


def test_plot_is_imported_lazily(py_env):
    import subprocess
    r = subprocess.run([sys.executable, "-c", "import archsim, sys; "
                        "print('matplotlib' in sys.modules)"], capture_output=True, text=True,
                       env=py_env)
    assert r.stdout.strip() == "False", r.stderr


def test_metric_against_a_parameter(records, tmp_path):
    ax = plot.metric(records, x="mem.latency", y="gen.latency", out=tmp_path / "m.png")
    assert png(tmp_path / "m.png")
    lines = ax.get_lines()
    assert len(lines) == 2                              # one per gen.pattern
    assert "gen.pattern=random" in [t.get_text() for t in ax.get_legend().get_texts()]
    xs, ys = lines[0].get_data()
    assert list(xs) == [30, 45, 90]                     # in ns, the unit written
    by_lat = {r["params"]["mem.latency"]: r["stats"]["gen.latency"] for r in records
              if r["params"]["gen.pattern"] == "random"}
    assert list(ys) == [by_lat["30ns"], by_lat["45ns"], by_lat["90ns"]]
    assert ax.get_xlabel() == "mem.latency"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["30ns", "45ns", "90ns"]


def test_metric_with_a_function_and_categories(records, tmp_path):
    ax = plot.metric(records, x="gen.pattern", y=lambda r: r["stats"]["sim.cycles"],
                     by="mem.latency", ylabel="cycles", out=tmp_path / "c.png")
    assert png(tmp_path / "c.png") and len(ax.get_lines()) == 3
    assert [t.get_text() for t in ax.get_xticklabels()] == ["random", "linear"]
    with pytest.raises(KeyError):
        plot.metric(records, x="nope", y="gen.latency")


def test_energy_breakdown(records, tmp_path):
    ax = plot.energy_breakdown(records, out=tmp_path / "e.png")
    assert png(tmp_path / "e.png")
    heights = [p.get_height() for p in ax.patches]
    assert len(heights) == 2 * len(records)             # mem dynamic + mem leakage
    assert sum(heights[:len(records)]) == pytest.approx(
        sum(r["stats"]["mem.energy.dynamic"] for r in records) * 1e3)


def test_cpi_stack(tmp_path):
    recs = [{"status": "ok", "params": {"l1d.size": s}, "stats": {
        "cpu0.cpi.base": 0.5, "cpu0.cpi.mem": m, "cpu0.cpi.branch": 0.1, "cpu0.ipc": 1.0}}
        for s, m in (("16KiB", 0.9), ("64KiB", 0.4))]
    ax = plot.cpi_stack(recs, prefix="cpu0.cpi.", out=tmp_path / "cpi.png")
    assert png(tmp_path / "cpi.png")
    assert len(ax.patches) == 6
    tops = [0, 0]
    for i, p in enumerate(ax.patches):
        tops[i % 2] = max(tops[i % 2], p.get_y() + p.get_height())
    assert tops == pytest.approx([1.5, 1.0])
    with pytest.raises(KeyError):
        plot.cpi_stack(recs, prefix="cpu1.cpi.")


def test_plots_from_results_and_files(trafficgen, tmp_path):
    results = [archsim.run(trafficgen, gen__count=500, **{"mem.latency": lat})
               for lat in ("20ns", "40ns")]
    ax = plot.energy_breakdown(results)
    assert len(ax.patches) == 4
    out = tmp_path / "r.jsonl"
    archsim.sweep(trafficgen, {"mem.latency": ["20ns", "40ns"]}, overrides={"gen.count": 500},
                  out=out, executor=sweeps.InlineExecutor())
    ax = plot.metric(str(out), x="mem.latency", y="mem.latency")
    assert len(ax.get_lines()) == 1


def test_one_line_per_workload_name():
    # one program run with two argument sets: two workloads, told apart by name
    recs = [{"status": "ok", "workload": "/g/interp", "name": n, "params": {"l1d.size": s},
             "stats": {"sim.cycles": c}}
            for n, s, c in (("small", "16KiB", 10), ("small", "64KiB", 8),
                            ("big", "16KiB", 100), ("big", "64KiB", 80))]
    ax = plot.metric(recs, x="l1d.size", y="sim.cycles")
    assert sorted(t.get_text() for t in ax.get_legend().get_texts()) == ["big", "small"]
    assert sorted(list(line.get_data()[1]) for line in ax.get_lines()) == [[10, 8], [100, 80]]
    del recs[0]["name"]                 # records written before names: the file name
    assert plot._bar_labels(recs[:1], None) == ["interp\n16KiB"]
    recs[0]["seed"], recs[1]["seed"] = 1, 2     # seeds that differ are told apart
    assert plot._bar_labels(recs[:2], None) == ["interp\n16KiB\nseed 1",
                                                 "small\n64KiB\nseed 2"]


def test_number():
    assert plot.number("64KiB") == 65536
    assert plot.number("30ns") == pytest.approx(30e-9)
    assert plot.number("8") == 8
    assert plot.number("lru") is None


def test_plot_is_an_attribute_of_the_package(py_env):
    import subprocess
    r = subprocess.run([sys.executable, "-c", "import archsim; "
                        "print(archsim.plot.metric.__name__, 'plot' in dir(archsim))"],
                       capture_output=True, text=True, env=py_env)
    assert r.stdout.strip() == "metric True", r.stderr


def test_cpi_stack_of_a_real_run(src, has_riscv, tmp_path):
    sort = os.path.join(os.path.dirname(archsim.library_path), "guest", "sort")
    if not os.path.isfile(sort):
        pytest.skip("no guest programs next to the library: CPI stack of a run not tested")
    res = [archsim.run(os.path.join(src, "configs", c), sort, max_insts=20000)
           for c in ("riscv-ooo.yaml", "riscv-inorder.yaml")]
    ax = plot.cpi_stack(res, out=tmp_path / "cpi.png")
    assert png(tmp_path / "cpi.png")
    tops = [0, 0]
    for i, p in enumerate(ax.patches):
        tops[i % 2] = max(tops[i % 2], p.get_y() + p.get_height())
    assert tops == pytest.approx([r.stats["core.cpi"] for r in res], rel=0.02)
    assert ax.get_ylabel() == "cycles per instruction"
    recs = [{"status": "ok", "stats": dict(res[0].stats.to_dict(), **{
        k.replace("core.", "core%d." % n): v for n in (1, 0)
        for k, v in res[1].stats.items() if k.startswith("core.")})}]
    assert plot.cpi_prefix(recs) == "core.cpi_"
    for r in recs:
        r["stats"] = {k: v for k, v in r["stats"].items() if not k.startswith("core.")}
    assert plot.cpi_prefix(recs) == "core0.cpi_"      # several cores: the first


def test_configs_and_limits_are_never_averaged():
    recs = [{"status": "ok", "config_name": c, "config_path": "/c/" + c, "max_insts": n,
             "params": {"l1d.size": s}, "stats": {"sim.cycles": y}}
            for c, n, s, y in (("inorder.yaml", 100, "16KiB", 10),
                               ("inorder.yaml", 100, "64KiB", 8),
                               ("ooo.yaml", 100, "16KiB", 5), ("ooo.yaml", 100, "64KiB", 4),
                               ("ooo.yaml", 400, "16KiB", 50), ("ooo.yaml", 400, "64KiB", 40))]
    ax = plot.metric(recs, x="l1d.size", y="sim.cycles")
    assert sorted(t.get_text() for t in ax.get_legend().get_texts()) == [
        "config=inorder.yaml, max_insts=100", "config=ooo.yaml, max_insts=100",
        "config=ooo.yaml, max_insts=400"]
    assert sorted(list(line.get_data()[1]) for line in ax.get_lines()) == [
        [5, 4], [10, 8], [50, 40]]
    recs[2]["config_path"] = recs[3]["config_path"] = "/d/inorder.yaml"   # names alike
    for r in recs[2:4]:
        r["config_name"] = "inorder.yaml"
    ax = plot.metric(recs[:4], x="l1d.size", y="sim.cycles")
    assert sorted(t.get_text() for t in ax.get_legend().get_texts()) == [
        "config=/c/inorder.yaml", "config=/d/inorder.yaml"]
    assert plot._bar_labels(recs[:3], None)[2] == "/d/inorder.yaml\n16KiB"
