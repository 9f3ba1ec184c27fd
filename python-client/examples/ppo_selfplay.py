"""PPO self-play through the bridge: one network plays every seat of any catalog game.

A CleanRL-style trainer in one file (PyTorch: ``pip install ./python-client[torch]``). It plays
vectors of games on ``games serve`` with ``auto_reset``, learns from the finished episodes the
trajectory stream sends back, and measures itself with the project's own tools:

- **Self-play.** One policy network for every seat. Its input is the acting seat's observation
  tensor with a one-hot of the seat and of the role appended; its logits are masked by the
  legal mask. A separate critic network (same input) is trained only when the advantages need
  it (``--advantage gae``).
- **Collection.** Two vectors stay in flight: while the network picks actions for one, the
  server steps the other (``step_async``/``step_wait``), and both are sent off before each
  update, so the server plays while the network learns. The behaviour policy's
  log-probability of every action is kept per (vector, episode, turn) until the episode comes
  back on the trajectory stream; an episode that straddles an update keeps the log-probabilities
  it was played with, as PPO's ratio needs.
- **Advantages** (``--advantage``), the only thing that differs between runs of the ablation:
  ``rae``: the server's RAE, SPIRAL's estimator (``A = R - b[role]``, one EMA baseline per
  role, decay 0.95, read before it moves; moved once per trajectory message), read from the
  stream; ``none``: ``A = R`` (the server's estimator with decay 1); ``global``: one EMA
  baseline for every turn, whatever the role (``A = R - b``, ``b`` moved once per update
  with the update's mean return per turn, read before it moves): the baseline a trainer
  that ignores roles uses; ``gae``: the trainer's own critic with GAE(lambda) over each
  seat's own turns (reward: the change of the seat's return until its next turn), the
  classic-RL choice. ``R`` is the acting seat's final return.
- **PPO** with the clipped objective (0.2), several epochs of minibatches, an entropy bonus,
  gradient clipping, Adam. Advantages are divided by their standard deviation in the update
  batch but not centred: centring would subtract a global baseline from every mode.
- **Evaluation**, with the clock stopped: the exact exploitability of the network's policy
  where the game is small enough to enumerate (Kuhn Poker, TicTacToe: the network is evaluated
  on every information state and ``games exploitability`` computes best responses), and a
  ``games selfplay`` tournament against built-in policies (seats or teams swapped) through
  ``PolicyServer``. Entropy and policy-gradient variance per role are measured on the
  training batches.

Outputs: progress on stderr, checkpoints (``torch.save``), ``--json`` (one object on stdout),
``--plot FILE`` (learning curves; matplotlib). docs/learning.md has the measured results and
the commands that reproduce them.

Run:  python python-client/examples/ppo_selfplay.py --game tic_tac_toe --seconds 600 --plot ttt.png
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
from torch import nn

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "python-client" / "src"))  # run from a checkout without installing

from selfplay import (  # noqa: E402
    Client,
    LocalServer,
    StepResult,
    TrajectoryBatch,
    TrajectoryStream,
    evaluation,
)

ADVANTAGES = ("rae", "none", "global", "gae")
#: Built-in opponents each game is evaluated against (``games selfplay`` policies).
DEFAULT_OPPONENTS = {"tic_tac_toe": "minimax,random", "kuhn_poker": "cfr,random",
                     "negotiation": "heuristic,random", "werewolf": "heuristic,random"}


@dataclass
class Config:
    game: str = "tic_tac_toe"
    advantage: str = "rae"
    seed: int = 0
    seconds: float = 120.0          # training wall time (evaluation excluded)
    max_updates: int = 0            # 0: no limit
    batch_size: int = 512           # games per vector (two vectors)
    turns_per_update: int = 16384   # train once at least this many turns have come back
    epochs: int = 4
    minibatches: int = 4
    learning_rate: float = 1e-3
    clip: float = 0.2
    entropy_coef: float = 0.1
    entropy_final: float = 0.0      # the entropy bonus falls linearly to this over the budget (-1: constant)
    anneal_lr: bool = False         # anneal the learning rate linearly to 0 over the budget
    magnet_coef: float = 0.0        # weight of KL(policy || magnet), a slowly moving copy of the policy
    magnet_rate: float = 0.05       # how far the magnet's parameters move toward the policy's per update
    value_coef: float = 0.5
    max_grad_norm: float = 0.5
    gae_lambda: float = 0.95
    baseline_decay: float = 0.95    # RAE's and the global baseline's EMA decay
    hidden: int = 128
    layers: int = 2
    torch_threads: int = 1
    evaluate: bool = True           # False: no evaluation at all (throughput measurements)
    eval_every: float = 60.0        # seconds of training between evaluations
    eval_episodes: int = 2000       # per pairing, at the end
    progress_episodes: int = 200    # per pairing, during training
    opponents: str = ""             # default: DEFAULT_OPPONENTS for the game
    measure_every: int = 5          # updates between gradient-variance measurements
    checkpoint: str = ""
    load: str = ""


# ----------------------------------------------------------------------------- the network

class Agent(nn.Module):
    """Policy and critic MLPs over (observation, one-hot seat, one-hot role)."""

    def __init__(self, observation_size: int, seat_count: int, role_count: int, action_count: int,
                 hidden: int, layers: int) -> None:
        super().__init__()
        self.observation_size, self.seat_count, self.role_count = observation_size, seat_count, role_count
        inputs = observation_size + seat_count + role_count
        self.actor = _mlp(inputs, hidden, layers, action_count, last_gain=0.01)
        self.critic = _mlp(inputs, hidden, layers, 1, last_gain=1.0)

    def features(self, observations: np.ndarray, seats: np.ndarray, roles: np.ndarray) -> torch.Tensor:
        n = len(seats)
        x = np.zeros((n, self.observation_size + self.seat_count + self.role_count), dtype=np.float32)
        x[:, :self.observation_size] = observations.reshape(n, -1)
        x[np.arange(n), self.observation_size + seats] = 1
        x[np.arange(n), self.observation_size + self.seat_count + roles] = 1
        return torch.from_numpy(x)

    def logits(self, x: torch.Tensor, masks: torch.Tensor) -> torch.Tensor:
        return self.actor(x).masked_fill(~masks, torch.finfo(torch.float32).min)

    def value(self, x: torch.Tensor) -> torch.Tensor:
        return self.critic(x).squeeze(-1)

    def sample(self, observations: np.ndarray, masks: np.ndarray, seats: np.ndarray, roles: np.ndarray,
               generator: torch.Generator) -> Tuple[np.ndarray, np.ndarray]:
        """One action per decision point drawn from the policy, and its log-probability."""
        with torch.no_grad():
            x = self.features(observations, seats, roles)
            log_p = torch.log_softmax(self.logits(x, torch.from_numpy(masks)), dim=-1)
            actions = torch.multinomial(log_p.exp(), 1, generator=generator)
            return actions.squeeze(1).numpy(), log_p.gather(1, actions).squeeze(1).numpy()

    def probabilities(self, observations: np.ndarray, masks: np.ndarray, seats: np.ndarray,
                      roles: np.ndarray) -> np.ndarray:
        """The policy at a batch of decision points, as numpy (for evaluation)."""
        with torch.no_grad():
            x = self.features(observations, seats, roles)
            return torch.softmax(self.logits(x, torch.from_numpy(masks > 0)), dim=-1).numpy()


def _mlp(inputs: int, hidden: int, layers: int, outputs: int, last_gain: float) -> nn.Sequential:
    modules: List[nn.Module] = []
    width = inputs
    for _ in range(layers):
        linear = nn.Linear(width, hidden)
        nn.init.orthogonal_(linear.weight, np.sqrt(2))
        nn.init.zeros_(linear.bias)
        modules += [linear, nn.Tanh()]
        width = hidden
    head = nn.Linear(width, outputs)
    nn.init.orthogonal_(head.weight, last_gain)  # small policy head: near-uniform start (CleanRL)
    nn.init.zeros_(head.bias)
    return nn.Sequential(*modules, head)


# ----------------------------------------------------------------------------- collection

class BehaviourLog:
    """What each action was sampled from, per (episode, turn) of one vector: its
    log-probability and the legal mask (the trajectory stream sends neither), kept until the
    episode comes back on the stream. A ring over episode ids: the server numbers a vector's
    episodes in order, and an episode is needed for as long as it runs plus the time its
    message takes to arrive. While one slot plays a long episode the others may start many
    short ones, so the ring holds more episodes per slot for games whose lengths vary more;
    a row still in use is never overwritten silently (``lookup`` raises). Masks are kept as
    bits (Negotiation has 803 actions)."""

    def __init__(self, episodes: int, max_turns: int, action_count: int) -> None:
        self.action_count = action_count
        self.log_probs = np.zeros((episodes, max_turns), dtype=np.float32)
        self.masks = np.zeros((episodes, max_turns, (action_count + 7) // 8), dtype=np.uint8)
        self.owner = np.full(episodes, -1, dtype=np.int64)

    def record(self, episode_ids: np.ndarray, turns: np.ndarray, log_probs: np.ndarray, masks: np.ndarray) -> None:
        rows = episode_ids % len(self.owner)
        self.owner[rows] = episode_ids
        self.log_probs[rows, turns] = log_probs
        self.masks[rows, turns] = np.packbits(masks, axis=1)

    def lookup(self, episode_ids: np.ndarray, turns: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        rows = episode_ids % len(self.owner)
        if np.any(self.owner[rows] != episode_ids):
            raise RuntimeError("an episode came back after its behaviour log was overwritten; raise the ring size")
        masks = np.unpackbits(self.masks[rows, turns], axis=1, count=self.action_count).astype(np.bool_)
        return self.log_probs[rows, turns], masks


class Collector:
    """Two auto-reset vectors in flight; each step picks actions for one while the other is stepped."""

    def __init__(self, client: Client, cfg: Config, agent: Agent, generator: torch.Generator) -> None:
        self.agent, self.generator = agent, generator
        options = {"decay": 1.0} if cfg.advantage == "none" else {"decay": cfg.baseline_decay, "update": "per_batch"}
        self.vectors = [client.make_vector(cfg.game, batch_size=cfg.batch_size, seed=cfg.seed * 1000 + k,
                                           auto_reset=True, trajectories=options) for k in range(2)]
        self.spec = self.vectors[0].spec
        ring = cfg.batch_size * int(np.clip(self.spec.max_game_length, 8, 64))
        self.logs = {v.vector_id: BehaviourLog(ring, self.spec.max_game_length, self.spec.action_count)
                     for v in self.vectors}
        self.turns = [np.zeros(cfg.batch_size, dtype=np.int64) for _ in self.vectors]
        self.episodes = [np.full(cfg.batch_size, -1, dtype=np.int64) for _ in self.vectors]
        self.env_steps = 0
        self.wait_seconds = 0.0
        for index, vector in enumerate(self.vectors):
            self._act(index, vector.reset())

    def _act(self, index: int, result: StepResult) -> None:
        """Samples one action per slot with the current network and sends the STEP."""
        vector = self.vectors[index]
        fresh = result.episode_ids != self.episodes[index]  # a new episode began in these slots
        self.turns[index][fresh] = 0
        self.episodes[index][:] = result.episode_ids
        masks = result.legal_masks > 0
        actions, chosen = self.agent.sample(result.observations, masks, result.current_seats, result.current_roles,
                                            self.generator)
        self.logs[vector.vector_id].record(result.episode_ids, self.turns[index], chosen, masks)
        self.turns[index] += 1
        vector.step_async(actions)

    def step(self) -> None:
        """Collects the result of each vector's STEP in flight and sends its next one."""
        for index, vector in enumerate(self.vectors):
            start = time.monotonic()
            result = vector.step_wait()
            self.wait_seconds += time.monotonic() - start
            self.env_steps += vector.batch_size
            self._act(index, result)

    def behaviour(self, batch: TrajectoryBatch) -> Tuple[np.ndarray, np.ndarray]:
        """The log-probabilities and legal masks of a trajectory message's turns."""
        episode_of_turn = np.repeat(batch.episode_ids, batch.lengths)
        return self.logs[batch.vector_id].lookup(episode_of_turn, batch.turn_indices)


