"""The package's own face: its version and one base for every error it raises."""

import re
from pathlib import Path

import selfplay
from selfplay import errors


def test_the_version_is_the_projects() -> None:
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text()
    declared = re.search(r'^version = "([^"]+)"', pyproject, re.MULTILINE)
    assert declared is not None
    assert selfplay.__version__ == declared.group(1)


def test_every_client_error_shares_one_base() -> None:
    raised = [value for value in vars(errors).values()
              if isinstance(value, type) and issubclass(value, Exception) and value.__module__ == errors.__name__]
    assert len(raised) > 15
    assert all(issubclass(error, selfplay.SelfPlayError) for error in raised)
    # A timeout is still a TimeoutError for code that catches those.
    assert issubclass(selfplay.RequestTimeout, TimeoutError)


def test_a_vectors_spec_carries_its_games_rules_version(client: selfplay.Client) -> None:
    versions = {}
    for game in ("tic_tac_toe", "kuhn_poker", "negotiation", "werewolf"):
        env = client.make_vector(game, batch_size=1)
        versions[game] = env.spec.rules_version
        env.close()
    # The cards' version histories (games show GAME --json gives the same numbers).
    assert versions == {"tic_tac_toe": 1, "kuhn_poker": 2, "negotiation": 2, "werewolf": 3}
