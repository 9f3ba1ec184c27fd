"""Learning curves of ``llm_selfplay.py`` runs: valid-move rate and response length per game,
token entropy, and Kuhn Poker's exploitability, one line per run (matplotlib); ``--table``
prints the runs' numbers as Markdown tables instead.

Run:  python python-client/examples/llm_selfplay_plot.py rae.json none.json --out curves.png
      python python-client/examples/llm_selfplay_plot.py rae.json none.json --table
"""

from __future__ import annotations

import argparse
import json
from typing import Any, Dict, List

UNIFORM_KUHN_EXPLOITABILITY = 0.4583333333333333


def plot(runs: List[Dict[str, Any]], path: str) -> None:
    """Writes a 2x2 figure of ``runs`` (``llm_selfplay.py --json`` objects) to ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(2, 2, figsize=(11, 7.5))
    for run in runs:
        name = f"{run['config']['advantages']} seed {run['config']['seed']}"
        rows = [row for row in run["history"] if "games" in row]
        for game in run["config"]["games"]:
            points = [(row["iteration"], row["games"][game]) for row in rows if game in row["games"]]
            axes[0, 0].plot([i for i, _ in points], [g["valid_rate"] for _, g in points], label=f"{game} ({name})")
            axes[0, 1].plot([i for i, _ in points], [g["response_tokens"] for _, g in points], label=f"{game} ({name})")
        axes[1, 0].plot([row["iteration"] for row in rows], [row["entropy"] for row in rows], label=name)
        if run["exploitability"]:
            axes[1, 1].plot([p["iteration"] for p in run["exploitability"]], [p["exploitability"] for p in run["exploitability"]],
                            marker="o", label=name)
    axes[1, 1].axhline(UNIFORM_KUHN_EXPLOITABILITY, color="grey", linestyle=":", label="uniform play")
    axes[1, 1].axhline(0.2, color="grey", linestyle="--", label="target 0.2")
    titles = [("valid-move rate in self-play", "share of turns"), ("response length", "tokens"),
              ("token entropy of the responses", "nats"), ("Kuhn Poker exploitability (exact)", "exploitability")]
    for axis, (title, label) in zip(axes.flat, titles):
        axis.set_title(title)
        axis.set_xlabel("RL iteration")
        axis.set_ylabel(label)
        axis.legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path, dpi=90)


def _mean(values: List[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def _window(rows: List[Dict[str, Any]], game: str, key: str, first: bool, size: int = 10) -> float:
    picked = [row["games"][game][key] for row in rows if game in row["games"]]
    return _mean(picked[:size] if first else picked[-size:])


def table(runs: List[Dict[str, Any]]) -> str:
    """Markdown tables: per run and game, self-play valid-move rate and response length over the
    first and last 10 iterations; win rate against random per seat at each evaluation stage;
    Kuhn Poker's exploitability at each evaluation."""
    lines = ["| run | game | iterations | valid moves, first 10 / last 10 | response tokens, first 10 / last 10 "
             "| entropy, first 10 / last 10 |", "|---|---|---|---|---|---|"]
    for run in runs:
        name = f"{run['config']['advantages']} seed {run['config']['seed']}"
        rows = [row for row in run["history"] if "games" in row]
        entropy = [row["entropy"] for row in rows]
        early, late = _mean(entropy[:10]), _mean(entropy[-10:])
        for game in run["config"]["games"]:
            valid = f"{_window(rows, game, 'valid_rate', True):.2f} / {_window(rows, game, 'valid_rate', False):.2f}"
            length = f"{_window(rows, game, 'response_tokens', True):.1f} / {_window(rows, game, 'response_tokens', False):.1f}"
            lines.append(f"| {name} | {game} | {len(rows)} | {valid} | {length} | {early:.2f} / {late:.2f} |")
    lines += ["", "| run | game | seat | stage | won | drawn | lost | win rate (95%) | valid moves |",
              "|---|---|---|---|---|---|---|---|---|"]
    for run in runs:
        name = f"{run['config']['advantages']} seed {run['config']['seed']}"
        for stage, games in run["versus_random"].items():
            for game, seats in games.items():
                for seat, r in seats.items():
                    lines.append(f"| {name} | {game} | {seat} | {stage} | {r['wins']} | {r['draws']} | {r['losses']} | "
                                 f"{100 * r['win_rate']:.1f}% ± {100 * r['win_rate_ci95']:.1f} | {r['valid_move_rate']:.2f} |")
    lines += ["", "| run | Kuhn Poker exploitability by iteration |", "|---|---|"]
    for run in runs:
        name = f"{run['config']['advantages']} seed {run['config']['seed']}"
        points = ", ".join(f"{p['iteration']}: {p['exploitability']:.3f}" for p in run["exploitability"])
        lines.append(f"| {name} | {points} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", nargs="+", help="JSON files written by llm_selfplay.py --json")
    parser.add_argument("--out", help="the PNG to write")
    parser.add_argument("--table", action="store_true", help="print Markdown tables of the runs")
    args = parser.parse_args()
    runs = []
    for name in args.runs:
        with open(name) as file:
            runs.append(json.load(file))
    if args.table:
        print(table(runs))
    if args.out:
        plot(runs, args.out)
    if not args.table and not args.out:
        parser.error("nothing to do: give --out FILE, --table or both")


if __name__ == "__main__":
    main()
