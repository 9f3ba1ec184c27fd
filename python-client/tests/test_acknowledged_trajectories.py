"""Acknowledged trajectories: at-least-once delivery, replay for a restarted trainer, and
losses that are counted and raised, never silent (docs/protocol.md, Acknowledged trajectories)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Dict, Iterator, List, Set

import numpy as np
import pytest

from selfplay import (
    Client,
    LocalServer,
    StepResult,
    TrajectoryGapError,
    TrajectoryStream,
    VectorEnv,
)

ACKNOWLEDGED = {"acknowledged": True}


@pytest.fixture(scope="module")
def server(binary: str) -> Iterator[LocalServer]:
    with LocalServer(binary) as running:
        yield running


# Keyed by the vector itself (not id(), which a later vector may reuse once this one is gone).
_last_results: Dict[VectorEnv, StepResult] = {}


def _play(env: VectorEnv, steps: int) -> int:
    """Steps an auto-reset vector with each slot's first legal action (resetting it the first
    time); returns the episodes that finished."""
    result = _last_results.get(env) or env.reset()
    finished = 0
    for _ in range(steps):
        result = env.step(np.argmax(result.legal_masks, axis=1))
        finished += result.episodes_finished
    _last_results[env] = result
    return finished


def _sequences(stream: TrajectoryStream, expected: int, seconds: float = 20) -> Set[int]:
    seen: Set[int] = set()
    deadline = time.monotonic() + seconds
    while len(seen) < expected and time.monotonic() < deadline:
        batch = stream.receive(timeout=0.5)
        if batch is not None:
            seen.update(int(sequence) for sequence in batch.sequence)
    return seen


TRAINER = textwrap.dedent("""
    import json, os, sys, time
    from selfplay import TrajectoryStream
    trajectory_endpoint, request_endpoint, batches, out = sys.argv[1:5]
    stream = TrajectoryStream(trajectory_endpoint, request_endpoint=request_endpoint, timeout=20)
    taken = []
    for _ in range(int(batches)):
        batch = stream.receive()
        taken.extend(int(sequence) for sequence in batch.sequence)
    with open(out + ".tmp", "w") as file:
        json.dump(taken, file)
    os.rename(out + ".tmp", out)
    time.sleep(120)  # stops reading (the test kills it): its last batch is never acknowledged
