#!/usr/bin/env bash
# tests/system/riscv_host_view.sh ARCHSIM SRC GUESTS - a riscv Linux run does
# not depend on the host (docs/methodology.md, repeatable results). hello on
# configs/riscv-inorder.yaml gives a byte-identical stats.json whether the
# host's stdin, stdout and stderr are /dev/null, a file, a pipe or a
# terminal (script(1), when it can make one) or the config sends them to
# files (run with the host's umask 077). hostview
# (tests/guest/linux/hostview.c) writes down what fstat, statx, isatty,
# ioctl, fcntl and lseek say of its streams, the listing and stat of a
# directory, the system's identity, clocks, randomness and limits, its own
# name and the mode of a file it makes: the same report and the same
# stats.json in each of those cases, with the directory on ext4 or tmpfs,
# its files made in another order with other times. Before: libc saw the
# host's terminal or file through ioctl and fstat and buffered differently
# (hello: 6688 instructions with stdout to /dev/null, 6613 to a file, 7489 to
# a terminal), and stat passed host inodes, times and devices through.
set -euo pipefail
A=$1; SRC=$2; G=$3
. "$(dirname "$0")/lib.sh"
CFG=$SRC/configs/riscv-inorder.yaml
for p in hello hostview; do [ -x "$G/$p" ] || fail "$G/$p not built"; done
kinds="null file pipe config"
if command -v script >/dev/null && script -qec true /dev/null </dev/null >/dev/null 2>&1; then
    kinds="$kinds tty"
else
    echo "script(1) with a pseudo-terminal unavailable: the terminal case is skipped"
fi
shm=""
if [ -d /dev/shm ] && shm=$(mktemp -d /dev/shm/archsim_hv.XXXXXX 2>/dev/null); then
    trap 'rm -rf "$T" "$shm"' EXIT
fi
printf 'some input\n' >"$T/input"

# run KIND OUT CMD...: archsim run with the host's streams of that kind
run() {
    local kind=$1 out=$2; shift 2
    case $kind in
    null)   "$A" run "$CFG" -q -o "$out" "$@" </dev/null >/dev/null 2>&1 ;;
    file)   "$A" run "$CFG" -q -o "$out" "$@" <"$T/input" >"$T/host.txt" 2>&1 ;;
    pipe)   cat "$T/input" | "$A" run "$CFG" -q -o "$out" "$@" 2>&1 | cat >"$T/host.txt" ;;
    config) (umask 077                  # and new files get the guest's umask, not this
             "$A" run "$CFG" -q -o "$out" --set cpu.stdin="$T/input" \
                --set cpu.stdout="$T/g.out" --set cpu.stderr="$T/g.err" "$@") ;;
    tty)    script -qec "$(printf '%q ' "$A" run "$CFG" -q -o "$out" "$@")" /dev/null \
                </dev/null >"$T/host.txt" 2>&1 ;;
    esac
}

for k in $kinds; do
    run "$k" "$T/hello_$k" -- "$G/hello" || fail "hello, host streams $k: run failed"
    cmp -s "$T/hello_null/stats.json" "$T/hello_$k/stats.json" ||
        fail "hello: stats.json with host streams $k differs from /dev/null's" \
             "($(grep -m1 '"cpu.insts"' "$T/hello_$k/stats.json") vs" \
             "$(grep -m1 '"cpu.insts"' "$T/hello_null/stats.json"))"
done
pass "hello: the same stats.json with host streams $kinds"

