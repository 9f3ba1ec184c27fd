"""One PPO trainer on three TicTacToe environments, side by side: how much of training is waiting?

The trainer is ``python-client/examples/ppo_selfplay.py`` (its network, its PPO update, its
settings, advantages ``none`` so that no backend computes anything the others do not). It trains
for ``--seconds`` on each of:

- **SelfPlay**: ``games serve`` through the bridge, exactly as ``ppo_selfplay.py`` runs (two
  auto-reset vectors of ``--games / 2`` games in flight, episodes from the trajectory stream);
- **OpenSpiel**: ``pyspiel``'s ``tic_tac_toe``, ``--games`` states stepped in a Python loop
  (``observation_tensor``, ``legal_actions_mask``, ``apply_action``), the loop a user of
  OpenSpiel writes since it has no batched environment;
- **PettingZoo**: ``tictactoe_v3`` AEC environments, ``--games`` of them stepped in a Python loop
  (``last()``, ``step()``, ``reset()`` at the end of each game).

The network picks actions for all games at once in every backend (one batched forward pass per
step). Reported per backend: training env-steps/s (moves played per second of training, learning
included) and the share of wall time spent waiting on the environment (SelfPlay: waiting for
STEP replies and trajectory messages; the others: inside the environment's calls). Backends run
in turn in each of ``--rounds`` rounds, so a busy spell on a shared machine hits all of them;
ratios are medians of per-round ratios. A backend whose package is missing is skipped.

Run:  python benchmarks/ppo_throughput.py [--seconds 30] [--rounds 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "python-client" / "examples"))

import torch  # noqa: E402

import ppo_selfplay as ppo  # noqa: E402


class PythonGames:
    """``count`` games of one Python environment, stepped one by one."""

    action_count = 9
    seat_count = 2

    def observe(self) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Observations ``[K, D]``, legal masks ``[K, A]`` (bool) and acting seats ``[K]``."""
        raise NotImplementedError

    def step(self, actions: np.ndarray) -> List[Tuple[int, np.ndarray]]:
        """Plays one action per game; returns (game, returns per seat) for games that ended
        (and restarts them)."""
        raise NotImplementedError


class OpenSpielGames(PythonGames):
    def __init__(self, count: int) -> None:
        import pyspiel

        self.game = pyspiel.load_game("tic_tac_toe")
        self.states = [self.game.new_initial_state() for _ in range(count)]
        self.observation_size = self.game.observation_tensor_size()

    def observe(self) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        seats = np.array([s.current_player() for s in self.states], dtype=np.int64)
        observations = np.array([s.observation_tensor(int(p)) for s, p in zip(self.states, seats)], dtype=np.float32)
        masks = np.array([s.legal_actions_mask(int(p)) for s, p in zip(self.states, seats)], dtype=np.bool_)
        return observations, masks, seats

    def step(self, actions: np.ndarray) -> List[Tuple[int, np.ndarray]]:
        ended = []
        for index, (state, action) in enumerate(zip(self.states, actions.tolist())):
            state.apply_action(action)
            if state.is_terminal():
                ended.append((index, np.array(state.returns(), dtype=np.float32)))
                self.states[index] = self.game.new_initial_state()
        return ended


class PettingZooGames(PythonGames):
    def __init__(self, count: int) -> None:
        from pettingzoo.classic import tictactoe_v3

        self.envs = [tictactoe_v3.env() for _ in range(count)]
        for seed, env in enumerate(self.envs):
            env.reset(seed=seed)
        self.agents = list(self.envs[0].possible_agents)
        self.observation_size = 18

    def observe(self) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        seats, observations, masks = [], [], []
        for env in self.envs:
            observation, _, _, _, _ = env.last()
            seats.append(self.agents.index(env.agent_selection))
            observations.append(observation["observation"].reshape(-1))
            masks.append(observation["action_mask"])
        return (np.array(observations, dtype=np.float32), np.array(masks, dtype=np.bool_),
                np.array(seats, dtype=np.int64))

    def step(self, actions: np.ndarray) -> List[Tuple[int, np.ndarray]]:
        ended = []
        for index, (env, action) in enumerate(zip(self.envs, actions.tolist())):
            env.step(action)
            if any(env.terminations.values()) or any(env.truncations.values()):
                ended.append((index, np.array([env.rewards[a] for a in self.agents], dtype=np.float32)))
                env.reset()
        return ended


