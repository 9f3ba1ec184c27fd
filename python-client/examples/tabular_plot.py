"""The four-panel plot of the tabular self-play examples (matplotlib).

(a) exploitability of the average policy, (b) per-role entropy of the current policy, (c) how many
times smaller the variance of the policy-gradient estimate is with RAE's per-role baseline than
with none (and, for scale, with a per-state baseline), (d) RAE's per-role baseline: why (c) comes
out as it does. One colour per
mode, one line style per role; with several seeds, thin lines per seed and a thick mean.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Dict, List, Sequence

import numpy as np

from tabular_pg import TabularGame
from tabular_selfplay import MODE_LABELS, RunResult

COLOURS = {"rae": "tab:blue", "none": "tab:orange", "rae-per-game": "tab:green"}
ROLE_STYLES = ("-", "--", ":", "-.")


def _series(runs: Sequence[RunResult], value: Callable[[RunResult], Sequence[float]]):
    """Per run (x, y) from the first check after training starts; and, with several runs, their
    mean on the first run's checks within the range every run covers (runs check after slightly
    different numbers of games, so the others are interpolated)."""
    lines = [(np.array(run.games[1:], dtype=float), np.array(value(run), dtype=float)) for run in runs]
    if len(lines) < 2:
        return lines, None
    low, high = max(x[0] for x, _ in lines), min(x[-1] for x, _ in lines)
    grid = lines[0][0][(lines[0][0] >= low) & (lines[0][0] <= high)]
    return lines, (grid, np.mean([np.interp(grid, x, y) for x, y in lines], axis=0))


def _draw(axes, runs: Sequence[RunResult], value, colour: str, style: str, label: str, width: float = 1.6) -> None:
    lines, mean = _series(runs, value)
    several = len(lines) > 1
    for index, (x, y) in enumerate(lines):
        axes.plot(x, y, color=colour, linestyle=style, linewidth=0.7 if several else width,
                  alpha=0.45 if several else 1.0, label=None if (several or index) else label)
    if mean is not None:
        axes.plot(*mean, color=colour, linestyle=style, linewidth=width + 0.4, label=f"{label} (mean)")


def plot(game: TabularGame, runs: List[RunResult], path: Path, title: str) -> bool:
    """Writes the plot to ``path`` (``title``: the figure's first line); False without matplotlib."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    by_mode: Dict[str, List[RunResult]] = {}
    for run in runs:
        by_mode.setdefault(run.mode, []).append(run)
    roles = list(enumerate(game.role_names))
    figure, grid = plt.subplots(2, 2, figsize=(12, 8.5))
    (exploit, entropy), (noise, baseline) = grid
    def ratio(role: int, baseline: str) -> Callable[[RunResult], List[float]]:
        return lambda run: [m["noise"]["none"][role] / m["noise"][baseline][role] for m in run.measurements]

    def per_role(key: str, role: int) -> Callable[[RunResult], List[float]]:
        return lambda run: [m[key][role] for m in run.measurements]

    for mode, group in by_mode.items():
        colour = COLOURS.get(mode, "black")
        _draw(exploit, group, lambda run: run.exploitability[1:], colour, "-", MODE_LABELS[mode])
        for role, name in roles:
            style = ROLE_STYLES[role % len(ROLE_STYLES)]
            _draw(entropy, group, per_role("entropy", role), colour, style, f"{name}, {mode}")
            _draw(noise, group, ratio(role, "role"), colour, style, f"{name}: none / RAE, {mode} run")
            _draw(baseline, group, per_role("baseline", role), colour, style, f"{name}, {mode} run")
    first = next(iter(by_mode.values()))
    for role, name in roles:  # the per-state reference, from the first mode's runs only (clutter)
        _draw(noise, first, ratio(role, "state"), "gray", ROLE_STYLES[role % len(ROLE_STYLES)],
              f"{name}: none / per-state baseline (reference)", width=1.0)

    exploit.axhline(game.uniform_exploitability, color="gray", linestyle=":", label="uniform play")
    exploit.set(xscale="log", yscale="log", xlabel="games played", ylabel="exploitability (exact)",
                title="(a) exploitability of the average policy")
    entropy.set(xscale="log", ylim=(0, 1.02), xlabel="games played", ylabel="entropy / log(legal actions)",
                title="(b) policy entropy per role (visit-weighted; 1 = uniform)")
    noise.axhline(1, color="black", linewidth=0.6)
    noise.set(xscale="log", xlabel="games played", ylabel="variance without baseline / with",
              title="(c) variance of the policy-gradient estimate: none / baseline (same batches)")
    baseline.axhline(0, color="black", linewidth=0.6)
    baseline.set(xscale="log", xlabel="games played", ylabel="baseline (EMA of the role's mean return)",
                 title="(d) RAE's per-role baseline")
    for axes in grid.flat:
        axes.legend(fontsize="x-small", loc="best")
        axes.grid(alpha=0.25)
    figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)
    return True
