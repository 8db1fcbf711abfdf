#!/usr/bin/env bash
# Debian's Chromium for glutecoach's browser tests (Playwright drives it; Playwright's own
# browser download is not used).
#
#   scripts/chromium.sh          install the Debian package 'chromium' if /usr/bin/chromium is
#                                missing, then print the path of the browser
#
# Idempotent: with Chromium installed it only prints the path. Needs root (apt-get) to install.
set -euo pipefail

BROWSER="${GLUTECOACH_CHROMIUM:-/usr/bin/chromium}"

say() { echo "chromium.sh: $*" >&2; }
die() { say "$*"; exit 1; }

if [[ ! -x "$BROWSER" ]]; then
    [[ "$(id -u)" == 0 ]] || die "Chromium is not installed and this is not root; install the \
Debian package 'chromium' (apt-get install chromium) or set GLUTECOACH_CHROMIUM to a browser"
    command -v apt-get >/dev/null 2>&1 || die "Chromium is not installed and apt-get is missing"
    say "installing Chromium from Debian (apt-get install chromium)..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || die "apt-get update failed"
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2 \
        || die "apt-get install chromium failed"
    [[ -x "$BROWSER" ]] || die "apt-get installed chromium but $BROWSER is missing"
fi
echo "$BROWSER"
