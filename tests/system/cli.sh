#!/usr/bin/env bash
# tests/system/cli.sh ARCHSIM SRC - the `archsim` command end to end.
set -euo pipefail
A=$1; SRC=$2
. "$(dirname "$0")/lib.sh"

expect 0 "$A" --version; grep -q '^archsim [0-9]' "$T/out" || fail "--version"
expect 0 "$A" --help; grep -q 'archsim run CONFIG' "$T/out" || fail "--help"
expect 2 "$A"; expect 2 "$A" frobnicate
expect 0 "$A" list; grep -q '^trafficgen ' "$T/out" || fail "list lacks trafficgen"
expect 0 "$A" describe simple_mem; grep -q 'latency' "$T/out" || fail "describe"
expect 2 "$A" describe simple_men; grep -q "did you mean 'simple_mem'" "$T/err" || fail "describe nearest"
pass "help, list, describe"

# a run writes stats.txt, stats.json and config.yaml; stdout stays empty
expect 0 "$A" run "$SRC/configs/trafficgen.yaml" -o "$T/o1" --set gen.count=3000
[ -s "$T/o1/stats.txt" ] && [ -s "$T/o1/stats.json" ] && [ -s "$T/o1/config.yaml" ] || fail "outputs"
[ ! -s "$T/out" ] || fail "run printed on stdout"
grep -q 'workload exited' "$T/err" || fail "summary on stderr"
grep -q '^gen.reads ' "$T/o1/stats.txt" || fail "stats.txt content"
ls -a "$T/o1" | grep -q '\.tmp' && fail "temporary files left"
/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['gen.reads']+d['gen.writes']==3000" \
    "$T/o1/stats.json" || fail "stats.json"
pass "run outputs"

# the resolved config alone reproduces the run, bit for bit
expect 0 "$A" run "$T/o1/config.yaml" -o "$T/o2"
cmp -s "$T/o1/stats.json" "$T/o2/stats.json" || fail "config.yaml does not reproduce the run"
pass "config.yaml reproduces stats"

# an option the run: section refuses is named as typed, not as the --set
# it becomes (the error said `--set run.sample_period=1000:1:25`)
expect 2 "$A" run "$SRC/configs/trafficgen.yaml" -o "$T/o3" --sample 1000:10:50 --max-insts 100
grep -q '^--sample 1000:10:50: run.sample_period: a sampled run ends' "$T/err" ||
    fail "--sample with --max-insts: $(cat "$T/err")"
pass "run options' errors name the option"

# riscv bounds found by fuzzing: a code cache under 16 KiB dereferenced NULL,
# a RAM base off a page boundary read memory misaligned
expect 2 "$A" validate "$SRC/configs/riscv-functional.yaml" --set cpu.code_cache=1KiB
grep -q "cpu.code_cache: must be between 16KiB" "$T/err" || fail "code_cache bound: $(cat "$T/err")"
expect 2 "$A" validate "$SRC/configs/riscv-functional.yaml" --set cpu.mem_base=0x7fffffff
grep -q "cpu.mem_base: must be a multiple of 4096" "$T/err" || fail "mem_base: $(cat "$T/err")"
pass "riscv code_cache and mem_base bounds"

# what `run` refused only when it loaded the program or built the writer
# (status 1, OUTDIR replaced) is found by validate, at the key: a stdin that
# does not exist, a stdout in a missing folder, a trace in a missing folder;
# validate builds a writer but never replaces an earlier trace
rf=$SRC/configs/riscv-functional.yaml
expect 2 "$A" validate "$rf" --set cpu.stdin="$T/none"
grep -q "^--set cpu.stdin=$T/none:1:[0-9]*: cpu.stdin: $T/none: No such file or directory$" "$T/err" ||
    fail "stdin: $(cat "$T/err")"
expect 2 "$A" validate "$rf" --set cpu.stdout="$T/none/out.txt"
grep -q "cpu.stdout: $T/none/out.txt: No such file or directory$" "$T/err" || fail "stdout: $(cat "$T/err")"
expect 0 "$A" validate "$rf" --set cpu.stdin=/dev/null --set cpu.stdout="$T/out.txt"
[ ! -e "$T/out.txt" ] || fail "validate created the guest's stdout"
printf 'components:\n  cpu: {type: riscv}\n  w: {type: champsim_writer, file: %s}\nconnections: [w.src -> cpu.insts]\n' \
    "$T/none/x.trace.xz" > "$T/writer.yaml"
