"""The trajectory channel: every finished episode arrives once, in order, with RAE advantages."""

import threading
import time
from typing import Iterator, List

import numpy as np
import pytest

from selfplay import Client, LocalServer, TrajectoryBatch, TrajectoryStream, WrongBatchSizeError


@pytest.fixture(scope="module")
def fresh_server(binary: str) -> Iterator[LocalServer]:
    # A small high-water mark, so a slow trainer pushes back after a few messages.
    with LocalServer(binary, hwm=2) as running:
        yield running


def random_legal(masks: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    scores = rng.random(masks.shape) * masks
    return scores.argmax(axis=1).astype(np.int32)


def spiral_advantages(batches: List[TrajectoryBatch], role_count: int, decay: float = 0.95) -> np.ndarray:
    """SPIRAL's per-game RAE written out plainly (docs/references.md, SPIRAL), gamma = 1."""
    baselines = np.zeros(role_count)
    result = []
    for batch in batches:
        offsets = batch.episode_offsets
        for episode in range(batch.episode_count):
            seats = batch.seats[offsets[episode]:offsets[episode + 1]]
            advantages = np.zeros(len(seats))
            updates = {}
            for seat in np.unique(seats):
                role = batch.seat_roles[episode, seat]
                final = batch.returns[episode, seat]
                advantages[seats == seat] = final - baselines[role]
                updates[role] = final
            for role, final in updates.items():
                baselines[role] = decay * baselines[role] + (1 - decay) * final
            result.append(advantages)
    return np.concatenate(result)


def per_batch_advantages(batches: List[TrajectoryBatch], role_count: int, decay: float = 0.95) -> np.ndarray:
    """The per-batch rule written out plainly: every turn of a message reads its role's baseline
    from before the message; then each role's baseline moves once, with the mean return of the
    message's players of that role."""
    baselines = np.zeros(role_count)
    result = []
    for batch in batches:
        offsets = batch.episode_offsets
        sums, counts = np.zeros(role_count), np.zeros(role_count)
        for episode in range(batch.episode_count):
            seats = batch.seats[offsets[episode]:offsets[episode + 1]]
            advantages = np.zeros(len(seats))
            for seat in np.unique(seats):
                role = batch.seat_roles[episode, seat]
                final = batch.returns[episode, seat]
                advantages[seats == seat] = final - baselines[role]
                sums[role] += final
                counts[role] += 1
            result.append(advantages)
        seen = counts > 0
        baselines[seen] = decay * baselines[seen] + (1 - decay) * sums[seen] / counts[seen]
    return np.concatenate(result)


def test_a_slow_trainer_gets_every_episode_once_and_in_order(fresh_server: LocalServer) -> None:
    received: List[TrajectoryBatch] = []
    stream = TrajectoryStream(fresh_server.trajectory_endpoint, timeout=5, hwm=1)
    paused = threading.Event()
    done = threading.Event()

    def slow_consumer() -> None:
        while True:
            if paused.is_set():
                time.sleep(0.01)
                continue
            batch = stream.receive(timeout=2)
            if batch is None:
                if done.is_set():
                    return
                continue
            received.append(batch)
            time.sleep(0.005)  # a trainer slower than the games

    consumer = threading.Thread(target=slow_consumer, daemon=True)
    consumer.start()
    rng = np.random.default_rng(0)
    finished = 0
    with Client(fresh_server.endpoint, timeout=60) as client:
        env = client.make_vector("tic_tac_toe", batch_size=32, seed=1, auto_reset=True,
                                 trajectories={"update": "per_game"})
        state = env.reset()
        for step in range(150):
            state = env.step(random_legal(state.legal_masks, rng))
            finished += state.episodes_finished
            if step % 10 == 0:
                # Bad requests in between change nothing on the trajectory channel.
                with pytest.raises(WrongBatchSizeError):
                    env.step([0])
        env.close()
    done.set()
    consumer.join(30)
    stream.close()
    sequence = np.concatenate([batch.sequence for batch in received])
    assert finished > 300
    assert len(sequence) == finished
    assert sequence.tolist() == list(range(finished))  # no gap, no duplicate
    for batch in received:
        assert batch.first_sequence == batch.sequence[0]
        assert int(batch.lengths.sum()) == batch.turn_count
        assert batch.observations.shape == (batch.turn_count, 3, 3, 3)
        # TicTacToe: each seat's last turn carries its final return; earlier turns 0.
        offsets = batch.episode_offsets
        for episode in range(batch.episode_count):
            seats = batch.seats[offsets[episode]:offsets[episode + 1]]
            rewards = batch.rewards[offsets[episode]:offsets[episode + 1]]
            for seat in (0, 1):
                turns = np.flatnonzero(seats == seat)
                assert rewards[turns[-1]] == batch.returns[episode, seat]
                assert (rewards[turns[:-1]] == 0).all()
            assert batch.turn_indices[offsets[episode]:offsets[episode + 1]].tolist() == list(range(len(seats)))
    advantages = np.concatenate([batch.advantages for batch in received])
    assert np.allclose(advantages, spiral_advantages(received, role_count=2), atol=1e-5)


def test_a_blocked_trainer_stalls_only_the_vector_that_feeds_it(fresh_server: LocalServer) -> None:
    with Client(fresh_server.endpoint, timeout=60) as feeder, Client(fresh_server.endpoint, timeout=10) as other:
        env = feeder.make_vector("tic_tac_toe", batch_size=64, seed=2, auto_reset=True, trajectories=True)
        state = env.reset()
        finished = 0
        rng = np.random.default_rng(1)
        replies: List[int] = []

        def feed() -> None:
            nonlocal finished, state
            for _ in range(60):
                state = env.step(random_legal(state.legal_masks, rng))
                finished += state.episodes_finished
                replies.append(1)

        feeder_thread = threading.Thread(target=feed, daemon=True)
        feeder_thread.start()
        # No trainer is connected, so the feeder's vector soon waits on the trajectory channel...
        deadline = time.time() + 20
        while time.time() < deadline:
            before = len(replies)
            time.sleep(0.3)
            if len(replies) == before:
                break
        assert len(replies) < 60
        # ...while another client's vector is served as usual.
        plain = other.make_vector("kuhn_poker", batch_size=8, seed=3)
        for _ in range(20):
            plain.reset()
        plain.close()
        # A trainer connects and reads everything: the feeder finishes, every episode arrives once.
        stream = TrajectoryStream(fresh_server.trajectory_endpoint, timeout=5, hwm=1)
        sequences = []
        while True:
            batch = stream.receive(timeout=2)
            if batch is None:
                if not feeder_thread.is_alive():
                    break
                continue
            sequences.append(batch.sequence.copy())
        feeder_thread.join(10)
        assert len(replies) == 60
        received = np.concatenate(sequences)
        assert len(received) == finished
        assert (np.diff(received) == 1).all()
        env.close()
    stream.close()


def test_text_mode_trajectories_carry_prompts_replies_and_action_texts(fresh_server: LocalServer) -> None:
    with Client(fresh_server.endpoint, timeout=30) as client, \
            TrajectoryStream(fresh_server.trajectory_endpoint, timeout=10) as stream:
        env = client.make_text("kuhn_poker", batch_size=4, seed=5, invalid_move_policy="spiral", boxed_answers=True,
                               trajectories={"decay": 0.9, "update": "per_batch"})
        state = env.reset()
        replies = ["\\boxed{check}" if i % 2 == 0 else "no box" for i in range(4)]
        for _ in range(6):
            state = env.step(replies)
            if state.current_seats.max() < 0:
                break
        env.close()
        batch = stream.receive()
        assert batch is not None and batch.text_mode
        assert len(batch.prompts) == batch.turn_count == len(batch.replies) == len(batch.action_texts)
        assert all("Kuhn" in prompt or "Poker" in prompt for prompt in batch.prompts)
        invalid = batch.invalid_turns.astype(bool)
        assert invalid.any() and batch.invalid_episodes.any()
        assert all(text == "" for text, bad in zip(batch.action_texts, invalid) if bad)
        assert all(text == "[check]" for text, bad in zip(batch.action_texts, invalid) if not bad)
        assert set(batch.returns[batch.invalid_episodes.astype(bool)].ravel().tolist()) <= {-1.5, 0.5}
        assert len(batch.baselines) == 2


def test_tensor_mode_can_send_action_texts(fresh_server: LocalServer) -> None:
    with Client(fresh_server.endpoint, timeout=30) as client, \
            TrajectoryStream(fresh_server.trajectory_endpoint, timeout=10) as stream:
        env = client.make_vector("tic_tac_toe", batch_size=2, seed=6, trajectories={"action_texts": True, "gamma": 0.5})
        state = env.reset()
        while (state.current_seats >= 0).any():
            state = env.step(state.legal_masks.argmax(axis=1))
        env.close()
        batch = stream.receive()
        assert batch is not None and not batch.text_mode
        assert batch.action_texts == [f"[{action}]" for action in batch.actions.tolist()]
        # gamma 0.5: a seat's earlier turns get its advantage halved per later turn it made.
        first = batch.seats[:batch.lengths[0]]
        advantages = batch.advantages[:batch.lengths[0]]
        x_turns = np.flatnonzero(first == 0)
        assert advantages[x_turns[-2]] == pytest.approx(advantages[x_turns[-1]] * 0.5)


def test_tensor_vectors_default_to_per_batch_baselines_and_text_vectors_to_per_game(binary: str) -> None:
    # A server of its own, so every baseline starts at 0.
    rng = np.random.default_rng(7)
    with LocalServer(binary) as server, Client(server.endpoint, timeout=30) as client, \
            TrajectoryStream(server.trajectory_endpoint, timeout=5) as stream:
        tensor = client.make_vector("tic_tac_toe", batch_size=64, seed=3, trajectories=True)
        state = tensor.reset()
        while (state.current_seats >= 0).any():  # lockstep: each message holds games of one length
            state = tensor.step(random_legal(state.legal_masks, rng))
        tensor.close()
        text = client.make_text("kuhn_poker", batch_size=16, seed=4, trajectories={"decay": 0.95})  # no update named
        state = text.reset()
        while (state.current_seats >= 0).any():
            state = text.step([actions[0] if actions else "" for actions in state.legal_actions])
        text.close()
        batches = list(stream)
    tensor_batches = [batch for batch in batches if batch.game == "tic_tac_toe"]
    text_batches = [batch for batch in batches if batch.game == "kuhn_poker"]
    assert sum(batch.episode_count for batch in tensor_batches) == 64 and len(tensor_batches) >= 3
    assert sum(batch.episode_count for batch in text_batches) == 16
    tensor_advantages = np.concatenate([batch.advantages for batch in tensor_batches])
    text_advantages = np.concatenate([batch.advantages for batch in text_batches])
    assert np.allclose(tensor_advantages, per_batch_advantages(tensor_batches, role_count=2), atol=1e-5)
    assert not np.allclose(tensor_advantages, spiral_advantages(tensor_batches, role_count=2), atol=1e-3)
    assert np.allclose(text_advantages, spiral_advantages(text_batches, role_count=2), atol=1e-5)
    assert not np.allclose(text_advantages, per_batch_advantages(text_batches, role_count=2), atol=1e-3)


def test_uint8_vectors_send_their_trajectories_observations_as_uint8(binary: str) -> None:
    rng = np.random.default_rng(11)
    with LocalServer(binary) as server, Client(server.endpoint, timeout=30) as client, \
            TrajectoryStream(server.trajectory_endpoint, timeout=5) as stream:
        floats = client.make_vector("tic_tac_toe", batch_size=8, seed=2, trajectories=True)
        compact = client.make_vector("tic_tac_toe", batch_size=8, seed=2, trajectories=True, observation_dtype="uint8")
        state, _ = floats.reset(), compact.reset()
        while (state.current_seats >= 0).any():  # the same actions in both: the same games
            actions = random_legal(state.legal_masks, rng)
            state, _ = floats.step(actions), compact.step(actions)
        floats.close()
        compact.close()
        batches = list(stream)
    by_vector = {vector.vector_id: [b for b in batches if b.vector_id == vector.vector_id] for vector in (floats, compact)}
    float_obs = np.concatenate([b.observations for b in by_vector[floats.vector_id]])
    byte_obs = np.concatenate([b.observations for b in by_vector[compact.vector_id]])
    assert float_obs.dtype == np.float32 and byte_obs.dtype == np.uint8
    assert byte_obs.shape == float_obs.shape and byte_obs.shape[1:] == (3, 3, 3)
    assert sum(b.episode_count for b in by_vector[compact.vector_id]) == 8
    assert np.array_equal(byte_obs, float_obs)


@pytest.mark.parametrize("settings, named", [
    ({"timeout": -1.0}, "timeout"),
    ({"timeout": float("nan")}, "timeout"),
    ({"hwm": 0}, "hwm"),
    ({"hwm": 2.5}, "hwm"),
])
def test_stream_settings_out_of_range_are_refused(server: LocalServer, settings: dict, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        TrajectoryStream(server.trajectory_endpoint, **settings)


def test_a_negative_receive_timeout_is_refused_rather_than_read_as_forever(server: LocalServer) -> None:
    with TrajectoryStream(server.trajectory_endpoint, timeout=0.1) as stream:
        with pytest.raises(ValueError, match="timeout"):
            stream.receive(timeout=-0.5)
        assert stream.receive(timeout=0) is None  # nothing was sent: 0 is a poll, not an error
