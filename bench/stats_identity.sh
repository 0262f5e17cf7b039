#!/usr/bin/env bash
# bench/stats_identity.sh BASE_BUILD NEW_BUILD [WORK] - the check behind every
# speed change of the kernel and the memory system: the same runs through
# two builds must give byte-identical statistics (cycles, latencies, every
# counter, every energy), so that a change that made things faster did not
# change what is simulated. BASE_BUILD is a build of the code before the
# change (e.g. `git archive HEAD | tar -x -C /tmp/base`, built there),
# NEW_BUILD the build to check; both are CMake build folders holding
# archsim, examples/ and guest/.
#
# The runs (about 70, a few minutes): configs/memsys/*.yaml with every
# traffic pattern, loosely- and approximately-timed; configs/trafficgen.yaml;
# the setups of bench/bench_memsys_cache.c; DRAM variants (page policy,
# scheduler, ranks, channels, power-down, presets, XOR mapping, no refresh,
# small queues that refuse and retry, write-heavy traffic); cache variants
# (inclusion, write policy, ports and banks, prefetchers, replacement);
# MOESI and a directory on the 4-core system; the RISC-V configs on small
# guest programs; the examples/memsys sweeps (their CSV and their output).
# Each run's stats.json (or output) is compared with cmp; the script prints
# one line per run and exits 1 when any differs or fails.
set -uo pipefail
BASE=$(cd "$1" && pwd)
NEW=$(cd "$2" && pwd)
SRC=$(cd "$(dirname "$0")/.." && pwd)
WORK=${3:-$(mktemp -d)}
mkdir -p "$WORK"
M=$SRC/configs/memsys
n=0
bad=0

# run NAME CONFIG [ARGS...]: archsim run through both builds, cmp stats.json
run() {
    local name=$1 cfg=$2
    shift 2
    n=$((n + 1))
    for b in base new; do
        local bin=$BASE/archsim
        [ $b = new ] && bin=$NEW/archsim
        rm -rf "$WORK/$b/$name"
        if ! "$bin" run "$cfg" -q -o "$WORK/$b/$name" "$@" >"$WORK/$b.$name.out" 2>&1; then
            # a guest's own non-zero exit status is an outcome like any other
            [ -f "$WORK/$b/$name/stats.json" ] || { echo "FAIL  $name ($b did not run)"; bad=1; return; }
        fi
    done
    if cmp -s "$WORK/base/$name/stats.json" "$WORK/new/$name/stats.json"; then
        echo "same  $name"
    else
        echo "DIFF  $name"
        bad=1
    fi
}

# example NAME PROGRAM ARGS...: an examples/memsys program through both builds,
# its stdout and CSV (written to the file named out.csv in ARGS) compared
example() {
    local name=$1 prog=$2
    shift 2
    n=$((n + 1))
    for b in base new; do
        local dir=$BASE
        [ $b = new ] && dir=$NEW
        mkdir -p "$WORK/$b"
        (cd "$WORK/$b" && "$dir/examples/$prog" "$@" >"$name.stdout" 2>"$name.stderr") ||
            { echo "FAIL  $name ($b)"; bad=1; return; }
    done
    if cmp -s "$WORK/base/$name.stdout" "$WORK/new/$name.stdout" &&
       cmp -s "$WORK/base/$name.stderr" "$WORK/new/$name.stderr" &&
       { [ ! -f "$WORK/base/$name.csv" ] || cmp -s "$WORK/base/$name.csv" "$WORK/new/$name.csv"; }; then
        echo "same  $name"
    else
        echo "DIFF  $name"
        bad=1
    fi
}

# The three memsys configs, every pattern, both timing styles.
for mode in lt at; do
    for pat in linear strided random pointer_chase; do
        run "l1l2-$pat-$mode" "$M/l1l2-ddr4.yaml" --set gen.pattern=$pat --set gen.mode=$mode
        run "l1l2l3-$pat-$mode" "$M/l1l2l3-ddr4.yaml" --set gen.pattern=$pat --set gen.mode=$mode \
            --set gen.count=100000
        sets=()
        for g in 0 1 2 3; do
            sets+=(--set gen$g.pattern=$pat --set gen$g.mode=$mode --set gen$g.count=20000)
        done
        run "4core-$pat-$mode" "$M/4core-mesi.yaml" "${sets[@]}"
    done
done
run 4core-moesi "$M/4core-mesi.yaml" --set bus.protocol=moesi
run trafficgen-at "$SRC/configs/trafficgen.yaml"
run trafficgen-lt "$SRC/configs/trafficgen.yaml" --set gen.mode=lt
run trafficgen-chase "$SRC/configs/trafficgen.yaml" --set gen.pattern=pointer_chase

# The 4-core system with a directory in place of the snooping bus.
awk '/^  bus:$/ { print "  bus:\n    type: directory\n    latency: 4\n    hop_latency: 8"; skip = 1; next }
     skip && /^  [a-z]/ { skip = 0 }
     !skip' "$M/4core-mesi.yaml" >"$WORK/4core-dir.yaml"
run 4core-directory "$WORK/4core-dir.yaml"