# ----------------------------------------------------------------------------- training batches

@dataclass
class TurnBatch:
    """The turns of the episodes that came back since the last update, columns over turns."""

    observations: np.ndarray
    masks: np.ndarray
    seats: np.ndarray
    roles: np.ndarray
    actions: np.ndarray
    old_log_probs: np.ndarray
    server_advantages: np.ndarray
    returns: np.ndarray          # the acting seat's final return in the episode
    rewards: np.ndarray          # the change of the seat's return until its next turn
    next_same_seat: np.ndarray   # the index of the seat's next turn in the episode, -1 at its last

    @property
    def size(self) -> int:
        return len(self.actions)


def gather_turns(batches: Sequence[Tuple[TrajectoryBatch, Tuple[np.ndarray, np.ndarray]]]) -> TurnBatch:
    """Joins trajectory messages, each with its turns' behaviour log, into one TurnBatch."""
    parts: Dict[str, List[np.ndarray]] = {key: [] for key in (
        "observations", "masks", "seats", "roles", "actions", "old", "advantages", "returns", "rewards", "next")}
    offset = 0
    for batch, (old_log_probs, masks) in batches:
        n = batch.turn_count
        episode_of_turn = np.repeat(np.arange(batch.episode_count), batch.lengths)
        following = _next_turn_of_same_seat(episode_of_turn, batch.seats, batch.turn_indices)
        parts["observations"].append(np.asarray(batch.observations, dtype=np.float32).reshape(n, -1))
        parts["masks"].append(masks)
        parts["seats"].append(batch.seats)
        parts["roles"].append(batch.roles)
        parts["actions"].append(batch.actions)
        parts["old"].append(old_log_probs)
        parts["advantages"].append(batch.advantages)
        parts["returns"].append(batch.returns[episode_of_turn, batch.seats])
        parts["rewards"].append(batch.rewards)
        parts["next"].append(np.where(following >= 0, following + offset, -1))
        offset += n
    joined = {key: np.concatenate(value) for key, value in parts.items()}
    return TurnBatch(
        observations=joined["observations"], masks=joined["masks"], seats=joined["seats"], roles=joined["roles"],
        actions=joined["actions"], old_log_probs=joined["old"], server_advantages=joined["advantages"],
        returns=joined["returns"], rewards=joined["rewards"], next_same_seat=joined["next"])