expect 2 "$A" validate "$T/writer.yaml"
grep -q "^$T/writer.yaml:3:36: w.file: $T/none/x.trace.xz: No such file or directory$" "$T/err" ||
    fail "writer file: $(cat "$T/err")"
echo precious > "$T/x.trace"
sed -i "s|$T/none/x.trace.xz|$T/x.trace|" "$T/writer.yaml"
expect 0 "$A" validate "$T/writer.yaml"
[ "$(cat "$T/x.trace")" = precious ] || fail "validate replaced the trace"
pass "validate refuses a missing stdin, stdout folder or trace folder, and writes no trace"

# DRAM timings that starved every request (refresh all the time: the run
# never ended) and bank counts that wrapped to 0 are refused
expect 2 "$A" validate "$SRC/configs/memsys/l1l2-ddr4.yaml" --set mem.tRFC=1 --set mem.tREFI=2
grep -q "mem.tREFI: must leave a row cycle and a read between refreshes" "$T/err" ||
    fail "tREFI: $(cat "$T/err")"
expect 2 "$A" validate "$SRC/configs/memsys/l1l2-ddr4.yaml" --set mem.banks_per_group=1073741824
grep -q "mem.banks_per_group: must be a power of two, 64 at most" "$T/err" ||
    fail "banks_per_group: $(cat "$T/err")"
# a queue too small for one request of a sender stopped the run at its first
# request, past validate; it is refused when the components are built
expect 2 "$A" validate "$SRC/configs/memsys/l1l2-ddr4.yaml" --set mem.bus_width=16 \
    --set mem.read_queue=2
grep -q "^--set mem.read_queue=2:1:[0-9]*: mem.read_queue: a 64-byte request from l2 needs 4 bursts of one channel's read queue, which holds 2$" \
    "$T/err" || fail "DRAM queue: $(cat "$T/err")"
pass "DRAM refresh, bank and queue bounds"

# an output named by the user that is not a regular file is written where
# it is, never replaced: a FIFO stays a FIFO (as /dev/null stays a device;
# `--pipeview /dev/null` used to replace it), a symbolic link stays a link
# and its file gets the output
mkfifo "$T/fifo"
timeout 20 cat "$T/fifo" > "$T/fifo.out" &
reader=$!
expect 0 "$A" docs -o "$T/fifo"
wait $reader || true
[ -p "$T/fifo" ] && grep -q '^# ' "$T/fifo.out" || fail "docs -o FIFO: $(ls -l "$T/fifo")"
echo old > "$T/target"
ln -s target "$T/link"
expect 0 "$A" docs -o "$T/link"
[ -L "$T/link" ] && grep -q '^# ' "$T/target" || fail "docs -o symlink: $(ls -l "$T/link")"
pass "outputs to a FIFO or through a symbolic link"

# --pipeview-window takes START:END, START: (to the end) and :END as
# written: `0:` and `100:` were YAML mappings ("expected a string, got a
# mapping"); an error names the option
ri=$SRC/configs/riscv-inorder.yaml
for w in 0: 100: :500 0:500; do
    expect 0 "$A" run "$ri" -q -o "$T/pv" --max-cycles 10 --pipeview "$T/pv.log" --pipeview-window "$w"
    grep -q "pipeview_window: '$w'" "$T/pv/config.yaml" || fail "--pipeview-window $w: $(grep pipeview "$T/pv/config.yaml")"
done
expect 2 "$A" run "$ri" -q -o "$T/pv" --max-cycles 10 --pipeview "$T/pv.log" --pipeview-window 500:100
grep -q "^--pipeview-window 500:100: core.pipeview_window: expected START:END with END > START (START: to the end, :END from the first), got '500:100'$" \
    "$T/err" || fail "--pipeview-window 500:100: $(cat "$T/err")"
expect 2 "$A" validate "$ri" --set core.pipeview_window=100:
grep -q "core.pipeview_window: expected a string, got a mapping (YAML reads '100:' as one; quote it: \"100:\")" \
    "$T/err" || fail "--set pipeview_window=100: $(cat "$T/err")"
pass "pipeview windows START:END, START:, :END"

# a configuration that never ends is refused at 4 MiB (/dev/zero grew
# memory until the allocation failed: here, under a 1 GiB limit)
expect 2 bash -c "ulimit -v 1048576; exec timeout 60 '$A' validate /dev/zero"
grep -q '^/dev/zero: larger than 4 MiB, the most a configuration may be$' "$T/err" ||
    fail "/dev/zero: $(cat "$T/err")"
pass "a configuration is at most 4 MiB"

