#!/bin/sh
# bench/pipelines/sampling.sh [BUILD] - what sampled simulation buys: for
# riscv-inorder and riscv-ooo on cpubench (40 iterations, 13.0 M
# instructions), the full detailed run and sampled runs (--sample P:W:M,
# with functional warming and with skipping), each printed with its wall
# time (median of 3), speed-up, estimated cycles, the estimate's 95 %
# interval and its error against the full run. Needs the guests (the
# `guests` target).
set -eu
build=${1:-build}
src=$(cd "$(dirname "$0")/../.." && pwd)
a=$build/archsim
prog="$build/guest/cpubench 40"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

stat() { awk -v k="$2" '$1 == k { print $2 }' "$1/stats.txt"; }
# median wall time of 3 runs of: archsim run CFG ARGS -- prog
wall() {
    for i in 1 2 3; do
        s=$(date +%s.%N)
        "$a" run "$@" -q -o "$tmp/o" -- $prog >/dev/null
        e=$(date +%s.%N)
        awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f\n", e - s }'
    done | sort -n | sed -n 2p
}

printf '%-13s %-22s %-10s %8s %8s %14s %9s %8s\n' config sampling warming seconds speedup \
    cycles interval error
for c in riscv-inorder riscv-ooo; do
    cfg=$src/configs/$c.yaml
    t0=$(wall "$cfg")
    full=$(stat "$tmp/o" sim.cycles)
    printf '%-13s %-22s %-10s %8.3f %8s %14s %9s %8s\n' "$c" full - "$t0" 1.0 "$full" - -
    for s in 100000:10000:5000 1000000:20000:10000; do
        for w in functional none; do
            t=$(wall "$cfg" --sample "$s" --set run.sample_warming=$w)
            est=$(stat "$tmp/o" sim.sample.cycles_est)
            e=$(stat "$tmp/o" sim.sample.cpi_error)
            awk -v c="$c" -v s="$s" -v w="$w" -v t="$t" -v t0="$t0" -v x="$est" -v e="$e" \
                -v f="$full" 'BEGIN { printf "%-13s %-22s %-10s %8.3f %8.1f %14.0f %8.1f%% %+7.2f%%\n",
                    c, s, w, t, t0 / t, x, 100 * e, 100 * (x / f - 1) }'
        done
    done
done
