#!/usr/bin/env bash
# The test command: installs what is missing, builds with AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs the whole suite (unit, contract on SQLite and
# PostgreSQL, component, integration against real Prosody and ejabberd). Ends with CTest's
# summary. Extra arguments go to ctest (e.g. -L unit, -R register).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
build=${MSNGATE_TEST_BUILD:-build-test}
cmake -S . -B "$build" -G Ninja -DMSNGATE_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" --timeout 600 "$@"
