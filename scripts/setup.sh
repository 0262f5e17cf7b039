#!/usr/bin/env bash
# scripts/setup.sh - install what is missing (Debian 12 packages), build
# archsim, and run the default simulation. Run as root on a fresh machine:
#     bash scripts/setup.sh
# --deps-only: only install missing packages. Build folder: $BUILD or build/.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(build-essential cmake pkg-config libyaml-dev check
      python3 python3-cffi python3-pytest python3-numpy python3-scipy python3-matplotlib
      python3-distributed python3-pandas python3-mpi4py
      gcc-riscv64-linux-gnu libc6-dev-riscv64-cross gcc-riscv64-unknown-elf qemu-user
      liblzma-dev zlib1g-dev libsystemc-dev valgrind)

missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        "${missing[@]}"
fi
[ "${1:-}" = "--deps-only" ] && exit 0

BUILD=${BUILD:-build}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"$(nproc)"
echo "setup: built $BUILD/archsim; running the default simulation:"
if [ -x "$BUILD/guest/hello" ] && [ -f configs/riscv-inorder.yaml ]; then
    # our own hello-world guest on a 5-stage in-order core with L1/L2 and DDR4-2400
    echo "  $BUILD/archsim run configs/riscv-inorder.yaml -o out/hello -- $BUILD/guest/hello"
    "$BUILD"/archsim run configs/riscv-inorder.yaml -o out/hello -- "$BUILD"/guest/hello
else
    echo "  $BUILD/archsim run configs/trafficgen.yaml -o out/trafficgen"
    "$BUILD"/archsim run configs/trafficgen.yaml -o out/trafficgen
fi
