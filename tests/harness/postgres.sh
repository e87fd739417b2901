#!/usr/bin/env bash
# A throwaway PostgreSQL for the storage contract tests: Debian's postgresql package, a temp
# dir, a free loopback port, run as an unprivileged user (initdb refuses root).
#   postgres.sh start DIR   -> writes the connection URL to DIR/url
#   postgres.sh halt DIR    -> stops the server at once, keeping its data (fault tests)
#   postgres.sh resume DIR  -> starts it again on the same port
#   postgres.sh stop DIR    -> stops the server and removes DIR
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "postgres.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
start)
  rm -rf "$dir"; mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$dir"
    # initdb runs as postgres: it must be able to pass through every folder above DIR (a clone
    # inside a private `mktemp -d` folder is not, by default).
    d=$(dirname "$(realpath "$dir")")
    while [ "$d" != / ]; do runuser -u postgres -- test -x "$d" || chmod o+x "$d"; d=$(dirname "$d"); done
  fi
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U msngate --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  # A port free a moment ago may be taken by another test's process before the server binds
  # it (then it does not start): up to three fresh ports.
  for attempt in 1 2 3; do
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50" start >/dev/null && break
    [ "$attempt" = 3 ] && { cat "$dir/server.log" >&2; exit 1; }
  done
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U msngate msngate_test
  echo "postgresql://msngate@127.0.0.1:$port/msngate_test" > "$dir/url"
  echo "postgres.sh: PostgreSQL on 127.0.0.1:$port ($dir)"
  ;;
halt)    # the server goes away (immediate shutdown, like a crash); data and port are kept
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
  ;;
resume)  # back on the same port
  port=$(sed -E 's/.*:([0-9]+)\/.*/\1/' "$dir/url")
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  ;;
stop)
  if [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
  ;;
*) echo "usage: postgres.sh start|halt|resume|stop DIR" >&2; exit 2 ;;
esac
