#!/usr/bin/env bash
# tests/system/champsim.sh ARCHSIM SRC GUESTS - ChampSim traces end to end:
# a RISC-V program recorded by champsim_writer (passing its records on to
# the in-order core) and read back by the champsim reader gives the same
# instruction count, the same branch count of every kind as the core
# predicted while recording, and the same loads and stores; both trace
# configs run the trace, their cores commit exactly the trace's instruction
# count, reruns are bit-identical, a truncated trace stops the run with a
# reason, and a writer's count ends a recording run with status 0.
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

# A writer that is the consumer, with a count: the run stops there, a
# success (status 0, was 1: the program's workload was left waiting).
printf 'components: {cpu: {type: riscv}, w: {type: champsim_writer, file: %s, count: 30000}}\nconnections: [w.src -> cpu.insts]\n' \
    "$T/part.trace.xz" > "$T/part.yaml"
expect 0 "$A" run "$T/part.yaml" -o "$T/part" -- "$G/cpubench" 1
grep -q "^archsim: w: count reached: 30000 instructions written to $T/part.trace.xz; the run stops" \
    "$T/err" || { cat "$T/err"; fail "no reason for the stop"; }
grep -q '"status": "ok"' "$T/part/status.json" && grep -q '"reason": "stopped"' "$T/part/status.json" ||
    fail "status.json: $(cat "$T/part/status.json")"
[ "$(stat "$T/part" w.insts)" = 30000 ] || fail "writer wrote $(stat "$T/part" w.insts)"
expect 0 "$A" run "$SRC/configs/champsim-inorder.yaml" -q -o "$T/part-r" -- "$T/part.trace.xz"
[ "$(stat "$T/part-r" cpu.insts)" = 30000 ] || fail "the count-limited trace has $(stat "$T/part-r" cpu.insts)"
pass "count: 30000 instructions recorded, the run stopped with status 0"

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

# x86-shaped records, as a trace of an x86 program has them: pop (a load
# writing its register and the stack pointer), push, read-modify-write,
# two loads, two stores, compare and conditional branch (flags), call and
# return through the stack. Both cores commit every instruction.
/usr/bin/python3 - "$T/x86.trace" <<'PY'
import random, struct, sys
rnd = random.Random(5)
SP, FL, IP = 6, 25, 26
def rec(ip, d=(0, 0), s=(0, 0, 0, 0), dm=(0, 0), sm=(0, 0, 0, 0), br=0, tk=0):
    return struct.pack('<QBB2B4B2Q4Q', ip, br, tk, *d, *s, *dm, *sm)
out, ip, sp = [], 0x400000, 0x7fff0000
for _ in range(3000):
    k, a = rnd.randrange(9), 0x600000 + rnd.randrange(1 << 16) * 8
    r1, r2 = rnd.choice([1, 2, 3, 4, 5, 7, 8]), rnd.choice([9, 10, 11, 12])
    if k == 0: out.append(rec(ip, d=(r1, 0), s=(r1, r2, 0, 0)))
    elif k == 1: out.append(rec(ip, d=(r1, SP), s=(SP, 0, 0, 0), sm=(sp, 0, 0, 0)))
    elif k == 2: out.append(rec(ip, d=(SP, 0), s=(SP, r1, 0, 0), dm=(sp - 8, 0)))
    elif k == 3: out.append(rec(ip, d=(FL, 0), s=(r1, 0, 0, 0), dm=(a, 0), sm=(a, 0, 0, 0)))
    elif k == 4: out.append(rec(ip, d=(r1, FL), s=(r1, 0, 0, 0), sm=(a, a + 64, 0, 0)))
    elif k == 5: out.append(rec(ip, s=(r1, 0, 0, 0), dm=(a, a + 8)))
    elif k == 6: out.append(rec(ip, d=(FL, 0), s=(r1, r2, 0, 0)))
    elif k == 7: out.append(rec(ip, br=1, d=(IP, 0), s=(IP, FL, 0, 0)))
    else:
        out.append(rec(ip, br=1, tk=1, d=(IP, SP), s=(IP, SP, 0, 0), dm=(sp - 8, 0)))
        out.append(rec(0x500000, d=(r1, 0), s=(r1, 0, 0, 0)))
        out.append(rec(0x500004, br=1, tk=1, d=(IP, SP), s=(SP, 0, 0, 0), sm=(sp - 8, 0, 0, 0)))
        ip += 4
    ip += 4
open(sys.argv[1], 'wb').write(b''.join(out))
PY
n=$(( $(wc -c < "$T/x86.trace") / 64 ))
for cfg in champsim-inorder champsim-ooo; do
    expect 0 "$A" run "$SRC/configs/$cfg.yaml" -q -o "$T/x86-$cfg" -- "$T/x86.trace"
    o=$T/x86-$cfg
    [ "$(stat "$o" core.committed)" = "$n" ] ||
        fail "$cfg: x86-shaped trace: committed $(stat "$o" core.committed) of $n"
    [ "$(stat "$o" cpu.cracked)" -gt 0 ] || fail "$cfg: x86-shaped trace: nothing cracked"
    pass "$cfg: x86-shaped trace ($n instructions, $(stat "$o" cpu.cracked) cracked) committed"
done
