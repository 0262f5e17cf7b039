#!/usr/bin/env bash
# tests/system/cli.sh ARCHSIM SRC - the `archsim` command end to end.
set -euo pipefail
A=$1; SRC=$2
. "$(dirname "$0")/lib.sh"

expect 0 "$A" --version; grep -q '^archsim [0-9]' "$T/out" || fail "--version"
expect 0 "$A" --help; grep -q 'archsim run CONFIG' "$T/out" || fail "--help"
expect 2 "$A"; expect 2 "$A" frobnicate
expect 0 "$A" list; grep -q '^trafficgen ' "$T/out" || fail "list lacks trafficgen"
expect 0 "$A" describe simple_mem; grep -q 'latency' "$T/out" || fail "describe"
expect 2 "$A" describe simple_men; grep -q "did you mean 'simple_mem'" "$T/err" || fail "describe nearest"
pass "help, list, describe"

# a run writes stats.txt, stats.json and config.yaml; stdout stays empty
expect 0 "$A" run "$SRC/configs/trafficgen.yaml" -o "$T/o1" --set gen.count=3000
[ -s "$T/o1/stats.txt" ] && [ -s "$T/o1/stats.json" ] && [ -s "$T/o1/config.yaml" ] || fail "outputs"
[ ! -s "$T/out" ] || fail "run printed on stdout"
grep -q 'workload exited' "$T/err" || fail "summary on stderr"
grep -q '^gen.reads ' "$T/o1/stats.txt" || fail "stats.txt content"
ls -a "$T/o1" | grep -q '\.tmp' && fail "temporary files left"
/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['gen.reads']+d['gen.writes']==3000" \
    "$T/o1/stats.json" || fail "stats.json"
pass "run outputs"

# the resolved config alone reproduces the run, bit for bit
expect 0 "$A" run "$T/o1/config.yaml" -o "$T/o2"
cmp -s "$T/o1/stats.json" "$T/o2/stats.json" || fail "config.yaml does not reproduce the run"
pass "config.yaml reproduces stats"

# configuration errors: exit 2, file:line:col on stderr
printf 'components:\n  mem: {type: simple_mem, latncy: 1ns}\n' > "$T/bad.yaml"
expect 2 "$A" run "$T/bad.yaml" -o "$T/o3"
grep -q "bad.yaml:2:27: mem.latncy: unknown key; did you mean 'latency'?" "$T/err" || { cat "$T/err"; fail "error text"; }
expect 2 "$A" validate "$T/bad.yaml"
expect 0 "$A" validate "$SRC/configs/trafficgen.yaml"
expect 2 "$A" run "$SRC/configs/trafficgen.yaml" --set gen.pattern=zigzag
grep -q "gen.pattern" "$T/err" || fail "override error"
expect 2 "$A" run "$SRC/configs/trafficgen.yaml" --bogus
grep -q "unknown option '--bogus' (see archsim --help)" "$T/err" || fail "unknown option"
expect 2 "$A" run "$SRC/configs/trafficgen.yaml" --max-cycle 5
grep -q "unknown option '--max-cycle'; did you mean '--max-cycles'?" "$T/err" || fail "option nearest"
pass "errors and exit status"

# limits and the stats time series
expect 0 "$A" run "$SRC/configs/trafficgen.yaml" -o "$T/o4" --max-cycles 5000 --set stats.period=1us
grep -q '^sim.cycles  *5000 ' "$T/o4/stats.txt" || { grep sim.cycles "$T/o4/stats.txt"; fail "--max-cycles"; }
[ "$(wc -l < "$T/o4/stats-series.csv")" -ge 3 ] || fail "stats-series.csv rows"
pass "limits and time series"

# energy tables
expect 0 "$A" energy "$SRC/configs/trafficgen.yaml"
grep -q 'mem' "$T/out" && grep -q 'read' "$T/out" || fail "energy table"
pass "energy"
