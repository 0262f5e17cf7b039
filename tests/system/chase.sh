#!/usr/bin/env bash
# tests/system/chase.sh CHASE SRC - run the pointer-chase sweep up to 32 MiB
# through configs/memsys/l1l2l3-ddr4.yaml; the measured L1, L2 and L3
# plateaus must equal the latencies the config implies (the example derives
# them from the config), and the DRAM plateau must lie above the L3 one.
set -euo pipefail
CHASE=$1; SRC=$2
. "$(dirname "$0")/lib.sh"
"$CHASE" "$SRC/configs/memsys/l1l2l3-ddr4.yaml" "$T/chase.csv" 33554432 2> "$T/err" > /dev/null
[ "$(wc -l < "$T/chase.csv")" -eq 15 ] || fail "expected 14 working sets in the CSV"
for lvl in L1 L2 L3; do
    read -r _ measured configured < <(grep "^$lvl " "$T/err")
    [ "$measured" = "$configured" ] || fail "$lvl plateau $measured cycles, configured $configured"
    pass "$lvl plateau $measured cycles = configured"
done
read -r _ l3 _ < <(grep "^L3 " "$T/err")
read -r _ dram _ < <(grep "^DRAM " "$T/err")
awk -v a="$dram" -v b="$l3" 'BEGIN { exit !(a > b + 40) }' || fail "DRAM plateau $dram not above L3 $l3"
pass "DRAM plateau $dram cycles"
