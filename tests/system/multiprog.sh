#!/usr/bin/env bash
# tests/system/multiprog.sh ARCHSIM SRC GUESTS - a multi-programmed run: the
# four cores of configs/riscv-4core.yaml each run a different program (the
# riscv type's own program/args); each core commits exactly the instruction
# count the functional model gives for that program, and the run exits 0.
set -euo pipefail
A=$1; SRC=$2; G=$3
. "$(dirname "$0")/lib.sh"
progs=(hello printf hello fp); args=("" "" "two" "")
sets=()
for i in 0 1 2 3; do
    sets+=(--set "cpu$i.program=$G/${progs[$i]}")
    [ -n "${args[$i]}" ] && sets+=(--set "cpu$i.args=[${args[$i]}]")
done
expect 0 "$A" run "$SRC/configs/riscv-4core.yaml" -q -o "$T/mp" "${sets[@]}"
for i in 0 1 2 3; do
    # shellcheck disable=SC2086
    expect 0 "$A" run "$SRC/configs/riscv-functional.yaml" -q -o "$T/f$i" -- "$G/${progs[$i]}" ${args[$i]}
    want=$(awk '$1 == "cpu.insts" { print $2 }' "$T/f$i/stats.txt")
    got=$(awk -v k="core$i.committed" '$1 == k { print $2 }' "$T/mp/stats.txt")
    [ -n "$want" ] && [ "$got" = "$want" ] || fail "core$i (${progs[$i]}): committed $got, functional $want"
    pass "core$i runs ${progs[$i]}: $got instructions, as the functional model"
done
