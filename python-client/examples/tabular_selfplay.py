"""Self-play training of a tabular policy through the bridge, with and without RAE, measured.

Shared by ``kuhn_selfplay.py`` and ``tictactoe_selfplay.py``: each defines its game (a
``tabular_pg.TabularGame``) and calls ``main``. One run per (mode, seed) on a fresh server (fresh
baselines): a vector of games in tensor mode plays both seats with the current policy, the
finished episodes come back on the trajectory stream with the server's RAE advantages, and each
batch of games makes one update (``tabular_pg.SoftmaxLearner``). Every few updates the run
records the exact exploitability of the average and of the current policy (``games
exploitability GAME --policy FILE``), and the measurements of ``tabular_pg.measure_batch``
averaged over the batches since the last check: per-role entropy, mean return, RAE's baseline
and the update's noise with no baseline, RAE's per-role baseline and a per-state baseline.
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
from typing import Callable, Dict, List, Optional

import numpy as np

from tabular_pg import (
    MeasurementAverage,
    SoftmaxLearner,
    StateValueTracker,
    TabularGame,
    measure_batch,
)
from tabular_play import AutoResetPlayer, TurnCollector, play_lockstep_batch

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "python-client" / "src"))  # run from a checkout without installing

from selfplay import Client, LocalServer, TrajectoryStream  # noqa: E402

#: The trajectory options of each mode. "rae": one EMA baseline per role (decay 0.95) moved
#: once per trajectory message with the message's mean return per role (SelfPlay's per-batch
#: option). "rae-per-game": SPIRAL's rule, the baseline moves after every game.
#: "none": decay 1 keeps the baseline at 0, so the advantage is the return. (A global baseline,
#: one EMA over every player, is no separate mode: in a two-player zero-sum game where both
#: seats act, the players' mean return is 0 in every message, so it stays 0, as "none".)
#:
#: Why "rae" updates per batch: a vector stepped in lockstep finishes the games of each length
#: in the same request, so each trajectory message holds games of one length (Kuhn: 2 or 3
#: turns; TicTacToe: 5 to 9). With a per-game update the baseline then tracks the returns of
#: the message's own kind of game (after 1024 games at 5% a game, nothing of the old value is
#: left), and which message a game lands in depends on the actions played in it: the baseline is
#: no longer independent of the action, and the gradient is biased. docs/learning.md measures it.
RAE_MODES = {
    "rae": {"decay": 0.95, "update": "per_batch"},
    "rae-per-game": {"decay": 0.95, "update": "per_game"},
    "none": {"decay": 1.0},
}

MODE_LABELS = {"rae": "RAE (per-role EMA, per batch)", "rae-per-game": "RAE updated per game",
               "none": "no baseline (A = R)"}


def save_policy(game: TabularGame, policy: np.ndarray, path: Path, metadata: Dict[str, str]) -> None:
    """Writes a tabular policy file (docs/policy-format.md)."""
    rows = {}
    for key, row in zip(game.keys, policy):
        row = np.clip(row, 0, None)
        rows[key] = (row / row.sum()).tolist()
    document = {"format": "selfplay.tabular_policy", "version": 1, "game": game.game,
                "action_count": game.action_count, "metadata": metadata, "policy": dict(sorted(rows.items()))}
    path.write_text(json.dumps(document, indent=1))


def exploitability(binary: str, game: TabularGame, policy: np.ndarray, path: Path) -> float:
    """The policy's exact exploitability, from ``games exploitability GAME --policy FILE --json``."""
    save_policy(game, policy, path, {"source": "tabular_selfplay.py"})
    result = subprocess.run([binary, "exploitability", game.game, "--policy", str(path), "--json"],
                            capture_output=True, text=True, check=True)
    return float(json.loads(result.stdout)["exploitability"])


