#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time over its seed corpus (ctest tests fuzz.*).
# usage: run_fuzzer.sh FUZZER WORK_DIR SEED_DIR [DICT]
# MSNGATE_FUZZ_SECONDS (default 20) bounds the run. New inputs go to WORK_DIR/corpus (kept
# between runs, never into the repo); a crash, leak, timeout or OOM leaves its reproducer in
# WORK_DIR/ and exits non-zero, failing the test. Reproduce with: FUZZER WORK_DIR/crash-...
set -euo pipefail
fuzzer=$1 work=$2 seeds=$3
dict=()
[ $# -ge 4 ] && dict=(-dict="$4")
seconds=${MSNGATE_FUZZ_SECONDS:-20}
mkdir -p "$work/corpus"
# Each input gets 10 s (the slowest legitimate ones take milliseconds) and 2 GB of RSS.
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
  -print_final_stats=1 -artifact_prefix="$work/" "${dict[@]}" "$work/corpus" "$seeds"
