"""archsim.plot - figures from sweep records and results, with matplotlib
(imported here only, when a plot is asked for; Debian: python3-matplotlib).

    metric(records, x="mem.latency", y="gen.latency")     a metric against a
                        swept parameter, one line per workload (and per value
                        of the other swept parameters, configuration and run
                        limit)
    cpi_stack(records)                                    stacked CPI bars:
                        the core's CPI components (core.cpi_<cause>), one
                        layer each; prefix="core1.cpi_" picks another core
    energy_breakdown(records)                             stacked energy bars:
                        dynamic and leakage of each component

`records` is a list of sweep records (archsim.sweep, load_results), a path
to a results file, or Results (archsim.run). Every function draws into `ax`
when given, else into a new Figure (no pyplot, no window), saves it to `out`
when given, and returns the Axes. Seeds of one point are averaged; records
of different configurations (config_name, else config_path) or run limits
(max_insts, max_cycles) never are: they get lines or bars of their own.
"""
import math
import os
import re
from .sweeps import workload_name

_NUM = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-z]*)\s*$")
_SCALE = {"": 1, "B": 1, "KiB": 2 ** 10, "MiB": 2 ** 20, "GiB": 2 ** 30, "TiB": 2 ** 40,
          "kB": 1e3, "KB": 1e3, "MB": 1e6, "GB": 1e9, "ps": 1e-12, "ns": 1e-9, "us": 1e-6,
          "ms": 1e-3, "s": 1, "Hz": 1, "kHz": 1e3, "MHz": 1e6, "GHz": 1e9, "k": 1e3, "M": 1e6,
          "G": 1e9}


