#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests, if it is not there yet. Playwright drives this
# binary (/usr/bin/chromium); `playwright install` is never used, as it downloads its own browser.
set -euo pipefail
# Node and npm install axe-core (package-lock.json) for the accessibility tests: `make browser`.
packages=""
[ -x /usr/bin/chromium ] || packages="chromium fonts-liberation poppler-utils"
command -v npm >/dev/null || packages="$packages nodejs npm"
if [ -z "$packages" ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get -o DPkg::Lock::Timeout=300 update -qq
# shellcheck disable=SC2086  # a list of package names
$sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq $packages >/dev/null
/usr/bin/chromium --version
npm --version
