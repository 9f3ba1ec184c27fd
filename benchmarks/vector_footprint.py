#!/usr/bin/env python3
"""A vector's memory as `games serve` estimates it (for its memory budget) and as measured.

For each game: a fresh server makes one tensor vector (no auto-reset), resets it and plays
uniformly random legal actions until every episode is over; with --trajectories, the vector
records its episodes and a trainer takes them. Measured: the server's resident set (VmRSS) after
`MAKE`, and its peak (VmHWM) over the whole run, each minus the server's resident set before
`MAKE`, per game. The estimate is the server's own: a second server with a one-byte budget
refuses the same `MAKE`, and its refusal says what the vector needs.

Random play is a typical run, not the worst case the estimate covers (every slot at the game's
longest episode, with every retry): the estimate should lie above the peak, by a margin that
shows how pessimistic it is.

Usage: python benchmarks/vector_footprint.py [--batch-size B] [--trajectories] [--json] [GAME ...]
The server binary is $SELFPLAY_GAMES_BIN, else .build/release/games (built if missing).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any, Dict, List

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "python-client" / "src"))

from bridge_bench import server_binary  # noqa: E402  (this directory: the release server, built if missing)

from selfplay import Client, LimitExceededError, LocalServer, TrajectoryStream  # noqa: E402

GAMES = ["tic_tac_toe", "kuhn_poker", "negotiation", "werewolf", "werewolf(preset=secret_mafia)"]
_ESTIMATE = re.compile(r"needs an estimated ([0-9.]+) (B|KiB|MiB|GiB|TiB)")
_UNITS = {"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40}


def resident(pid: int, field: str) -> int:
    """A memory figure of /proc/PID/status, in bytes (VmRSS now, VmHWM the peak)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {field} for process {pid}")


def estimate(binary: str, game: str, batch_size: int, trajectories: bool) -> int:
    """The server's estimate for the vector, read from the refusal of a one-byte budget."""
    with LocalServer(binary, extra_args=["--max-memory", "1"]) as server, Client(server.endpoint, timeout=600) as client:
        try:
            client.make_vector(game, batch_size=batch_size, trajectories=trajectories)
        except LimitExceededError as refused:
            match = _ESTIMATE.search(refused.message)
            if match:
                return int(float(match.group(1)) * _UNITS[match.group(2)])
            raise
    raise RuntimeError(f"a one-byte budget made a vector of {game}")


def measure(binary: str, game: str, batch_size: int, trajectories: bool, seed: int) -> Dict[str, Any]:
    rng = np.random.default_rng(seed)
    with LocalServer(binary) as server, Client(server.endpoint, timeout=600) as client, \
            TrajectoryStream(server.trajectory_endpoint) as stream:
        pid = server.process.pid
        client.list_games()
        before = resident(pid, "VmRSS")
        env = client.make_vector(game, batch_size=batch_size, seed=seed, trajectories=trajectories)
        after_make = resident(pid, "VmRSS")
        state = env.reset()
        steps = 0
        while (state.current_seats >= 0).any():
            # A uniformly random legal action per slot (0 where the episode is over).
            scores = rng.random(state.legal_masks.shape) * state.legal_masks
            state = env.step(scores.argmax(axis=1).astype(np.int32))
            steps += 1
            while stream.receive(timeout=0) is not None:
                pass
        peak = resident(pid, "VmHWM")
        env.close()
    return {"game": game, "batch_size": batch_size, "trajectories": trajectories, "steps": steps,
            "after_make_per_game": (after_make - before) / batch_size, "peak_per_game": (peak - before) / batch_size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("games", nargs="*", default=GAMES)
    parser.add_argument("--batch-size", type=int, default=16384)
    parser.add_argument("--trajectories", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    binary = server_binary()
    rows: List[Dict[str, Any]] = []
    for game in arguments.games:
        row = measure(binary, game, arguments.batch_size, arguments.trajectories, arguments.seed)
        row["estimate_per_game"] = estimate(binary, game, arguments.batch_size, arguments.trajectories) / arguments.batch_size
        rows.append(row)
    if arguments.json:
        print(json.dumps(rows, indent=2))
        return
    # Three significant figures: the estimate is read from a message that rounds it to 0.1 of
    # its unit, and resident memory moves by pages.
    print(f"bytes per game, {arguments.batch_size} games, trajectories {'on' if arguments.trajectories else 'off'}")
    print(f"{'game':32} {'estimate':>10} {'after MAKE':>11} {'peak':>10} {'steps':>6}")
    for row in rows:
        figures = [float(f"{row[key]:.3g}") for key in ("estimate_per_game", "after_make_per_game", "peak_per_game")]
        print(f"{row['game']:32} {figures[0]:10.0f} {figures[1]:11.0f} {figures[2]:10.0f} {row['steps']:6d}")


if __name__ == "__main__":
    main()
