#!/usr/bin/env bash
# Makes sure the browser tests have a Chromium: Debian's package (no browser download works
# offline). Installs it with apt when it is missing and we are root; otherwise says what to do.
set -euo pipefail
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ -x "$CHROMIUM_PATH" ]]; then
  exit 0
fi
if [[ "$(id -u)" -ne 0 ]]; then
  echo "Chromium is missing at $CHROMIUM_PATH: run 'sudo apt-get install -y chromium' or set CHROMIUM_PATH." >&2
  exit 1
fi
echo "Installing Debian's chromium for the browser tests…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
"$CHROMIUM_PATH" --version