def play_against(binary: str, game: TabularGame, policy: np.ndarray, path: Path, opponent: str,
                 episodes: int, seed: int) -> Dict[str, object]:
    """The policy's results against a built-in policy, seats swapped (``games selfplay``)."""
    save_policy(game, policy, path, {"source": "tabular_selfplay.py"})
    mine = f"tabular:{path}"
    result = subprocess.run([binary, "selfplay", "--game", game.game, "--policies", f"{mine},{opponent}",
                             "--episodes", str(episodes), "--seed", str(seed), "--json"],
                            capture_output=True, text=True, check=True)
    report = json.loads(result.stdout)
    pairing = report["pairings"][0]
    sign = 1 if pairing["a"] == mine else -1
    wins, losses = (pairing["wins"], pairing["losses"]) if sign == 1 else (pairing["losses"], pairing["wins"])
    roles = {entry["role"]: {key: entry[key] for key in ("wins", "draws", "losses", "mean_return")}
             for entry in report["roles"] if entry["policy"] == mine}
    return {"episodes": pairing["episodes"], "wins": wins, "draws": pairing["draws"], "losses": losses,
            "mean_return": sign * pairing["mean_return"], "by_role": roles}


@dataclass
class RunResult:
    mode: str
    seed: int
    games: List[int] = field(default_factory=list)
    exploitability: List[float] = field(default_factory=list)
    current_exploitability: List[float] = field(default_factory=list)
    #: Per check after training starts: tabular_pg.MeasurementAverage.take(), plus "baseline" (RAE's, per
    #: role) and "mean_return" (per player of each role, since the previous check).
    measurements: List[Dict[str, object]] = field(default_factory=list)
    seconds: float = 0.0
    updates: int = 0
    #: The largest |server baseline - client replica| over the run's turns ("rae" mode only).
    baseline_mismatch: float = 0.0
    final_policy: Dict[str, List[float]] = field(default_factory=dict)
    against: Dict[str, Dict[str, object]] = field(default_factory=dict)

    def to_json(self) -> Dict[str, object]:
        return dict(self.__dict__)


