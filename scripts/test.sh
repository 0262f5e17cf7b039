#!/usr/bin/env bash
# scripts/test.sh - the whole test suite: installs missing packages, builds,
# runs the Check unit tests, system tests and Python tests through ctest,
# then the unit tests again under AddressSanitizer + UBSan.
#     bash scripts/test.sh            (ARCHSIM_NO_SANITIZE=1 skips the ASan pass)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --deps-only

jobs=$(nproc)
BUILD=${BUILD:-build}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"$jobs"
(cd "$BUILD" && ctest --output-on-failure -j"$jobs")

if [ -z "${ARCHSIM_NO_SANITIZE:-}" ]; then
    SAN=${BUILD}-asan
    cmake -S . -B "$SAN" -DCMAKE_BUILD_TYPE=Debug -DARCHSIM_SANITIZE=ON \
          -DARCHSIM_GUESTS=OFF >/dev/null
    cmake --build "$SAN" -j"$jobs"
    (cd "$SAN" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        ctest --output-on-failure -j"$jobs" -L unit)
fi
