"""Fixtures that start a real `games serve` on free loopback ports.

The binary is $SELFPLAY_GAMES_BIN, else .build/debug/games at the repository root, else it
is built with `swift build --product games`.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Iterator

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
