"""step_async / step_wait: several vectors in flight at once, against a live server."""

import numpy as np
import pytest

from selfplay import Client, WrongBatchSizeError


def random_actions(masks: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return (masks * rng.integers(1, 256, masks.shape, dtype=np.uint8)).argmax(axis=1).astype(np.int32)


def play_two_vectors(client: Client, overlapped: bool, steps: int = 15) -> list:
    """Steps a Kuhn Poker and a TicTacToe vector together with random legal actions, both in
    flight at once (collected in the reverse order) or one after the other; returns every
    step's observations, rewards and episode ids."""
    rng = np.random.default_rng(3)
    first = client.make_vector("kuhn_poker", batch_size=5, seed=1, auto_reset=True)
    second = client.make_vector("tic_tac_toe", batch_size=7, seed=2, auto_reset=True)
    states = [first.reset(), second.reset()]
    seen = []
    for _ in range(steps):
        actions = [random_actions(state.legal_masks, rng) for state in states]
        if overlapped:
            first.step_async(actions[0])
            second.step_async(actions[1])
            states = [second.step_wait(), first.step_wait()][::-1]
        else:
            states = [first.step(actions[0]), second.step(actions[1])]
        seen.append([(s.observations.copy(), s.rewards.copy(), s.episode_ids.copy()) for s in states])
    first.close()
    second.close()
    return seen


def assert_same_play(a: list, b: list) -> None:
    assert len(a) == len(b)
    for step_a, step_b in zip(a, b):
        for arrays_a, arrays_b in zip(step_a, step_b):
            assert all(np.array_equal(x, y) for x, y in zip(arrays_a, arrays_b))


def test_vectors_stepped_in_flight_together_play_as_if_stepped_one_by_one(client: Client) -> None:
    assert_same_play(play_two_vectors(client, overlapped=False), play_two_vectors(client, overlapped=True))


def test_a_reply_that_comes_before_its_step_wait_is_kept_for_it(client: Client) -> None:
    first = client.make_vector("tic_tac_toe", batch_size=2, seed=0)
    second = client.make_vector("tic_tac_toe", batch_size=3, seed=0)
    first.reset()
    second.reset()
    first.step_async([4, 0])
    second.step_async([8, 8, 8])
    # The server answers first's STEP first; waiting on second keeps that reply for first.
    later = second.step_wait()
    earlier = first.step_wait()
    assert later.observations.shape[0] == 3 and later.observations[0, 2].reshape(9)[8] == 1
    assert earlier.observations.shape[0] == 2 and earlier.observations[0, 2].reshape(9)[4] == 1
    first.close()
    second.close()


def test_one_step_in_flight_per_vector(client: Client) -> None:
    env = client.make_vector("tic_tac_toe", batch_size=1)
    env.reset()
    with pytest.raises(RuntimeError, match="step_async"):
        env.step_wait()
    env.step_async([0])
    with pytest.raises(RuntimeError, match="step_wait"):
        env.step_async([1])
    assert env.step_wait().current_seats.tolist() == [1]
    env.close()


def test_closing_a_vector_abandons_its_step_in_flight(client: Client) -> None:
    env = client.make_vector("tic_tac_toe", batch_size=1)
    env.reset()
    env.step_async([4])
    env.close()
    assert not client._early and not client._awaited  # nothing kept for a step nobody collects
    with pytest.raises(RuntimeError, match="step_async"):
        env.step_wait()


def test_an_error_reply_is_raised_by_step_wait(client: Client) -> None:
    env = client.make_vector("tic_tac_toe", batch_size=2)
    env.reset()
    env.step_async([0, 1, 2])
    with pytest.raises(WrongBatchSizeError):
        env.step_wait()
    assert env.step([0, 1]).current_seats.tolist() == [1, 1]  # the vector goes on
    env.close()


def test_text_vectors_step_in_flight_too(client: Client) -> None:
    env = client.make_text("tic_tac_toe", batch_size=2, seed=0)
    env.reset()
    env.step_async(["[4]", "[0]"])
    state = env.step_wait()
    assert state.current_seats.tolist() == [1, 1]
    assert "[4]" not in state.legal_actions[0]
    env.close()
