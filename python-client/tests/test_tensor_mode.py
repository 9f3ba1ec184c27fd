"""Every request kind in tensor mode, against a live server."""

import numpy as np
import pytest

from selfplay import Client, InvalidArgumentError, NotResetError, UnknownVectorError
from selfplay import protocol_pb2 as pb


def test_list_games_names_the_catalog_and_the_protocol_version(client: Client) -> None:
    games = {game.name: game for game in client.list_games()}
    assert {"tic_tac_toe", "kuhn_poker"} <= set(games)
    assert games["kuhn_poker"].parameters["players"] == "2"
    info = client.server_info()
    assert list(info.protocol_versions) == [1]
    assert "first_legal" in info.policies
    assert info.max_message_bytes == 1 << 20


def test_make_reports_the_game_spec(client: Client) -> None:
    env = client.make_vector("kuhn_poker(players=3)", batch_size=5, seed=1)
    assert env.batch_size == 5
    assert env.spec.game == "kuhn_poker(players=3)"
    assert env.spec.seat_count == 3
    assert env.spec.action_count == 2
    assert env.spec.observation_shape == (17,)
    env.close()


def test_reset_gives_first_positions_and_step_plays_one_action_per_game(client: Client) -> None:
    env = client.make_vector("tic_tac_toe", batch_size=3, seed=0)
    state = env.reset()
    assert state.observations.shape == (3, 3, 3, 3)
    assert not state.observations.flags.writeable  # zero-copy views of the reply
    assert (state.legal_masks == 1).all()
    assert state.current_seats.tolist() == [0, 0, 0]
    assert state.episode_ids.tolist() == [0, 1, 2]
    state = env.step(np.array([4, 0, 8]))
    # Plane 2 holds x: seat 0 took the cell it chose in each game.
    assert state.observations[0, 2].reshape(9)[4] == 1
    assert state.observations[1, 2].reshape(9)[0] == 1
    assert state.legal_masks[2].tolist() == [1] * 8 + [0]
    assert state.current_seats.tolist() == [1, 1, 1]
    assert state.current_roles.tolist() == [1, 1, 1]
    assert state.rewards.tolist() == [[0, 0]] * 3
    env.close()


def test_a_won_game_reports_rewards_and_stays_over_until_reset(client: Client) -> None:
    env = client.make_vector("tic_tac_toe", batch_size=1, seed=0)
    env.reset()
    # x . .      x takes the top row: 0, 1, 2 while o plays 3, 4.
    for move in [0, 3, 1, 4]:
        env.step([move])
    state = env.step([2])
    assert state.terminated.tolist() == [1]
    assert state.rewards.tolist() == [[1.0, -1.0]]
    assert state.current_seats.tolist() == [-1]
    assert state.episodes_finished == 1
    again = env.step([-1])
    assert again.terminated.tolist() == [1]
    assert again.rewards.tolist() == [[0.0, 0.0]]
    fresh = env.reset()
    assert fresh.terminated.tolist() == [0]
    assert fresh.episode_ids.tolist() == [1]
    env.close()


def test_auto_reset_starts_the_next_episode_in_the_same_request(client: Client) -> None:
    env = client.make_vector("tic_tac_toe", batch_size=1, seed=0, auto_reset=True)
    env.reset()
    for move in [0, 3, 1, 4]:
        env.step([move])
    state = env.step([2])
    assert state.terminated.tolist() == [1]
    assert state.rewards.tolist() == [[1.0, -1.0]]
    assert state.episode_ids.tolist() == [1]
    assert state.current_seats.tolist() == [0]
    assert (state.legal_masks == 1).all()
    env.close()


def test_the_same_seed_deals_the_same_cards(client: Client) -> None:
    first = client.make_vector("kuhn_poker", batch_size=64, seed=99)
    second = client.make_vector("kuhn_poker", batch_size=64, seed=99)
    a = first.reset().observations.copy()
    b = second.reset().observations.copy()
    assert np.array_equal(a, b)
    assert len({row.tobytes() for row in a}) > 1  # the deals differ between games
    assert np.array_equal(first.reset(seed=99).observations, a)  # reseeding restarts the numbering
    first.close()
    second.close()


