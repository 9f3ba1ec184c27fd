"""Playing a vector of games through the bridge with a tabular policy, and gathering the turns.

Part of the shared trainer of ``kuhn_selfplay.py`` and ``tictactoe_selfplay.py``
(``tabular_selfplay.py`` runs it): sampling moves from the policy, the two ways to step a vector
(with ``auto_reset``, the default, or in lockstep), and collecting trajectory messages into one
update's columns. Vectors and trajectory batches are the ``selfplay`` client's.
"""

from __future__ import annotations

from typing import Dict, List

import numpy as np

from tabular_pg import RoleBaselineTracker, TabularGame, acting_players


def sample_actions(game: TabularGame, cumulative: np.ndarray, rows: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One action per row, drawn from the policy whose per-state cumulative sums are ``cumulative``."""
    draws = rng.random(len(rows))[:, None]
    actions = np.minimum((cumulative[rows] <= draws).sum(axis=1), game.action_count - 1)
    # Rounding can leave the last cumulative a hair below the draw: take the last legal action then.
    last_legal = game.action_count - 1 - np.argmax(game.legal[rows][:, ::-1], axis=1)
    return np.where(game.legal[rows, actions], actions, last_legal)


class TurnRecorder:
    """Keeps a vector of values per turn of each slot's game (e.g. the probability the sampled
    action had) until the game's trajectory message arrives, for vectors with ``auto_reset``."""

    def __init__(self, slots: int, longest: int, width: int) -> None:
        self.turn = np.zeros(slots, dtype=np.int64)
        self.values = np.zeros((slots, longest, width))
        # Finished games wait here, keyed by episode id modulo the size.
        self.finished = np.zeros((16 * slots, longest, width))
        self.finished_ids = np.full(16 * slots, -1, dtype=np.int64)

    def record(self, slots: np.ndarray, values: np.ndarray) -> None:
        """The values of the turn the given slots just played."""
        self.values[slots, self.turn[slots]] = values.reshape(len(slots), -1)
        self.turn[slots] += 1

    def finish(self, state_before, state_after) -> None:
        """Files the games that ended in the step from ``state_before`` to ``state_after``."""
        over = np.flatnonzero(state_after.terminated | state_after.truncated)
        episode_ids = np.asarray(state_before.episode_ids)[over]
        keys = episode_ids % len(self.finished_ids)
        self.finished[keys] = self.values[over]
        self.finished_ids[keys] = episode_ids
        self.turn[over] = 0

    def lookup(self, batch) -> np.ndarray:
        """The recorded values of every turn of one trajectory message ``[T, width]``."""
        episode_ids = np.repeat(np.asarray(batch.episode_ids), batch.lengths)
        keys = episode_ids % len(self.finished_ids)
        if not np.array_equal(self.finished_ids[keys], episode_ids):
            raise RuntimeError("a trajectory message arrived more than 16 vectors' worth of games late")
        return self.finished[keys, batch.turn_indices]


class AutoResetPlayer:
    """Plays a vector with ``auto_reset``: every slot starts its next game as soon as one ends, so
    after a few games the slots are out of step and each trajectory message (the games that ended
    in one request) mixes short and long games. Episodes straddle updates, so each turn's
    behaviour probability is kept for the importance weights of the update."""

    def __init__(self, env, game: TabularGame, rng: np.random.Generator) -> None:
        self.env, self.game, self.rng = env, game, rng
        self.recorder = TurnRecorder(env.batch_size, env.spec.max_game_length, 1)
        self.state = env.reset()

    def step(self, policy: np.ndarray, cumulative: np.ndarray) -> int:
        """Plays one move in every slot; returns how many games ended (their message follows)."""
        state = self.state
        acting = np.flatnonzero(state.current_seats >= 0)
        rows = self.game.index(state.observations[acting])
        actions = np.full(self.env.batch_size, -1, dtype=np.int32)
        actions[acting] = sample_actions(self.game, cumulative, rows, self.rng)
        self.recorder.record(acting, policy[rows, actions[acting]])
        self.state = self.env.step(actions)
        self.recorder.finish(state, self.state)
        return self.state.episodes_finished

    def behaviour(self, batch) -> np.ndarray:
        """Each turn's action probability when it was sampled, for one trajectory message."""
        return self.recorder.lookup(batch)[:, 0]


def play_lockstep_batch(env, game: TabularGame, cumulative: np.ndarray, rng: np.random.Generator) -> None:
    """Plays one batch of games to the end, all slots started together (no auto-reset): the games
    of each length then end in the same request, so each trajectory message holds one length."""
    state = env.reset()
    while True:
        acting = np.flatnonzero(state.current_seats >= 0)
        if len(acting) == 0:
            return
        actions = np.full(env.batch_size, -1, dtype=np.int32)
        actions[acting] = sample_actions(game, cumulative, game.index(state.observations[acting]), rng)
        state = env.step(actions)


class TurnCollector:
    """Gathers the turns of trajectory messages into one update's columns, tracking RAE's
    per-role baseline (tabular_pg.RoleBaselineTracker) and checking it against the server's."""

    def __init__(self, game: TabularGame, check_baseline: bool) -> None:
        self.game = game
        self.tracker = RoleBaselineTracker(len(game.role_names))
        self.check_baseline = check_baseline
        self.baseline_mismatch = 0.0
        self.return_sums = np.zeros(len(game.role_names))
        self.player_counts = np.zeros(len(game.role_names))
        self.clear()

    def clear(self) -> None:
        self.episodes = 0
        self.columns: Dict[str, List[np.ndarray]] = {name: [] for name in
                                                     ("states", "actions", "advantages", "returns", "role", "behaviour")}

    def add(self, batch, behaviour: np.ndarray) -> None:
        episodes = np.repeat(np.arange(batch.episode_count), batch.lengths)
        returns = batch.returns[episodes, batch.seats].astype(np.float64)
        role_baseline = self.tracker.read_and_update(batch.returns, batch.lengths, batch.seats, batch.seat_roles)
        advantages = batch.advantages.astype(np.float64)
        if self.check_baseline:
            self.baseline_mismatch = max(self.baseline_mismatch, float(np.abs(returns - advantages - role_baseline).max()))
        for name, column in (("states", self.game.index(batch.observations)), ("actions", batch.actions.astype(np.int64)),
                             ("advantages", advantages), ("returns", returns), ("role", role_baseline),
                             ("behaviour", behaviour)):
            self.columns[name].append(column)
        self.episodes += batch.episode_count
        roles, player_returns = acting_players(batch.returns, batch.lengths, batch.seats, batch.seat_roles)
        self.return_sums += np.bincount(roles, weights=player_returns, minlength=len(self.return_sums))
        self.player_counts += np.bincount(roles, minlength=len(self.player_counts))

    def take_mean_returns(self) -> List[float]:
        """Each role's mean final return per player since the last call."""
        means = self.return_sums / np.maximum(self.player_counts, 1)
        self.return_sums[:] = 0
        self.player_counts[:] = 0
        return means.tolist()

    def take(self) -> Dict[str, np.ndarray]:
        turns = {name: np.concatenate(parts) for name, parts in self.columns.items()}
        self.clear()
        return turns
