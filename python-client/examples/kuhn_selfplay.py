"""Kuhn Poker self-play to equilibrium through the bridge, learning from RAE advantages.

A tabular softmax policy (one row of logits per information state, 12 in all) plays both
seats of Kuhn Poker against itself: a vector of games in tensor mode, actions sampled from
the current policy. The finished episodes come back on the trajectory stream with SPIRAL's
RAE advantages (``A = R - b[role]``, an EMA baseline per role kept by the server), and each
batch of games makes one policy-gradient update of the logits, per information state ``s``:

    theta[s] += lr * mean over the turns at s of  A * (onehot(a) / pi(a|s) - 1)     (natural PG)
    theta[s] /= 1 + lr * entropy                                                   (regulariser)

The first line is the natural policy gradient of a tabular softmax policy (the score
``onehot(a) - pi(s)`` preconditioned by the Fisher matrix), i.e. a sampled Hedge step on the
state's action values; ``--update pg`` uses the plain score instead. Averaging per state over
the turns that reached it lets rarely reached states learn at the same pace (as CFR's
counterfactual updates do).

Plain last-iterate policy gradient in self-play circles around the equilibrium. This trainer
does both things the literature does: it REGULARISES (the second line is magnetic mirror
descent's step towards the uniform policy, Sokota et al. 2023, which damps the cycling) and it
AVERAGES the policy over training, as fictitious play and CFR do: each iterate is added to the
average weighted by the seat's own probability of reaching the information state (the
sequence-form average). The reported policy is that average; its exploitability is exact,
computed by ``games exploitability kuhn_poker --policy FILE --json`` (Solvers).

The same seeds run twice: with RAE (decay 0.95, updated once per trajectory message; see
RAE_MODES for why not per game) and with no baseline (decay 1: the baseline stays 0, so
``A = R``). A PNG plot of exploitability against games played compares
them when matplotlib is installed (``pip install ./python-client[examples]``).

Run:  python python-client/examples/kuhn_selfplay.py [--seconds N] [--games N] [--json] [--plot FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "python-client" / "src"))  # run from a checkout without installing

from selfplay import Client, LocalServer, TrajectoryStream  # noqa: E402

#: Kuhn Poker's information states, OpenSpiel's strings: own card (0 J, 1 Q, 2 K), then the
#: betting so far (p pass, b bet). Seat 0 acts at "", "pb"; seat 1 at "p", "b".
INFORMATION_STATES = [f"{card}{history}" for history in ("", "p", "b", "pb") for card in range(3)]
UNIFORM_EXPLOITABILITY = 0.4583333333333333

#: The trajectory options of each mode. "rae": one EMA baseline per role (decay 0.95) moved
#: once per trajectory message with the message's mean return (SPIRAL's later Tinker trainer).
#: "rae-per-game": SPIRAL's original rule, the baseline moves after every game. "none": decay 1
#: keeps the baseline at 0, so the advantage is the return.
#:
#: Why "rae" updates per batch here: a vector stepped in lockstep finishes its short games
#: (check-check, bet-fold) in one request and its long ones (check-bet-call/fold) in the next,
#: so each trajectory message holds games of one length. With a per-game update the baseline
#: then tracks the returns of the message's own kind of game (it moves 5% per game), and which
#: message a game lands in depends on the actions played in it: the baseline is no longer
#: independent of the action, and the gradient is biased (measured: a King facing a check
#: learns to check back, and exploitability stalls near 0.07). Run ``--modes rae-per-game`` to
#: see it.
RAE_MODES = {
    "rae": {"decay": 0.95, "update": "per_batch"},
    "rae-per-game": {"decay": 0.95, "update": "per_game"},
    "none": {"decay": 1.0},
}


def information_state_tensor(key: str) -> np.ndarray:
    """OpenSpiel's 11-float information-state tensor of a 2-player Kuhn state string:
    one-hot seat [2], one-hot own card [3], then (pass, bet) for each of 3 betting steps."""
    card, history = int(key[0]), key[1:]
    tensor = np.zeros(11, dtype=np.float32)
    tensor[len(history) % 2] = 1
    tensor[2 + card] = 1
    for step, move in enumerate(history):
        tensor[5 + 2 * step + (1 if move == "b" else 0)] = 1
    return tensor


class StateIndex:
    """Maps observation tensors (rows of 0/1 floats) to indices into INFORMATION_STATES, vectorised:
    the tensor read as an 11-bit number indexes a lookup table (-1 for tensors that are no
    decision state, e.g. the final observation of a finished slot)."""

    _bits = (1 << np.arange(11)).astype(np.int64)

    def __init__(self) -> None:
        self.table = np.full(1 << 11, -1, dtype=np.int64)
        for index, key in enumerate(INFORMATION_STATES):
            self.table[self.code(information_state_tensor(key)[None, :])[0]] = index

    def code(self, observations: np.ndarray) -> np.ndarray:
        return (observations > 0.5).astype(np.int64) @ self._bits

    def __call__(self, observations: np.ndarray) -> np.ndarray:
        return self.table[self.code(observations)]


@dataclass
class AveragedSoftmaxPolicy:
    """Softmax logits per information state, and the reach-weighted average of the iterates."""

    learning_rate: float
    #: Iterate t weighs t in the average (CFR+ style) instead of 1.
    linear_averaging: bool = False
    #: The natural gradient (sampled Hedge); False: the plain score-function gradient.
    natural: bool = True
    #: Strength of the pull towards the uniform policy (0: none).
    entropy: float = 0.1
    logits: np.ndarray = field(default_factory=lambda: np.zeros((len(INFORMATION_STATES), 2)))
    average_sum: np.ndarray = field(default_factory=lambda: np.zeros((len(INFORMATION_STATES), 2)))
    updates: int = 0

    def current(self) -> np.ndarray:
        shifted = self.logits - self.logits.max(axis=1, keepdims=True)
        weights = np.exp(shifted)
        return weights / weights.sum(axis=1, keepdims=True)

    def own_reach(self, policy: np.ndarray) -> np.ndarray:
        """The probability that the acting seat's own choices lead to each information state:
        1 for its first decision, and for seat 0's "Xpb" the chance it passed holding X."""
        reach = np.ones(len(INFORMATION_STATES))
        for index, key in enumerate(INFORMATION_STATES):
            if key[1:] == "pb":
                reach[index] = policy[INFORMATION_STATES.index(key[0]), 0]
        return reach

    def update(self, states: np.ndarray, actions: np.ndarray, advantages: np.ndarray) -> None:
        """One policy-gradient step from a batch of turns (see the module's docstring), then adds
        the new iterate to the average."""
        policy = self.current()
        onehot = np.zeros((len(actions), 2))
        onehot[np.arange(len(actions)), actions] = 1
        gradients = np.zeros_like(self.logits)
        if self.natural:
            chosen = policy[states, actions]
            np.add.at(gradients, states, advantages[:, None] * (onehot / chosen[:, None] - 1))
        else:
            np.add.at(gradients, states, advantages[:, None] * (onehot - policy[states]))
        visits = np.bincount(states, minlength=len(INFORMATION_STATES)).astype(np.float64)
        self.logits += self.learning_rate * gradients / np.maximum(visits, 1)[:, None]
        self.logits /= 1 + self.learning_rate * self.entropy
        self.updates += 1
        policy = self.current()
        self.average_sum += (self.updates if self.linear_averaging else 1) * self.own_reach(policy)[:, None] * policy

    def average(self) -> np.ndarray:
        totals = self.average_sum.sum(axis=1, keepdims=True)
        return np.where(totals > 0, self.average_sum / np.maximum(totals, 1e-300), 0.5)


