"""Tabular softmax policy gradient for self-play, and the measurements that show what a baseline does.

Shared by ``kuhn_selfplay.py`` and ``tictactoe_selfplay.py`` (pure numpy, no bridge here; the
trainer that feeds it through the bridge is ``tabular_selfplay.py``).

The learner keeps one row of logits per information state (illegal actions masked) and makes one
update per batch of games, per information state ``s``, from the turns that reached it:

    theta[s] += lr * mean over the turns at s of  A * (onehot(a) / pi(a|s) - 1)     (natural PG)
    theta[s] /= 1 + lr * entropy                                                   (regulariser)

The first line is the natural policy gradient of a tabular softmax policy (the score
``onehot(a) - pi(s)`` preconditioned by the Fisher matrix), i.e. a sampled Hedge step on the
state's action values; ``natural=False`` uses the plain score instead. Averaging per state over
the turns that reached it lets rarely reached states learn at the same pace (as CFR's
counterfactual updates do). The second line is magnetic mirror descent's pull towards the uniform
policy (Sokota et al. 2023), which damps the cycling of last-iterate self-play; the reported policy
is also averaged over training, as fictitious play and CFR do.

The measurements (``measure_batch``) compare, on one batch of games, the noise of the
policy-gradient estimate with three baselines subtracted from each turn's final return ``R``:
none (``A = R``); the
per-role EMA that RAE keeps (replicated here from the returns, ``RoleBaselineTracker``); and, for
scale, a per-state baseline (``StateValueTracker``: each information state's running mean return
over earlier batches, a stand-in for a learned critic).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

#: The baselines ``measure_batch`` compares, in plot order.
BASELINES = ("none", "role", "state")


@dataclass(frozen=True)
class TabularGame:
    """What the trainer needs to know about a game with few information states.

    Attributes:
        game: the game string (``MAKE`` and the policy file's ``game``).
        keys: the information-state strings, one per row (the policy file's keys).
        legal: ``[states, actions]`` bool, the legal actions of each state.
        roles: ``[states]`` the role index (into ``role_names``) of the seat acting at each state.
        role_names: the game's role names, as the server's spec lists them.
        index: maps observation tensors ``[N, *obs]`` to row indices (-1: no decision state).
        uniform_exploitability: the uniform policy's exploitability (where training starts).
        own_reach: maps a policy ``[states, actions]`` to each state's probability that the acting
            seat's own choices lead there (the sequence-form averaging weight); None: the average
            weighs each iterate by how often the batch visited the state (as NFSP's supervised
            average policy does).
        opponents: built-in policies of ``games selfplay`` to play the final policy against.
    """

    game: str
    keys: Sequence[str]
    legal: np.ndarray
    roles: np.ndarray
    role_names: Tuple[str, ...]
    index: Callable[[np.ndarray], np.ndarray]
    uniform_exploitability: float
    own_reach: Optional[Callable[[np.ndarray], np.ndarray]] = None
    opponents: Tuple[str, ...] = ("random",)

    @property
    def state_count(self) -> int:
        return len(self.keys)

    @property
    def action_count(self) -> int:
        return int(self.legal.shape[1])


class SoftmaxLearner:
    """Softmax logits per information state, the update above, and the average of the iterates."""

    def __init__(self, game: TabularGame, learning_rate: float, *, natural: bool = True, entropy: float = 0.1,
                 linear_averaging: bool = False) -> None:
        self.game = game
        self.learning_rate = learning_rate
        self.natural = natural
        self.entropy = entropy
        #: Iterate t weighs t in the average (CFR+ style) instead of 1.
        self.linear_averaging = linear_averaging
        self.logits = np.zeros(game.legal.shape)
        self.average_sum = np.zeros(game.legal.shape)
        self.updates = 0

    def current(self) -> np.ndarray:
        """The current policy: a softmax over each state's legal actions (exactly 0 elsewhere)."""
        masked = np.where(self.game.legal, self.logits, -np.inf)
        weights = np.exp(masked - masked.max(axis=1, keepdims=True))
        return weights / weights.sum(axis=1, keepdims=True)

    def average(self) -> np.ndarray:
        """The weighted average of the iterates; uniform over the legal actions where never visited."""
        totals = self.average_sum.sum(axis=1, keepdims=True)
        uniform = self.game.legal / self.game.legal.sum(axis=1, keepdims=True)
        return np.where(totals > 0, self.average_sum / np.maximum(totals, 1e-300), uniform)

    def update(self, states: np.ndarray, actions: np.ndarray, advantages: np.ndarray,
               behaviour: Optional[np.ndarray] = None) -> None:
        """One policy-gradient step from a batch of turns (the module's docstring), then adds the
        new iterate to the average. ``behaviour``: each action's probability when it was sampled
        (default: under the current policy)."""
        policy = self.current()
        contributions = turn_contributions(self.game, policy, states, actions, advantages, natural=self.natural,
                                           behaviour=behaviour)
        gradients = np.zeros_like(self.logits)
        np.add.at(gradients, states, contributions)
        visits = np.bincount(states, minlength=self.game.state_count).astype(np.float64)
        self.logits += self.learning_rate * gradients / np.maximum(visits, 1)[:, None]
        self.logits /= 1 + self.learning_rate * self.entropy
        self.updates += 1
        policy = self.current()
        reach = self.game.own_reach(policy) if self.game.own_reach is not None else visits
        weight = self.updates if self.linear_averaging else 1
        self.average_sum += weight * reach[:, None] * policy


def turn_contributions(game: TabularGame, policy: np.ndarray, states: np.ndarray, actions: np.ndarray,
                       advantages: np.ndarray, *, natural: bool, behaviour: Optional[np.ndarray] = None) -> np.ndarray:
    """Each turn's term of the update ``[turns, actions]``: ``A * (onehot/pi - 1)`` (natural, ``pi``
    the action's probability when it was sampled: ``behaviour``, default the policy's) or
    ``A * (onehot - pi)`` (plain), on the state's legal actions."""
    legal = game.legal[states]
    onehot = np.zeros(legal.shape)
    onehot[np.arange(len(actions)), actions] = 1
    if natural:
        chosen = policy[states, actions] if behaviour is None else behaviour
        direction = onehot / chosen[:, None] - legal
    else:
        direction = onehot - policy[states]
    return advantages[:, None] * direction


def acting_players(returns: np.ndarray, lengths: np.ndarray, seats: np.ndarray,
                   seat_roles: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """The role and final return of every player of one trajectory message: each (episode, seat)
    pair that acted at least once, the unit RAE's baselines average over.

    Args:
        returns, lengths, seat_roles: the message's per-episode arrays (``[E, S]``, ``[E]``, ``[E, S]``).
        seats: the acting seat of every turn ``[T]``.
    """
    episodes = np.repeat(np.arange(len(lengths)), lengths)
    players = np.unique(episodes * returns.shape[1] + seats)
    return seat_roles.reshape(-1)[players].astype(np.int64), returns.reshape(-1)[players].astype(np.float64)


class RoleBaselineTracker:
    """RAE's per-role EMA baseline with the per-batch update, replicated from the returns.

    Per trajectory message: every turn reads its role's baseline from before the message, then
    each role's baseline moves ``b = decay * b + (1 - decay) * mean R`` over the message's players
    of that role (as the server's ``PER_BATCH`` estimator does; docs/protocol.md). Tracking it on
    the client lets every mode, including "no baseline", measure what RAE would have subtracted.
    """

    def __init__(self, role_count: int, decay: float = 0.95) -> None:
        self.decay = decay
        self.values = np.zeros(role_count)

    def read_and_update(self, returns: np.ndarray, lengths: np.ndarray, seats: np.ndarray,
                        seat_roles: np.ndarray) -> np.ndarray:
        """The baseline each turn of one message reads; then updates with the message's players.

        Args:
            returns, lengths, seat_roles: the message's per-episode arrays (``[E, S]``, ``[E]``, ``[E, S]``).
            seats: the acting seat of every turn ``[T]``.
        """
        episodes = np.repeat(np.arange(len(lengths)), lengths)
        read = self.values[seat_roles[episodes, seats]]
        player_roles, player_returns = acting_players(returns, lengths, seats, seat_roles)
        counts = np.bincount(player_roles, minlength=len(self.values))
        sums = np.bincount(player_roles, weights=player_returns, minlength=len(self.values))
        seen = counts > 0
        self.values[seen] = self.decay * self.values[seen] + (1 - self.decay) * sums[seen] / counts[seen]
        return read


class StateValueTracker:
    """A tabular critic for reference: each state's running mean return over the previous batches
    (sums and counts decay by ``decay`` per batch), read before the batch it is used on, so it does
    not depend on the batch's own actions. 0 for states never visited."""

    def __init__(self, state_count: int, decay: float = 0.9) -> None:
        self.decay = decay
        self.sums = np.zeros(state_count)
        self.counts = np.zeros(state_count)

    def read_and_update(self, states: np.ndarray, returns: np.ndarray) -> np.ndarray:
        """Each turn's state value from before the batch; then adds the batch's returns."""
        read = np.where(self.counts[states] > 0, self.sums[states] / np.maximum(self.counts[states], 1e-12), 0.0)
        self.sums *= self.decay
        self.counts *= self.decay
        self.sums += np.bincount(states, weights=returns, minlength=len(self.sums))
        self.counts += np.bincount(states, minlength=len(self.counts))
        return read


@dataclass
class BatchMeasurement:
    """What one batch of G games shows about the current policy and its gradient, per role.

    The gradient is the textbook policy-gradient estimate of the batch, the one SPIRAL's learner
    follows: ``g = (1/G) * sum over turns of A * (onehot(a) - pi(s))`` in the turn's row ``s``
    (whatever update the trainer then makes of it). ``noise[baseline][role]`` is its variance (the
    trace of its covariance over the role's rows, games being independent samples);
    ``signal[baseline][role]`` is ``|g|^2`` minus that noise, an unbiased estimate of the squared
    length of the true gradient, the same for every baseline up to sampling error.
    """

    entropy: np.ndarray          # [roles] visit-weighted entropy / log(legal count), 1 = uniform
    near_deterministic: np.ndarray  # [roles] share of visits at states where max pi > 0.99
    #: [roles] how much of a turn's own return leaks into the baseline the server subtracted from it:
    #: the regression slope of that baseline on the return over the role's turns. About 0 when the
    #: baseline cannot know how the game went (and 0 with no baseline); A = R - b then keeps the
    #: gradient unbiased. At 0.3, a third of a win's credit is taken away again by its own baseline.
    baseline_leak: np.ndarray
    noise: Dict[str, np.ndarray]
    signal: Dict[str, np.ndarray]


def measure_batch(game: TabularGame, policy: np.ndarray, games: int, states: np.ndarray, actions: np.ndarray,
                  returns: np.ndarray, baselines: Dict[str, np.ndarray], server_baseline: np.ndarray) -> BatchMeasurement:
    """Entropy of the policy, and the gradient's noise under each of BASELINES.

    Args:
        games: the batch's number of games G; the other arrays have one entry per turn.
        baselines: per BASELINES name, the value subtracted from each turn's return.
        server_baseline: ``R - A`` of the advantages the server sent.
    """
    role_count = len(game.role_names)
    turn_roles = game.roles[states]
    visits = np.bincount(states, minlength=game.state_count).astype(np.float64)
    legal_counts = game.legal.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(policy > 0, policy * np.log(policy), 0.0)
    choice = legal_counts > 1
    normalised = np.where(choice, -plogp.sum(axis=1) / np.log(np.maximum(legal_counts, 2)), 0.0)
    state_weights = visits * choice

    def per_role(weights: np.ndarray) -> np.ndarray:
        return np.bincount(game.roles, weights=weights, minlength=role_count)

    role_weight = np.maximum(per_role(state_weights), 1)
    entropy = per_role(state_weights * normalised) / role_weight
    near = per_role(state_weights * (policy.max(axis=1) > 0.99)) / role_weight
    leak = np.zeros(role_count)
    for role in range(role_count):
        chosen = turn_roles == role
        if chosen.sum() > 1 and returns[chosen].var() > 1e-12:
            centred = returns[chosen] - returns[chosen].mean()
            leak[role] = (centred * server_baseline[chosen]).mean() / returns[chosen].var()

    # A state occurs at most once in a game (true of Kuhn's and TicTacToe's), so a game's term in a
    # row is one turn's, and E|game term|^2 is the mean over games of the sum of its turns' |term|^2.
    score = -policy[states]
    score[np.arange(len(actions)), actions] += 1
    noise, signal = {}, {}
    for name in BASELINES:
        terms = (returns - baselines[name])[:, None] * score
        gradient = np.zeros(policy.shape)
        np.add.at(gradient, states, terms / games)
        squared = per_role(np.bincount(states, weights=(terms * terms).sum(axis=1), minlength=game.state_count)) / games
        length = per_role((gradient * gradient).sum(axis=1))
        noise[name] = (squared - length) / (games - 1)  # the game terms' sample variance, / G
        signal[name] = length - noise[name]
    return BatchMeasurement(entropy, near, leak, noise, signal)


class MeasurementAverage:
    """Averages BatchMeasurements between two checks (one batch is noisy)."""

    def __init__(self) -> None:
        self.items: List[BatchMeasurement] = []

    def add(self, item: BatchMeasurement) -> None:
        self.items.append(item)

    def take(self) -> Dict[str, object]:
        """The mean of what was added since the last take, as JSON-ready lists; then forgets it."""
        items, self.items = self.items, []

        def mean(values: List[np.ndarray]) -> List[float]:
            return np.mean(values, axis=0).tolist()

        return {
            "entropy": mean([item.entropy for item in items]),
            "near_deterministic": mean([item.near_deterministic for item in items]),
            "baseline_leak": mean([item.baseline_leak for item in items]),
            "noise": {name: mean([item.noise[name] for item in items]) for name in BASELINES},
            "signal": {name: mean([item.signal[name] for item in items]) for name in BASELINES},
        }
