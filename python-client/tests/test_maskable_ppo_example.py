"""sb3-contrib's MaskablePPO trains on SingleAgentEnv through the example script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sb3_contrib")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "maskable_ppo.py"


@pytest.mark.parametrize("game", ["tic_tac_toe", "kuhn_poker"])
def test_maskable_ppo_trains_and_is_evaluated_on_every_game(binary: str, game: str) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), "--game", game, "--envs", "2", "--timesteps", "512",
         "--eval-episodes", "20", "--binary", binary, "--json"],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["game"] == game
    for phase in ("before", "after"):
        assert sum(report[phase].values()) == 20, report


def test_the_example_refuses_a_non_positive_budget(binary: str) -> None:
    result = subprocess.run([sys.executable, str(EXAMPLE), "--timesteps", "0", "--binary", binary],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "must be positive" in result.stderr
