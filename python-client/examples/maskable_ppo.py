"""Trains sb3-contrib's MaskablePPO on one seat of a SelfPlay game against a built-in opponent.

A library SelfPlay does not write, used as its users would: ``SingleAgentEnv`` is a plain
Gymnasium environment with sb3-contrib's ``action_masks()`` convention, so ``MaskablePPO``
needs no wrapper. Several environments share one local ``games serve``.

    pip install -e "python-client[sb3]"
    python python-client/examples/maskable_ppo.py --game tic_tac_toe --opponent random --timesteps 100000

Prints the agent's wins, draws and losses over ``--eval-episodes`` games before and after
training (``--json`` for a machine-readable line).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Dict, List

from sb3_contrib import MaskablePPO
from stable_baselines3.common.env_util import make_vec_env

from selfplay import LocalServer
from selfplay.gymnasium_env import SingleAgentEnv
from selfplay.server import find_games_binary


def outcomes(model: MaskablePPO, env: SingleAgentEnv, episodes: int, seed: int) -> Dict[str, int]:
    """Wins, draws and losses (by the sign of the agent's return) over ``episodes`` games,
    with the trained policy's masked, sampled actions."""
    counts = {"wins": 0, "draws": 0, "losses": 0}
    observation, info = env.reset(seed=seed)
    for _ in range(episodes):
        total, done = 0.0, False
        while not done:
            action, _ = model.predict(observation, action_masks=env.action_masks(), deterministic=False)
            observation, reward, terminated, truncated, info = env.step(int(action))
            total += reward
            done = terminated or truncated
        counts["wins" if total > 0 else "losses" if total < 0 else "draws"] += 1
        observation, info = env.reset()
    return counts


def main(argv: List[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--game", default="tic_tac_toe", help="a game string (quote one with parentheses)")
    parser.add_argument("--opponent", default="random", help="the built-in policy of the other seats")
    parser.add_argument("--seat", type=int, default=0, help="the seat the agent plays")
    parser.add_argument("--envs", type=int, default=8, help="environments in the vector")
    parser.add_argument("--timesteps", type=int, default=100_000, help="agent decisions to train on")
    parser.add_argument("--eval-episodes", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--binary", default=None, help="the games executable (default: $SELFPLAY_GAMES_BIN or PATH)")
    parser.add_argument("--json", action="store_true", help="print one JSON line instead of text")
    args = parser.parse_args(argv)
    if args.envs < 1 or args.timesteps < 1 or args.eval_episodes < 1:
        parser.error("--envs, --timesteps and --eval-episodes must be positive")

    with LocalServer(find_games_binary(args.binary)) as server:
        def make() -> SingleAgentEnv:
            return SingleAgentEnv(args.game, opponent=args.opponent, agent_seat=args.seat, endpoint=server.endpoint)

        # make_vec_env seeds environment i with seed + i, so the vector's games differ.
        vector = make_vec_env(make, n_envs=args.envs, seed=args.seed)
        model = MaskablePPO("MlpPolicy", vector, n_steps=256, batch_size=256, ent_coef=0.01, seed=args.seed, verbose=0)
        evaluation = make()
        before = outcomes(model, evaluation, args.eval_episodes, seed=10_000 + args.seed)
        model.learn(total_timesteps=args.timesteps)
        after = outcomes(model, evaluation, args.eval_episodes, seed=20_000 + args.seed)
        evaluation.close()
        vector.close()

    result = {"game": args.game, "opponent": args.opponent, "seat": args.seat, "timesteps": args.timesteps,
              "before": before, "after": after}
    if args.json:
        print(json.dumps(result))
        return
    for label, counts in (("before training", before), ("after training", after)):
        games = sum(counts.values())
        print(f"{label:16} wins {counts['wins']:5}  draws {counts['draws']:5}  losses {counts['losses']:5}  "
              f"(win rate {counts['wins'] / games:.1%} over {games} games)")


if __name__ == "__main__":
    main(sys.argv[1:])
