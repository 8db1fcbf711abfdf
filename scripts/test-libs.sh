#!/usr/bin/env bash
# System libraries the tests need beside the Python packages: OpenBLAS for pyopensim (OpenSim's
# TRC/MOT readers, used to check glutecoach's research exports). Installs Debian's libopenblas0
# when it is missing (as root, as on our machines and in CI); otherwise says how.
set -euo pipefail
if ldconfig -p 2>/dev/null | grep -q "libopenblas.so.0"; then
    exit 0
fi
if [[ "$(id -u)" -ne 0 ]]; then
    echo "test-libs.sh: libopenblas.so.0 is missing; run: sudo apt-get install libopenblas0" >&2
    exit 1
fi
echo "test-libs.sh: installing libopenblas0 (Debian) for OpenSim's file readers" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq libopenblas0 >/dev/null 2>&1 || {
    apt-get update -qq >/dev/null && apt-get install -y -qq libopenblas0 >/dev/null
}