# The setups of bench/bench_memsys_cache.c (with fewer requests).
bench_cfg() {   # PATTERN RANGE SIZE MODE MEM
    cat <<EOF
seed: 1
clocks: {default: 2GHz}
components:
  gen: {type: trafficgen, pattern: $1, range: $2, size: $3B, stride: $3B,
        count: 100000, mode: $4, outstanding: 16, read_fraction: 0.8}
  l1: {type: cache, size: 32KiB, assoc: 8, tag_latency: 1, data_latency: 3,
       mshrs: 16, queue: 32}
  l2: {type: cache, size: 1MiB, assoc: 16, tag_latency: 4, data_latency: 8,
       mshrs: 32, queue: 32, prefetcher: stream, pf_degree: 4}
  l3: {type: cache, size: 8MiB, assoc: 16, tag_latency: 10, data_latency: 20,
       mshrs: 64, queue: 64}
  mem: $5
connections: [gen.out -> l1.cpu, l1.mem -> l2.cpu, l2.mem -> l3.cpu,
              l3.mem -> mem.in]
EOF
}
dram='{type: dram, preset: DDR4-2400}'
fixed='{type: simple_mem, latency: 50ns}'
for mode in lt at; do
    bench_cfg random 256MiB 64 $mode "$dram" >"$WORK/bench-rand-$mode.yaml"
    bench_cfg linear 64MiB 8 $mode "$dram" >"$WORK/bench-stream-$mode.yaml"
    bench_cfg random 512KiB 64 $mode "$dram" >"$WORK/bench-l2-$mode.yaml"
    bench_cfg random 256MiB 64 $mode "$fixed" >"$WORK/bench-fixed-$mode.yaml"
    for k in rand stream l2 fixed; do
        run "bench-$k-$mode" "$WORK/bench-$k-$mode.yaml"
    done
done

# DRAM variants under random approximately-timed traffic (l1l2-ddr4).
L=$M/l1l2-ddr4.yaml
run dram-closed "$L" --set mem.page_policy=closed
run dram-fcfs "$L" --set mem.scheduler=fcfs
run dram-fcfs-closed "$L" --set mem.scheduler=fcfs --set mem.page_policy=closed
run dram-2ranks "$L" --set mem.ranks=2
run dram-4ranks-linear "$L" --set mem.ranks=4 --set gen.pattern=linear
run dram-2channels "$L" --set mem.channels=2
run dram-powerdown "$L" --set mem.powerdown=16 --set gen.interval=40
run dram-ddr4-3200 "$L" --set mem.preset=DDR4-3200
run dram-lpddr4 "$L" --set mem.preset=LPDDR4-3200
run dram-xor "$L" --set mem.xor_bank=true --set gen.pattern=strided --set gen.stride=8KiB
run dram-norefresh "$L" --set mem.refresh=false
run dram-small-queues "$L" --set mem.read_queue=4 --set mem.write_queue=4 \
    --set mem.write_high=3 --set mem.write_low=1 --set gen.outstanding=32
run dram-writes "$L" --set gen.read_fraction=0.2 --set gen.outstanding=32
run dram-latency "$L" --set mem.latency=5ns --set gen.range=256MiB
run dram-big-requests "$L" --set gen.size=256B --set gen.mode=at --set l1d.line=256B \
    --set l2.line=256B
run dram-sparse "$L" --set gen.interval=300 --set gen.count=20000
run dram-linear-at "$L" --set gen.pattern=linear --set gen.outstanding=16

# Cache variants (l1l2-ddr4, random AT unless said).
run cache-exclusive "$L" --set l2.inclusion=exclusive --set l1d.clean_evict=true
run cache-write-through "$L" --set l1d.write_policy=write_through
run cache-no-allocate "$L" --set l1d.write_allocate=false --set gen.read_fraction=0.5
run cache-ports-banks "$L" --set l1d.ports=2 --set l1d.banks=4 --set gen.outstanding=16
run cache-next-line "$L" --set l2.prefetcher=next_line --set gen.pattern=linear
run cache-ip-stride "$L" --set l2.prefetcher=ip_stride --set gen.pattern=strided
run cache-small-mshrs "$L" --set l1d.mshrs=2 --set l1d.queue=2 --set gen.outstanding=16
run cache-lru-srrip "$L" --set l1d.replacement=lru --set l2.replacement=srrip
run cache-parallel "$L" --set l1d.sequential=false --set gen.pattern=random --set gen.range=64KiB

# RISC-V configs on small guest programs (the kernel's clocks and queue).
G=$BASE/guest
if [ -x "$G/cpubench" ]; then
    for c in riscv-inorder riscv-ooo riscv-4core; do
        run "$c-cpubench" "$SRC/configs/$c.yaml" -- "$G/cpubench" 1
        run "$c-membench" "$SRC/configs/$c.yaml" -- "$G/membench" 1 4
    done
    run riscv-functional-hello "$SRC/configs/riscv-functional.yaml" -- "$G/hello"
else
    echo "skip  RISC-V runs: no guests in $G"
fi

# The examples/memsys sweeps: their CSV and what they print.
example chase example_chase_sweep "$M/l1l2l3-ddr4.yaml" chase.csv 33554432
example stream_bw example_stream_bw "$M/l1l2l3-ddr4.yaml" 16

echo "$n runs compared in $WORK: $([ $bad = 0 ] && echo all identical || echo SOME DIFFER)"
exit $bad
