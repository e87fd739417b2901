#!/usr/bin/env bash
# The long fuzz run (issue 7 wants >= 10 M executions per target): runs every target (or the
# ones named) for SECONDS each, one after the other at low priority, over the seed corpus plus
# the corpus earlier runs grew, and prints executions, executions per second and the outcome.
# usage: [FUZZ_RUNS=N] tests/fuzz/long_run.sh FUZZ_BUILD_DIR SECONDS [fuzz_target...]
#   FUZZ_RUNS: stop each target after N executions (SECONDS stays the cap), e.g. 10000000.
#   FUZZ_BUILD_DIR: a tree configured with -DMSNGATE_FUZZ=ON (e.g. build-test/fuzz-build, which
#   `ctest -L fuzz` creates). Work dirs (corpus, crash reproducers, logs): $FUZZ_BUILD_DIR/long-run/.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$1" && pwd) seconds=$2
shift 2
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(fuzz_msnp_codec fuzz_msnp_message fuzz_ns_session fuzz_sb_session fuzz_passport fuzz_jid fuzz_stanza fuzz_config fuzz_service)
cmake --build "$build" --target fuzz_targets >/dev/null || exit 1
declare -A dict=([fuzz_msnp_codec]=msnp [fuzz_msnp_message]=msnp [fuzz_ns_session]=msnp [fuzz_sb_session]=msnp [fuzz_stanza]=xmpp [fuzz_service]=xmpp)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
status=0
printf '%-18s %12s %9s  %s\n' target executions exec/s result
for t in "${targets[@]}"; do
  work=$build/long-run/$t
  mkdir -p "$work/corpus"
  args=()
  [ -n "${dict[$t]:-}" ] && args=(-dict="$here/dict/${dict[$t]}.dict")
  [ -n "${FUZZ_RUNS:-}" ] && args+=(-runs="$FUZZ_RUNS")
  nice -n 19 "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
    -print_final_stats=1 -artifact_prefix="$work/" "${args[@]}" "$work/corpus" "$here/corpus/$t" >"$work/log" 2>&1
  rc=$?
  execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$work/log")
  rate=$(awk '/stat::average_exec_per_sec/ {print $2}' "$work/log")
  result=ok
  [ $rc -ne 0 ] && { result="FINDING (rc $rc): $(ls "$work" | grep -E '^(crash|leak|timeout|oom)-' | head -1)"; status=1; }
  printf '%-18s %12s %9s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "$result"
done
exit $status
