"""A Gymnasium single-agent environment: the client plays one seat, a built-in policy the rest."""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from .client import DEFAULT_ENDPOINT, Client


class SingleAgentEnv(gym.Env):
    """One seat of a catalog game against a fixed built-in opponent (``random``, ``minimax``,
    ``first_legal``, ``last_legal``), played by the server.

    The observation is always the agent's own observation tensor, the last one of an episode
    included; ``info["action_mask"]`` and ``action_masks()`` (sb3-contrib's MaskablePPO
    convention) give the legal actions. An illegal action ends the episode with reward -1 (the
    server's invalid-move policy). The reward is the change of the agent's return, so the
    episode's rewards sum to its final return. Games whose observations are binary (TicTacToe,
    Kuhn Poker) declare a ``Box(0, 1)`` observation space.

    Args:
        game: a game string.
        opponent: the built-in policy playing the other seats.
        agent_seat: the seat the agent plays.
        endpoint: the server's request endpoint (ignored when ``client`` is given).
        client: an open ``Client`` to share.
    """

    metadata = {"render_modes": []}

    def __init__(self, game: str = "tic_tac_toe", opponent: str = "random", agent_seat: int = 0, *,
                 endpoint: str = DEFAULT_ENDPOINT, client: Optional[Client] = None) -> None:
        super().__init__()
        self._own_client = client is None
        self._client = client or Client(endpoint)
        # Every seat's observation comes back, so the agent's own is there when the episode ends
        # on another seat's move (the acting seat's would be the opponent's).
        self._vector = self._client.make_vector(game, batch_size=1, opponent=opponent, agent_seats=[agent_seat],
                                                observe_all_seats=True)
        spec = self._vector.spec
        self.agent_seat = agent_seat
        low, high = (0.0, 1.0) if spec.binary_observations else (-np.inf, np.inf)
        self.observation_space = spaces.Box(low=low, high=high, shape=spec.observation_shape, dtype=np.float32)
        self.action_space = spaces.Discrete(spec.action_count)
        self._mask = np.zeros(spec.action_count, dtype=bool)
        self._closed = False

    def action_masks(self) -> np.ndarray:
        """The legal actions of the agent's current decision (bool). After the episode's last
        step, the mask of the agent's last decision, never an all-false one (a masked policy
        cannot sample from it)."""
        return self._mask.copy()

    def _observe(self, state: Any) -> Tuple[np.ndarray, Dict[str, Any]]:
        observation = np.array(state.observations[0, self.agent_seat], dtype=np.float32)
        mask = np.array(state.legal_masks[0], dtype=np.int8)
        if mask.any():
            self._mask = mask.astype(bool)
        info = {"action_mask": mask, "invalid": bool(state.invalid[0])}
        return observation, info

    def reset(self, *, seed: Optional[int] = None, options: Optional[Dict[str, Any]] = None) -> Tuple[np.ndarray, Dict[str, Any]]:
        super().reset(seed=seed)
        # A seed restarts the server's episode numbering, so the same seed gives the same deals
        # and opponent moves; without one, the next episode of the stream is played.
        state = self._vector.reset(seed=seed)
        return self._observe(state)

    def step(self, action: Any) -> Tuple[np.ndarray, float, bool, bool, Dict[str, Any]]:
        state = self._vector.step([int(action)])
        observation, info = self._observe(state)
        reward = float(state.rewards[0, self.agent_seat])
        return observation, reward, bool(state.terminated[0]), bool(state.truncated[0]), info

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._vector.close()
        if self._own_client:
            self._client.close()
