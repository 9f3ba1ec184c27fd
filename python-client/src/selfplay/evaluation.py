"""Measuring a learner's policy with the project's own tools: exact exploitability and tournaments.

Both work for any policy a trainer can evaluate on a batch of observation tensors (a neural
network, a table, a rule): nothing here imports a learning library.

- ``exploitability`` evaluates the policy on every information state of a small game (the rows
  ``games infostates GAME --json`` lists, each with the observation tensor the acting seat
  sees there), writes the result as a tabular policy file (docs/policy-format.md) and asks
  ``games exploitability`` for its exact NashConv: best responses over the whole game tree.
- ``tournament`` serves the policy with ``PolicyServer`` and plays it against built-in
  policies with ``games selfplay`` (seats or teams swapped, Bradley-Terry ratings with
  bootstrap intervals), then reads the results from the learner's side.
"""

from __future__ import annotations

import json
import math
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from .policy_server import PolicyFunction, PolicyServer

#: ``fn(observations [N, *obs], legal_masks [N, A], seats [N], roles [N]) -> probabilities [N, A]``:
#: the policy's action distribution at N decision points (rows sum to 1 over legal actions).
ProbabilityFunction = Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], Any]


@dataclass(frozen=True)
class InformationStates:
    """Every information state of a small game, with what the acting seat observes there.

    Attributes:
        game: the canonical game string.
        keys: the information-state strings (the keys of a tabular policy file).
        seats, roles: ``[N]`` int32, the acting seat and its role.
        legal_masks: ``[N, A]`` uint8, 1 for each legal action.
        observations: ``[N, *observation_shape]`` float32, the acting seat's observation tensor.
        role_names: the game's role names (indexed by ``roles``).
        prompts: the acting seat's text prompt at each state (None where the game's text shows
            more than the information state, or from a server too old to send it).
        action_texts: the text of each legal action (in the order of the mask's ones).
    """

    game: str
    keys: Tuple[str, ...]
    seats: np.ndarray
    roles: np.ndarray
    legal_masks: np.ndarray
    observations: np.ndarray
    role_names: Tuple[str, ...]
    prompts: Tuple[Optional[str], ...] = ()
    action_texts: Tuple[Tuple[str, ...], ...] = ()

    @property
    def count(self) -> int:
        return len(self.keys)

    @classmethod
    def from_json(cls, document: Dict[str, Any]) -> InformationStates:
        """Reads the object ``games infostates GAME --json`` prints."""
        rows = document["information_states"]
        action_count = int(document["action_count"])
        shape = tuple(int(n) for n in document["observation_shape"])
        masks = np.zeros((len(rows), action_count), dtype=np.uint8)
        for index, row in enumerate(rows):
            masks[index, row["legal_actions"]] = 1
        observations = np.array([row["observation"] for row in rows], dtype=np.float32).reshape((len(rows),) + shape)
        return cls(
            game=document["game"],
            keys=tuple(row["key"] for row in rows),
            seats=np.array([row["seat"] for row in rows], dtype=np.int32),
            roles=np.array([row["role"] for row in rows], dtype=np.int32),
            legal_masks=masks,
            observations=observations,
            role_names=tuple(document["role_names"]),
            prompts=tuple(row.get("prompt") for row in rows),
            action_texts=tuple(tuple(row.get("action_texts", ())) for row in rows),
        )


def information_states(binary: str, game: str) -> InformationStates:
    """Lists ``game``'s information states with ``games infostates GAME --json``.

    Raises:
        RuntimeError: the command failed (a game too large to enumerate, a bad game string);
            the message is the command's own.
    """
    return InformationStates.from_json(json.loads(_run([binary, "infostates", game, "--json"])))


def policy_table(states: InformationStates, probabilities: ProbabilityFunction) -> np.ndarray:
    """``[N, A]`` float64: the policy's probabilities at every information state, zero on
    illegal actions and renormalised over the legal ones.

    Raises:
        ValueError: the function returned the wrong shape, a negative or non-finite value, or
            no probability on any legal action of some state.
    """
    table = np.asarray(probabilities(states.observations, states.legal_masks, states.seats, states.roles),
                       dtype=np.float64)
    if table.shape != states.legal_masks.shape:
        raise ValueError(f"the policy returned probabilities of shape {table.shape}; expected {states.legal_masks.shape}")
    if not np.all(np.isfinite(table)) or np.any(table < 0):
        raise ValueError("the policy returned negative or non-finite probabilities")
    table = np.where(states.legal_masks > 0, table, 0.0)
    totals = table.sum(axis=1, keepdims=True)
    empty = np.flatnonzero(totals[:, 0] <= 0)
    if len(empty):
        raise ValueError(f"the policy gives no probability to any legal action at {len(empty)} information "
                         f"states, e.g. {states.keys[empty[0]]!r}")
    normalized: np.ndarray = table / totals
    return normalized


def save_policy(states: InformationStates, table: np.ndarray, path: Path,
                metadata: Optional[Dict[str, str]] = None) -> None:
    """Writes ``table`` (from ``policy_table``) as a tabular policy file (docs/policy-format.md)."""
    rows = {key: row.tolist() for key, row in zip(states.keys, table)}
    document = {"format": "selfplay.tabular_policy", "version": 1, "game": states.game,
                "action_count": int(states.legal_masks.shape[1]), "metadata": metadata or {},
                "policy": dict(sorted(rows.items()))}
    path.write_text(json.dumps(document))