""")


def _start_trainer(server: LocalServer, batches: int, out: Path) -> subprocess.Popen[bytes]:
    environment = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    return subprocess.Popen(
        [sys.executable, "-c", TRAINER, server.trajectory_endpoint, server.endpoint, str(batches), str(out)], env=environment)


def _play_until_taken(env: VectorEnv, out: Path) -> int:
    """Plays until the trainer took its batches; then a little more, into its unread queue."""
    total = 0
    while not out.exists():
        total += _play(env, 7)  # first legal moves: every TicTacToe game ends at move 7
    return total + _play(env, 28)


def test_a_killed_trainers_episodes_reach_its_replacement(server: LocalServer, tmp_path: Path) -> None:
    out = tmp_path / "taken.json"
    trainer = _start_trainer(server, 3, out)
    with Client(server.endpoint, timeout=20) as client:
        env = client.make_vector("tic_tac_toe", batch_size=16, auto_reset=True, trajectories=ACKNOWLEDGED)
        total = _play_until_taken(env, out)
        trainer.kill()
        assert trainer.wait(timeout=30) == -signal.SIGKILL
        taken_by_first: List[int] = json.loads(out.read_text())
        with TrajectoryStream(server.trajectory_endpoint, request_endpoint=server.endpoint, resume=True) as replacement:
            total += _play(env, 20)
            env.close()
            seen = _sequences(replacement, total)
        stats = client.stats()
    assert len(taken_by_first) > 0
    start = min(taken_by_first)
    # Every episode reached one trainer or the other; the replacement got all the first did
    # not acknowledge (its last batch at least), and nothing was lost.
    assert set(range(start, start + total)) <= seen | set(taken_by_first)
    assert not set(range(start, start + total)) <= set(taken_by_first)
    assert stats.episodes_lost == 0
    assert stats.messages_kept == 0 and stats.episodes_kept == 0


def test_without_acknowledgements_a_killed_trainers_queue_is_lost(server: LocalServer, tmp_path: Path) -> None:
    # What acknowledgements fix: a plain vector's messages that sat in the dead trainer's queue
    # are gone, and a new trainer cannot have them replayed.
    out = tmp_path / "taken.json"
    trainer = _start_trainer(server, 3, out)
    with Client(server.endpoint, timeout=20) as client:
        env = client.make_vector("tic_tac_toe", batch_size=16, auto_reset=True, trajectories=True)
        total = _play_until_taken(env, out)
        trainer.kill()
        assert trainer.wait(timeout=30) == -signal.SIGKILL
        taken_by_first = set(json.loads(out.read_text()))
        with TrajectoryStream(server.trajectory_endpoint, request_endpoint=server.endpoint, resume=True) as replacement:
            env.close()
            seen = _sequences(replacement, total, seconds=2)
    start = min(taken_by_first)
    assert not set(range(start, start + total)) <= seen | taken_by_first


def test_acknowledged_messages_are_let_go_and_replays_are_recognised(server: LocalServer) -> None:
    with Client(server.endpoint, timeout=20) as client, \
            TrajectoryStream(server.trajectory_endpoint, request_endpoint=server.endpoint, acknowledge="manual",
                             timeout=10) as stream:
        before = client.stats()
        env = client.make_vector("kuhn_poker", batch_size=8, auto_reset=True, trajectories=ACKNOWLEDGED)
        total = _play(env, 12)
        env.close()
        batches = []
        while sum(batch.episode_count for batch in batches) < total:
            batch = stream.receive()
            assert batch is not None and not batch.replayed
            batches.append(batch)
        kept = client.stats()
        assert kept.messages_kept - before.messages_kept == len(batches)
        assert kept.episodes_kept - before.episodes_kept == total
        # A replay sends every kept message again: the stream recognises each as a repeat.
        assert stream.replay() == kept.episodes_kept
        assert stream.receive(timeout=2) is None
        assert stream.duplicates == kept.messages_kept
        for batch in batches:
            stream.acknowledge(batch)
        after = client.stats()
    assert after.messages_kept == before.messages_kept
    assert after.episodes_acknowledged - before.episodes_acknowledged == total


def test_the_client_acknowledges_by_sequence(server: LocalServer) -> None:
    with Client(server.endpoint, timeout=20) as client, TrajectoryStream(server.trajectory_endpoint, timeout=10) as stream:
        env = client.make_vector("tic_tac_toe", batch_size=4, auto_reset=True, trajectories=ACKNOWLEDGED)
        _play(env, 9)
        env.close()
        batch = stream.receive()
        assert batch is not None
        reply = client.acknowledge([batch.first_sequence, batch.first_sequence, 10**15])
        assert (reply.acknowledged, reply.unknown) == (1, 2)


def test_a_full_buffer_drops_the_oldest_and_says_so(binary: str) -> None:
    with LocalServer(binary, extra_args=["--max-unacknowledged-bytes", "20K"]) as server, \
            Client(server.endpoint, timeout=20) as client, \
            TrajectoryStream(server.trajectory_endpoint, timeout=10) as stream:  # takes, never acknowledges
        env = client.make_vector("tic_tac_toe", batch_size=32, auto_reset=True, trajectories=ACKNOWLEDGED)
        _play(env, 60)
        env.close()
        with pytest.raises(TrajectoryGapError, match="--max-unacknowledged-bytes") as gap:
            while stream.receive() is not None:
                pass
        stats = client.stats()
        assert gap.value.batch is not None and gap.value.total_lost == gap.value.episodes_lost > 0
        assert stream.episodes_lost == gap.value.total_lost
        assert stats.episodes_lost >= gap.value.total_lost
        assert stats.bytes_kept <= 20 * 1024
        assert stats.lost_ranges and stats.lost_ranges[0].first == 0
        assert sum(r.last - r.first + 1 for r in stats.lost_ranges) == stats.episodes_lost
        deadline = time.monotonic() + 5
        while not any("dropped" in line for line in server.stderr_lines) and time.monotonic() < deadline:
            time.sleep(0.1)
    assert any("unacknowledged episodes" in line and "--max-unacknowledged-bytes" in line for line in server.stderr_lines)
