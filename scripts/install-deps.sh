#!/usr/bin/env bash
# Installs what msngate needs to build, run its demo and run its tests, from Debian bookworm
# packages. Idempotent and quiet when everything is already there. Needs root (or sudo).
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config ccache
  libboost1.81-dev libstrophe-dev libexpat1-dev libssl-dev libyaml-cpp-dev libfmt-dev
  libsqlite3-dev libpq-dev catch2
  postgresql prosody prosody-modules ejabberd python3-slixmpp
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Packages with a system service (postgresql, prosody, ejabberd) must not start one: the tests
# start their own instances on loopback. policy-rc.d tells invoke-rc.d so for this install.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
  "${sudo[@]}" chmod +x "$policy"
  own_policy=1
fi
trap '[ $own_policy -eq 1 ] && "${sudo[@]}" rm -f "$policy"' EXIT
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