def number(text):
    """'64KiB' -> 65536.0, '30ns' -> 3e-08, '8' -> 8.0; None when not a quantity."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    m = _NUM.match(str(text))
    if not m or m.group(2) not in _SCALE:
        return None
    return float(m.group(1)) * _SCALE[m.group(2)]


def _records(records):
    from . import sweeps
    from .sim import Result
    if isinstance(records, (str, os.PathLike)):
        return sweeps.load_results(records)
    out = []
    for i, r in enumerate(records):
        if isinstance(r, Result):
            out.append({"index": i, "status": "ok", "params": dict(r.overrides),
                        "workload": r.workload, "stats": r.stats.to_dict()})
        else:
            out.append(r)
    return out


def _systems(recs):
    """A function giving a record's label parts that tell its system apart
    from the others': "config=NAME" when the records' configurations differ
    (the path, then the content digest, when names are alike) and
    "max_insts=N" / "max_cycles=N" when their limits do."""
    def ident(r):
        return r.get("config_name"), r.get("config_path"), r.get("config_sha256")
    ids = {ident(r) for r in recs}
    names = {}
    for i in ids:
        names.setdefault(i[0], set()).add(i)
    paths = {}
    for i in ids:
        paths.setdefault((i[0], i[1]), set()).add(i)

    def config(r):
        i = ident(r)
        if len(names[i[0]]) == 1:
            return i[0]
        if len(paths[(i[0], i[1])]) == 1:
            return i[1]
        return "%s@%s" % (i[1] or i[0], (i[2] or "")[:8])
    limits = [k for k in ("max_insts", "max_cycles") if len({r.get(k) for r in recs}) > 1]

    def parts(r):
        out = ["config=%s" % config(r)] if len(ids) > 1 else []
        return out + ["%s=%s" % (k, r.get(k)) for k in limits]
    return parts


def _in_unit(text, unit, scale):
    """The value of `text` in `unit`: the number as written when that is its
    unit (no rounding through seconds or bytes), else converted."""
    m = _NUM.match(str(text))
    if m and m.group(2) == unit:
        return float(m.group(1))
    return number(text) / scale


def _value(rec, y):
    if callable(y):
        return y(rec)
    v = (rec.get("stats") or {}).get(y)
    return math.nan if v is None else float(v)


def _axes(ax):
    if ax is not None:
        return ax
    from matplotlib.figure import Figure
    fig = Figure(figsize=(7, 4.5), layout="constrained") if _has_layout() else \
        Figure(figsize=(7, 4.5))
    return fig.add_subplot()


def _has_layout():
    import matplotlib
    major, minor = (int(x) for x in matplotlib.__version__.split(".")[:2])
    return (major, minor) >= (3, 6)


def _finish(ax, out, title):
    if title:
        ax.set_title(title)
    if out:
        ax.figure.savefig(out, dpi=120)
    return ax


def _mean(vals):
    vals = [v for v in vals if not math.isnan(v)]
    return sum(vals) / len(vals) if vals else math.nan


def metric(records, x, y, by="workload", ax=None, out=None, title=None, ylabel=None,
           logx=False, logy=False):
    """Plot statistic `y` (a name, or a function of a record) against swept
    parameter `x`, one line per value of `by` ("workload", another parameter,
    or None), of every other parameter that varies, and of the configuration
    and run limits when they vary (see the module's doc). Failed points are left
    out. Numeric x values (with units: 16KiB, 30ns) give a numeric axis in the
    parameter's own unit of writing; others are categories in sweep order."""
    recs = [r for r in _records(records) if r.get("status", "ok") == "ok"]
    if not recs:
        raise ValueError("no successful records to plot")
    for r in recs:
        if x not in (r.get("params") or {}):
            raise KeyError("parameter '%s' was not swept (params: %s)"
                           % (x, ", ".join(r.get("params") or {}) or "none"))
    varying = [k for k in recs[0].get("params", {}) if k != x and k != by and
               len({r["params"].get(k) for r in recs}) > 1]
    system = _systems(recs)
    series = {}
    xs_order = []
    for r in recs:
        xv = r["params"][x]
        if xv not in xs_order:
            xs_order.append(xv)
        key = []
        if by == "workload":
            key.append(workload_name(r))
        elif by is not None:
            key.append("%s=%s" % (by, r["params"].get(by)))
        key += ["%s=%s" % (k, r["params"].get(k)) for k in varying] + system(r)
        series.setdefault(tuple(k for k in key if k), {}).setdefault(xv, []).append(
            _value(r, y))
    nums = [number(v) for v in xs_order]
    numeric = all(n is not None for n in nums)
    # Show sizes and times in the unit they were written in (first value's).
    unit = ""
    if numeric:
        m = _NUM.match(str(xs_order[0]))
        unit = m.group(2) if m else ""
    scale = _SCALE.get(unit, 1) or 1
    ax = _axes(ax)
    for key, pts in series.items():
        xs = [v for v in xs_order if v in pts]
        ys = [_mean(pts[v]) for v in xs]
        if numeric:
            order = sorted(range(len(xs)), key=lambda i: number(xs[i]))
            ax.plot([_in_unit(xs[i], unit, scale) for i in order], [ys[i] for i in order],
                    marker="o", label=", ".join(key) or None)
        else:
            ax.plot([xs_order.index(v) for v in xs], ys, marker="o",
                    label=", ".join(key) or None)
    if logx:
        ax.set_xscale("log", base=2 if unit.endswith("iB") or unit == "B" else 10)
    if not numeric:
        ax.set_xticks(range(len(xs_order)))
        ax.set_xticklabels(xs_order)
    elif unit and len(xs_order) <= 16:
        # Label the swept values as they were written (64KiB, 1MiB).
        ax.set_xticks([_in_unit(v, unit, scale) for v in xs_order])
        ax.set_xticklabels(xs_order)
        ax.minorticks_off()
    ax.set_xlabel(x + (" (%s)" % unit if unit and not (numeric and len(xs_order) <= 16)
                       else ""))
    ax.set_ylabel(ylabel or (y if isinstance(y, str) else getattr(y, "__name__", "y")))
    if logy:
        ax.set_yscale("log")
    if any(series):
        ax.legend(fontsize="small")
    ax.grid(True, alpha=0.3)
    return _finish(ax, out, title)


def _bar_labels(recs, labels):
    if labels is not None:
        if callable(labels):
            return [labels(r) for r in recs]
        return list(labels)
    out = []
    seeds = len({r.get("seed") for r in recs}) > 1     # else the bars of two seeds look alike
    system = _systems(recs)
    for r in recs:
        parts = [p.split("=", 1)[1] if p.startswith("config=") else p for p in system(r)]
        parts += [workload_name(r)] if r.get("workload") else []
        parts += ["%s" % v for v in (r.get("params") or {}).values()]
        if seeds:
            parts.append("seed %s" % r.get("seed"))
        out.append("\n".join(parts) or str(r.get("index", len(out))))
    return out


def _stacked(ax, labels, layers):
    bottoms = [0.0] * len(labels)
    for name, vals in layers:
        vals = [0.0 if v is None or math.isnan(v) else v for v in vals]
        ax.bar(range(len(labels)), vals, bottom=bottoms, label=name)
        bottoms = [b + v for b, v in zip(bottoms, vals)]
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, fontsize="small")
    ax.legend(fontsize="small")
    ax.grid(True, axis="y", alpha=0.3)


