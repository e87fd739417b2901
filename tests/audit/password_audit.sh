#!/usr/bin/env bash
# Passwords never reach a log line: after the integration and end-to-end tests ran (a CTest
# fixture orders this last), grep every msngate log they kept, and the run's CTest log, for
# the Messenger passwords those tests use. Fails when a password shows up, and when there is
# no log to look at (an audit of nothing proves nothing).
#   password_audit.sh LOG_DIR [CTEST_LOG]
set -u
dir=${1:?log dir}; ctest_log=${2:-}
passwords=(alicepass bobpass carolpass davepass s3cret wrongpass)
shopt -s nullglob
logs=("$dir"/*.log)
if [ ${#logs[@]} -eq 0 ]; then
  echo "password audit: no msngate log in $dir: the integration tests did not keep their logs" >&2
  exit 1
fi
files=("${logs[@]}")
[ -n "$ctest_log" ] && [ -f "$ctest_log" ] && files+=("$ctest_log")
lines=$(cat "${files[@]}" | wc -l)
found=0
for pw in "${passwords[@]}"; do
  if grep -l -F -- "$pw" "${logs[@]}" >/dev/null 2>&1; then
    echo "password audit: '$pw' appears in:" >&2
    grep -n -F -- "$pw" "${logs[@]}" | head -5 >&2
    found=1
  fi
done
[ $found -eq 0 ] || exit 1
echo "password audit: ${#passwords[@]} passwords, ${#logs[@]} msngate logs ($lines lines): none found"