def test_observe_all_seats_returns_every_seats_view(client: Client) -> None:
    env = client.make_vector("kuhn_poker", batch_size=2, seed=3, observe_all_seats=True)
    state = env.reset()
    assert state.observations.shape == (2, 2, 11)
    # The one-hot of the observing player differs between the two views.
    assert state.observations[0, 0, 0] == 1 and state.observations[0, 1, 1] == 1
    env.close()


def test_an_opponent_plays_the_other_seats(client: Client) -> None:
    env = client.make_vector("tic_tac_toe", batch_size=4, seed=5, opponent="first_legal", agent_seats=[1])
    state = env.reset()
    # first_legal as x took cell 0 before the client's first turn as o.
    assert state.current_seats.tolist() == [1, 1, 1, 1]
    assert state.legal_masks[:, 0].tolist() == [0, 0, 0, 0]
    env.close()


def test_max_turns_truncates_episodes(client: Client) -> None:
    env = client.make_vector("tic_tac_toe", batch_size=2, seed=0, max_turns=2)
    env.reset()
    env.step([0, 0])
    state = env.step([1, 1])
    assert state.truncated.tolist() == [1, 1]
    assert state.terminated.tolist() == [0, 0]
    assert state.current_seats.tolist() == [-1, -1]
    env.close()


def test_close_forgets_the_vector(client: Client) -> None:
    env = client.make_vector("tic_tac_toe", batch_size=1)
    env.reset()
    env.close()
    with pytest.raises(UnknownVectorError):
        env.step([0])


def test_step_before_reset_is_refused(client: Client) -> None:
    env = client.make_vector("tic_tac_toe", batch_size=1)
    with pytest.raises(NotResetError, match="RESET"):
        env.step([0])
    env.close()


def test_another_clients_vector_is_unknown(client: Client, server) -> None:
    env = client.make_vector("tic_tac_toe", batch_size=1)
    env.reset()
    with Client(server.endpoint, timeout=10) as other:
        with pytest.raises(UnknownVectorError):
            other.request(pb.STEP, ("step", pb.StepRequest(vector_id=env.vector_id)),
                          arrays={"actions": np.zeros(1, dtype=np.int32)})
    env.close()


@pytest.mark.parametrize("game, observe_all_seats", [("tic_tac_toe", False), ("kuhn_poker", True)])
def test_uint8_observations_are_the_float32_ones_as_bytes(client: Client, game: str, observe_all_seats: bool) -> None:
    floats = client.make_vector(game, batch_size=32, seed=5, auto_reset=True, observe_all_seats=observe_all_seats)
    assert floats.spec.binary_observations
    compact = client.make_vector(game, batch_size=32, seed=5, auto_reset=True, observe_all_seats=observe_all_seats,
                                 observation_dtype="uint8")
    rng = np.random.default_rng(0)
    state, state_u8 = floats.reset(), compact.reset()
    for _ in range(25):  # several episodes per slot (auto-reset)
        assert state.observations.dtype == np.float32 and state_u8.observations.dtype == np.uint8
        assert state_u8.observations.shape == state.observations.shape
        assert np.array_equal(state_u8.observations, state.observations)
        assert np.array_equal(state_u8.legal_masks, state.legal_masks)
        actions = (state.legal_masks * rng.integers(1, 256, state.legal_masks.shape)).argmax(axis=1).astype(np.int32)
        state, state_u8 = floats.step(actions), compact.step(actions)
    floats.close()
    compact.close()


def test_uint8_observations_are_refused_where_they_would_lose_values(client: Client) -> None:
    assert not client.make_vector("negotiation", batch_size=2).spec.binary_observations
    with pytest.raises(InvalidArgumentError, match="binary observations"):
        client.make_vector("negotiation", batch_size=2, observation_dtype="uint8")
    with pytest.raises(InvalidArgumentError, match="binary observations"):
        client.make_vector("kuhn_poker(rounds=3)", batch_size=2, observation_dtype=np.uint8)
    with pytest.raises(ValueError, match="float32 or uint8"):
        client.make_vector("tic_tac_toe", batch_size=2, observation_dtype="float16")
    request = pb.MakeRequest(game="tic_tac_toe", batch_size=2, mode=pb.TEXT, observation_dtype=pb.UINT8)
    with pytest.raises(InvalidArgumentError, match="TENSOR mode only"):
        client.request(pb.MAKE, body=("make", request))
