#!/usr/bin/env bash
# Installs what SelfPlay needs on a fresh Debian machine with Swift: the C libraries the
# Bridge (ZeroMQ) and RAE (OpenBLAS) link against, and the Python side's packages.
#
#   ./scripts/setup.sh            the games, the bridge and the Python client's tests
#   ./scripts/setup.sh --learning also PyTorch, matplotlib, sb3-contrib, transformers and
#                                 tokenizers, for the neural trainers
#                                 (python-client/examples/ppo_selfplay.py, maskable_ppo.py,
#                                 llm_selfplay.py) and their tests;
#                                 PyPI's PyTorch wheel brings about 3 GB of CUDA libraries,
#                                 which also run on CPU
#   ./scripts/setup.sh --ray      also Ray Core (about 240 MB), for selfplay.ray and its
#                                 multi-node tests (python-client/tests/test_ray_cluster.py)
set -euo pipefail
learning=false
ray=false
for argument in "$@"; do
    case "$argument" in
        --learning) learning=true ;;
        --ray) ray=true ;;
        *) echo "setup.sh: unknown option '$argument' (accepted: --learning, --ray)" >&2; exit 2 ;;
    esac
done
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
if $learning; then
    python3 -m pip install --quiet --disable-pip-version-check "torch>=2.1" "matplotlib>=3.5" "sb3-contrib>=2.3" \
        "transformers>=4.40" "tokenizers>=0.19"
fi
if $ray; then
    python3 -m pip install --quiet --disable-pip-version-check "ray>=2.60"
fi
