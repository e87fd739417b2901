#!/usr/bin/env bash
# The benchmark command (issue 6): builds msngate and the benchmark programs in Release without
# sanitizers (build-bench/), runs every part on loopback with real processes, and prints one
# table. Figures and ratios only: nothing here fails on performance.
#   BENCH_SIZES=1000,5000,10000   session counts for part 1 (default 1000)
#   BENCH_STORM=1000              users in the part 4 login storm (0 skips it)
#   BENCH_IDLE_SECONDS=60         idle CPU window (long enough to hold the keepalives: a PNG is due 50 s after sign-in)
#   BENCH_CONVERSATIONS=1,10,100  concurrent conversations for parts 2 and 3
#   BENCH_RELAY_SECONDS=5         measured window of each relay run
set -euo pipefail
cd "$(dirname "$0")/.."
build=${MSNGATE_BENCH_BUILD:-build-bench}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMSNGATE_SANITIZE=OFF "${launcher[@]}" >/dev/null
cmake --build "$build" -j"${BENCH_JOBS:-2}" --target msngate msnp-test-server msngate-bench-core msngate-bench-seed \
  msngate-bench-relay msngate-bench-floor >/dev/null

rows=$(mktemp)
trap 'rm -f "$rows"' EXIT
echo "# part 5: core (one core, CPU time)" >&2
"$build/tests/bench/msngate-bench-core" | tee -a "$rows" >&2
echo "# parts 1 and 4: sessions, idle CPU, login storm" >&2
/usr/bin/python3 tests/bench/sessions_bench.py --msngate "$build/msngate" \
  --msnp-server "$build/msnp-test-server" --seed "$build/tests/bench/msngate-bench-seed" \
  --sizes "${BENCH_SIZES:-1000}" --storm "${BENCH_STORM:-1000}" \
  --idle-seconds "${BENCH_IDLE_SECONDS:-60}" | tee -a "$rows" >&2
echo "# parts 2 and 3: relay throughput and latency against Prosody's c2c baseline" >&2
/usr/bin/python3 tests/bench/relay_bench.py --msngate "$build/msngate" \
  --msnp-server "$build/msnp-test-server" --seed "$build/tests/bench/msngate-bench-seed" \
  --client "$build/tests/bench/msngate-bench-relay" --floor "$build/tests/bench/msngate-bench-floor" --conversations "${BENCH_CONVERSATIONS:-1,10,100}" \
  --seconds "${BENCH_RELAY_SECONDS:-5}" | tee -a "$rows" >&2

echo
echo "msngate benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -r), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
{ printf 'part\tmetric\tvalue\tnotes\n'; sort -s -t$'\t' -k1,1 "$rows"; } | column -t -s $'\t'
