"""selfplay.evaluation: exact exploitability of a policy over observation tensors, and
tournaments of a served policy against built-in ones, through the real `games` binary."""

from pathlib import Path

import numpy as np
import pytest

from selfplay import evaluation

UNIFORM_EXPLOITABILITY = 0.4583333333333333  # OpenSpiel's kuhn_poker test (uniform random policy)


@pytest.fixture(scope="module")
def kuhn(binary: str) -> evaluation.InformationStates:
    return evaluation.information_states(binary, "kuhn_poker")


def uniform(observations: np.ndarray, masks: np.ndarray, seats: np.ndarray, roles: np.ndarray) -> np.ndarray:
    return masks / masks.sum(axis=1, keepdims=True)


def test_kuhn_information_states_carry_openspiels_tensors(kuhn: evaluation.InformationStates) -> None:
    assert kuhn.count == 12 and kuhn.game == "kuhn_poker"
    assert kuhn.observations.shape == (12, 11) and kuhn.legal_masks.shape == (12, 2)
    row = kuhn.keys.index("2p")  # seat 1 holds the King after a pass
    np.testing.assert_array_equal(kuhn.observations[row], [0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0])
    assert kuhn.seats[row] == 1 and kuhn.role_names[kuhn.roles[row]] == "second"
    assert sorted(kuhn.seats.tolist()) == [0] * 6 + [1] * 6


def test_uniform_policy_has_openspiels_exploitability(binary: str, kuhn: evaluation.InformationStates) -> None:
    result = evaluation.exploitability(binary, kuhn, uniform)
    assert result.exploitability == pytest.approx(UNIFORM_EXPLOITABILITY, abs=1e-12)
    assert result.nash_conv == pytest.approx(11 / 12, abs=1e-12)


def test_a_policy_read_from_observations_is_evaluated_as_it_plays(binary: str, kuhn: evaluation.InformationStates,
                                                                  tmp_path: Path) -> None:
    # Always pass (action 0): OpenSpiel's NashConv of the always-pass policy is 2.
    def always_pass(observations, masks, seats, roles):  # type: ignore[no-untyped-def]
        probabilities = np.zeros(masks.shape)
        probabilities[:, 0] = 1
        return probabilities

    kept = tmp_path / "policy.json"
    result = evaluation.exploitability(binary, kuhn, always_pass, path=kept)
    assert result.nash_conv == pytest.approx(2.0, abs=1e-12)
    assert '"format": "selfplay.tabular_policy"' in kept.read_text()

    # A policy that bets exactly with the King (card plane index 2 + 2) is exploited less than passing always.
    def bet_with_king(observations, masks, seats, roles):  # type: ignore[no-untyped-def]
        king = observations[:, 4] > 0.5
        return np.stack([~king, king], axis=1).astype(float)

    assert evaluation.exploitability(binary, kuhn, bet_with_king).nash_conv < 2.0


def test_policy_table_refuses_what_is_not_a_policy(kuhn: evaluation.InformationStates) -> None:
    with pytest.raises(ValueError, match="shape"):
        evaluation.policy_table(kuhn, lambda o, m, s, r: np.ones((3, 2)))
    with pytest.raises(ValueError, match="negative or non-finite"):
        evaluation.policy_table(kuhn, lambda o, m, s, r: np.full(m.shape, np.nan))
    with pytest.raises(ValueError, match="no probability to any legal action"):
        evaluation.policy_table(kuhn, lambda o, m, s, r: np.zeros(m.shape))


def test_games_too_large_to_enumerate_are_refused_with_the_commands_reason(binary: str) -> None:
    with pytest.raises(RuntimeError, match="werewolf"):
        evaluation.information_states(binary, "werewolf")


def first_legal(observations: np.ndarray, masks: np.ndarray, seats: np.ndarray, roles: np.ndarray) -> np.ndarray:
    return masks.argmax(axis=1)


def test_tournament_reads_results_from_the_learners_side(binary: str) -> None:
    # The learner plays exactly as the built-in first_legal: x takes 0, 2, 4, 6 and wins on
    # the 2-4-6 diagonal before o (1, 3, 5) completes a line. So the learner wins every game
    # as x and loses every game as o.
    result = evaluation.tournament(binary, "tic_tac_toe", first_legal, ["first_legal"], episodes=100, seed=3)
    match = result.matches["first_legal"]
    assert (match.episodes, match.wins, match.draws, match.losses) == (100, 50, 0, 50)
    assert match.by_role["x"]["wins"] == 50 and match.by_role["o"]["losses"] == 50
    assert match.mean_return == pytest.approx(0.0)
    assert set(result.ratings) == {result.learner, "first_legal"}


def test_tournament_against_several_opponents_keeps_each_match(binary: str) -> None:
    result = evaluation.tournament(binary, "tic_tac_toe", first_legal, ["minimax", "random"], episodes=60, seed=1)
    assert set(result.matches) == {"minimax", "random"}
    assert result.matches["minimax"].wins == 0  # nobody beats minimax
    assert result.matches["random"].episodes == 60


def test_tournament_names_a_bad_opponent(binary: str) -> None:
    with pytest.raises(RuntimeError, match="no_such_policy"):
        evaluation.tournament(binary, "tic_tac_toe", first_legal, ["no_such_policy"], episodes=10)
