#!/usr/bin/env bash
# tests/system/champsim.sh ARCHSIM SRC GUESTS - ChampSim traces end to end:
# a RISC-V program recorded by champsim_writer (passing its records on to
# the in-order core) and read back by the champsim reader gives the same
# instruction count, the same branch count of every kind as the core
# predicted while recording, and the same loads and stores; both trace
# configs run the trace, their cores commit exactly the trace's instruction
# count, reruns are bit-identical, and a truncated trace stops the run with
# a reason.
set -euo pipefail
A=$1; SRC=$2; G=$3
. "$(dirname "$0")/lib.sh"
stat() { awk -v k="$2" '$1 == k { print $2 }' "$1/stats.txt"; }

# Record: riscv -> writer -> in-order core.
sed -e 's|^  - core.insts -> cpu.insts|  - core.insts -> rec.insts\n  - rec.src -> cpu.insts|' \
    -e "s|^components:|components:\n  rec: {type: champsim_writer, file: $T/cpubench.trace.xz}|" \
    "$SRC/configs/riscv-inorder.yaml" > "$T/record.yaml"
expect 0 "$A" run "$T/record.yaml" -q -o "$T/rec" -- "$G/cpubench" 1
[ -s "$T/cpubench.trace.xz" ] || fail "no trace written"
n=$(stat "$T/rec" cpu.insts)
[ "$(stat "$T/rec" rec.insts)" = "$n" ] || fail "writer wrote $(stat "$T/rec" rec.insts) of $n"
[ "$(stat "$T/rec" rec.dropped)" = 0 ] || fail "writer dropped accesses"
pass "recorded $n instructions"

for cfg in champsim-inorder champsim-ooo; do
    expect 0 "$A" run "$SRC/configs/$cfg.yaml" -q -o "$T/$cfg" -- "$T/cpubench.trace.xz"
    o=$T/$cfg
    [ "$(stat "$o" cpu.insts)" = "$n" ] || fail "$cfg: reader gave $(stat "$o" cpu.insts), want $n"
    [ "$(stat "$o" core.committed)" = "$n" ] ||
        fail "$cfg: core committed $(stat "$o" core.committed), trace has $n"
    [ "$(stat "$o" sim.insts)" = "$n" ] || fail "$cfg: sim.insts $(stat "$o" sim.insts)"
    for k in cond jump indirect call call_indirect return; do
        want=$(stat "$T/rec" "core.bp_branches.$k"); got=$(stat "$o" "cpu.branches.$k")
        [ "$got" = "$want" ] || fail "$cfg: $k branches $got, recorded $want"
    done
    amo=$(stat "$T/rec" core.committed_ops.amo)
    want=$(( $(stat "$T/rec" core.committed_ops.load) + amo ))
    [ "$(stat "$o" cpu.loads)" = "$want" ] || fail "$cfg: loads $(stat "$o" cpu.loads), want $want"
    want=$(( $(stat "$T/rec" core.committed_ops.store) + amo ))
    [ "$(stat "$o" cpu.stores)" = "$want" ] || fail "$cfg: stores $(stat "$o" cpu.stores), want $want"
    pass "$cfg: $n instructions, branch kinds, loads and stores as recorded; IPC $(stat "$o" core.ipc)"
done

# Deterministic: a rerun gives the same statistics, byte for byte.
expect 0 "$A" run "$SRC/configs/champsim-ooo.yaml" -q -o "$T/again" -- "$T/cpubench.trace.xz"
cmp -s "$T/champsim-ooo/stats.json" "$T/again/stats.json" || fail "rerun differs"
pass "rerun identical"

# Gzip and plain traces read the same as xz.
for f in cpubench.trace.gz cpubench.trace; do
    sed -e "s|cpubench.trace.xz|$f|" "$T/record.yaml" > "$T/record2.yaml"
    expect 0 "$A" run "$T/record2.yaml" -q -o "$T/rec2" -- "$G/cpubench" 1
    expect 0 "$A" run "$SRC/configs/champsim-inorder.yaml" -q -o "$T/r2" -- "$T/$f"
    cmp -s "$T/champsim-inorder/stats.json" "$T/r2/stats.json" || fail "$f reads differently"
    pass "$f reads as the xz trace"
done

# A truncated trace stops the run with a reason and status 1.
head -c 100000 "$T/cpubench.trace" > "$T/cut.trace"
expect 1 "$A" run "$SRC/configs/champsim-inorder.yaml" -q -o "$T/cut" -- "$T/cut.trace"
grep -q "truncated: record 1563 has 32 of 64 bytes" "$T/err" || { cat "$T/err"; fail "no reason"; }
pass "truncated trace: $(tail -1 "$T/err")"
