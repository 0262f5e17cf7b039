#!/usr/bin/env bash
# tests/system/guest_clock.sh ARCHSIM SRC GUESTS - a program that times itself
# sees the time of the timing model: clock (tests/guest/linux/clock.c) runs
# 1000 dependent divides between two reads of the cycle counter and between
# two clock_gettime calls, and neither can be shorter than 1000 x the
# divide latency (20 cycles) on the core that ran it. Before, the riscv
# model read its clock when the core fetched the read, ahead of the older
# instructions still in the pipeline: on riscv-ooo 17 897 cycles for the
# 20 000 the divides take (the reviewer's case: 862 for 2 000).
set -euo pipefail
A=$1; SRC=$2; G=$3
. "$(dirname "$0")/lib.sh"
[ -x "$G/clock" ] || fail "$G/clock not built"
for c in riscv-ooo:3 riscv-inorder:2; do
    cfg=${c%:*}; ghz=${c#*:}
    expect 0 "$A" run "$SRC/configs/$cfg.yaml" -q -o "$T/$cfg" --set core.div_latency=20 \
        -- "$G/clock" 10
    read -r _ cyc _ _ _ ns _ n < "$T/out"
    [ "$n" = 1000 ] || fail "$cfg: unexpected output: $(cat "$T/out")"
    [ "$cyc" -ge 20000 ] || fail "$cfg: rdcycle measured $cyc cycles for 1000 x 20 of divides"
    # clock_gettime counts whole ns: allow the rounding of both reads
    [ $((ns * ghz + 2 * ghz)) -ge 20000 ] ||
        fail "$cfg: clock_gettime measured $ns ns for 20000 cycles at $ghz GHz"
    pass "$cfg: the guest's clocks: $cyc cycles, $ns ns for 1000 dependent divides"
done
