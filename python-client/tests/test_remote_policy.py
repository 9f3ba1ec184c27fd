"""A learner's policy served from Python plays in `games selfplay` like the built-in one."""

import json
import subprocess

import numpy as np

from selfplay import PolicyServer


def lowest_legal(observations: np.ndarray, legal_masks: np.ndarray, seats: np.ndarray, roles: np.ndarray) -> np.ndarray:
    assert observations.shape[0] == legal_masks.shape[0] == seats.shape[0] == roles.shape[0]
    return legal_masks.argmax(axis=1)


def selfplay(binary: str, policies: str) -> dict:
    command = [binary, "selfplay", "--game", "kuhn_poker", "--policies", policies, "--episodes", "3000",
               "--seed", "11", "--threads", "2", "--json"]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True, timeout=120).stdout)


def test_a_remote_lowest_legal_policy_matches_first_legal_exactly(binary: str) -> None:
    with PolicyServer(lowest_legal, bind="tcp://127.0.0.1:*") as policy:
        remote = selfplay(binary, f"random,remote:{policy.endpoint}")
        assert policy.requests_served > 0
    local = selfplay(binary, "random,first_legal")
    fields = ["episodes", "wins", "draws", "losses", "mean_return"]
    assert [[pairing[key] for key in fields] for pairing in remote["pairings"]] == \
        [[pairing[key] for key in fields] for pairing in local["pairings"]]
    assert [rating["elo"] for rating in remote["ratings"]] == [rating["elo"] for rating in local["ratings"]]


def test_a_remote_policy_that_answers_illegally_stops_the_run_with_a_message(binary: str) -> None:
    def illegal(observations, legal_masks, seats, roles):
        return (1 - legal_masks).argmax(axis=1) if (legal_masks == 0).any() else np.full(len(seats), 99)

    with PolicyServer(illegal, bind="tcp://127.0.0.1:*") as policy:
        result = subprocess.run([binary, "selfplay", "--game", "tic_tac_toe", "--policies", f"random,remote:{policy.endpoint}",
                                 "--episodes", "10"], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "not legal" in result.stderr


def test_games_rollout_records_episodes_played_by_a_remote_policy(binary: str, tmp_path) -> None:
    with PolicyServer(lowest_legal, bind="tcp://127.0.0.1:*") as policy:
        out = tmp_path / "run"
        result = subprocess.run([binary, "rollout", "--game", "tic_tac_toe", "--policies", f"remote:{policy.endpoint}",
                                 "--episodes", "20", "--out", str(out)], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
    actions = np.load(out / "actions.npy")
    # Lowest legal cell for both seats: every game is x 0, o 1, x 2, o 3, x 4, o 5, x 6 (x wins).
    assert actions[:7].tolist() == [0, 1, 2, 3, 4, 5, 6]
    assert len(actions) == 20 * 7
