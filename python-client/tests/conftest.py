"""Fixtures that start a real `games serve` on free loopback ports.

The binary is $SELFPLAY_GAMES_BIN, else .build/debug/games at the repository root, else it
is built with `swift build --product games`.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Dict, Iterator

import pytest

from selfplay import Client, LocalServer

REPO_ROOT = Path(__file__).resolve().parents[2]


def games_binary() -> str:
    configured = os.environ.get("SELFPLAY_GAMES_BIN")
    if configured:
        return configured
    binary = REPO_ROOT / ".build" / "debug" / "games"
    if not binary.exists():
        subprocess.run(["swift", "build", "--product", "games"], cwd=REPO_ROOT, check=True)
    return str(binary)


@pytest.fixture(scope="session")
def binary() -> str:
    return games_binary()


@pytest.fixture(scope="module")
def server(binary: str) -> Iterator[LocalServer]:
    with LocalServer(binary, max_message_bytes=1 << 20) as running:
        yield running


@pytest.fixture
def client(server: LocalServer) -> Iterator[Client]:
    with Client(server.endpoint, timeout=20) as connection:
        yield connection


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _run_selfplay_example(binary: str, name: str, *arguments: str, timeout: float) -> Dict[str, Any]:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / name), "--modes", "rae,none", "--evaluate-every", "10",
         "--games-bin", binary, "--plot", "", "--json", *arguments],
        capture_output=True, text=True, timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    report: Dict[str, Any] = json.loads(result.stdout)
    return report


@pytest.fixture
def selfplay_example(binary: str) -> Callable[..., Dict[str, Any]]:
    """Runs a self-play example from `examples/` with RAE and with no baseline for a fixed
    number of games (not a time budget, so the run is the same on every machine) and returns
    its JSON report: `selfplay_example("kuhn_selfplay.py", "--games", "40960", timeout=600)`."""
    return functools.partial(_run_selfplay_example, binary)
