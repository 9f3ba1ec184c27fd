#!/usr/bin/env python3
"""Soak test: N clients step vectors against one release-build `games serve` for a bounded
time while a trainer takes every trajectory message; the server's RSS is sampled throughout.

Every episode is counted twice, as the clients' STEP replies report it (`episodes_finished`)
and as it arrives on the trajectory stream, and the stream's sequence numbers are checked:
each message must start where the previous one ended (no gap, nothing twice, in order), and
every vector must deliver exactly the episodes its replies reported.

Clients run in their own processes, each stepping one auto-reset vector (with trajectories)
of the game `--games` gives it in turn, random legal actions. With `--acknowledged` the
vectors' messages are kept by the server until the trainer acknowledges them, and at the end
the server must keep none and have lost none (`STATS`). Prints a summary, or `--json`.
Exits 1 when an episode was lost, duplicated or out of order.

Usage: python benchmarks/soak.py [--clients 4] [--seconds 180] [--batch 64] [--acknowledged] [--json]
The server binary is $SELFPLAY_GAMES_BIN, else .build/release/games (built if missing).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "python-client" / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from bridge_bench import server_binary  # noqa: E402

from selfplay import Client, LocalServer, TrajectoryStream  # noqa: E402

DEFAULT_GAMES = "tic_tac_toe,kuhn_poker(players=3),negotiation,werewolf"


def run_client(endpoint: str, game: str, batch: int, seed: int, seconds: float, acknowledged: bool) -> Dict[str, Any]:
    """Steps one auto-reset vector of ``game`` with random legal actions for ``seconds``."""
    rng = np.random.default_rng(seed)
    with Client(endpoint) as client:
        env = client.make_vector(game, batch_size=batch, seed=seed, auto_reset=True,
                                 trajectories={"acknowledged": acknowledged})
        state = env.reset()
        steps = episodes = 0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            # A random legal action per game: the legal entry with the largest noise.
            noise = rng.random(state.legal_masks.shape) + state.legal_masks
            state = env.step(noise.argmax(axis=1).astype(np.int32))
            steps += batch
            episodes += state.episodes_finished
        vector_id = env.vector_id
        env.close()
    return {"game": game, "vector_id": vector_id, "env_steps": steps, "episodes_reported": episodes}


class StreamCheck:
    """Takes every trajectory message and checks the sequence numbers as they come."""

    def __init__(self, endpoint: str, request_endpoint: Optional[str]) -> None:
        # With the request endpoint, each message is acknowledged when the next is taken.
        self.stream = TrajectoryStream(endpoint, timeout=0.5, request_endpoint=request_endpoint)
        self.next_sequence = 0
        self.messages = 0
        self.episodes_by_vector: Dict[int, int] = {}
        self.problems: List[str] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    @property
    def episodes(self) -> int:
        return sum(self.episodes_by_vector.values())

    def _run(self) -> None:
        while not self.stop.is_set():
            batch = self.stream.receive()
            if batch is None:
                continue
            self.messages += 1
            count = batch.episode_count
            expected = np.arange(self.next_sequence, self.next_sequence + count)
            if batch.first_sequence != self.next_sequence or not np.array_equal(batch.sequence, expected):
                self.problems.append(f"message {self.messages} (vector {batch.vector_id}) starts at sequence "
                                     f"{batch.first_sequence}; expected {self.next_sequence}")
            self.next_sequence = int(batch.first_sequence) + count
            self.episodes_by_vector[batch.vector_id] = self.episodes_by_vector.get(batch.vector_id, 0) + count

    def wait_for(self, episodes: int, seconds: float) -> None:
        """Waits until ``episodes`` arrived or ``seconds`` passed, then stops taking messages."""
        deadline = time.monotonic() + seconds
        while self.episodes < episodes and time.monotonic() < deadline:
            time.sleep(0.05)
        self.stop.set()
        self.thread.join()
        self.stream.close()


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def sample_rss(pid: int, interval: float, samples: List[List[float]], stop: threading.Event) -> None:
    start = time.monotonic()
    while not stop.is_set():
        samples.append([round(time.monotonic() - start, 2), round(rss_mib(pid), 1)])
        stop.wait(interval)


def soak(clients: int, seconds: float, batch: int, games: List[str], interval: float,
         acknowledged: bool = False) -> Dict[str, Any]:
    with LocalServer(server_binary()) as server:
        check = StreamCheck(server.trajectory_endpoint, server.endpoint if acknowledged else None)
        check.thread.start()
        samples: List[List[float]] = []
        stop_sampling = threading.Event()
        sampler = threading.Thread(target=sample_rss, args=(server.process.pid, interval, samples, stop_sampling), daemon=True)
        sampler.start()
        jobs = [(server.endpoint, games[i % len(games)], batch, 1000 + i, seconds, acknowledged) for i in range(clients)]
        started = time.monotonic()
        with multiprocessing.get_context("spawn").Pool(clients) as pool:
            results = pool.starmap(run_client, jobs)
        elapsed = time.monotonic() - started
        reported = sum(result["episodes_reported"] for result in results)
        check.wait_for(reported, seconds=30)
        stop_sampling.set()
        sampler.join()
        rss_after = rss_mib(server.process.pid)
        server_alive = server.running
        with Client(server.endpoint) as client:
            stats = client.stats()
    problems = list(check.problems)
    if acknowledged and (stats.messages_kept or stats.episodes_lost):
        problems.append(f"after the run the server keeps {stats.messages_kept} unacknowledged messages "
                        f"and lost {stats.episodes_lost} episodes")
    for result in results:
        received = check.episodes_by_vector.get(result["vector_id"], 0)
        result["episodes_received"] = received
        if received != result["episodes_reported"]:
            problems.append(f"vector {result['vector_id']} ({result['game']}): replies reported "
                            f"{result['episodes_reported']} episodes, the stream delivered {received}")
    if not server_alive:
        problems.append("the server exited during the soak")
    rss = [sample[1] for sample in samples]
    # Growth over the second half (after start-up and the first allocations): a least-squares slope.
    half = [sample for sample in samples if sample[0] >= seconds / 2]
    slope = float(np.polyfit([s[0] for s in half], [s[1] for s in half], 1)[0]) * 60 if len(half) >= 2 else 0.0
    return {
        "clients": clients, "seconds": round(elapsed, 1), "batch_size": batch, "games": games,
        "env_steps": sum(result["env_steps"] for result in results),
        "episodes_reported": reported, "episodes_received": check.episodes, "trajectory_messages": check.messages,
        "acknowledged": acknowledged,
        "server_stats": {"episodes_sent": stats.episodes_sent, "episodes_acknowledged": stats.episodes_acknowledged,
                         "messages_kept": stats.messages_kept, "episodes_lost": stats.episodes_lost},
        "problems": problems,
        "rss_mib": {"first": rss[0] if rss else None, "peak": max(rss) if rss else None, "after_close": round(rss_after, 1),
                    "second_half_slope_per_minute": round(slope, 2)},
        "rss_samples": samples, "per_client": results,
    }


def print_summary(result: Dict[str, Any]) -> None:
    rss = result["rss_mib"]
    games = ", ".join(result["games"])
    acknowledged = ", acknowledged" if result["acknowledged"] else ""
    print(f"soak: {result['clients']} clients, {result['seconds']} s, batch {result['batch_size']}, games {games}{acknowledged}")
    print(f"  env steps         {result['env_steps']:,} ({result['env_steps'] / result['seconds']:,.0f}/s)")
    print(f"  episodes          {result['episodes_reported']:,} reported in replies, {result['episodes_received']:,} "
          f"received in {result['trajectory_messages']:,} trajectory messages")
    print(f"  server RSS (MiB)  first {rss['first']}, peak {rss['peak']}, after every vector closed {rss['after_close']}; "
          f"second-half slope {rss['second_half_slope_per_minute']} MiB/min")
    stats = result["server_stats"]
    print(f"  server            {stats['episodes_sent']:,} episodes sent, {stats['episodes_acknowledged']:,} acknowledged, "
          f"{stats['messages_kept']} messages still kept, {stats['episodes_lost']} lost")
    for client in result["per_client"]:
        print(f"  vector {client['vector_id']:>3} {client['game']:<24} {client['env_steps']:>12,} steps "
              f"{client['episodes_reported']:>10,} episodes reported, {client['episodes_received']:>10,} received")
    if result["problems"]:
        print("  PROBLEMS:")
        for problem in result["problems"]:
            print(f"    {problem}")
    else:
        print("  every episode arrived once, in sequence order, with no gap")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=4, help="client processes, one vector each (default 4)")
    parser.add_argument("--seconds", type=float, default=180, help="how long the clients step (default 180)")
    parser.add_argument("--batch", type=int, default=64, help="games per vector (default 64)")
    parser.add_argument("--games", default=DEFAULT_GAMES,
                        help=f"game strings, comma-separated, given to clients in turn (default {DEFAULT_GAMES})")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between RSS samples (default 1)")
    parser.add_argument("--acknowledged", action="store_true",
                        help="acknowledged trajectories: the trainer acknowledges each message; "
                             "the server must keep none at the end")
    parser.add_argument("--json", action="store_true", help="print the result as JSON (with every RSS sample)")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.seconds <= 0 or args.batch < 1 or args.interval <= 0:
        parser.error("--clients and --batch must be at least 1, --seconds and --interval above 0")
    games = [game.strip() for game in split_games(args.games)]
    result = soak(args.clients, args.seconds, args.batch, games, args.interval, args.acknowledged)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_summary(result)
    return 1 if result["problems"] else 0


def split_games(text: str) -> List[str]:
    """Splits on commas outside parentheses: ``kuhn_poker(players=3,rounds=2)`` stays whole."""
    games: List[str] = []
    depth, current = 0, ""
    for character in text:
        depth += {"(": 1, ")": -1}.get(character, 0)
        if character == "," and depth == 0:
            games.append(current)
            current = ""
        else:
            current += character
    return [game for game in games + [current] if game.strip()]


if __name__ == "__main__":
    sys.exit(main())