def train(binary: str, game: TabularGame, mode: str, *, seed: int, batch_size: int, learning_rate: float,
          seconds: float, max_games: Optional[int], evaluate_every: int, natural: bool = True, entropy: float = 0.1,
          linear_averaging: bool = False, lockstep: bool = False, match_episodes: int = 2000,
          log: Optional[Callable[[str], None]] = None) -> RunResult:
    """Self-play training with one of RAE_MODES on a fresh server (fresh baselines): a vector of
    ``batch_size`` slots, and an update each time at least ``batch_size`` games have ended."""
    rng = np.random.default_rng(seed)
    learner = SoftmaxLearner(game, learning_rate, natural=natural, entropy=entropy, linear_averaging=linear_averaging)
    collector = TurnCollector(game, check_baseline=mode == "rae")
    critic = StateValueTracker(game.state_count)
    measured = MeasurementAverage()
    run = RunResult(mode, seed)
    played = 0
    with tempfile.TemporaryDirectory() as scratch, LocalServer(binary) as server, \
            Client(server.endpoint, timeout=30) as client, \
            TrajectoryStream(server.trajectory_endpoint, timeout=30) as stream:
        policy_file = Path(scratch) / "policy.json"
        start_value = exploitability(binary, game, learner.average(), policy_file)
        run.games.append(0)
        run.exploitability.append(start_value)
        run.current_exploitability.append(start_value)
        env = client.make_vector(game.game, batch_size=batch_size, seed=seed, auto_reset=not lockstep,
                                 trajectories=RAE_MODES[mode])
        player = None if lockstep else AutoResetPlayer(env, game, rng)
        start = time.monotonic()
        while True:
            policy = learner.current()
            cumulative = np.cumsum(policy, axis=1)
            if lockstep:  # one batch of games, then its messages (all played with this policy)
                play_lockstep_batch(env, game, cumulative, rng)
                while collector.episodes < batch_size:
                    batch = stream.receive()
                    if batch is None:
                        raise RuntimeError("no trajectories from the server within 30 s")
                    collector.add(batch, policy[game.index(batch.observations), batch.actions])
            else:  # step until a batch of games has ended, reading each step's message before the next step
                while collector.episodes < batch_size:
                    waiting = player.step(policy, cumulative)
                    while waiting > 0:  # waiting for it keeps the batches, hence the run, the same every time
                        batch = stream.receive()
                        if batch is None:
                            raise RuntimeError("no trajectories from the server within 30 s")
                        collector.add(batch, player.behaviour(batch))
                        waiting -= batch.episode_count
            games_in_batch = collector.episodes
            played += games_in_batch
            turns = collector.take()
            baselines = {"none": np.zeros_like(turns["returns"]), "role": turns["role"],
                         "state": critic.read_and_update(turns["states"], turns["returns"])}
            measured.add(measure_batch(game, policy, games_in_batch, turns["states"], turns["actions"], turns["returns"],
                                       baselines, turns["returns"] - turns["advantages"]))
            learner.update(turns["states"], turns["actions"], turns["advantages"], turns["behaviour"])
            elapsed = time.monotonic() - start
            done = (played >= max_games) if max_games is not None else elapsed >= seconds
            if learner.updates % evaluate_every == 0 or done:
                run.games.append(played)
                run.exploitability.append(exploitability(binary, game, learner.average(), policy_file))
                run.current_exploitability.append(exploitability(binary, game, learner.current(), policy_file))
                run.measurements.append({**measured.take(), "baseline": collector.tracker.values.tolist(),
                                         "mean_return": collector.take_mean_returns()})
                if log is not None:
                    entropy_text = " ".join(f"{name} {value:.2f}" for name, value
                                            in zip(game.role_names, run.measurements[-1]["entropy"]))
                    log(f"[{mode} seed {seed}] {played:>9} games {elapsed:6.1f} s  exploitability"
                        f" {run.exploitability[-1]:.4f} (average), {run.current_exploitability[-1]:.4f} (last iterate);"
                        f" entropy {entropy_text}")
            if done:
                break
        env.close()
        run.seconds = time.monotonic() - start
        run.updates = learner.updates
        run.baseline_mismatch = collector.baseline_mismatch
        final = learner.average()
        run.final_policy = {key: row.tolist() for key, row in zip(game.keys, final)}
        for opponent in game.opponents:
            run.against[opponent] = play_against(binary, game, final, policy_file, opponent, match_episodes, seed)
    return run


def find_binary(explicit: Optional[str]) -> str:
    """The games executable: --games-bin, $SELFPLAY_GAMES_BIN, or the checkout's .build."""
    candidates = [explicit, os.environ.get("SELFPLAY_GAMES_BIN"),
                  str(REPO_ROOT / ".build" / "release" / "games"), str(REPO_ROOT / ".build" / "debug" / "games")]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    raise SystemExit("no games binary: build one with `swift build` or pass --games-bin / set SELFPLAY_GAMES_BIN")


def parse_list(text: str, convert: Callable[[str], object]) -> List[object]:
    return [convert(part.strip()) for part in text.split(",") if part.strip()]