@dataclass(frozen=True)
class Exploitability:
    """``games exploitability``'s answer: NashConv, exploitability (NashConv / seats) and, per
    seat, the best response's value against the policy and the policy's own value."""

    nash_conv: float
    exploitability: float
    seats: List[Dict[str, float]]


def exploitability(binary: str, states: InformationStates, probabilities: ProbabilityFunction,
                   *, path: Optional[Path] = None) -> Exploitability:
    """The exact exploitability of a policy given as a function of observation tensors.

    Args:
        binary: the ``games`` executable.
        states: ``information_states(binary, game)`` (list them once, evaluate many policies).
        probabilities: the policy (see ``ProbabilityFunction``).
        path: where to keep the policy file (default: a temporary file, deleted afterwards).
    """
    table = policy_table(states, probabilities)
    with tempfile.TemporaryDirectory() as scratch:
        target = path or Path(scratch) / "policy.json"
        save_policy(states, table, target, {"source": "selfplay.evaluation.exploitability"})
        report = json.loads(_run([binary, "exploitability", states.game, "--policy", str(target), "--json"]))
    return Exploitability(float(report["nash_conv"]), float(report["exploitability"]), list(report["seats"]))


@dataclass
class MatchResult:
    """The learner's results against one opponent, from the learner's side.

    ``mean_return_ci95`` is the half-width of the 95% interval of the mean return;
    ``win_rate_ci95`` that of the win rate (normal approximation, 1.96 standard errors).
    ``by_role`` maps the learner's roles to their wins, draws, losses and mean return.
    """

    opponent: str
    episodes: int
    wins: int
    draws: int
    losses: int
    mean_return: float
    mean_return_ci95: float
    by_role: Dict[str, Dict[str, float]] = field(default_factory=dict)

    @property
    def win_rate(self) -> float:
        return self.wins / self.episodes if self.episodes else math.nan

    @property
    def not_lost_rate(self) -> float:
        return (self.wins + self.draws) / self.episodes if self.episodes else math.nan

    @property
    def win_rate_ci95(self) -> float:
        p = self.win_rate
        return 1.96 * math.sqrt(p * (1 - p) / self.episodes) if self.episodes else math.nan

    def to_json(self) -> Dict[str, Any]:
        out = dict(self.__dict__)
        out.update(win_rate=self.win_rate, win_rate_ci95=self.win_rate_ci95, not_lost_rate=self.not_lost_rate)
        return out


@dataclass
class TournamentResult:
    """``games selfplay``'s report with the learner in it: its match against each opponent,
    every policy's rating (Elo scale, bootstrap 95% interval) and the raw report."""

    learner: str
    matches: Dict[str, MatchResult]
    ratings: Dict[str, Dict[str, float]]
    report: Dict[str, Any]


def tournament(binary: str, game: str, policy: PolicyFunction, opponents: Sequence[str], *,
               episodes: int = 2000, seed: int = 0, threads: Optional[int] = None,
               bind: str = "tcp://127.0.0.1:*") -> TournamentResult:
    """Plays ``policy`` against built-in ``opponents`` (``games selfplay``, round robin, seats
    or teams swapped between episodes).

    Args:
        binary: the ``games`` executable.
        game: a game string.
        policy: ``fn(observations, legal_masks, seats, roles) -> actions`` (see ``PolicyServer``).
        opponents: built-in policies of ``games selfplay`` (``random``, ``minimax``, ``cfr``,
            ``heuristic``, ``tabular:FILE`` ...).
        episodes: episodes per pairing.
        seed: the tournament's run seed.
        threads: the engine's threads (default: every core).
        bind: where the policy is served (a free loopback port by default).

    Raises:
        RuntimeError: ``games selfplay`` failed; the message is its own (an unknown opponent,
            a policy that returned illegal actions).
    """
    if not opponents:
        raise ValueError("tournament needs at least one opponent")
    with PolicyServer(policy, bind=bind) as server:
        learner = f"remote:{server.endpoint}"
        command = [binary, "selfplay", "--game", game, "--policies", ",".join([learner, *opponents]),
                   "--episodes", str(episodes), "--seed", str(seed), "--json"]
        if threads is not None:
            command += ["--threads", str(threads)]
        report = json.loads(_run(command))
    matches: Dict[str, MatchResult] = {}
    for pairing in report["pairings"]:
        if learner not in (pairing["a"], pairing["b"]):
            continue
        mine_first = pairing["a"] == learner
        opponent = pairing["b"] if mine_first else pairing["a"]
        wins, losses = (pairing["wins"], pairing["losses"]) if mine_first else (pairing["losses"], pairing["wins"])
        sign = 1.0 if mine_first else -1.0
        matches[opponent] = MatchResult(opponent, int(pairing["episodes"]), int(wins), int(pairing["draws"]), int(losses),
                                        sign * float(pairing["mean_return"]), float(pairing["mean_return_ci95"]))
    # Per-role results are over all of the learner's games; with one opponent they are that match's.
    roles = {entry["role"]: {key: entry[key] for key in ("wins", "draws", "losses", "mean_return", "seats_played")}
             for entry in report["roles"] if entry["policy"] == learner}
    if len(matches) == 1:
        next(iter(matches.values())).by_role = roles
    ratings = {entry["policy"]: {key: entry[key] for key in ("elo", "low", "high")} for entry in report["ratings"]}
    return TournamentResult(learner, matches, ratings, report)


def _run(command: List[str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[1:3])} failed (exit {result.returncode}): {result.stderr.strip()}")
    return result.stdout
