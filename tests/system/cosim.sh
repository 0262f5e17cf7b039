#!/usr/bin/env bash
# tests/system/cosim.sh COSIM SRC - the SystemC co-simulation example
# (examples/systemc): a DMA engine reads 64 KiB twice through the bridge,
# blocking (b_transport) and with 8 reads in flight (nb_transport). Every
# read reaches archsim (2048 of 64 B, all cold L2 misses); the overlapped
# pass takes under a third of the blocking one; two runs print the same.
set -euo pipefail
COSIM=$1; SRC=$2
. "$(dirname "$0")/lib.sh"
cd "$T"
"$COSIM" "$SRC/examples/systemc/soc.yaml" 64 8 2>/dev/null | grep -v '^$' > a.out
"$COSIM" "$SRC/examples/systemc/soc.yaml" 64 8 2>/dev/null | grep -v '^$' > b.out
cat a.out
grep -q '^port.reads 2048, l2.misses 2048, mem.reads 2048,' a.out || fail "reads did not all reach DRAM"
lt=$(sed -n 's/^b_transport.* in \([0-9.]*\) us.*/\1/p' a.out)
at=$(sed -n 's/^nb_transport.* in \([0-9.]*\) us.*/\1/p' a.out)
[ -n "$lt" ] && [ -n "$at" ] || fail "no times printed"
awk -v lt="$lt" -v at="$at" 'BEGIN { exit !(at * 3 < lt) }' ||
    fail "nb_transport pass ($at us) not under a third of the b_transport pass ($lt us)"
pass "overlap: $lt us blocking, $at us with 8 in flight"
cmp -s a.out b.out || fail "two runs differ"
pass "deterministic"
expect 2 "$COSIM" "$SRC/examples/systemc/soc.yaml" 0 8
pass "bad size refused"
