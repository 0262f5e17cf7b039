#!/usr/bin/env bash
# tests/system/threads.sh ARCHSIM SRC GUESTS - a multi-threaded program
# (tests/guest/linux/threads.c, 4 pthreads) on the four harts of one riscv
# instance: functionally (harts: 4, no core) and on configs/riscv-4core-
# threads.yaml (hart k on out-of-order core k, MESI snooping bus). The
# output is the same in both and the same as qemu-riscv64's (when
# installed); every core commits exactly what its hart ran, and more than
# nothing; the threads' shared lines move between the cores' caches (snoop
# invalidations in every L1D, cache-to-cache transfers on the bus); a rerun
# gives a byte-identical stats.json; a core whose hart waits sleeps until it
# may run (cpu.idle_waits), clock-gated (coreN.idle_cycles are no clock
# events), also when warming between samples of a sampled run, which ends
# with the same output; stopped at a limit after a warm-up, the harts' counts
# and the instruction mix agree.
set -euo pipefail
A=$1; SRC=$2; G=$3
. "$(dirname "$0")/lib.sh"
P=$G/threads
[ -x "$P" ] || fail "$P not built"
stat() { awk -v k="$2" '$1 == k { print $2 }' "$1/stats.txt"; }

expect 0 "$A" run "$SRC/configs/riscv-functional.yaml" -q -o "$T/func" --set cpu.harts=4 \
    -- "$P" 4
cp "$T/out" "$T/func.out"
grep -qx PASS "$T/func.out" || fail "functional run: $(cat "$T/func.out")"
n=$(stat "$T/func" cpu.threads)
[ "$n" = 3 ] || fail "functional run: $n threads created"
pass "functional run on 4 harts: PASS, 3 threads created"

expect 0 "$A" run "$SRC/configs/riscv-4core-threads.yaml" -q -o "$T/ooo" -- "$P" 4
cp "$T/out" "$T/ooo.out"
cmp -s "$T/func.out" "$T/ooo.out" ||
    fail "4 cores and functional outputs differ: $(diff "$T/func.out" "$T/ooo.out")"
pass "4 out-of-order cores: same output as the functional run"

if Q=$(command -v qemu-riscv64); then
    "$Q" "$P" 4 >"$T/qemu.out"
    cmp -s "$T/qemu.out" "$T/ooo.out" ||
        fail "qemu output differs: $(diff "$T/qemu.out" "$T/ooo.out")"
    pass "same output as qemu-riscv64"
else
    echo "skip: qemu-riscv64 not installed, output not compared with it"
fi

for k in 0 1 2 3; do
    c=$(stat "$T/ooo" "core$k.committed")
    h=$(stat "$T/ooo" "cpu.hart_insts.$k")
    [ -n "$c" ] && [ "$c" -gt 0 ] || fail "core$k committed '$c' instructions"
    [ "$c" = "$h" ] || fail "core$k committed $c, hart $k ran $h"
    w=$(stat "$T/ooo" "cpu.idle_waits.$k")
    [ "$w" -gt 0 ] || fail "core$k never waited for its hart"
    idle=$(stat "$T/ooo" "core$k.idle_cycles"); cyc=$(stat "$T/ooo" "core$k.cycles")
    [ "$idle" -gt 0 ] && [ "$(stat "$T/ooo" "core$k.events.clock")" = $((cyc - idle)) ] ||
        fail "core$k: $idle idle cycles of $cyc, clock events $(stat "$T/ooo" "core$k.events.clock")"
    inv=$(stat "$T/ooo" "l1d_$k.snoop_invalidations")
    [ "$inv" -gt 0 ] || fail "l1d_$k: no snoop invalidations"
    pass "core$k committed $c = hart $k's instructions, waited $w times ($idle of $cyc cycles clock-gated); l1d_$k lost $inv lines to other cores"
done
c2c=$(stat "$T/ooo" bus.c2c)
[ "$c2c" -gt 0 ] || fail "no cache-to-cache transfers on the bus"
pass "bus: $c2c lines supplied by another cache, $(stat "$T/ooo" bus.invalidations) invalidations"

# Stopped at a limit after a warm-up: the harts' counts are of what they ran
# since the warm-up's end, the mix sums to them (it wrapped below zero: the
# blocks' entries were not folded in when the stats were read); the cores'
# committed counts differ from them by the records in flight at both ends.
expect 0 "$A" run "$SRC/configs/riscv-4core-threads.yaml" -q -o "$T/lim" --warmup 200000 \
    --max-insts 400000 -- "$P" 4
n=$(stat "$T/lim" cpu.insts)
[ "$(stat "$T/lim" cpu.mix.total)" = "$n" ] && [ "$(stat "$T/lim" cpu.hart_insts.total)" = "$n" ] ||
    fail "at a limit: cpu.insts $n, mix.total $(stat "$T/lim" cpu.mix.total), hart_insts.total $(stat "$T/lim" cpu.hart_insts.total)"
awk -v n="$n" '$1 ~ /^cpu\.(mix\.|loads$|stores$)/ && $2 + 0 > n + 0 { bad = bad " " $1 "=" $2 }
    END { if (bad) { print "above cpu.insts " n ":" bad; exit 1 } }' "$T/lim/stats.txt" ||
    fail "at a limit: a mix count above cpu.insts"
c=0; for k in 0 1 2 3; do c=$((c + $(stat "$T/lim" "core$k.committed"))); done
[ "$c" = 400000 ] || fail "at a limit: the cores committed $c"
pass "warm-up and a limit: $n instructions ran (mix and harts agree), 400000 committed"

expect 0 "$A" run "$SRC/configs/riscv-4core-threads.yaml" -q -o "$T/ooo2" -- "$P" 4
cmp -s "$T/ooo/stats.json" "$T/ooo2/stats.json" || fail "a rerun gave a different stats.json"
pass "a rerun gives a byte-identical stats.json"

expect 0 timeout 300 "$A" run "$SRC/configs/riscv-4core-threads.yaml" -q -o "$T/smp" \
    --sample 100000:10000:5000 -- "$P" 4
cmp -s "$T/func.out" "$T/out" || fail "sampled run: output differs: $(diff "$T/func.out" "$T/out")"
n=$(stat "$T/smp" sim.sample.count)
[ "$n" -gt 0 ] || fail "sampled run: no sample measured"
pass "sampled run (functional warming between samples): same output, $n samples"

# A ChampSim trace writer pulling hart 0 on its own (no core behind it) while
# hart 1 runs on a core: when hart 0 waits, the writer waits with it and
# looks again a cycle later; it records every instruction hart 0 ran.
cat > "$T/rec.yaml" <<YAML
clocks: {default: 2GHz}
components:
  cpu: {type: riscv, harts: 2}
  rec: {type: champsim_writer, file: $T/hart0.trace}
  core1: {type: inorder, core_id: 1}
connections: [rec.src -> cpu.insts, core1.insts -> cpu.insts]
YAML
expect 0 "$A" run "$T/rec.yaml" -q -o "$T/rec" -- "$P" 2
grep -qx PASS "$T/out" || fail "writer + core: $(tail -1 "$T/out")"
h0=$(stat "$T/rec" cpu.hart_insts.0)
[ "$(stat "$T/rec" rec.insts)" = "$h0" ] || fail "writer wrote $(stat "$T/rec" rec.insts) of $h0"
[ "$(stat "$T/rec" cpu.idle_waits.0)" -gt 0 ] || fail "hart 0 never waited"
pass "trace writer on hart 0 waited $(stat "$T/rec" cpu.idle_waits.0) times, wrote all $h0 instructions"
