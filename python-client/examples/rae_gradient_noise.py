"""How much RAE lowers the noise of the policy gradient in each catalog game, at random play.

For each game, a vector of games in tensor mode (auto-reset) is played by uniformly random legal
moves through the bridge; the trajectory stream brings each finished game with the server's RAE
advantages (per-role EMA baseline, decay 0.95, updated per message). After a warm-up that lets
the baselines settle, every batch of games gives a policy-gradient estimate for a linear softmax
policy on the observation tensor at its start (all weights 0, i.e. uniform over the legal moves):

    g = (1/G) * sum over turns of (R - b) * (onehot(a) - pi) x observation      (per role)

with three baselines ``b``: none (``A = R``), RAE's per-role baseline (``b = R - A`` from the
server), and one global baseline for all players (the mean return of every player in the
previous batches, an EMA per batch; in a two-player zero-sum game it is 0). The script reports,
per role, the mean return and how many times the gradient's variance (over games, as in
tabular_pg.measure_batch) is larger without a baseline than with each; and, for comparison, the
same ratio predicted from the returns alone, ``E[R^2] / E[(R - b)^2]``.

Run:  python python-client/examples/rae_gradient_noise.py [--games N] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np

from tabular_pg import acting_players
from tabular_play import TurnRecorder
from tabular_selfplay import find_binary

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "python-client" / "src"))  # run from a checkout without installing

from selfplay import Client, LocalServer, TrajectoryStream  # noqa: E402

GAMES = ("kuhn_poker", "tic_tac_toe", "negotiation", "werewolf")


def game_terms_squared(turn_games: np.ndarray, scores: np.ndarray, features: np.ndarray, weights: np.ndarray) -> float:
    """Sum over games of |sum over the game's turns of w * score x feature|^2, by per-game Gram
    matrices: |sum_t w_t u_t o_t^T|^2 = sum_{t,t'} w_t w_t' (u_t . u_t') (o_t . o_t')."""
    total = 0.0
    bounds = np.flatnonzero(np.diff(turn_games)) + 1
    for rows in np.split(np.arange(len(turn_games)), bounds):
        if len(rows) == 0:
            continue
        u = scores[rows] * weights[rows, None]
        o = features[rows]
        total += float(((u @ u.T) * (o @ o.T)).sum())
    return total


def gradient_noise(games: int, turn_games: np.ndarray, scores: np.ndarray, features: np.ndarray,
                   advantages: np.ndarray) -> float:
    """The variance (trace of the covariance) of the batch's gradient estimate, games as samples."""
    gradient = (scores * advantages[:, None]).T @ features / games
    squared = game_terms_squared(turn_games, scores, features, advantages) / games
    return (squared - float((gradient * gradient).sum())) / (games - 1)


def measure(binary: str, game: str, *, batch_games: int, batches: int, warmup: int, seed: int) -> Dict[str, object]:
    """Plays random games of ``game`` and measures the gradient's noise per role and baseline."""
    rng = np.random.default_rng(seed)
    with LocalServer(binary) as server, Client(server.endpoint, timeout=30) as client, \
            TrajectoryStream(server.trajectory_endpoint, timeout=30) as stream:
        env = client.make_vector(game, batch_size=256, seed=seed, auto_reset=True,
                                 trajectories={"decay": 0.95, "update": "per_batch"})
        role_names = env.spec.role_names
        scores = TurnRecorder(env.batch_size, env.spec.max_game_length, env.spec.action_count)
        state = env.reset()
        seen, pending, pending_games = 0, [], 0
        global_baseline = 0.0
        samples: Dict[str, Dict[str, list]] = {name: {"none": [], "rae": [], "global": [], "returns": [], "baseline": []}
                                               for name in role_names}
        measured = 0
        while measured < batches:
            acting = np.flatnonzero(state.current_seats >= 0)
            legal = state.legal_masks[acting].astype(np.float64)
            actions = np.full(env.batch_size, -1, dtype=np.int32)
            actions[acting] = (rng.random(legal.shape) * legal).argmax(axis=1)
            score = -legal / legal.sum(axis=1, keepdims=True)  # onehot(a) - pi, pi uniform over the legal moves
            score[np.arange(len(acting)), actions[acting]] += 1
            scores.record(acting, score)
            before, state = state, env.step(actions)
            scores.finish(before, state)
            waiting = state.episodes_finished
            while waiting > 0:  # this step's message, before the next step (the same run every time)
                batch = stream.receive()
                if batch is None:
                    raise RuntimeError("no trajectories from the server within 30 s")
                waiting -= batch.episode_count
                seen += batch.episode_count
                if seen > warmup:  # baselines settled
                    pending.append((batch, scores.lookup(batch)))
                    pending_games += batch.episode_count
            if pending_games < batch_games:
                continue
            columns = batch_columns(pending)
            pending, pending_games = [], 0
            add_batch(samples, columns, global_baseline)
            global_baseline = 0.95 * global_baseline + 0.05 * float(columns["player_returns"].mean())
            measured += 1
        env.close()
    report = {}
    for name, values in samples.items():
        returns = np.array(values["returns"])
        baseline = float(np.mean(values["baseline"]))
        report[name] = {
            "players": len(returns), "mean_return": float(returns.mean()), "rae_baseline": baseline,
            "noise_ratio_rae": float(np.mean(values["none"]) / np.mean(values["rae"])),
            "noise_ratio_global": float(np.mean(values["none"]) / np.mean(values["global"])),
            "predicted_ratio_rae": float((returns ** 2).mean() / ((returns - baseline) ** 2).mean()),
        }
    return report


def batch_columns(messages: List[Tuple[object, np.ndarray]]) -> Dict[str, np.ndarray]:
    """One batch's turns from several trajectory messages (with their recorded scores): game
    index, role, return, RAE advantage, score, observation; and every player's role and return."""
    parts: Dict[str, List[np.ndarray]] = {key: [] for key in ("games", "roles", "returns", "advantages", "scores",
                                                             "features", "player_roles", "player_returns")}
    offset = 0
    for batch, scores in messages:
        episodes = np.repeat(np.arange(batch.episode_count), batch.lengths)
        player_roles, player_returns = acting_players(batch.returns, batch.lengths, batch.seats, batch.seat_roles)
        for key, column in (("games", episodes + offset), ("roles", batch.roles.astype(np.int64)),
                            ("returns", batch.returns[episodes, batch.seats].astype(np.float64)),
                            ("advantages", batch.advantages.astype(np.float64)), ("scores", scores),
                            ("features", batch.observations.reshape(batch.turn_count, -1).astype(np.float64)),
                            ("player_roles", player_roles), ("player_returns", player_returns)):
            parts[key].append(column)
        offset += batch.episode_count
    columns = {key: np.concatenate(value) for key, value in parts.items()}
    columns["game_count"] = np.array(offset)
    return columns


def add_batch(samples: Dict[str, Dict[str, list]], columns: Dict[str, np.ndarray], global_baseline: float) -> None:
    """Adds one batch's gradient noise per role and baseline, and its players' returns."""
    games = int(columns["game_count"])
    for role, values in enumerate(samples.values()):
        chosen = columns["roles"] == role
        if not chosen.any():
            continue
        returns = columns["returns"][chosen]
        rae = columns["advantages"][chosen]
        arrays = (columns["games"][chosen], columns["scores"][chosen], columns["features"][chosen])
        for name, advantages in (("none", returns), ("rae", rae), ("global", returns - global_baseline)):
            values[name].append(gradient_noise(games, *arrays, advantages))
        values["returns"].extend(columns["player_returns"][columns["player_roles"] == role].tolist())
        values["baseline"].extend((returns - rae).tolist())


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--games", default=",".join(GAMES), help="comma-separated game strings (default: all four)")
    parser.add_argument("--batch-games", type=int, default=256, help="games per gradient estimate (default %(default)s)")
    parser.add_argument("--batches", type=int, default=20, help="gradient estimates per game (default %(default)s)")
    parser.add_argument("--warmup", type=int, default=10000, help="games before measuring (default %(default)s)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--games-bin", default=None, help="the games executable (default: SELFPLAY_GAMES_BIN or .build)")
    parser.add_argument("--json", action="store_true", help="print one JSON object at the end")
    args = parser.parse_args(argv)
    binary = find_binary(args.games_bin)
    games = [name.strip() for name in args.games.split(",") if name.strip()]
    if args.batch_games < 2 or args.batches < 1:
        parser.error("--batch-games must be at least 2 and --batches at least 1")
    reports = {game: measure(binary, game, batch_games=args.batch_games, batches=args.batches, warmup=args.warmup,
                             seed=args.seed) for game in games}
    if args.json:
        print(json.dumps({"batch_games": args.batch_games, "batches": args.batches, "warmup": args.warmup,
                          "seed": args.seed, "games": reports}))
        return 0
    print("| game | role | mean return | RAE baseline | variance: none / RAE | predicted | none / global |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for game, roles in reports.items():
        for role, row in roles.items():
            print(f"| {game} | {role} | {row['mean_return']:+.3f} | {row['rae_baseline']:+.3f} | "
                  f"{row['noise_ratio_rae']:.2f} | {row['predicted_ratio_rae']:.2f} | {row['noise_ratio_global']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