def _next_turn_of_same_seat(episode: np.ndarray, seats: np.ndarray, turn: np.ndarray) -> np.ndarray:
    """For each turn, the index of the same seat's next turn in the same episode, or -1."""
    order = np.lexsort((turn, seats, episode))
    following = np.full(len(order), -1, dtype=np.int64)
    same = (episode[order[1:]] == episode[order[:-1]]) & (seats[order[1:]] == seats[order[:-1]])
    following[order[:-1][same]] = order[1:][same]
    return following


# ----------------------------------------------------------------------------- advantages

class Advantages:
    """The advantage of every turn of a TurnBatch, by ``--advantage`` mode (module docstring)."""

    def __init__(self, cfg: Config) -> None:
        self.mode, self.decay, self.gae_lambda = cfg.advantage, cfg.baseline_decay, cfg.gae_lambda
        self.global_baseline = 0.0

    def __call__(self, batch: TurnBatch, agent: Agent) -> Tuple[np.ndarray, Optional[np.ndarray]]:
        """(advantages, value targets or None)."""
        if self.mode in ("rae", "none"):
            return batch.server_advantages.astype(np.float32), None
        if self.mode == "global":
            baseline = self.global_baseline  # read before it moves, as RAE's
            self.global_baseline = self.decay * baseline + (1 - self.decay) * float(batch.returns.mean())
            return (batch.returns - baseline).astype(np.float32), None
        with torch.no_grad():
            values = agent.value(agent.features(batch.observations, batch.seats, batch.roles)).numpy()
        advantages = seat_gae(batch.rewards, values, batch.next_same_seat, self.gae_lambda)
        return advantages, advantages + values


