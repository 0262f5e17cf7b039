#!/bin/sh
# bench/pipelines/callgrind.sh BUILD - host instructions per simulated
# instruction of each ready config on the CPU-bound and memory-bound guest
# programs, under valgrind's callgrind: the figure that does not move with
# the load of the machine. Each program runs at two sizes; the difference
# of the host instruction counts over the difference of the simulated
# instruction counts leaves start-up (ELF loading, config parsing) out.
# Needs valgrind and the guests (the `guests` target). Slow: minutes.
set -eu
build=${1:-build}
src=$(cd "$(dirname "$0")/../.." && pwd)
archsim=$build/archsim
g=$build/guest
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'clocks: {default: 2GHz}\ncomponents:\n  cpu: {type: riscv}\n' >"$tmp/functional.yaml"

# ir CONFIG PROG ARGS...: prints "host-instructions simulated-instructions"
ir() {
    cfg=$1
    shift
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" "$archsim" run "$cfg" -q \
        -o "$tmp/out" -- "$@" >/dev/null 2>"$tmp/err"
    h=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$tmp/err")
    n=$(sed -n 's/^sim.insts *\([0-9]*\).*/\1/p' "$tmp/out/stats.txt")
    echo "$h $n"
}

printf '%-12s %-9s %12s\n' config program host-insts/inst
for c in functional riscv-inorder riscv-ooo riscv-4core; do
    if [ "$c" = functional ]; then cfg=$tmp/functional.yaml; else cfg=$src/configs/$c.yaml; fi
    for p in "cpubench 1 3" "membench 0 1 1"; do
        set -- $p
        name=$1
        if [ "$name" = cpubench ]; then
            a=$(ir "$cfg" "$g/cpubench" "$2"); b=$(ir "$cfg" "$g/cpubench" "$3")
        else
            a=$(ir "$cfg" "$g/membench" "$2" "$4"); b=$(ir "$cfg" "$g/membench" "$3" "$4")
        fi
        set -- $a $b
        printf '%-12s %-9s %12d\n' "$c" "$name" $(( ($3 - $1) / ($4 - $2) ))
    done
done