def save_policy(policy: np.ndarray, path: Path, metadata: Dict[str, str]) -> None:
    """Writes a tabular policy file (docs/policy-format.md)."""
    rows = {}
    for key, row in zip(INFORMATION_STATES, policy):
        row = np.clip(row, 0, None)
        rows[key] = (row / row.sum()).tolist()
    document = {"format": "selfplay.tabular_policy", "version": 1, "game": "kuhn_poker", "action_count": 2,
                "metadata": metadata, "policy": dict(sorted(rows.items()))}
    path.write_text(json.dumps(document, indent=1))


def exploitability(binary: str, policy: np.ndarray, directory: Path, metadata: Dict[str, str]) -> float:
    """The policy's exact exploitability, from ``games exploitability kuhn_poker --policy FILE --json``."""
    path = directory / "policy.json"
    save_policy(policy, path, metadata)
    result = subprocess.run([binary, "exploitability", "kuhn_poker", "--policy", str(path), "--json"],
                            capture_output=True, text=True, check=True)
    return float(json.loads(result.stdout)["exploitability"])


@dataclass
class RunResult:
    mode: str
    games: List[int]
    exploitability: List[float]
    seconds: float
    updates: int
    final_policy: Dict[str, List[float]]
    current_exploitability: List[float]


def train(binary: str, mode: str, *, seed: int, batch_size: int, learning_rate: float, seconds: float,
          max_games: Optional[int], evaluate_every: int, natural: bool = True, entropy: float = 0.1,
          linear_averaging: bool = False, log=None) -> RunResult:
    """Self-play training with one of RAE_MODES on a fresh server (fresh baselines)."""
    rae = RAE_MODES[mode]
    rng = np.random.default_rng(seed)
    index = StateIndex()
    learner = AveragedSoftmaxPolicy(learning_rate, linear_averaging=linear_averaging, natural=natural, entropy=entropy)
    games: List[int] = [0]
    values: List[float] = []
    current_values: List[float] = []
    played = 0
    with tempfile.TemporaryDirectory() as scratch, LocalServer(binary) as server, \
            Client(server.endpoint, timeout=30) as client, \
            TrajectoryStream(server.trajectory_endpoint, timeout=30) as stream:
        directory = Path(scratch)
        values.append(exploitability(binary, learner.average(), directory, {}))
        current_values.append(values[0])
        env = client.make_vector("kuhn_poker", batch_size=batch_size, seed=seed, trajectories=rae)
        start = time.monotonic()
        while True:
            # Play one batch of games to the end with the current policy (both seats).
            policy = learner.current()
            state = env.reset()
            while True:
                acting = state.current_seats >= 0
                if not acting.any():
                    break
                states = index(state.observations)
                bets = rng.random(batch_size) < policy[np.maximum(states, 0), 1]
                actions = np.where(acting, bets.astype(np.int32), -1)
                state = env.step(actions)
            # Learn from the trajectory stream: every finished episode, with its RAE advantages.
            received = 0
            turns_states, turns_actions, turns_advantages = [], [], []
            while received < batch_size:
                batch = stream.receive()
                if batch is None:
                    raise RuntimeError("no trajectories from the server within 30 s")
                received += batch.episode_count
                turns_states.append(index(batch.observations))
                turns_actions.append(batch.actions.astype(np.int64))
                turns_advantages.append(batch.advantages.astype(np.float64))
            learner.update(np.concatenate(turns_states), np.concatenate(turns_actions), np.concatenate(turns_advantages))
            played += received
            elapsed = time.monotonic() - start
            done = (played >= max_games) if max_games is not None else elapsed >= seconds
            if learner.updates % evaluate_every == 0 or done:
                value = exploitability(binary, learner.average(), directory, {"source": "kuhn_selfplay.py"})
                games.append(played)
                values.append(value)
                current_values.append(exploitability(binary, learner.current(), directory, {"source": "kuhn_selfplay.py"}))
                if log is not None:
                    log(f"[{mode}] {played:>9} games  {elapsed:6.1f} s  exploitability {value:.4f}"
                        f" (average policy), {current_values[-1]:.4f} (last iterate)")
            if done:
                break
        env.close()
        final = learner.average()
    return RunResult(mode, games, values, time.monotonic() - start, learner.updates,
                     {key: row.tolist() for key, row in zip(INFORMATION_STATES, final)}, current_values)


