"""A Gymnasium single-agent environment: the client plays one seat, a built-in policy the rest."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from ._seeding import ResetSeeds
from .client import Client
from .server import LocalServer, connect_or_start
from .vectors import StepResult

#: How many games in a row may end before the agent's first decision before ``reset`` gives up
#: (a game and opponent in which the agent never acts is a configuration error, not bad luck).
MAX_GAMES_WITHOUT_A_TURN = 1000


class SingleAgentEnv(gym.Env):
    """One seat of a catalog game against a fixed built-in opponent (``random``, ``minimax``,
    ``first_legal``, ``last_legal``, ...), played by the server.

    The observation is always the agent's own observation tensor, the last one of an episode
    included; ``info["action_mask"]`` and ``action_masks()`` (sb3-contrib's MaskablePPO
    convention) give the legal actions. An illegal action ends the episode with reward -1 (the
    server's invalid-move policy). The reward is the change of the agent's return, so the
    episode's rewards sum to its final return. Games whose observations are binary (TicTacToe,
    Kuhn Poker) declare a ``Box(0, 1)`` observation space.

    Seeding follows Gymnasium: ``reset(seed=s)`` makes the deals and the opponent's moves a
    function of ``s``; the first ``reset()`` without a seed draws one from fresh entropy, so
    unseeded environments in a vector play different games.

    A game can end before the agent's first decision (in a game where a seat can be eliminated
    before it acts). Such a game has no decision of the agent's, so it is not a Gymnasium
    episode: ``reset`` plays on to the next game in which the agent acts, and reports the
    agent's returns of the games it passed in ``info["returns_without_a_turn"]``, so that an
    evaluation can count every game played.

    Args:
        game: a game string.
        opponent: the built-in policy playing the other seats.
        agent_seat: the seat the agent plays.
        endpoint: a running server's request endpoint; None (the default) starts a
            ``LocalServer`` for this environment (from ``binary``, ``$SELFPLAY_GAMES_BIN`` or
            ``games`` on PATH). Ignored when ``client`` is given.
        client: an open ``Client`` to share.
        binary: the ``games`` executable for a local server.

    Raises:
        ConnectionError: nothing answers at ``endpoint``.
        FileNotFoundError: no endpoint and no ``games`` executable.
    """

    metadata = {"render_modes": []}

    def __init__(self, game: str = "tic_tac_toe", opponent: str = "random", agent_seat: int = 0, *,
                 endpoint: Optional[str] = None, client: Optional[Client] = None,
                 binary: Optional[str] = None) -> None:
        super().__init__()
        self._server: Optional[LocalServer] = None
        self._own_client = client is None
        if client is None:
            client, self._server = connect_or_start(endpoint, binary)
        self._client = client
        self._closed = False
        try:
            # Every seat's observation comes back, so the agent's own is there when the episode
            # ends on another seat's move (the acting seat's would be the opponent's).
            self._vector = client.make_vector(game, batch_size=1, opponent=opponent, agent_seats=[agent_seat],
                                              observe_all_seats=True)
        except BaseException:
            self._close_connection()
            raise
        spec = self._vector.spec
        self.agent_seat = agent_seat
        low, high = (0.0, 1.0) if spec.binary_observations else (-np.inf, np.inf)
        self.observation_space = spaces.Box(low=low, high=high, shape=spec.observation_shape, dtype=np.float32)
        self.action_space = spaces.Discrete(spec.action_count)
        self._mask = np.zeros(spec.action_count, dtype=bool)
        self._seeds = ResetSeeds()

    def action_masks(self) -> np.ndarray:
        """The legal actions of the agent's current decision (bool). After the episode's last
        step, the mask of the agent's last decision, never an all-false one (a masked policy
        cannot sample from it)."""
        return self._mask.copy()

    def _observe(self, state: StepResult) -> Tuple[np.ndarray, Dict[str, Any]]:
        assert state.observations is not None  # a tensor-mode vector always has them
        observation = np.array(state.observations[0, self.agent_seat], dtype=np.float32)
        mask = np.array(state.legal_masks[0], dtype=np.int8)
        if mask.any():
            self._mask = mask.astype(bool)
        info = {"action_mask": mask, "invalid": bool(state.invalid[0])}
        return observation, info

    def reset(self, *, seed: Optional[int] = None, options: Optional[Dict[str, Any]] = None) -> Tuple[np.ndarray, Dict[str, Any]]:
        super().reset(seed=seed)
        state = self._vector.reset(seed=self._seeds.next(seed))
        returns_without_a_turn: List[float] = []
        while not np.any(state.legal_masks[0]):
            # The game ended before the agent acted; a step (whose action the server ignores
            # for a finished game) brings its returns, then the next game starts.
            if len(returns_without_a_turn) == MAX_GAMES_WITHOUT_A_TURN:
                raise RuntimeError(f"{MAX_GAMES_WITHOUT_A_TURN} games in a row ended before seat {self.agent_seat} "
                                   f"acted: does that seat ever act against this opponent?")
            final = self._vector.step([0])
            returns_without_a_turn.append(float(final.rewards[0, self.agent_seat]))
            state = self._vector.reset()
        observation, info = self._observe(state)
        info["returns_without_a_turn"] = returns_without_a_turn
        return observation, info

    def step(self, action: Any) -> Tuple[np.ndarray, float, bool, bool, Dict[str, Any]]:
        state = self._vector.step([int(action)])
        observation, info = self._observe(state)
        reward = float(state.rewards[0, self.agent_seat])
        return observation, reward, bool(state.terminated[0]), bool(state.truncated[0]), info

    def _close_connection(self) -> None:
        if self._own_client:
            self._client.close()
        if self._server is not None:
            self._server.close()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._vector.close()
        self._close_connection()
