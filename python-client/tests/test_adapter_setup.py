"""How the Gymnasium and PettingZoo adapters find a server, seed their games, and handle games
that end before the agent acts."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, List

import numpy as np
import pytest

pytest.importorskip("gymnasium")
pytest.importorskip("pettingzoo")

from selfplay import LocalServer
from selfplay.gymnasium_env import SingleAgentEnv
from selfplay.pettingzoo_env import AECGameEnv


def _first_observations(env: SingleAgentEnv, episodes: int) -> List[List[float]]:
    """The agent's first observation of each of ``episodes`` unseeded games against random."""
    firsts = []
    observation, info = env.reset()
    for _ in range(episodes):
        firsts.append(observation.tolist())
        done = False
        while not done:
            observation, _, terminated, truncated, info = env.step(int(np.flatnonzero(info["action_mask"])[0]))
            done = terminated or truncated
        observation, info = env.reset()
    return firsts


def test_unseeded_environments_play_different_games(server: LocalServer) -> None:
    # Kuhn Poker deals one of six card pairs: twenty identical deals in a row by chance would
    # happen once in 6**20 runs.
    first = SingleAgentEnv("kuhn_poker", opponent="random", endpoint=server.endpoint)
    second = SingleAgentEnv("kuhn_poker", opponent="random", endpoint=server.endpoint)
    try:
        assert _first_observations(first, 20) != _first_observations(second, 20)
    finally:
        first.close()
        second.close()


def test_environments_reset_with_the_same_seed_play_the_same_games(server: LocalServer) -> None:
    first = SingleAgentEnv("kuhn_poker", opponent="random", endpoint=server.endpoint)
    second = SingleAgentEnv("kuhn_poker", opponent="random", endpoint=server.endpoint)
    try:
        first.reset(seed=7)
        second.reset(seed=7)
        assert _first_observations(first, 20) == _first_observations(second, 20)
    finally:
        first.close()
        second.close()


def test_unseeded_aec_environments_deal_different_cards(server: LocalServer) -> None:
    deals = []
    for _ in range(2):
        env = AECGameEnv("kuhn_poker", endpoint=server.endpoint)
        seen = []
        for _ in range(20):
            env.reset()
            seen.append(env.observe("player_0")["observation"].tolist())
        deals.append(seen)
        env.close()
    assert deals[0] != deals[1]


def test_an_environment_without_an_endpoint_starts_and_stops_its_own_server(binary: str) -> None:
    env = SingleAgentEnv("tic_tac_toe", opponent="random", binary=binary)
    server = env._server
    assert server is not None and server.running
    observation, info = env.reset(seed=0)
    assert info["action_mask"].sum() == 9
    env.close()
    assert not server.running


def test_an_endpoint_with_no_server_fails_at_once_with_what_to_do() -> None:
    # Port 9 (discard) on loopback: nothing serves there, and a ZeroMQ connect alone would
    # succeed, so without the check the first request would wait for its whole timeout.
    with pytest.raises(ConnectionError, match=r"no `games serve` answered at tcp://127.0.0.1:9 .*games serve --bind"):
        SingleAgentEnv("tic_tac_toe", endpoint="tcp://127.0.0.1:9")


def test_no_binary_and_no_endpoint_says_how_to_get_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SELFPLAY_GAMES_BIN", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(FileNotFoundError, match="swift build -c release"):
        SingleAgentEnv("tic_tac_toe")


class _ScriptedVector:
    """A one-game vector whose first game ends before seat 1 acts (as when a player is
    eliminated before its first turn) and whose second game gives seat 1 a decision."""

    def __init__(self) -> None:
        self.spec = SimpleNamespace(binary_observations=True, observation_shape=(2,), action_count=3)
        self.resets = 0
        self.steps: List[List[int]] = []

    def _state(self, mask: List[int], rewards: List[float], terminated: bool) -> Any:
        return SimpleNamespace(
            observations=np.array([[[1.0, 0.0], [0.0, 1.0]]], dtype=np.float32),
            legal_masks=np.array([mask], dtype=np.int8),
            rewards=np.array([rewards], dtype=np.float32),
            terminated=np.array([terminated]), truncated=np.array([False]), invalid=np.array([False]),
        )

    def reset(self, seed: Any = None) -> Any:
        self.resets += 1
        if self.resets == 1:
            return self._state([0, 0, 0], [0.0, 0.0], False)  # over before seat 1 acts
        return self._state([1, 0, 1], [0.0, 0.0], False)

    def step(self, actions: List[int]) -> Any:
        self.steps.append(actions)
        if len(self.steps) == 1:
            return self._state([0, 0, 0], [1.0, -1.0], True)  # the first game's returns
        return self._state([0, 0, 0], [-1.0, 1.0], True)

    def close(self) -> None:
        pass


def test_a_game_that_ends_before_the_agent_acts_is_reported_not_played() -> None:
    vector = _ScriptedVector()
    client = SimpleNamespace(make_vector=lambda *args, **kwargs: vector, close=lambda: None)
    env = SingleAgentEnv("werewolf", agent_seat=1, client=client)  # type: ignore[arg-type]
    observation, info = env.reset(seed=3)
    # reset played on to the game in which the agent acts, and reported the one it passed.
    assert info["returns_without_a_turn"] == [-1.0]
    assert info["action_mask"].tolist() == [1, 0, 1]
    assert observation.tolist() == [0.0, 1.0]  # seat 1's own observation
    assert vector.resets == 2
    _, reward, terminated, _, _ = env.step(2)
    assert (reward, terminated) == (1.0, True)
    assert vector.steps == [[0], [2]]
    env.close()
