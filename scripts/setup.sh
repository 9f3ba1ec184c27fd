#!/usr/bin/env bash
# Installs what SelfPlay needs on a fresh Debian machine with Swift: the C libraries the
# Bridge (ZeroMQ) and RAE (OpenBLAS) link against, and the Python side's packages.
set -euo pipefail
need=()
for package in libzmq3-dev libopenblas-dev pkg-config; do
    dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ ${#need[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
# The Python client (python-client/) and its tests: pyzmq, numpy, protobuf, and PettingZoo,
# Gymnasium and pytest for the adapter checks.
python3 -m pip install --quiet --disable-pip-version-check numpy pyzmq protobuf pytest pettingzoo gymnasium
