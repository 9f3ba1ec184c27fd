"""The PPO example learns through a real `games serve` (runs where PyTorch is installed:
``pip install ./python-client[torch]``).

A few dozen updates on TicTacToe and Kuhn Poker, counted in updates rather than seconds so the
budget is the same on any machine: the losses stay finite, the parameters move, and the
trained network plays better than the untrained one, by margins far outside the noise of the
games measured.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict

import pytest

pytest.importorskip("torch")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "ppo_selfplay.py"
UNIFORM_EXPLOITABILITY = 0.4583333333333333


def run_example(binary: str, tmp_path: Path, *arguments: str) -> Dict[str, Any]:
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), "--binary", binary, "--seconds", "0", "--eval-every", "1e9",
         "--checkpoint", str(tmp_path / "agent.pt"), "--plot", str(tmp_path / "curves.png"), "--json", *arguments],
        capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert (tmp_path / "agent.pt").stat().st_size > 0 and (tmp_path / "curves.png").stat().st_size > 0
    return report["runs"][0]


def assert_trained(run: Dict[str, Any], updates: int) -> None:
    assert run["updates"] == updates
    for stats in run["update_stats"]:
        assert all(math.isfinite(value) for value in stats.values()), stats
    assert run["parameter_change"] > 0.01
    assert run["env_steps"] > 0 and 0 < run["wait_share"] < 1


def test_tictactoe_network_beats_random_more_often_after_training(binary: str, tmp_path: Path) -> None:
    run = run_example(binary, tmp_path, "--game", "tic_tac_toe", "--max-updates", "40", "--turns-per-update", "8192",
                      "--opponents", "random", "--progress-episodes", "2000", "--eval-episodes", "2000")
    assert_trained(run, 40)
    before = run["checks"][0]["matches"]["random"]
    after = run["final"]["sampled"]["random"]
    assert before["episodes"] == after["episodes"] == 2000
    # Untrained (near-uniform) play wins about 43% against random; 40 updates reach about 65%.
    # Each rate's 95% interval is about +-2.2 points at 2000 games.
    assert after["win_rate"] > before["win_rate"] + 0.1, (before, after)
    assert run["checks"][0]["exploitability"] == pytest.approx(0.96, abs=0.03)  # nearly uniform play at the start
    assert run["final"]["exploitability"] < run["checks"][0]["exploitability"] - 0.1


def test_kuhn_network_is_less_exploitable_and_wins_more_after_training(binary: str, tmp_path: Path) -> None:
    run = run_example(binary, tmp_path, "--game", "kuhn_poker", "--max-updates", "40", "--turns-per-update", "8192",
                      "--opponents", "random", "--progress-episodes", "10000", "--eval-episodes", "10000")
    assert_trained(run, 40)
    # Exact, from `games exploitability`: the untrained network plays almost uniformly (0.458);
    # 40 updates measured 0.15-0.29.
    assert run["checks"][0]["exploitability"] == pytest.approx(UNIFORM_EXPLOITABILITY, abs=0.02)
    assert run["final"]["exploitability"] < 0.35
    # Mean return against random: about 0 untrained, +0.29..+0.31 after 40 updates; each has a
    # 95% interval of about +-0.03 at 10000 games.
    before = run["checks"][0]["matches"]["random"]
    after = run["final"]["sampled"]["random"]
    assert after["mean_return"] > before["mean_return"] + 0.15, (before, after)
    # The checkpoint holds the trained network: loaded back, it is exactly as exploitable.
    reloaded = subprocess.run(
        [sys.executable, str(EXAMPLE), "--binary", binary, "--game", "kuhn_poker", "--load", str(tmp_path / "agent.pt"),
         "--seconds", "0.001", "--progress-episodes", "0", "--eval-episodes", "0", "--json"],
        capture_output=True, text=True, timeout=300,
    )
    assert reloaded.returncode == 0, reloaded.stderr[-3000:]
    start = json.loads(reloaded.stdout)["runs"][0]["checks"][0]["exploitability"]
    assert start == pytest.approx(run["final"]["exploitability"], abs=1e-12)
