#!/usr/bin/env bash
# tests/system/stall.sh ARCHSIM PLUGIN - a run whose workload never ends (the
# stall plugin's component waits for ever) is reported stalled: status 1, a
# message naming the config and the workloads left, the statistics written
# as a failed run's (failed-stats.*, status.json saying why);
# and list / describe show a plugin's types with --plugin.
set -euo pipefail
A=$1; PLUGIN=$2
. "$(dirname "$0")/lib.sh"

printf 'plugins: [%s]\nclocks: {default: 1GHz}\ncomponents:\n  w: {type: stall}\n' \
    "$PLUGIN" >"$T/stall.yaml"
expect 1 "$A" run "$T/stall.yaml" -o "$T/out.d"
grep -q "stall.yaml: the run stalled: nothing left to simulate, but 1 workload had not ended" \
    "$T/err" || { cat "$T/err" >&2; fail "no stall message"; }
grep -Eq "^w.ticks +1 " "$T/out.d/failed-stats.txt" || fail "statistics not written"
[ ! -e "$T/out.d/stats.json" ] || fail "a stalled run wrote stats.json"
grep -q '"status": "error"' "$T/out.d/status.json" &&
    grep -q '"reason": "idle"' "$T/out.d/status.json" &&
    grep -q '"message": "the run stalled: nothing left to simulate' "$T/out.d/status.json" ||
    { cat "$T/out.d/status.json" >&2; fail "status.json of a stalled run"; }
pass "a stalled run exits 1 with its statistics"

expect 0 "$A" describe stall --plugin "$PLUGIN"
grep -q '^stall: Test plugin' "$T/out" && grep -q 'ticks' "$T/out" || fail "describe --plugin"
expect 2 "$A" describe stall; grep -q "unknown type 'stall'" "$T/err" || fail "describe"
expect 0 "$A" list --plugin "$PLUGIN"; grep -q '^stall ' "$T/out" || fail "list --plugin"
expect 2 "$A" list --plugin "$T/none.so"; grep -q "no such file" "$T/err" || fail "bad --plugin"
pass "list and describe with --plugin"