def main(game: TabularGame, description: str, argv: Optional[List[str]], *, plot_title: str,
         default_plot: str, defaults: Dict[str, object]) -> int:
    """The command line both examples share; ``defaults`` sets per-game option defaults."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seconds", type=float, default=60, help="wall time per run (default %(default)s)")
    parser.add_argument("--games", type=int, default=None, help="games per run instead of a time budget (deterministic)")
    parser.add_argument("--batch-size", type=int, default=1024, help="games per update (default %(default)s)")
    parser.add_argument("--learning-rate", type=float, default=0.2, help="(default %(default)s)")
    parser.add_argument("--update", choices=("natural", "pg"), default="natural",
                        help="natural (Hedge) or plain policy gradient (default %(default)s)")
    parser.add_argument("--entropy", type=float, default=0.1,
                        help="pull towards uniform per update, 0: none (default %(default)s)")
    parser.add_argument("--averaging", choices=("uniform", "linear"), default="uniform",
                        help="weights of the iterates in the average (default %(default)s)")
    parser.add_argument("--seeds", default="0", help="comma-separated seeds; every mode runs on each (default %(default)s)")
    parser.add_argument("--evaluate-every", type=int, default=20, help="updates between checks (default %(default)s)")
    parser.add_argument("--modes", default="rae,none",
                        help=f"comma-separated of {', '.join(RAE_MODES)} (default %(default)s)")
    parser.add_argument("--lockstep", action="store_true",
                        help="play each batch to the end without auto-reset (a trajectory message then holds one game length)")
    parser.add_argument("--match-episodes", type=int, default=2000, help="episodes against each built-in opponent at the end")
    parser.add_argument("--plot", default=default_plot, help="PNG path ('' for none)")
    parser.add_argument("--games-bin", default=None, help="the games executable (default: SELFPLAY_GAMES_BIN or .build)")
    parser.add_argument("--json", action="store_true", help="print one JSON object at the end")
    parser.set_defaults(**defaults)
    args = parser.parse_args(argv)
    modes = parse_list(args.modes, str)
    if not modes or any(mode not in RAE_MODES for mode in modes):
        parser.error(f"--modes takes a comma-separated list of {', '.join(RAE_MODES)}; got {args.modes!r}")
    try:
        seeds = parse_list(args.seeds, int)
    except ValueError:
        parser.error(f"--seeds takes comma-separated integers, got {args.seeds!r}")
    if not seeds:
        parser.error("--seeds needs at least one seed")
    if args.games is not None and args.games < args.batch_size:
        parser.error(f"--games must be at least --batch-size ({args.batch_size}), got {args.games}")
    binary = find_binary(args.games_bin)
    log = (lambda line: print(line, file=sys.stderr)) if args.json else print
    runs = [train(binary, game, mode, seed=seed, batch_size=args.batch_size, learning_rate=args.learning_rate,
                  seconds=args.seconds, max_games=args.games, evaluate_every=args.evaluate_every,
                  natural=args.update == "natural", entropy=args.entropy, linear_averaging=args.averaging == "linear",
                  lockstep=args.lockstep, match_episodes=args.match_episodes, log=log)
            for seed in seeds for mode in modes]
    plotted = None
    if args.plot:
        from tabular_plot import plot  # matplotlib only when plotting
        learner = "natural" if args.update == "natural" else "plain"
        title = (f"{plot_title} self-play through the bridge: tabular softmax, {learner} policy gradient"
                 f" (lr {args.learning_rate}, {args.batch_size} games per update), {len(seeds)} seed(s)")
        if plot(game, runs, Path(args.plot), title):
            plotted = args.plot
            log(f"plot: {args.plot}")
        else:
            log("plot skipped: matplotlib is not installed (pip install ./python-client[examples])")
    if args.json:
        print(json.dumps({
            "game": game.game, "role_names": list(game.role_names),
            "reported_policy": f"{args.averaging} average of the softmax iterates",
            "update": args.update, "entropy": args.entropy, "batch_size": args.batch_size,
            "learning_rate": args.learning_rate, "lockstep": args.lockstep, "seeds": seeds, "modes": modes, "plot": plotted,
            "runs": [run.to_json() for run in runs],
            "final_exploitability": runs[0].exploitability[-1],
        }))
    else:
        for run in runs:
            log(f"{run.mode} seed {run.seed}: {run.games[-1]} games in {run.seconds:.1f} s, final exploitability"
                f" {run.exploitability[-1]:.4f} (average), {run.current_exploitability[-1]:.4f} (last iterate)")
    return 0
