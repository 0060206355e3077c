#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests, if it is not there yet. Playwright drives this
# binary (/usr/bin/chromium); `playwright install` is never used, as it downloads its own browser.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get -o DPkg::Lock::Timeout=300 update -qq
$sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq chromium fonts-liberation poppler-utils >/dev/null
/usr/bin/chromium --version
