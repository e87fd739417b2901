#!/usr/bin/env bash
# The run command. Installs what is missing, builds build/msngate (release), then
#   scripts/run.sh --config FILE   runs msngate against the servers FILE names;
#   scripts/run.sh                 starts the local demo (scripts/demo.sh) when it exists.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
echo "run.sh: building build/msngate (the first build takes a few minutes)" >&2
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target msngate msnp-test-server
if [ "${1:-}" = "--config" ]; then
  exec build/msngate "$@"
fi
if [ -x scripts/demo.sh ]; then
  exec scripts/demo.sh "$@"
fi
echo "run.sh: msngate is built at build/msngate. Give it a configuration:" >&2
echo "  scripts/run.sh --config config/example.yaml   (edit component.* to match your XMPP server)" >&2
exit 2