def seat_gae(rewards: np.ndarray, values: np.ndarray, following: np.ndarray, lam: float) -> np.ndarray:
    """GAE(lambda), gamma 1, along each seat's own turns: ``delta_t = r_t + V(next) - V(t)``,
    ``A_t = delta_t + lambda * A_next``, with V = 0 after the seat's last turn. Turns are
    solved last-first by repeatedly resolving turns whose successor is done (at most the
    longest chain of turns rounds, each vectorised)."""
    next_value = np.where(following >= 0, values[np.maximum(following, 0)], 0.0)
    delta = rewards + next_value - values
    advantages = np.zeros_like(values)
    done = following < 0
    advantages[done] = delta[done]
    while not done.all():
        ready = ~done & done[np.maximum(following, 0)]
        advantages[ready] = delta[ready] + lam * advantages[following[ready]]
        done |= ready
    return advantages.astype(np.float32)


# ----------------------------------------------------------------------------- PPO

@dataclass
class UpdateStats:
    policy_loss: float = 0.0
    value_loss: float = 0.0
    entropy: float = 0.0
    approx_kl: float = 0.0
    clip_fraction: float = 0.0


def ppo_update(agent: Agent, optimizer: torch.optim.Optimizer, cfg: Config, batch: TurnBatch,
               advantages: np.ndarray, targets: Optional[np.ndarray], generator: torch.Generator,
               entropy_coef: float, magnet: Optional[Agent] = None) -> UpdateStats:
    """Clipped PPO over ``cfg.epochs`` passes of ``cfg.minibatches`` minibatches; with a
    ``magnet``, plus ``cfg.magnet_coef * KL(policy || magnet)`` (magnetic mirror descent,
    Sokota et al. 2023: the pull toward a slowly moving copy of the policy damps the cycling of
    last-iterate self-play in games with mixed equilibria, such as poker)."""
    x = agent.features(batch.observations, batch.seats, batch.roles)
    masks = torch.from_numpy(batch.masks)
    actions = torch.from_numpy(batch.actions.astype(np.int64))
    old = torch.from_numpy(batch.old_log_probs)
    scale = float(advantages.std()) + 1e-8  # scaled, not centred (module docstring)
    adv = torch.from_numpy(advantages / scale)
    target = torch.from_numpy(targets) if targets is not None else None
    stats = UpdateStats()
    count = 0
    size = batch.size
    step = max(1, size // cfg.minibatches)
    for _ in range(cfg.epochs):
        order = torch.randperm(size, generator=generator)
        for start in range(0, size, step):
            index = order[start:start + step]
            log_p = torch.log_softmax(agent.logits(x[index], masks[index]), dim=-1)
            new = log_p.gather(1, actions[index, None]).squeeze(1)
            ratio = torch.exp(new - old[index])
            clipped = torch.clamp(ratio, 1 - cfg.clip, 1 + cfg.clip)
            policy_loss = -torch.min(ratio * adv[index], clipped * adv[index]).mean()
            probs = log_p.exp()
            entropy = -(probs * log_p.masked_fill(~masks[index], 0.0)).sum(-1).mean()
            loss = policy_loss - entropy_coef * entropy
            if magnet is not None:
                with torch.no_grad():
                    magnet_log_p = torch.log_softmax(magnet.logits(x[index], masks[index]), dim=-1)
                kl = (probs * (log_p - magnet_log_p).masked_fill(~masks[index], 0.0)).sum(-1).mean()
                loss = loss + cfg.magnet_coef * kl
            value_loss = torch.zeros(())
            if target is not None:
                value_loss = 0.5 * (agent.value(x[index]) - target[index]).pow(2).mean()
                loss = loss + cfg.value_coef * value_loss
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(agent.parameters(), cfg.max_grad_norm)
            optimizer.step()
            with torch.no_grad():
                log_ratio = new - old[index]
                stats.approx_kl += float(((ratio - 1) - log_ratio).mean())
                stats.clip_fraction += float(((ratio - 1).abs() > cfg.clip).float().mean())
            stats.policy_loss += policy_loss.item()
            stats.value_loss += value_loss.item()
            stats.entropy += entropy.item()
            count += 1
    for key in asdict(stats):
        setattr(stats, key, getattr(stats, key) / count)
    return stats


def role_measurements(agent: Agent, batch: TurnBatch, advantages: np.ndarray, role_names: Sequence[str],
                      chunks: int = 16) -> Dict[str, Dict[str, float]]:
    """Per role: the policy's entropy on the batch's turns (divided by log(legal actions), so
    1 is uniform), and the variance of the policy-gradient estimate ``A * grad log pi(a|s)``
    per turn (its covariance's trace, estimated from ``chunks`` disjoint chunks of the role's
    turns), with the advantages the update used, before scaling."""
    x = agent.features(batch.observations, batch.seats, batch.roles)
    masks = torch.from_numpy(batch.masks)
    actions = torch.from_numpy(batch.actions.astype(np.int64))
    out: Dict[str, Dict[str, float]] = {}
    params = list(agent.actor.parameters())
    for role, name in enumerate(role_names):
        turns = np.flatnonzero(batch.roles == role)
        if len(turns) < 2 * chunks:
            continue
        with torch.no_grad():
            log_p = torch.log_softmax(agent.logits(x[turns], masks[turns]), dim=-1)
            entropy = -(log_p.exp() * log_p.masked_fill(~masks[turns], 0.0)).sum(-1)
            legal = masks[turns].sum(-1).clamp(min=2).float()
            normalised = float((entropy / legal.log()).mean())
        gradients = []
        for part in np.array_split(turns, chunks):
            log_p = torch.log_softmax(agent.logits(x[part], masks[part]), dim=-1)
            chosen = log_p.gather(1, actions[part, None]).squeeze(1)
            objective = (torch.from_numpy(advantages[part]) * chosen).mean()
            grads = torch.autograd.grad(objective, params)
            gradients.append(torch.cat([g.reshape(-1) for g in grads]))
        stacked = torch.stack(gradients)
        per_turn_variance = float(stacked.var(dim=0).sum()) * (len(turns) / chunks)
        out[name] = {"entropy": normalised, "gradient_variance": per_turn_variance,
                     "mean_return": float(batch.returns[turns].mean()),
                     "mean_advantage": float(advantages[turns].mean()), "turns": int(len(turns))}
    return out


# ----------------------------------------------------------------------------- evaluation

class Evaluator:
    """Exact exploitability (games small enough to enumerate) and tournaments, clock stopped."""

    def __init__(self, binary: str, cfg: Config, agent: Agent, seed: int) -> None:
        self.binary, self.cfg, self.agent = binary, cfg, agent
        base = cfg.game.split("(")[0]
        self.opponents = [o for o in (cfg.opponents or DEFAULT_OPPONENTS.get(base, "random")).split(",") if o]
        self.generator = np.random.default_rng(seed)
        try:
            self.states: Optional[evaluation.InformationStates] = evaluation.information_states(binary, cfg.game)
        except RuntimeError as error:  # too large to enumerate: no exploitability, tournaments only
            log(f"no exact exploitability for {cfg.game}: {str(error).splitlines()[0][:200]}")
            self.states = None

    def sampled(self, observations: np.ndarray, masks: np.ndarray, seats: np.ndarray, roles: np.ndarray) -> np.ndarray:
        """The policy as it trains: an action drawn from its distribution."""
        probs = self.agent.probabilities(observations, masks, seats, roles).astype(np.float64)
        probs /= probs.sum(axis=1, keepdims=True)
        u = self.generator.random((len(probs), 1))
        return np.minimum((probs.cumsum(axis=1) < u).sum(axis=1), probs.shape[1] - 1)

    def greedy(self, observations: np.ndarray, masks: np.ndarray, seats: np.ndarray, roles: np.ndarray) -> np.ndarray:
        """The policy's most likely action."""
        return self.agent.probabilities(observations, masks, seats, roles).argmax(axis=1)

    def exploitability(self) -> Optional[float]:
        if self.states is None:
            return None
        return evaluation.exploitability(self.binary, self.states, self.agent.probabilities).exploitability

    def matches(self, episodes: int, seed: int, greedy: bool = False) -> Dict[str, Dict[str, object]]:
        """One match per opponent (its per-role results need a tournament of its own), plus
        each policy's rating from one round robin of all of them when there are several."""
        policy = self.greedy if greedy else self.sampled
        out: Dict[str, Dict[str, object]] = {}
        for name in self.opponents:
            single = evaluation.tournament(self.binary, self.cfg.game, policy, [name], episodes=episodes, seed=seed)
            out[name] = single.matches[name].to_json()
        if len(self.opponents) > 1:
            everyone = evaluation.tournament(self.binary, self.cfg.game, policy, self.opponents, episodes=episodes, seed=seed)
            for name in self.opponents:
                out[name]["rating"] = everyone.ratings.get(everyone.learner)
        return out


# ----------------------------------------------------------------------------- the run

@dataclass
class Check:
    """One evaluation point of the learning curve."""

    train_seconds: float
    env_steps: int
    turns_trained: int
    updates: int
    exploitability: Optional[float]
    matches: Dict[str, Dict[str, object]]


@dataclass
class RunResult:
    config: Dict[str, object]
    checks: List[Check] = field(default_factory=list)
    measurements: List[Dict[str, object]] = field(default_factory=list)  # per measured update
    update_stats: List[Dict[str, float]] = field(default_factory=list)   # per update: losses, entropy, KL
    parameter_change: float = 0.0      # |final - initial| / |initial| over the network's parameters
    updates: int = 0
    env_steps: int = 0
    turns_trained: int = 0
    train_seconds: float = 0.0
    wait_seconds: float = 0.0          # waiting for STEP replies and trajectory messages
    learn_seconds: float = 0.0         # PPO updates and measurements
    final: Dict[str, object] = field(default_factory=dict)

    def to_json(self) -> Dict[str, object]:
        out = asdict(self)
        out["env_steps_per_second"] = self.env_steps / self.train_seconds if self.train_seconds else None
        out["wait_share"] = self.wait_seconds / self.train_seconds if self.train_seconds else None
        return out


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def train(binary: str, cfg: Config) -> RunResult:
    """One run on a fresh server (fresh RAE baselines)."""
    torch.manual_seed(cfg.seed)
    torch.set_num_threads(cfg.torch_threads)
    generator = torch.Generator().manual_seed(cfg.seed)
    run = RunResult(config=asdict(cfg))
    with LocalServer(binary) as server, Client(server.endpoint, timeout=120) as client, \
            TrajectoryStream(server.trajectory_endpoint, timeout=120) as stream:
        spec = client.make_vector(cfg.game, batch_size=1).spec
        observation_size = int(np.prod(spec.observation_shape))
        agent = Agent(observation_size, spec.seat_count, len(spec.role_names), spec.action_count, cfg.hidden, cfg.layers)
        optimizer = torch.optim.Adam(agent.parameters(), lr=cfg.learning_rate, eps=1e-5)
        if cfg.load:
            saved = torch.load(cfg.load, weights_only=False)
            agent.load_state_dict(saved["agent"])
            optimizer.load_state_dict(saved["optimizer"])
        evaluator = Evaluator(binary, cfg, agent, cfg.seed) if cfg.evaluate else None
        advantages = Advantages(cfg)
        collector = Collector(client, cfg, agent, generator)
        magnet = copy.deepcopy(agent) if cfg.magnet_coef > 0 else None
        if evaluator:
            run.checks.append(_check(evaluator, run, cfg))
        next_eval = cfg.eval_every if evaluator else float("inf")
        # Messages with their behaviour logs, read as they arrive (the ring is then free for new episodes).
        pending: List[Tuple[TrajectoryBatch, Tuple[np.ndarray, np.ndarray]]] = []
        pending_turns = 0
        clock = time.monotonic()
        initial = torch.cat([p.detach().reshape(-1).clone() for p in agent.parameters()])
        while (cfg.seconds <= 0 or run.train_seconds < cfg.seconds) and (cfg.max_updates <= 0 or run.updates < cfg.max_updates):
            collector.step()
            start = time.monotonic()
            while (message := stream.receive(timeout=0)) is not None:
                pending.append((message, collector.behaviour(message)))
                pending_turns += message.turn_count
            collector.wait_seconds += time.monotonic() - start
            if pending_turns >= cfg.turns_per_update:
                start = time.monotonic()
                batch = gather_turns(pending)
                pending, pending_turns = [], 0
                adv, targets = advantages(batch, agent)
                if run.updates % cfg.measure_every == 0:
                    measured = role_measurements(agent, batch, adv, spec.role_names)
                    run.measurements.append({"update": run.updates, "train_seconds": run.train_seconds,
                                             "env_steps": collector.env_steps, "roles": measured})
                progress = min(1.0, run.train_seconds / cfg.seconds) if cfg.seconds > 0 else run.updates / cfg.max_updates
                if cfg.anneal_lr:
                    optimizer.param_groups[0]["lr"] = cfg.learning_rate * (1 - progress)
                entropy_coef = cfg.entropy_coef if cfg.entropy_final < 0 else \
                    cfg.entropy_coef + progress * (cfg.entropy_final - cfg.entropy_coef)
                stats = ppo_update(agent, optimizer, cfg, batch, adv, targets, generator, entropy_coef, magnet)
                if magnet is not None:
                    with torch.no_grad():
                        for kept, current in zip(magnet.parameters(), agent.parameters()):
                            kept.lerp_(current, cfg.magnet_rate)
                run.updates += 1
                run.turns_trained += batch.size
                run.update_stats.append(asdict(stats))
                run.learn_seconds += time.monotonic() - start
                if run.updates % 10 == 0:
                    log(f"[{cfg.game} {cfg.advantage} seed {cfg.seed}] update {run.updates} "
                        f"{run.train_seconds:.0f}s env steps {collector.env_steps} entropy {stats.entropy:.3f} "
                        f"kl {stats.approx_kl:.4f} clip {stats.clip_fraction:.3f}")
            now = time.monotonic()
            run.train_seconds += now - clock
            clock = now
            run.env_steps, run.wait_seconds = collector.env_steps, collector.wait_seconds
            if evaluator and run.train_seconds >= next_eval:
                run.checks.append(_check(evaluator, run, cfg))
                next_eval += cfg.eval_every
                clock = time.monotonic()  # evaluation is not training time
                if cfg.checkpoint:
                    save_checkpoint(cfg.checkpoint, agent, optimizer, cfg, run)
        for vector in collector.vectors:
            vector.close()
        final = torch.cat([p.detach().reshape(-1) for p in agent.parameters()])
        run.parameter_change = float((final - initial).norm() / initial.norm())
        if evaluator:
            run.final = _final(evaluator, run, cfg)
        if cfg.checkpoint:
            save_checkpoint(cfg.checkpoint, agent, optimizer, cfg, run)
    return run


def _check(evaluator: Evaluator, run: RunResult, cfg: Config) -> Check:
    check = Check(run.train_seconds, run.env_steps, run.turns_trained, run.updates, evaluator.exploitability(),
                  evaluator.matches(cfg.progress_episodes, seed=len(run.checks)) if cfg.progress_episodes else {})
    parts = [f"[{cfg.game} {cfg.advantage} seed {cfg.seed}] check at {check.train_seconds:.0f}s, {check.updates} updates"]
    if check.exploitability is not None:
        parts.append(f"exploitability {check.exploitability:.4f}")
    for name, match in check.matches.items():
        parts.append(f"vs {name}: won {match['win_rate']:.2f} lost {1 - float(match['not_lost_rate']):.2f}")  # type: ignore[arg-type]
    log(", ".join(parts))
    return check


def _final(evaluator: Evaluator, run: RunResult, cfg: Config) -> Dict[str, object]:
    final: Dict[str, object] = {"exploitability": evaluator.exploitability()}
    if cfg.eval_episodes:
        final["sampled"] = evaluator.matches(cfg.eval_episodes, seed=10_000 + cfg.seed)
        final["greedy"] = evaluator.matches(cfg.eval_episodes, seed=10_000 + cfg.seed, greedy=True)
    log(f"[{cfg.game} {cfg.advantage} seed {cfg.seed}] final: {json.dumps(final)[:600]}")
    return final


def save_checkpoint(path: str, agent: Agent, optimizer: torch.optim.Optimizer, cfg: Config, run: RunResult) -> None:
    torch.save({"agent": agent.state_dict(), "optimizer": optimizer.state_dict(), "config": asdict(cfg),
                "updates": run.updates, "env_steps": run.env_steps}, path)


# ----------------------------------------------------------------------------- command line

def parse(argv: Optional[List[str]]) -> Tuple[Config, List[str], List[int], argparse.Namespace]:
    defaults = Config()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    for name, value in asdict(defaults).items():
        if name in ("advantage", "seed"):
            continue
        if isinstance(value, bool):
            flag = name.replace("_", "-")
            parser.add_argument(f"--{flag}" if not value else f"--no-{flag}", dest=name,
                                action="store_true" if not value else "store_false")
        else:
            parser.add_argument("--" + name.replace("_", "-"), type=type(value), default=value)
    parser.add_argument("--advantages", default="rae", help=f"comma-separated modes among {','.join(ADVANTAGES)}")
    parser.add_argument("--seeds", default="0", help="comma-separated seeds; every mode runs on every seed")
    parser.add_argument("--binary", default=os.environ.get("SELFPLAY_GAMES_BIN", str(REPO_ROOT / ".build/release/games")),
                        help="the games executable (env SELFPLAY_GAMES_BIN)")
    parser.add_argument("--json", action="store_true", help="print every run as one JSON object on stdout")
    parser.add_argument("--plot", default="", help="write learning curves to this PNG")
    args = parser.parse_args(argv)
    modes = [m for m in args.advantages.split(",") if m]
    bad = [m for m in modes if m not in ADVANTAGES]
    if bad or not modes:
        parser.error(f"--advantages: unknown mode(s) {bad}; choose among {', '.join(ADVANTAGES)}")
    try:
        seeds = [int(s) for s in args.seeds.split(",") if s]
    except ValueError:
        parser.error(f"--seeds must be comma-separated integers, got {args.seeds!r}")
    if not Path(args.binary).exists():
        parser.error(f"no games executable at {args.binary}: run `swift build -c release` or pass --binary")
    cfg = Config(**{name: getattr(args, name) for name in asdict(defaults) if name not in ("advantage", "seed")})
    if cfg.seconds <= 0 and cfg.max_updates <= 0:
        parser.error("give a positive --seconds or --max-updates")
    return cfg, modes, seeds, args


def main(argv: Optional[List[str]] = None) -> int:
    base, modes, seeds, args = parse(argv)
    runs = []
    for seed in seeds:
        for mode in modes:
            cfg = Config(**{**asdict(base), "advantage": mode, "seed": seed})
            if base.checkpoint and (len(seeds) > 1 or len(modes) > 1):
                cfg.checkpoint = f"{Path(base.checkpoint).with_suffix('')}-{mode}-{seed}.pt"
            runs.append(train(args.binary, cfg))
    reports = [r.to_json() for r in runs]
    if args.plot:
        from ppo_report import plot  # matplotlib, only when plotting
        plot(reports, args.plot)
    if args.json:
        print(json.dumps({"runs": reports}, default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