# configuration errors: exit 2, file:line:col on stderr
printf 'components:\n  mem: {type: simple_mem, latncy: 1ns}\n' > "$T/bad.yaml"
expect 2 "$A" run "$T/bad.yaml" -o "$T/o3"
grep -q "bad.yaml:2:27: mem.latncy: unknown key; did you mean 'latency'?" "$T/err" || { cat "$T/err"; fail "error text"; }
expect 2 "$A" validate "$T/bad.yaml"
expect 0 "$A" validate "$SRC/configs/trafficgen.yaml"
expect 2 "$A" run "$SRC/configs/trafficgen.yaml" --set gen.pattern=zigzag
grep -q "gen.pattern" "$T/err" || fail "override error"
expect 2 "$A" run "$SRC/configs/trafficgen.yaml" --bogus
grep -q "unknown option '--bogus' (see archsim --help)" "$T/err" || fail "unknown option"
expect 2 "$A" run "$SRC/configs/trafficgen.yaml" --max-cycle 5
grep -q "unknown option '--max-cycle'; did you mean '--max-cycles'?" "$T/err" || fail "option nearest"
pass "errors and exit status"

# an OUTDIR that cannot be written is a usage error found before the run
# (it was found after the whole simulation, with status 1); nothing is made
echo file > "$T/plain"
expect 2 "$A" run "$SRC/configs/trafficgen.yaml" -o "$T/plain/out"
grep -q "^archsim: cannot create output folder '$T/plain/out': '$T/plain' is not a folder$" "$T/err" ||
    fail "OUTDIR under a file: $(cat "$T/err")"
expect 2 "$A" run "$SRC/configs/trafficgen.yaml" -o /proc/archsim-out
grep -q "^archsim: cannot create output folder '/proc/archsim-out' in '/proc': " "$T/err" ||
    fail "OUTDIR in /proc: $(cat "$T/err")"
grep -q 'cycles' "$T/err" && fail "the run started: $(cat "$T/err")"
[ "$(ls -A "$T" | grep -c probe)" = 0 ] || fail "probe file left"
pass "an OUTDIR that cannot be written is refused before the run"

# limits and the stats time series
expect 0 "$A" run "$SRC/configs/trafficgen.yaml" -o "$T/o4" --max-cycles 5000 --set stats.period=1us
grep -q '^sim.cycles  *5000 ' "$T/o4/stats.txt" || { grep sim.cycles "$T/o4/stats.txt"; fail "--max-cycles"; }
[ "$(wc -l < "$T/o4/stats-series.csv")" -ge 3 ] || fail "stats-series.csv rows"
pass "limits and time series"

# a run with no time series removes an earlier run's from its OUTDIR
tg=$SRC/configs/trafficgen.yaml
expect 0 "$A" run "$tg" -o "$T/o5" --set gen.count=3000 --set stats.period=1us
[ -s "$T/o5/stats-series.csv" ] || fail "no stats-series.csv"
expect 0 "$A" run "$tg" -o "$T/o5" --set gen.count=2000
[ ! -e "$T/o5/stats-series.csv" ] || fail "the earlier run's stats-series.csv was left"
pass "no stale stats-series.csv"

# OUTDIR holds one run's files: status.json says how it ended; a failed run
# (status 1) keeps its statistics as failed-stats.*, so that no stats.json of
# it or of an earlier run is there to be taken for a complete run;
# config.yaml is kept when it is the config being run; a configuration error
# (status 2) leaves OUTDIR alone
st() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1]+'/status.json'))
e=d['error']; print(d['status'], d['reason'], d['exit_code'], e and e['code'], e and e['message'])" "$1"; }
files() { (cd "$1" && LC_ALL=C ls -A | tr '\n' ' '); }
expect 0 "$A" run "$tg" -o "$T/o6" --set gen.count=3000 --set stats.period=1us
[ "$(st "$T/o6")" = "ok exited 0 None None" ] || fail "status.json of a good run: $(st "$T/o6")"
[ "$(files "$T/o6")" = "config.yaml stats-series.csv stats.json stats.txt status.json " ] ||
    fail "good run's files: $(files "$T/o6")"
grep -q "results in $T/o6/ (stats.txt, stats.json, config.yaml, status.json)" "$T/err" ||
    fail "summary of a good run"
expect 1 "$A" run "$tg" -o "$T/o6" --set gen.count=3000 --set stats.period=1us --warmup 1000000
[ "$(files "$T/o6")" = "config.yaml failed-stats-series.csv failed-stats.json failed-stats.txt status.json " ] ||
    fail "failed run's files: $(files "$T/o6")"
