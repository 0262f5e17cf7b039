#!/usr/bin/env bash
# tests/system/install.sh BUILD SRC - install into a temporary prefix, then
# build examples/embed against it through pkg-config and through
# find_package(archsim) (shared and static), and run each on
# configs/trafficgen.yaml; import the installed Python package; build examples/systemc against it too when the
# SystemC bridge was built.
set -euo pipefail
B=$1; SRC=$2
. "$(dirname "$0")/lib.sh"
P="$T/prefix"
cmake --install "$B" --prefix "$P" >/dev/null
for f in include/archsim/sim.h include/archsim/sim_type.h bin/archsim; do
    [ -e "$P/$f" ] || fail "install lacks $f"
done
LIBDIR=$(dirname "$(find "$P" -name archsim.pc | head -1)")/..
[ -e "$LIBDIR/libarchsim.so" ] && [ -e "$LIBDIR/libarchsim.a" ] || fail "libraries not installed"

export PKG_CONFIG_PATH="$LIBDIR/pkgconfig"
cc -o "$T/embed-pc" "$SRC/examples/embed/embed.c" $(pkg-config --cflags --libs archsim) \
    -Wl,-rpath,"$LIBDIR"
"$T/embed-pc" "$SRC/configs/trafficgen.yaml" gen.count=2000 > "$T/pc.out"
grep -q '^sim.cycles [1-9]' "$T/pc.out" || fail "pkg-config build did not run"
pass "pkg-config"

cmake -S "$SRC/examples/embed" -B "$T/eb" -DCMAKE_PREFIX_PATH="$P" >/dev/null
cmake --build "$T/eb" >/dev/null
LD_LIBRARY_PATH="$LIBDIR" "$T/eb/embed" "$SRC/configs/trafficgen.yaml" gen.count=2000 > "$T/cm.out"
cmp -s "$T/pc.out" "$T/cm.out" || fail "find_package build differs"
pass "find_package"

# the static library through find_package: its link interface names
# pkg-config's targets for libyaml, liblzma and zlib, which the package defines
cmake -S "$SRC/examples/embed" -B "$T/es" -DCMAKE_PREFIX_PATH="$P" -DEMBED_STATIC=ON >/dev/null
cmake --build "$T/es" >/dev/null
ldd "$T/es/embed" | grep -q libarchsim && fail "the static build links libarchsim.so"
"$T/es/embed" "$SRC/configs/trafficgen.yaml" gen.count=2000 > "$T/st.out"
cmp -s "$T/pc.out" "$T/st.out" || fail "static find_package build differs"
pass "find_package, static"

# the installed Python package finds the installed library by itself (it
# looked only in the source tree and the system's directories)
(cd "$T" && env -u ARCHSIM_LIB PYTHONPATH="$P/share/archsim/python" /usr/bin/python3 -c \
    'import archsim, sys; print(archsim._ffi.lib_path)') > "$T/py.out" ||
    fail "the installed Python package does not import"
[ "$(realpath "$(cat "$T/py.out")")" = "$(realpath "$LIBDIR/libarchsim.so")" ] ||
    fail "the installed Python package loaded $(cat "$T/py.out"), not $LIBDIR/libarchsim.so"
pass "installed Python package"

# the SystemC example, when the bridge was built (libsystemc-dev present)
if [ -e "$LIBDIR/libarchsim_systemc.so" ]; then
    [ -e "$P/include/archsim/systemc/archsim_systemc.h" ] || fail "bridge header not installed"
    make -s -C "$T" -f "$SRC/examples/systemc/Makefile" VPATH="$SRC/examples/systemc" cosim \
        LDFLAGS="-Wl,-rpath,$LIBDIR -L$LIBDIR" >/dev/null 2>"$T/make.err" ||
        { cat "$T/make.err" >&2; fail "examples/systemc does not build against the install"; }
    "$T/cosim" "$SRC/examples/systemc/soc.yaml" 16 4 2>/dev/null > "$T/sc.out"
    grep -q '^port.reads 512,' "$T/sc.out" || fail "installed SystemC example did not run"
    pass "SystemC example"
fi
