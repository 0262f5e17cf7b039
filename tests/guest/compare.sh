#!/bin/sh
# tests/guest/compare.sh - run a guest program under archsim and under
# qemu-riscv64 and require the same stdout, stderr and exit status, byte for
# byte. Usage: compare.sh ARCHSIM CONFIG QEMU WORKDIR PROG [ARGS...]
# QEMU may be "" (no qemu-user): then archsim's run must merely succeed.
set -u
archsim=$1 config=$2 qemu=$3 work=$4
shift 4
rm -rf "$work"
mkdir -p "$work/sim" "$work/qemu"
"$archsim" run "$config" -q -o "$work/out" --set cpu.fs_write="[$work/sim]" -- "$@" \
    >"$work/sim.out" 2>"$work/sim.err"
rs=$?
if [ -z "$qemu" ]; then
    [ $rs -eq 0 ] || { echo "archsim exited $rs"; cat "$work/sim.err"; exit 1; }
    exit 0
fi
# the same arguments, with the sandbox folder swapped for qemu's own
prog=$1
shift
n=$#
for a in "$@"; do
    [ "$a" = "$work/sim" ] && a="$work/qemu"
    set -- "$@" "$a"
done
shift "$n"
"$qemu" "$prog" "$@" >"$work/qemu.out" 2>"$work/qemu.err"
rq=$?
status=0
if [ $rs -ne $rq ]; then
    echo "exit status: archsim $rs, qemu $rq"
    status=1
fi
if ! cmp -s "$work/sim.out" "$work/qemu.out"; then
    echo "stdout differs:"
    diff "$work/sim.out" "$work/qemu.out" | head -20
    status=1
fi
# archsim's own messages would go to stderr; with -q there are none
if ! cmp -s "$work/sim.err" "$work/qemu.err"; then
    echo "stderr differs:"
    diff "$work/sim.err" "$work/qemu.err" | head -20
    status=1
fi
[ $status -eq 0 ] && echo "identical: stdout $(wc -c <"$work/sim.out") bytes, stderr $(wc -c <"$work/sim.err") bytes, exit $rs"
exit $status
