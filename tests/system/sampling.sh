#!/usr/bin/env bash
# tests/system/sampling.sh ARCHSIM SRC GUESTS - sampled runs of a real
# program (run.sample_period/_warmup/_measure). On both cores, skipping
# between samples and functional warming: every
# instruction of the program is either run in detail or skipped
# (sim.sample.insts_total = the full run's sim.insts, and the riscv model's
# fastforwarded count = sim.sample.skipped), and the riscv model's
# instruction mix is the full run's; the estimated cycles fall within
# twice the 95 % interval of the full detailed run's cycles; the program's
# output is unchanged; reruns and config.yaml repeat the statistics byte
# for byte.
set -euo pipefail
A=$1; SRC=$2; G=$3
. "$(dirname "$0")/lib.sh"
stat() { awk -v k="$2" '$1 == k { print $2 }' "$1/stats.txt"; }
# period warm-up measure, per config: the out-of-order core's CPI varies
# more from sample to sample, so it takes more, shorter samples
for v in "riscv-inorder 100000 10000 5000 none" "riscv-ooo 30000 5000 2000 none" \
         "riscv-inorder 100000 10000 5000 functional" "riscv-ooo 30000 5000 2000 functional"; do
    set -- $v
    c=$1
    S="--set run.sample_period=$2 --set run.sample_warmup=$3 --set run.sample_measure=$4"
    S="$S --set run.sample_warming=$5"
    cfg=$SRC/configs/$c.yaml
    expect 0 "$A" run "$cfg" -q -o "$T/$c-full" -- "$G/cpubench" 10
    cp "$T/out" "$T/full.out"
    expect 0 "$A" run "$cfg" -q -o "$T/$c-s" $S -- "$G/cpubench" 10
    cmp -s "$T/out" "$T/full.out" || fail "$c: the sampled run's output differs"
    n=$(stat "$T/$c-full" sim.insts)
    [ "$(stat "$T/$c-s" sim.sample.insts_total)" = "$n" ] ||
        fail "$c: insts_total $(stat "$T/$c-s" sim.sample.insts_total), the program has $n"
    if [ "$5" = none ]; then
        [ "$(stat "$T/$c-s" cpu.fastforwarded)" = "$(stat "$T/$c-s" sim.sample.skipped)" ] ||
            fail "$c: skipped count differs from the model's"
    else
        [ "$(stat "$T/$c-s" cpu.fastforwarded)" = 0 ] || fail "$c: warming skipped"
        [ "$(stat "$T/$c-s" sim.insts)" -lt $((n / 4)) ] || fail "$c: warming ran in detail"
    fi
    diff <(grep '^cpu\.mix\.' "$T/$c-full/stats.txt") <(grep '^cpu\.mix\.' "$T/$c-s/stats.txt") ||
        fail "$c: the sampled run's instruction mix differs from the full run's"
    k=$(stat "$T/$c-s" sim.sample.count)
    [ "$k" -ge 30 ] || fail "$c: only $k samples"
    full=$(stat "$T/$c-full" sim.cycles)
    est=$(stat "$T/$c-s" sim.sample.cycles_est)
    e=$(stat "$T/$c-s" sim.sample.cpi_error)
    awk -v f="$full" -v x="$est" -v e="$e" 'BEGIN {
        d = x / f - 1; if (d < 0) d = -d; exit !(e > 0 && e < 0.15 && d <= 2 * e) }' ||
        fail "$c: estimate $est cycles, full run $full, interval +-$e"
    pass "$c ($5): $k samples, $est cycles estimated (+-$e), full run $full"
    expect 0 "$A" run "$cfg" -q -o "$T/$c-s2" $S -- "$G/cpubench" 10
    cmp -s "$T/$c-s/stats.json" "$T/$c-s2/stats.json" || fail "$c: rerun differs"
    expect 0 "$A" run "$T/$c-s/config.yaml" -q -o "$T/$c-s3"
    cmp -s "$T/$c-s/stats.json" "$T/$c-s3/stats.json" || fail "$c: config.yaml differs"
    pass "$c ($5): reruns and config.yaml repeat it"
done
