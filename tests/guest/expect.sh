#!/bin/sh
# tests/guest/expect.sh - run a guest program under archsim and check its
# exit status and that its stdout+stderr match an extended regular
# expression. Usage: expect.sh ARCHSIM CONFIG WORKDIR STATUS REGEX PROG [ARGS...]
# Extra `--set` options may come before PROG as SET=key=value arguments.
set -u
archsim=$1 config=$2 work=$3 want=$4 regex=$5
shift 5
sets=""
while [ $# -gt 0 ] && [ "${1#SET=}" != "$1" ]; do
    sets="$sets --set ${1#SET=}"
    shift
done
rm -rf "$work"
mkdir -p "$work"
# shellcheck disable=SC2086
"$archsim" run "$config" -o "$work/out" $sets -- "$@" >"$work/log" 2>&1
rs=$?
cat "$work/log"
if [ "$rs" -ne "$want" ]; then
    echo "expected exit status $want, got $rs"
    exit 1
fi
if ! grep -Eq "$regex" "$work/log"; then
    echo "output does not match: $regex"
    exit 1
fi
exit 0
