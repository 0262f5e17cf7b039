#!/usr/bin/env bash
# tests/system/configs.sh ARCHSIM SRC - every ready config validates as it is.
set -euo pipefail
A=$1; SRC=$2
. "$(dirname "$0")/lib.sh"
n=0
while IFS= read -r f; do
    expect 0 "$A" validate "$f"
    n=$((n + 1))
done < <(find "$SRC/configs" -name '*.yaml' | sort)
[ "$n" -gt 0 ] || fail "no configs found"
pass "$n configs validate"