# hostview's directory: always the path $T/box, a symlink to a folder on
# ext4 or, every other time, tmpfs; its files made in another order, with
# other times
i=0
mkdir -p "$T/rep"
for k in $kinds; do
    base=$T/ext
    [ -n "$shm" ] && [ $((i % 2)) = 1 ] && base=$shm
    rm -rf "$T/box" "$base/$k"
    mkdir -p "$base/$k/d"
    chmod 755 "$base/$k" "$base/$k/d"
    ln -s "$base/$k/d" "$T/box"
    names="a.txt b.txt c.txt"
    [ $((i % 2)) = 1 ] && names="c.txt b.txt a.txt"
    for n in $names; do
        echo "file $n" >"$T/box/$n"
        touch -d "@$((1000000000 + 86400 * i))" "$T/box/$n"
    done
    mkdir "$T/box/sub"
    rm -f "$T/rep/report.txt"
    run "$k" "$T/hv_$k" --set cpu.fs_write="[$T/box,$T/rep]" -- "$G/hostview" "$T/box" \
        "$T/rep/report.txt" || fail "hostview, host streams $k: run failed"
    cp "$T/rep/report.txt" "$T/report_$k"
    if ! cmp -s "$T/report_null" "$T/report_$k"; then
        diff "$T/report_null" "$T/report_$k" | head -20 >&2
        fail "hostview: what the guest sees with host streams $k differs from /dev/null's"
    fi
    cmp -s "$T/hv_null/stats.json" "$T/hv_$k/stats.json" ||
        fail "hostview: stats.json with host streams $k differs from /dev/null's"
    i=$((i + 1))
done
R=$T/report_null
grep -q '^fd 1: mode 10600 dev c ino 2 .* blksize 4096 .*atime 1700000000.000000000 ' "$R" ||
    fail "fd 1 is not the synthetic pipe: $(grep -m1 '^fd 1: mode' "$R")"
grep -q '^fd 0: isatty 0 errno 25$' "$R" && grep -q '^fd 2: TIOCGWINSZ -1 errno 25$' "$R" ||
    fail "a standard stream is a terminal: $(grep -E 'isatty|TIOCGWINSZ' "$R" | head -3)"
grep -q '^fd 1: lseek -1 errno 29$' "$R" || fail "fd 1 is seekable: $(grep '^fd 1: lseek' "$R")"
grep -q '^the report: mode 100644 ' "$R" || fail "the report's mode: $(grep '^the report' "$R")"
grep -qx "/proc/self/exe: $G/hostview, an ELF file" "$R" ||
    fail "/proc/self/exe: $(grep '^/proc/self/exe' "$R")"
grep -q '^gettimeofday 1700000000\.[0-9]* time 1700000000$' "$R" ||
    fail "the clocks are not simulated time from the epoch: $(grep '^gettimeofday' "$R")"
[ "$(grep '^entry' "$R" | awk '{print $2}' | tr '\n' ' ')" = ". .. a.txt b.txt c.txt sub " ] ||
    fail "the listing is not sorted by name: $(grep '^entry' "$R" | awk '{print $2}')"
grep -q '^a.txt: mode 100[0-7]* dev 801 ino [0-9]* .* blksize 4096 blocks 8 ' "$R" ||
    fail "a.txt's stat: $(grep -m1 '^a.txt: mode' "$R")"
pass "hostview: the same report and stats.json with host streams $kinds, on ext4${shm:+ and tmpfs}"

# config.yaml repeats a run whose program was given by a relative path from
# any directory: it names the program by its absolute path and keeps the
# name it was given (workload.argv0), so the guest's argv[0] is the same.
# Before, the path was resolved against the new directory and not found.
mkdir -p "$T/here/g" "$T/there"
cp "$G/hello" "$T/here/g/hello"
(cd "$T/here" && "$A" run "$CFG" -q -o "$T/rel1" -- g/hello </dev/null >/dev/null 2>&1) ||
    fail "hello by a relative path: run failed"
grep -qx "  program: '$T/here/g/hello'" "$T/rel1/config.yaml" &&
    grep -qx "  argv0: 'g/hello'" "$T/rel1/config.yaml" ||
    fail "config.yaml's workload: $(grep -A3 '^workload:' "$T/rel1/config.yaml" | tr '\n' ' ')"
(cd "$T/there" && "$A" run "$T/rel1/config.yaml" -q -o "$T/rel2" </dev/null >/dev/null 2>&1) ||
    fail "config.yaml run from another directory failed"
cmp -s "$T/rel1/stats.json" "$T/rel2/stats.json" ||
    fail "config.yaml run from another directory: stats.json differs"
pass "config.yaml of a relative program repeats the run from another directory"
