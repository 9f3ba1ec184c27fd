"""Learning curves of ``llm_selfplay.py`` runs: valid-move rate and response length per game,
token entropy, and Kuhn Poker's exploitability, one line per run (matplotlib).

Run:  python python-client/examples/llm_selfplay_plot.py rae.json none.json --out curves.png
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", nargs="+", help="JSON files written by llm_selfplay.py --json")
    parser.add_argument("--out", required=True, help="the PNG to write")
    args = parser.parse_args()
    runs = []
    for name in args.runs:
        with open(name) as file:
            runs.append(json.load(file))
    plot(runs, args.out)


if __name__ == "__main__":
    main()