def plot(runs: List[RunResult], path: Path) -> bool:
    """Writes exploitability against games played, one line per mode; False without matplotlib."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    figure, axes = plt.subplots(figsize=(7, 4.5))
    labels = {"rae": "RAE (per-role EMA baseline, decay 0.95, per batch)",
              "rae-per-game": "RAE updated per game (biased here, see the source)", "none": "no baseline (A = R)"}
    for run in runs:  # from the first check after training starts (before it: uniform play)
        axes.plot(run.games[1:], run.exploitability[1:], marker=".", markersize=3, label=labels[run.mode])
    axes.axhline(UNIFORM_EXPLOITABILITY, color="gray", linestyle=":", label="uniform play")
    axes.axhline(0.05, color="gray", linestyle="--", label="target 0.05")
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("games played")
    axes.set_ylabel("exploitability of the average policy")
    axes.set_title("Kuhn Poker self-play through the bridge (tabular softmax PG, averaged)")
    axes.legend(loc="upper right", fontsize="small")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return True


def find_binary(explicit: Optional[str]) -> str:
    candidates = [explicit, os.environ.get("SELFPLAY_GAMES_BIN"),
                  str(REPO_ROOT / ".build" / "release" / "games"), str(REPO_ROOT / ".build" / "debug" / "games")]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    raise SystemExit("no games binary: build one with `swift build` or pass --games-bin / set SELFPLAY_GAMES_BIN")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="wall time per mode (default 60)")
    parser.add_argument("--games", type=int, default=None, help="games per mode instead of a time budget (deterministic)")
    parser.add_argument("--batch-size", type=int, default=1024, help="games per update (default 1024)")
    parser.add_argument("--learning-rate", type=float, default=0.2)
    parser.add_argument("--update", choices=("natural", "pg"), default="natural", help="natural (Hedge) or plain policy gradient")
    parser.add_argument("--entropy", type=float, default=0.1, help="pull towards uniform per update (0: none)")
    parser.add_argument("--averaging", choices=("uniform", "linear"), default="uniform", help="weights of the iterates in the average")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--evaluate-every", type=int, default=20, help="updates between exploitability checks")
    parser.add_argument("--modes", default="rae,none", help=f"comma-separated of {', '.join(RAE_MODES)} (default rae,none)")
    parser.add_argument("--plot", default="kuhn_selfplay.png", help="PNG path ('' for none)")
    parser.add_argument("--games-bin", default=None, help="the games executable (default: SELFPLAY_GAMES_BIN or .build)")
    parser.add_argument("--json", action="store_true", help="print one JSON object at the end")
    args = parser.parse_args(argv)
    modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]
    if not modes or any(mode not in RAE_MODES for mode in modes):
        parser.error(f"--modes takes a comma-separated list of {', '.join(RAE_MODES)}; got {args.modes!r}")
    if args.games is not None and args.games < args.batch_size:
        parser.error(f"--games must be at least --batch-size ({args.batch_size}), got {args.games}")
    binary = find_binary(args.games_bin)
    log = (lambda line: print(line, file=sys.stderr)) if args.json else print
    runs = [train(binary, mode, seed=args.seed, batch_size=args.batch_size, learning_rate=args.learning_rate,
                  seconds=args.seconds, max_games=args.games, evaluate_every=args.evaluate_every,
                  natural=args.update == "natural", entropy=args.entropy, linear_averaging=args.averaging == "linear", log=log)
            for mode in modes]
    plotted = None
    if args.plot:
        if plot(runs, Path(args.plot)):
            plotted = args.plot
            log(f"plot: {args.plot}")
        else:
            log("plot skipped: matplotlib is not installed (pip install ./python-client[examples])")
    if args.json:
        print(json.dumps({
            "reported_policy": f"{args.averaging} reach-weighted average of the softmax iterates",
            "update": args.update, "entropy": args.entropy,
            "batch_size": args.batch_size, "learning_rate": args.learning_rate, "seed": args.seed,
            "plot": plotted,
            "runs": {run.mode: {"games": run.games, "exploitability": run.exploitability, "seconds": run.seconds,
                                "updates": run.updates, "current_exploitability": run.current_exploitability,
                                "policy": run.final_policy} for run in runs},
            "final_exploitability": runs[0].exploitability[-1],
        }))
    else:
        for run in runs:
            log(f"{run.mode}: {run.games[-1]} games in {run.seconds:.1f} s, final exploitability {run.exploitability[-1]:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
