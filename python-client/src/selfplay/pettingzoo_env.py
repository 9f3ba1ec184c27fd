"""A PettingZoo AEC environment over a one-game vector of ``games serve`` (tensor mode).

Agents are ``player_0 .. player_{S-1}`` (one per seat); observations are dicts with
``observation`` (float32, the seat's observation tensor) and ``action_mask`` (int8, legal
actions of the agent to act, all 0 for the others), as PettingZoo's classic games do. An
illegal action ends the game with the mover at -1 (the server's invalid-move policy).
"""

from __future__ import annotations

from typing import Any, Dict, Optional

import numpy as np
from gymnasium import spaces
from pettingzoo import AECEnv

from ._seeding import ResetSeeds
from .client import Client
from .server import LocalServer, connect_or_start
from .vectors import StepResult


class AECGameEnv(AECEnv):  # type: ignore[misc]  # AECEnv is Any: PettingZoo ships no type information
    """A game of the catalog as a PettingZoo AEC environment.

    Args:
        game: a game string, e.g. ``tic_tac_toe`` or ``kuhn_poker(players=3)``.
        endpoint: a running server's request endpoint; None (the default) starts a
            ``LocalServer`` for this environment (from ``binary``, ``$SELFPLAY_GAMES_BIN`` or
            ``games`` on PATH). Ignored when ``client`` is given.
        client: an open ``Client`` to share.
        binary: the ``games`` executable for a local server.
        invalid_move_policy: the server's invalid-move policy name.
        render_mode: None or ``"ansi"`` (a line with the acting agent and the legal actions).

    Raises:
        ConnectionError: nothing answers at ``endpoint``.
        FileNotFoundError: no endpoint and no ``games`` executable.
    """

    metadata = {"render_modes": ["ansi"], "name": "selfplay_aec_v0", "is_parallelizable": False}

    def __init__(self, game: str = "tic_tac_toe", *, endpoint: Optional[str] = None, client: Optional[Client] = None,
                 invalid_move_policy: str = "zero_sum", render_mode: Optional[str] = None,
                 binary: Optional[str] = None) -> None:
        super().__init__()
        self._server: Optional[LocalServer] = None
        self._own_client = client is None
        if client is None:
            client, self._server = connect_or_start(endpoint, binary)
        self._client = client
        try:
            self._vector = client.make_vector(game, batch_size=1, observe_all_seats=True,
                                              invalid_move_policy=invalid_move_policy)
        except BaseException:
            self._close_connection()
            raise
        spec = self._vector.spec
        self.game = spec.game
        self.possible_agents = [f"player_{seat}" for seat in range(spec.seat_count)]
        self.agents = self.possible_agents[:]
        low, high = (0.0, 1.0) if spec.binary_observations else (-np.inf, np.inf)
        self._observation_spaces = {
            agent: spaces.Dict({
                "observation": spaces.Box(low=low, high=high, shape=spec.observation_shape, dtype=np.float32),
                "action_mask": spaces.Box(low=0, high=1, shape=(spec.action_count,), dtype=np.int8),
            })
            for agent in self.possible_agents
        }
        self._action_spaces = {agent: spaces.Discrete(spec.action_count) for agent in self.possible_agents}
        self.render_mode = render_mode
        self._state: Optional[StepResult] = None
        self._closed = False
        self._seeds = ResetSeeds()

    def observation_space(self, agent: str) -> spaces.Dict:
        return self._observation_spaces[agent]

    def action_space(self, agent: str) -> spaces.Discrete:
        return self._action_spaces[agent]

    def reset(self, seed: Optional[int] = None, options: Optional[Dict[str, Any]] = None) -> None:
        state = self._vector.reset(seed=self._seeds.next(seed))
        self._state = state
        self.agents = self.possible_agents[:]
        self.rewards = {agent: 0.0 for agent in self.agents}
        self._cumulative_rewards = {agent: 0.0 for agent in self.agents}
        self.terminations = {agent: False for agent in self.agents}
        self.truncations = {agent: False for agent in self.agents}
        self.infos: Dict[str, Dict[str, Any]] = {agent: {} for agent in self.agents}
        self.agent_selection = self.possible_agents[int(state.current_seats[0])]

    def observe(self, agent: str) -> Dict[str, np.ndarray]:
        seat = self.possible_agents.index(agent)
        state = self._state
        mask = np.zeros(self._vector.spec.action_count, dtype=np.int8)
        if state is None or state.observations is None:  # before the first reset
            return {"observation": np.zeros(self._vector.spec.observation_shape, dtype=np.float32), "action_mask": mask}
        if int(state.current_seats[0]) == seat:
            mask[:] = state.legal_masks[0]
        return {"observation": np.array(state.observations[0, seat], dtype=np.float32), "action_mask": mask}

    def step(self, action: Optional[int]) -> None:
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        self._cumulative_rewards[agent] = 0.0
        state = self._vector.step([int(action) if action is not None else -1])
        self._state = state
        for seat, name in enumerate(self.possible_agents):
            self.rewards[name] = float(state.rewards[0, seat])
        if state.terminated[0] or state.truncated[0]:
            for name in self.agents:
                self.terminations[name] = bool(state.terminated[0])
                self.truncations[name] = bool(state.truncated[0])
            # Every agent now gets its last observation and is stepped with None, in seat order.
            self.agent_selection = self.agents[(self.agents.index(agent) + 1) % len(self.agents)]
        else:
            self.agent_selection = self.possible_agents[int(state.current_seats[0])]
        self._accumulate_rewards()

    def render(self) -> Optional[str]:
        if self.render_mode != "ansi" or self._state is None:
            return None
        legal = np.flatnonzero(self._state.legal_masks[0]).tolist()
        return f"{self.game}: {self.agent_selection} to act, legal actions {legal}"

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