def train_python(games: PythonGames, cfg: ppo.Config, seconds: float) -> Dict[str, float]:
    """The trainer of ppo_selfplay.py (network, PPO update, settings) on a Python loop over games."""
    torch.manual_seed(cfg.seed)
    torch.set_num_threads(cfg.torch_threads)
    generator = torch.Generator().manual_seed(cfg.seed)
    agent = ppo.Agent(games.observation_size, games.seat_count, games.seat_count, games.action_count,
                      cfg.hidden, cfg.layers)
    optimizer = torch.optim.Adam(agent.parameters(), lr=cfg.learning_rate, eps=1e-5)
    turns_of_game: List[List[Tuple[int, int]]] = [[] for _ in range(len(games.observe()[2]))]
    steps: List[Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    ready: List[Tuple[int, int, float]] = []  # (step, game, the acting seat's return)
    env_seconds = 0.0
    env_steps = 0
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        t = time.monotonic()
        observations, masks, seats = games.observe()
        env_seconds += time.monotonic() - t
        actions, chosen = agent.sample(observations, masks, seats, seats, generator)  # TicTacToe: role = seat
        steps.append((observations, masks, seats, actions, chosen))
        for game in range(len(seats)):
            turns_of_game[game].append((len(steps) - 1, int(seats[game])))
        t = time.monotonic()
        ended = games.step(actions)
        env_seconds += time.monotonic() - t
        env_steps += len(seats)
        for game, returns in ended:
            ready.extend((step, game, float(returns[seat])) for step, seat in turns_of_game[game])
            turns_of_game[game] = []
        if len(ready) >= cfg.turns_per_update:
            batch = _turn_batch(steps, ready)
            ready = []
            ppo.ppo_update(agent, optimizer, cfg, batch, batch.server_advantages, None, generator, cfg.entropy_coef)
            oldest = min((turns[0][0] for turns in turns_of_game if turns), default=len(steps))
            steps = steps[oldest:]  # keep the steps of games still running, renumbered
            turns_of_game = [[(s - oldest, seat) for s, seat in turns] for turns in turns_of_game]
    elapsed = time.monotonic() - start
    return {"env_steps_per_second": env_steps / elapsed, "wait_share": env_seconds / elapsed, "seconds": elapsed}


def _turn_batch(steps: List[Tuple[np.ndarray, ...]], ready: List[Tuple[int, int, float]]) -> ppo.TurnBatch:
    step_index = np.array([r[0] for r in ready])
    game_index = np.array([r[1] for r in ready])
    returns = np.array([r[2] for r in ready], dtype=np.float32)

    def column(k: int) -> np.ndarray:
        return np.stack([steps[s][k][g] for s, g in zip(step_index.tolist(), game_index.tolist())])

    seats = column(2)
    return ppo.TurnBatch(observations=column(0), masks=column(1), seats=seats, roles=seats, actions=column(3),
                         old_log_probs=column(4), server_advantages=returns, returns=returns,
                         rewards=np.zeros_like(returns), next_same_seat=np.full(len(returns), -1))


def train_selfplay(binary: str, cfg: ppo.Config, seconds: float) -> Dict[str, float]:
    run = ppo.train(binary, ppo.Config(**{**cfg.__dict__, "seconds": seconds}))
    return {"env_steps_per_second": run.env_steps / run.train_seconds, "wait_share": run.wait_seconds / run.train_seconds,
            "seconds": run.train_seconds}


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="training seconds per backend per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--games", type=int, default=1024, help="games in flight in every backend")
    parser.add_argument("--binary", default=os.environ.get("SELFPLAY_GAMES_BIN", str(REPO_ROOT / ".build/release/games")))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    cfg = ppo.Config(game="tic_tac_toe", advantage="none", batch_size=args.games // 2, evaluate=False)
    backends: Dict[str, Callable[[], Dict[str, float]]] = {"selfplay": lambda: train_selfplay(args.binary, cfg, args.seconds)}
    for name, make in (("openspiel", OpenSpielGames), ("pettingzoo", PettingZooGames)):
        try:
            make(1)
        except ImportError as error:
            print(f"skipping {name}: {error}", file=sys.stderr)
            continue
        backends[name] = (lambda make=make: train_python(make(args.games), cfg, args.seconds))  # type: ignore[misc]
    rounds: List[Dict[str, Dict[str, float]]] = []
    for round_index in range(args.rounds):
        results = {}
        for name, run in backends.items():
            results[name] = run()
            print(f"round {round_index + 1}: {name:10s} {results[name]['env_steps_per_second']:10.0f} env-steps/s, "
                  f"waiting {100 * results[name]['wait_share']:5.1f}% of the time", file=sys.stderr)
        rounds.append(results)
    summary: Dict[str, Any] = {"games_in_flight": args.games, "seconds_per_run": args.seconds, "rounds": rounds,
                               "torch_threads": cfg.torch_threads, "backends": {}}
    for name in backends:
        rates = [r[name]["env_steps_per_second"] for r in rounds]
        summary["backends"][name] = {
            "env_steps_per_second": statistics.median(rates),
            "wait_share": statistics.median(r[name]["wait_share"] for r in rounds),
            "selfplay_speedup": statistics.median(r["selfplay"]["env_steps_per_second"] / r[name]["env_steps_per_second"]
                                                  for r in rounds),
        }
    if args.json:
        print(json.dumps(summary, indent=1))
    else:
        print(f"PPO on TicTacToe, {args.games} games in flight, {args.rounds} round(s) of {args.seconds:.0f} s per backend "
              f"(medians; speed-up = median of per-round ratios)")
        print(f"{'backend':12s} {'env-steps/s':>12s} {'waiting on env':>15s} {'SelfPlay speed-up':>18s}")
        for name, row in summary["backends"].items():
            print(f"{name:12s} {row['env_steps_per_second']:12.0f} {100 * row['wait_share']:14.1f}% "
                  f"{row['selfplay_speedup']:17.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
