#!/usr/bin/env python3
"""Random-playout speed of SelfPlay side by side with the anchors, in one run.

Runs `games bench --json` (SelfPlay's rollout engine, with and without recording, 1 thread
and all cores) and, when installed, OpenSpiel through pyspiel (a Python loop over C++
states) and Pgx (JAX on CPU, jit(vmap(step)) at batch 1024 and 8192), on TicTacToe and Kuhn
Poker, and prints each anchor's steps/s and SelfPlay's ratio to it. Steps are decisions
(chance deals are not counted), the same unit for every engine.

    pip install open_spiel pgx jax   # the anchors (optional)
    python benchmarks/compare_anchors.py [--seconds 2] [--json]
"""
import argparse
import json
import os
import random
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GAMES = {"tic_tac_toe": ("tic_tac_toe", "tic_tac_toe"), "kuhn_poker": ("kuhn_poker", "kuhn_poker")}


def selfplay_numbers(seconds):
    binary = os.environ.get("SELFPLAY_GAMES_BIN", os.path.join(ROOT, ".build", "release", "games"))
    if not os.path.exists(binary):
        subprocess.run(["swift", "build", "-c", "release", "--product", "games"], cwd=ROOT, check=True)
    out = subprocess.run([binary, "bench", *GAMES, "--seconds", str(seconds), "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def openspiel_steps_per_second(name, seconds):
    try:
        import pyspiel
    except ImportError:
        return None
    game = pyspiel.load_game(name)
    rng = random.Random(0)
    steps = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(1000):
            state = game.new_initial_state()
            while not state.is_terminal():
                if state.is_chance_node():
                    outcomes, probs = zip(*state.chance_outcomes())
                    state.apply_action(rng.choices(outcomes, probs)[0])
                else:
                    state.apply_action(rng.choice(state.legal_actions()))
                    steps += 1
    return steps / (time.perf_counter() - start)


def pgx_steps_per_second(name, batch, seconds):
    try:
        import jax
        import jax.numpy as jnp
        import pgx
    except ImportError:
        return None
    env = pgx.make(name)
    init = jax.jit(jax.vmap(env.init))
    step = jax.jit(jax.vmap(env.step))

    @jax.jit
    def play(state, key):
        key, action_key, reset_key = jax.random.split(key, 3)
        logits = jnp.where(state.legal_action_mask, 0.0, -jnp.inf)
        action = jax.random.categorical(action_key, logits, axis=-1)
        state = step(state, action)
        fresh = init(jax.random.split(reset_key, batch))
        state = jax.tree_util.tree_map(
            lambda new, old: jnp.where(state.terminated.reshape((-1,) + (1,) * (old.ndim - 1)), new, old), fresh, state)
        return state, key

    key = jax.random.PRNGKey(0)
    state = init(jax.random.split(key, batch))
    state, key = play(state, key)  # compile
    jax.block_until_ready(state)
    iterations = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(50):
            state, key = play(state, key)
        jax.block_until_ready(state)
        iterations += 50
    return iterations * batch / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    ours = selfplay_numbers(args.seconds)
    report = {"cores": ours["cores"], "games": {}}
    for name, (spiel_name, pgx_name) in GAMES.items():
        rows = [r for r in ours["results"] if r["game"] == name]
        best = max(r["steps_per_second"] for r in rows if not r["record"])
        anchors = {
            "openspiel_python_loop": openspiel_steps_per_second(spiel_name, args.seconds),
            "pgx_batch_1024": pgx_steps_per_second(pgx_name, 1024, args.seconds),
            "pgx_batch_8192": pgx_steps_per_second(pgx_name, 8192, args.seconds),
        }
        report["games"][name] = {
            "selfplay": rows,
            "anchors": anchors,
            "ratio_best_selfplay_to_anchor": {k: (best / v if v else None) for k, v in anchors.items()},
        }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for name, entry in report["games"].items():
        print(f"\n{name}")
        for row in entry["selfplay"]:
            print(f"  selfplay  threads={row['threads']} record={'yes' if row['record'] else 'no ':3}"
                  f"  {row['steps_per_second'] / 1e6:8.2f} M steps/s")
        for anchor, value in entry["anchors"].items():
            ratio = entry["ratio_best_selfplay_to_anchor"][anchor]
            text = "not installed" if value is None else f"{value / 1e6:8.2f} M steps/s   selfplay best is {ratio:,.1f}x"
            print(f"  {anchor:24s}{text}")


if __name__ == "__main__":
    sys.exit(main())
