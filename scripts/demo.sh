#!/usr/bin/env bash
# The local demo (scripts/run.sh without --config): Prosody + the MSNP test server + msngate
# on loopback, a Jabber account already linked to a Messenger account. Needs build/ (run.sh
# builds it). Debian's python3 is used: it is the one that sees python3-slixmpp.
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 scripts/demo.py "${1:-build}"
