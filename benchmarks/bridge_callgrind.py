#!/usr/bin/env python3
"""Server instructions per 1024-game TicTacToe step, counted by valgrind's callgrind.

Wall-clock rates on a shared 2-core machine swing by half from one minute to the next;
instruction counts do not, so they are how server changes are compared. This runs the
release `games serve` under callgrind, steps one vector of 1024 games from Python (random
legal actions; with --trajectories, finished episodes go to a PULL consumer), and prints
the instructions of the server's request handling per step.

With --text GAME it steps a text-mode vector of that game instead (random legal action
strings as replies).

Usage: python benchmarks/bridge_callgrind.py [--steps N] [--trajectories] [--text GAME] [--no-session] [--keep FILE]
Needs valgrind (Debian: valgrind). The server binary is $SELFPLAY_GAMES_BIN, else
.build/release/games.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "python-client" / "src"))

from selfplay import Client, TrajectoryStream  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=500, help="steps of the 1024-game vector (default 500)")
    parser.add_argument("--trajectories", action="store_true", help="record trajectories and pull them")
    parser.add_argument("--text", metavar="GAME", help="step a text-mode vector of GAME (kuhn_poker, tic_tac_toe, ...)")
    parser.add_argument("--keep", help="keep the callgrind output file here")
    parser.add_argument("--no-session", action="store_true",
                        help="the client speaks for its connection instead of opening a session (Client(session=False))")
    args = parser.parse_args()
    binary = os.environ.get("SELFPLAY_GAMES_BIN", str(REPO / ".build" / "release" / "games"))
    if args.keep:
        out = args.keep
    else:
        with tempfile.NamedTemporaryFile(prefix="callgrind.bridge.", delete=False) as handle_file:
            out = handle_file.name
    server = subprocess.Popen(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary, "serve",
         "--bind", "tcp://127.0.0.1:*", "--trajectories", "tcp://127.0.0.1:*"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert server.stdout is not None
    banner = server.stdout.readline()
    match = re.search(r"requests on (\S+), trajectories on (\S+)", banner)
    if match is None:
        server.kill()
        sys.exit(f"games serve did not start under valgrind: {banner!r}")
    endpoint, trajectory_endpoint = match.groups()
    stream = TrajectoryStream(trajectory_endpoint, timeout=0) if args.trajectories else None
    batch = 1024
    noise = np.random.default_rng(0).integers(1, 256, (64, batch, 9), dtype=np.uint8)
    with Client(endpoint, timeout=600, session=not args.no_session) as client:
        if args.text:
            step_text_vector(client, args.text, batch, args.steps, args.trajectories, stream)
        else:
            env = client.make_vector("tic_tac_toe", batch_size=batch, seed=1, auto_reset=True, trajectories=args.trajectories)
            state = env.reset()
            for i in range(args.steps):
                state = env.step((state.legal_masks * noise[i & 63]).argmax(axis=1).astype(np.int32))
                while stream is not None and stream.receive(timeout=0) is not None:
                    pass
            env.close()
    server.send_signal(signal.SIGINT)
    server.wait(120)
    time.sleep(0.2)
    report = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--auto=no", out], capture_output=True, text=True).stdout
    handle = next((line for line in report.splitlines() if "ServerC6handle_9replaying" in line), None)
    total = next((line for line in report.splitlines() if "PROGRAM TOTALS" in line), "")
    if handle is None:
        sys.exit(f"no request handling found in {out}")
    instructions = int(handle.split()[0].replace(",", ""))
    print(f"server, whole process: {total.split()[0]} instructions")
    mode = f"text mode, {args.text}" if args.text else "tensor mode, tic_tac_toe"
    print(f"request handling: {instructions / (args.steps + 3) / 1e3:.0f} k instructions per 1024-game step"
          f" ({mode}, {'with' if args.trajectories else 'without'} trajectories; {out})")


def step_text_vector(client: Client, game: str, batch: int, steps: int, trajectories: bool, stream) -> None:
    """Steps a text-mode vector with a random legal action string per waiting game."""
    env = client.make_text(game, batch_size=batch, seed=1, auto_reset=True, trajectories=trajectories)
    state = env.reset()
    rng = np.random.default_rng(0)
    for _ in range(steps):
        counts = state.legal_action_counts
        starts = np.cumsum(counts) - counts
        picks = (starts + (rng.random(batch) * counts).astype(np.int64)).tolist()
        legal = state.legal_action_texts + [""]
        state = env.step([legal[p] if c else "" for p, c in zip(picks, counts.tolist())])
        while stream is not None and stream.receive(timeout=0) is not None:
            pass
    env.close()


if __name__ == "__main__":
    main()
