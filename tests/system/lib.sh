# tests/system/lib.sh - helpers for the shell system tests.
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }
# expect STATUS CMD...: run CMD, its exit status must be STATUS
expect() {
    local want=$1; shift
    set +e; "$@" >"$T/out" 2>"$T/err"; local got=$?; set -e
    [ "$got" = "$want" ] || { cat "$T/err" >&2; fail "$* exited $got, expected $want"; }
}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
