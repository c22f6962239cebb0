#!/bin/sh
# The whole test suite: install what is missing, build with warnings as
# errors, run every test, then build and run everything again under
# AddressSanitizer and UndefinedBehaviorSanitizer; last, a short smoke run
# of every fuzz target (libFuzzer, clang; docs/fuzzing.md).
set -eu
cd "$(dirname "$0")/.."
sh tools/setup.sh build test fuzz
jobs="$(nproc)"

# ISOMM_TESTS=ON explicitly: tools/demo.sh configures the same build/
# without the tests, and CMake keeps cached options.
cmake -S . -B build -DISOMM_WERROR=ON -DISOMM_TESTS=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure --no-tests=error -j"$jobs"

cmake -S . -B build-asan -DISOMM_WERROR=ON -DISOMM_TESTS=ON -DISOMM_SANITIZE=ON \
    -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j"$jobs"
ctest --test-dir build-asan --output-on-failure --no-tests=error -j"$jobs"

sh tools/fuzz.sh 5
