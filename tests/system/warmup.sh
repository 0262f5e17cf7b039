#!/usr/bin/env bash
# tests/system/warmup.sh ARCHSIM SRC GUESTS - fast-forward, warm-up and
# measured windows. The riscv type's fastforward runs F instructions
# functionally before the first record, so the core commits exactly N - F;
# the run: section (--warmup, --max-insts, --max-cycles): after a warm-up of W instructions every
# statistic is zeroed, so a core commits exactly N - W of a program's N
# instructions; a window of K instructions after the warm-up commits K (the
# in-order core retires one a cycle, so exactly); config.yaml keeps the
# section and repeats the run byte for byte; both limits at once are a
# configuration error; the riscv model's instruction mix sums to its
# cpu.insts at a limit and after a warm-up; the functional model's time
# stops at a limit and restarts at a warm-up's end.
set -euo pipefail
A=$1; SRC=$2; G=$3
. "$(dirname "$0")/lib.sh"
stat() { awk -v k="$2" '$1 == k { print $2 }' "$1/stats.txt"; }
# The riscv model's instruction mix in run $1 sums to its cpu.insts and no
# class (nor loads, stores) exceeds it: at a limit or after a warm-up it
# wrapped below zero (~1.8e19), the blocks' entries not folded in.
mix_ok() {
    local n; n=$(stat "$1" cpu.insts)
    [ "$(stat "$1" cpu.mix.total)" = "$n" ] ||
        fail "$1: cpu.mix.total $(stat "$1" cpu.mix.total), cpu.insts $n"
    awk -v n="$n" '$1 ~ /^cpu\.(mix\.|loads$|stores$)/ && $2 + 0 > n + 0 { bad = bad " " $1 "=" $2 }
        END { if (bad) { print "above cpu.insts " n ":" bad; exit 1 } }' "$1/stats.txt" ||
        fail "$1: a mix count above cpu.insts"
}
cfg=$SRC/configs/riscv-inorder.yaml

expect 0 "$A" run "$cfg" -q -o "$T/full" -- "$G/cpubench" 1
n=$(stat "$T/full" core.committed)
expect 0 "$A" run "$cfg" -q -o "$T/warm" --warmup 100000 -- "$G/cpubench" 1
[ "$(stat "$T/warm" core.committed)" = $((n - 100000)) ] ||
    fail "after a 100000-instruction warm-up: $(stat "$T/warm" core.committed), want $((n - 100000))"
[ "$(stat "$T/warm" sim.insts)" = $((n - 100000)) ] || fail "sim.insts not zeroed by the warm-up"
c1=$(stat "$T/full" core.cycles); c2=$(stat "$T/warm" core.cycles)
[ "$c2" -lt "$c1" ] || fail "cycles not zeroed ($c2 vs $c1)"
a1=$(stat "$T/full" l1d.hits); a2=$(stat "$T/warm" l1d.hits)
[ "$a2" -lt "$a1" ] || fail "cache stats not zeroed ($a2 vs $a1)"
pass "warm-up: $((n - 100000)) of $n instructions measured, $c2 of $c1 cycles"

expect 0 "$A" run "$cfg" -q -o "$T/win" --warmup 100000 --max-insts 50000 -- "$G/cpubench" 1
[ "$(stat "$T/win" core.committed)" = 50000 ] || fail "window: $(stat "$T/win" core.committed)"
mix_ok "$T/win"
grep -A3 '^run:' "$T/win/config.yaml" | grep -q 'warmup: 100000' || fail "config.yaml lacks run:"
expect 0 "$A" run "$T/win/config.yaml" -q -o "$T/again"
cmp -s "$T/win/stats.json" "$T/again/stats.json" || fail "config.yaml does not repeat the run"
pass "window of 50000 after the warm-up; config.yaml repeats it"

expect 0 "$A" run "$cfg" -q -o "$T/cyc" --warmup 20000 --max-cycles 5000 -- "$G/cpubench" 1
[ "$(stat "$T/cyc" sim.cycles)" = 5000 ] || fail "cycle window: $(stat "$T/cyc" sim.cycles)"
pass "window of 5000 cycles after the warm-up"