[ "$(st "$T/o6")" = "error None None -5 the run ended during the warm-up (0 of run.warmup 1000000 instructions): the statistics were never zeroed and include it" ] ||
    fail "status.json of a failed run: $(st "$T/o6")"
grep -q '^gen.reads  *[1-9]' "$T/o6/failed-stats.txt" || fail "failed-stats.txt content"
grep -q 'warmup: 1000000' "$T/o6/config.yaml" || fail "config.yaml of the failed run"
grep -q "the failed run's results in $T/o6/ (failed-stats.txt, failed-stats.json, config.yaml; why: status.json)" \
    "$T/err" || fail "summary of a failed run"
expect 2 "$A" run "$tg" -o "$T/o6" --set gen.count=-1
[ "$(files "$T/o6")" = "config.yaml failed-stats-series.csv failed-stats.json failed-stats.txt status.json " ] ||
    fail "a configuration error changed OUTDIR: $(files "$T/o6")"
expect 0 "$A" run "$tg" -o "$T/o6" --set gen.count=3000
expect 0 "$A" run "$T/o6/config.yaml" -o "$T/o6"
[ "$(files "$T/o6")" = "config.yaml stats.json stats.txt status.json " ] || fail "rerun in place: $(files "$T/o6")"
cmp -s "$T/o1/stats.json" "$T/o6/stats.json" || fail "rerun of OUTDIR/config.yaml in place"
printf 'not a program\n' > "$T/bad.elf"
expect 1 "$A" run "$SRC/configs/riscv-inorder.yaml" -o "$T/o6" -- "$T/bad.elf"
[ "$(files "$T/o6")" = "status.json " ] || fail "a run that could not start: $(files "$T/o6")"
st "$T/o6" | grep -q "^error None None -5 $T/bad.elf: not an ELF file" || fail "status.json: $(st "$T/o6")"
pass "status.json; a failed run's failed-stats.*; no earlier run's files left"

# a configuration error found when the run would start (a sampled run of
# components that cannot warm) is one of validate's, and leaves an earlier
# run's results as they were (they were replaced by failed-stats.*)
expect 0 "$A" run "$tg" -o "$T/o7" --set gen.count=3000
cp "$T/o7/stats.json" "$T/o7.json"
expect 2 "$A" run "$tg" -o "$T/o7" --sample 1000:10:50
grep -q '^--sample 1000:10:50: run.sample_warming: functional, but no component of this config can warm' \
    "$T/err" || fail "--sample on trafficgen: $(cat "$T/err")"
[ "$(files "$T/o7")" = "config.yaml stats.json stats.txt status.json " ] &&
    cmp -s "$T/o7.json" "$T/o7/stats.json" || fail "a refused run changed OUTDIR: $(files "$T/o7")"
expect 2 "$A" validate "$tg" --set run.sample_measure=10 --set run.sample_period=1000
grep -q "run.sample_warming: functional, but no component" "$T/err" || fail "validate --sample"
expect 2 "$A" validate "$tg" --set run.sample_measure=10 --set run.sample_period=1000 \
    --set run.sample_warming=none
grep -q "^--set run.sample_period=1000:1:[0-9]*: run.sample_period: no component of this config can skip" \
    "$T/err" || fail "validate sample_warming=none: $(cat "$T/err")"
pass "a run refused at its start leaves OUTDIR as it was; validate refuses it too"

# energy tables
expect 0 "$A" energy "$SRC/configs/trafficgen.yaml"
grep -q 'mem' "$T/out" && grep -q 'read' "$T/out" || fail "energy table"
pass "energy"
# a node outside 16-45 nm (what the models were fitted to and scaled
# between) is accepted with a warning that its figures are extrapolated
grep -q 'extrapolated' "$T/err" && fail "energy: a warning at 22 nm"
expect 0 "$A" energy "$SRC/configs/trafficgen.yaml" --set energy.node=7nm
grep -q 'node 7 nm is outside the 16-45 nm .* extrapolated' "$T/err" || fail "energy: no warning at 7 nm"
expect 0 "$A" energy sram --size 32KiB --node 90nm
grep -q 'node 90 nm is outside' "$T/err" || fail "energy sram: no warning at 90 nm"
expect 0 "$A" energy sram --size 32KiB --node 32nm
[ -s "$T/err" ] && fail "energy sram at 32 nm: $(cat "$T/err")"
pass "energy: a node outside the fit is a warning"
