"""The server's RAE against SPIRAL's actor loop, re-implemented here from SPIRAL's public code
(spiral-rl/spiral, ``train_spiral.py``: ``prepare_trajectories``; ``spiral/utils.py``: ``EMA``),
on games where a player never acts (the first reply of a game forfeited under the ``spiral``
invalid-move preset: offender -1.5, other player +0.5)."""

from __future__ import annotations

from typing import Dict, List

import numpy as np
import pytest

from selfplay import Client, LocalServer, TrajectoryBatch, TrajectoryStream


class SpiralEMA:
    """SPIRAL's ``EMA``: starts at 0; ``update`` moves it by ``decay``."""

    def __init__(self, decay: float) -> None:
        self.decay = decay
        self.value = 0.0

    def update(self, x: float) -> None:
        self.value = self.decay * self.value + (1 - self.decay) * x


def spiral_actor(batches: List[TrajectoryBatch], decay: float, gamma: float, *,
                 players_who_never_acted: bool = True) -> np.ndarray:
    """SPIRAL's ``prepare_trajectories`` after every game, in game order: for player 0, then
    player 1, read the player's EMA, update it with the player's reward (whether or not the
    player took a turn), and give the player's turn ``i`` of ``n`` the advantage
    ``(reward - baseline) * gamma ** (n - 1 - i)``. SPIRAL keys its EMAs by player id; in
    two-player games SelfPlay's roles are the seats (first and second player).

    ``players_who_never_acted=False`` is the rule SPIRAL does not follow (a player with no turns
    leaves its EMA alone): the tests' check that forfeits make the two rules differ."""
    emas: Dict[int, SpiralEMA] = {}
    result = []
    for batch in batches:
        offsets = batch.episode_offsets
        for episode in range(batch.episode_count):
            seats = batch.seats[offsets[episode]:offsets[episode + 1]]
            advantages = np.zeros(len(seats))
            for player in range(batch.returns.shape[1]):
                turns = np.flatnonzero(seats == player)
                if len(turns) == 0 and not players_who_never_acted:
                    continue
                ema = emas.setdefault(player, SpiralEMA(decay))
                reward = float(batch.returns[episode, player])
                baseline = ema.value
                ema.update(reward)
                for i, turn in enumerate(turns):
                    advantages[turn] = (reward - baseline) * gamma ** (len(turns) - 1 - i)
            result.append(advantages)
    return np.concatenate(result) if result else np.zeros(0)


def per_batch_every_player(batches: List[TrajectoryBatch], decay: float, gamma: float) -> np.ndarray:
    """SelfPlay's per-batch option with SPIRAL's players: every turn of a message reads its
    player's baseline from before the message; then each baseline moves once, with the mean
    reward of the message's games, players who never acted included."""
    baselines: Dict[int, float] = {}
    result = []
    for batch in batches:
        offsets = batch.episode_offsets
        players = batch.returns.shape[1]
        for episode in range(batch.episode_count):
            seats = batch.seats[offsets[episode]:offsets[episode + 1]]
            advantages = np.zeros(len(seats))
            for player in range(players):
                turns = np.flatnonzero(seats == player)
                reward = float(batch.returns[episode, player])
                for i, turn in enumerate(turns):
                    advantages[turn] = (reward - baselines.get(player, 0.0)) * gamma ** (len(turns) - 1 - i)
            result.append(advantages)
        for player in range(players):
            mean = float(batch.returns[:, player].mean())
            baselines[player] = decay * baselines.get(player, 0.0) + (1 - decay) * mean
    return np.concatenate(result) if result else np.zeros(0)


def play_with_garbage(binary: str, game: str, update: str, decay: float, gamma: float, seed: int) -> List[TrajectoryBatch]:
    """Plays 8 x 40 text games with SPIRAL's preset, a fifth of the replies garbage, on a server of
    its own (so every baseline starts at 0), and returns every trajectory message."""
    rng = np.random.default_rng(seed)
    with LocalServer(binary) as server, Client(server.endpoint, timeout=30) as client, \
            TrajectoryStream(server.trajectory_endpoint, timeout=5) as stream:
        env = client.make_text(game, batch_size=8, seed=seed, invalid_move_policy="spiral", boxed_answers=True,
                               trajectories={"decay": decay, "update": update, "gamma": gamma})
        for _ in range(40):
            state = env.reset()
            while (state.current_seats >= 0).any():
                legal = state.legal_actions or []
                replies = []
                for actions in legal:
                    if not actions:
                        replies.append("")
                    elif rng.random() < 0.2:
                        replies.append("I pass the salt")
                    else:
                        replies.append("\\boxed{" + actions[int(rng.integers(len(actions)))].strip("[]") + "}")
                state = env.step(replies)
        env.close()
        return list(stream)


@pytest.mark.parametrize("game", ["kuhn_poker", "tic_tac_toe"])
@pytest.mark.parametrize("gamma", [1.0, 0.9])
def test_per_game_advantages_are_spirals_when_a_player_never_acts(binary: str, game: str, gamma: float) -> None:
    batches = play_with_garbage(binary, game, "per_game", decay=0.95, gamma=gamma, seed=11)
    assert sum(batch.episode_count for batch in batches) == 320
    assert max(batch.episode_count for batch in batches) > 1  # several games per message
    never_acted = sum(
        int(len(np.unique(batch.seats[batch.episode_offsets[e]:batch.episode_offsets[e + 1]])) < 2)
        for batch in batches for e in range(batch.episode_count))
    assert never_acted >= 10, "the garbage replies should forfeit some games on their first move"
    server = np.concatenate([batch.advantages for batch in batches])
    np.testing.assert_allclose(server, spiral_actor(batches, 0.95, gamma), atol=1e-5)
    assert not np.allclose(server, spiral_actor(batches, 0.95, gamma, players_who_never_acted=False), atol=1e-3)


def test_per_batch_advantages_count_players_who_never_acted(binary: str) -> None:
    batches = play_with_garbage(binary, "kuhn_poker", "per_batch", decay=0.9, gamma=1.0, seed=12)
    server = np.concatenate([batch.advantages for batch in batches])
    np.testing.assert_allclose(server, per_batch_every_player(batches, 0.9, 1.0), atol=1e-5)