_CPI_STACK = re.compile(r"^(.+)\.cpi_stack\.([^.]+)$")


def cpi_prefix(records):
    """The prefix of the first core's CPI components in records: the timing
    cores (inorder, ooo) count commit slots by cause as <core>.cpi_stack.<cause>
    and report each cause's share of the CPI as <core>.cpi_<cause>, so "core.cpi_"
    for one core, "core0.cpi_" for the first of several. None if no record has
    them."""
    cores = []
    for r in _records(records):
        st = r.get("stats") or {}
        for k in st:
            m = _CPI_STACK.match(k)
            if m and m.group(2) != "total" and "%s.cpi_%s" % m.groups() in st and \
                    m.group(1) not in cores:
                cores.append(m.group(1))
    if not cores:
        return None
    num = re.compile(r"^(.*?)(\d+)$")

    def order(c):                       # core < core0 < core1 < core2 < ... < core10
        m = num.match(c)
        return (m.group(1), int(m.group(2))) if m else (c, -1)
    return sorted(cores, key=order)[0] + ".cpi_"


def cpi_stack(records, prefix=None, labels=None, ax=None, out=None, title=None):
    """Stacked CPI bars, one per record: every statistic named `prefix<part>`
    is one layer, leaving out parts that are zero in every record. The
    default prefix is the first core's CPI components (cpi_prefix: core.cpi_
    gives core.cpi_base, core.cpi_icache, core.cpi_rob_full, ...; they add
    up to core.cpi); prefix="core1.cpi_" draws another core's."""
    recs = [r for r in _records(records) if r.get("status", "ok") == "ok"]
    if prefix is None:
        prefix = cpi_prefix(recs)
        if prefix is None:
            raise KeyError("no core CPI stack (<core>.cpi_stack.<cause> and <core>.cpi_<cause>"
                           " statistics) in these records; give prefix=")
    parts = []
    for r in recs:
        for k in r.get("stats") or {}:
            if k.startswith(prefix) and "." not in k[len(prefix):] and \
                    k[len(prefix):] not in parts:
                parts.append(k[len(prefix):])
    if not parts:
        raise KeyError("no statistics named %s* in these records" % prefix)
    layers = [(p, [_value(r, prefix + p) for r in recs]) for p in parts]
    layers = [(p, v) for p, v in layers if any(x and not math.isnan(x) for x in v)] or layers
    ax = _axes(ax)
    _stacked(ax, _bar_labels(recs, labels), layers)
    ax.set_ylabel("commit slots" if prefix.endswith(".cpi_stack.") else
                  "cycles per instruction")
    return _finish(ax, out, title)


def energy_breakdown(records, labels=None, ax=None, out=None, title=None, unit="mJ"):
    """Stacked energy bars, one per record: the dynamic and the leakage energy
    of every component (statistics <instance>.energy.dynamic / .leakage)."""
    scale = {"J": 1, "mJ": 1e3, "uJ": 1e6, "nJ": 1e9}[unit]
    recs = [r for r in _records(records) if r.get("status", "ok") == "ok"]
    comps = []
    for r in recs:
        for k in r.get("stats") or {}:
            m = re.match(r"^(.+)\.energy\.(dynamic|leakage)$", k)
            if m and m.group(1) != "sim" and m.group(1) not in comps:
                comps.append(m.group(1))
    if not comps:
        raise KeyError("no <instance>.energy.dynamic statistics in these records")
    layers = []
    for c in comps:
        for kind in ("dynamic", "leakage"):
            layers.append(("%s %s" % (c, kind),
                           [_value(r, "%s.energy.%s" % (c, kind)) * scale for r in recs]))
    ax = _axes(ax)
    _stacked(ax, _bar_labels(recs, labels), layers)
    ax.set_ylabel("energy (%s)" % unit)
    return _finish(ax, out, title)