expect 0 "$A" run "$SRC/configs/riscv-ooo.yaml" -q -o "$T/ooo" --warmup 20000 --max-insts 30000 \
    -- "$G/cpubench" 1
k=$(stat "$T/ooo" core.committed)
[ "$k" -ge 30000 ] && [ "$k" -lt 30004 ] || fail "OoO window committed $k"
mix_ok "$T/ooo"
pass "OoO window: $k (width 4)"

for c in riscv-inorder riscv-ooo; do
    expect 0 "$A" run "$SRC/configs/$c.yaml" -q -o "$T/$c-lim" --max-insts 100000 -- "$G/cpubench" 1
    mix_ok "$T/$c-lim"
done
pass "at a limit and after a warm-up, the instruction mix sums to cpu.insts"

expect 0 "$A" run "$cfg" -q -o "$T/ff" --set cpu.fastforward=200000 -- "$G/cpubench" 1
[ "$(stat "$T/ff" core.committed)" = $((n - 200000)) ] ||
    fail "after fast-forwarding 200000: committed $(stat "$T/ff" core.committed), want $((n - 200000))"
[ "$(stat "$T/ff" cpu.fastforwarded)" = 200000 ] || fail "cpu.fastforwarded"
[ "$(stat "$T/ff" cpu.insts)" = "$n" ] || fail "cpu.insts $(stat "$T/ff" cpu.insts), want $n"
expect 0 "$A" run "$cfg" -q -o "$T/ffw" --set cpu.fastforward=200000 --warmup 20000 \
    --max-insts 10000 -- "$G/cpubench" 1
[ "$(stat "$T/ffw" core.committed)" = 10000 ] || fail "fast-forward, warm-up, window"
mix_ok "$T/ffw"
expect 0 "$A" run "$cfg" -q -o "$T/ffend" --set cpu.fastforward=100000000 -- "$G/cpubench" 1
[ "$(stat "$T/ffend" cpu.fastforwarded)" = "$n" ] && [ "$(stat "$T/ffend" core.committed)" = 0 ] ||
    fail "fast-forward past the end"
pass "fast-forward: $((n - 200000)) committed after 200000 functional; past the end exits 0"

# The functional model (one instruction a cycle, 100000-instruction quanta):
# a limit or a warm-up ends at the time it is reached, not at the start of
# the quantum that reached it (150000 instructions took 0 cycles, and a
# warm-up's last quantum counted in the measured time).
f=$SRC/configs/riscv-functional.yaml
expect 0 "$A" run "$f" -q -o "$T/f" -- "$G/cpubench" 1
nf=$(stat "$T/f" sim.insts)
[ "$(stat "$T/f" sim.cycles)" = "$nf" ] || fail "functional: $(stat "$T/f" sim.cycles) cycles, $nf insts"
expect 0 "$A" run "$f" -q -o "$T/flim" --max-insts 150000 -- "$G/cpubench" 1
[ "$(stat "$T/flim" sim.cycles)" = 150000 ] ||
    fail "functional, 150000-instruction limit: $(stat "$T/flim" sim.cycles) cycles"
expect 0 "$A" run "$f" -q -o "$T/fw" --warmup 150000 -- "$G/cpubench" 1
[ "$(stat "$T/fw" sim.insts)" = $((nf - 150000)) ] && [ "$(stat "$T/fw" sim.cycles)" = $((nf - 150000)) ] ||
    fail "functional, 150000-instruction warm-up: $(stat "$T/fw" sim.cycles) cycles for $(stat "$T/fw" sim.insts) insts, want $((nf - 150000))"
expect 0 "$A" run "$f" -q -o "$T/fwl" --warmup 150000 --max-insts 120000 -- "$G/cpubench" 1
[ "$(stat "$T/fwl" sim.cycles)" = 120000 ] || fail "functional window: $(stat "$T/fwl" sim.cycles) cycles"
pass "functional: a limit and a warm-up end at their own time ($nf instructions, $nf cycles)"

expect 2 "$A" run "$cfg" -q -o "$T/bad" --max-insts 5 --max-cycles 5 -- "$G/hello"
grep -q 'run.max_insts or run.max_cycles, not both' "$T/err" || { cat "$T/err"; fail "both limits"; }
pass "both limits rejected: $(cat "$T/err")"
