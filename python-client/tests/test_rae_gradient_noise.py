"""RAE's effect on the policy gradient's variance, measured at random play through the bridge:
large in Werewolf (the werewolves win most games), nil in Kuhn Poker (the roles expect almost
the same return), and a global baseline is no baseline in a zero-sum game."""

import json
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "rae_gradient_noise.py"


def test_rae_cuts_the_gradient_variance_where_the_roles_expect_different_returns(binary: str) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLE), "--games", "kuhn_poker,werewolf", "--batches", "4", "--warmup", "5000",
         "--games-bin", binary, "--json"],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    games = json.loads(result.stdout)["games"]
    werewolf, kuhn = games["werewolf"], games["kuhn_poker"]
    assert set(werewolf) == {"werewolf", "villager", "seer", "doctor"}
    # Random werewolves win about 92% of games: their mean return is far from 0 (team rewards
    # split among the team: +-1/2 per werewolf, +-1/5 per villager in the 7-player game) ...
    assert werewolf["werewolf"]["mean_return"] > 0.3 and werewolf["villager"]["mean_return"] < -0.1
    for role in werewolf.values():
        # ... RAE's baseline settles on it ...
        assert abs(role["rae_baseline"] - role["mean_return"]) < 0.05
        # ... and the variance falls by a factor like E[R^2] / E[(R-b)^2] (measured 2.7-3.4, predicted 3.6).
        assert role["noise_ratio_rae"] > 2
        assert role["predicted_ratio_rae"] > 2
        # Returns sum to 0 in every game, so the mean over all players, a global baseline, stays 0.
        assert abs(role["noise_ratio_global"] - 1) < 0.1
    for role in kuhn.values():
        # Kuhn's roles expect +-0.11 against returns of +-1 and +-2: RAE changes the variance by ~1%.
        assert abs(role["mean_return"]) < 0.2
        assert abs(role["noise_ratio_rae"] - 1) < 0.1
