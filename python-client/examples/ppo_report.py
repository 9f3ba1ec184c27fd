"""Tables and plots for runs of ``ppo_selfplay.py`` (its ``--json`` output, one or more files).

Groups the runs by advantage mode and reports, per mode over its seeds: the final mean return
and win rate against each opponent, per role (the learner's roles) with a 95% interval over
seeds (Student's t: with 3 seeds the half-width is 4.30 standard errors, wide on purpose),
and per role the policy's final entropy, its lowest entropy during training and the median
policy-gradient variance per turn. Prints Markdown; ``--plot FILE`` draws every run's curves.

Run:  python python-client/examples/ppo_report.py runs-*.json [--plot ablation.png] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from collections import defaultdict
from typing import Any, Dict, List, Optional, Sequence

#: Student's t quantile (two-sided 95%) by degrees of freedom.
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262}


def interval(values: Sequence[float]) -> str:
    """``mean ± half-width`` of a 95% interval over seeds (just the mean for one seed)."""
    mean = statistics.fmean(values)
    if len(values) < 2:
        return f"{mean:+.3f}"
    half = T95.get(len(values) - 1, 1.96) * statistics.stdev(values) / math.sqrt(len(values))
    return f"{mean:+.3f} ± {half:.3f}"


def summarise(runs: List[Dict[str, Any]], policy: str = "sampled") -> Dict[str, Any]:
    by_mode: Dict[str, List[Dict[str, Any]]] = defaultdict(list)
    for run in runs:
        by_mode[run["config"]["advantage"]].append(run)
    summary: Dict[str, Any] = {}
    for mode, group in by_mode.items():
        row: Dict[str, Any] = {"seeds": [r["config"]["seed"] for r in group], "matches": {}, "roles": {}}
        finals = [r["final"].get(policy, {}) for r in group]
        for opponent in finals[0]:
            matches = [f[opponent] for f in finals]
            row["matches"][opponent] = {
                "mean_return": [m["mean_return"] for m in matches], "win_rate": [m["win_rate"] for m in matches],
                "not_lost_rate": [m["not_lost_rate"] for m in matches],
                "by_role": {role: [m["by_role"][role]["wins"] / m["by_role"][role]["seats_played"] for m in matches]
                            for role in matches[0].get("by_role", {})}}
        exploitability = [r["final"].get("exploitability") for r in group]
        if all(e is not None for e in exploitability):
            row["exploitability"] = exploitability
        for role in dict.fromkeys(role for r in group for m in r["measurements"] for role in m["roles"]):
            series = [[m["roles"][role] for m in r["measurements"] if role in m["roles"]] for r in group]
            row["roles"][role] = {
                "final_entropy": [s[-1]["entropy"] for s in series],
                "lowest_entropy": [min(p["entropy"] for p in s) for s in series],
                "median_gradient_variance": [statistics.median(p["gradient_variance"] for p in s) for s in series],
            }
        row["train_seconds"] = [r["train_seconds"] for r in group]
        row["env_steps"] = [r["env_steps"] for r in group]
        summary[mode] = row
    return summary


def markdown(summary: Dict[str, Any]) -> str:
    lines = []
    opponents = list(next(iter(summary.values()))["matches"])
    for opponent in opponents:
        roles = list(next(iter(summary.values()))["matches"][opponent]["by_role"])
        lines.append(f"Against `{opponent}` (mean over seeds ± 95% interval over seeds):\n")
        lines.append("| advantages | seeds | mean return | win rate | not lost | "
                     + " | ".join(f"wins as {r}" for r in roles) + " |")
        lines.append("|---|---|---:|---:|---:|" + "---:|" * len(roles))
        for mode, row in summary.items():
            match = row["matches"][opponent]
            cells = [interval(match["by_role"][r]) for r in roles]
            lines.append(f"| {mode} | {len(row['seeds'])} | {interval(match['mean_return'])} | "
                         f"{interval(match['win_rate'])} | {interval(match['not_lost_rate'])} | " + " | ".join(cells) + " |")
        lines.append("")
    roles = list(next(iter(summary.values()))["roles"])
    lines.append("Per role: final entropy / lowest entropy in training (1 = uniform) / median policy-gradient "
                 "variance per turn (means over seeds):\n")
    lines.append("| advantages | " + " | ".join(roles) + " |")
    lines.append("|---|" + "---|" * len(roles))
    for mode, row in summary.items():
        cells = []
        for role in roles:
            r = row["roles"].get(role)
            cells.append("-" if r is None else
                         f"{statistics.fmean(r['final_entropy']):.2f} / {statistics.fmean(r['lowest_entropy']):.2f} / "
                         f"{statistics.fmean(r['median_gradient_variance']):.3g}")
        lines.append(f"| {mode} | " + " | ".join(cells) + " |")
    if all("exploitability" in row for row in summary.values()):
        lines.append("\nExploitability (exact): " + ", ".join(f"{mode} {interval(row['exploitability'])}"
                                                          for mode, row in summary.items()))
    return "\n".join(lines)


def plot(runs: List[Dict[str, Any]], path: str, x: str = "seconds") -> None:
    """Learning curves of runs (``RunResult.to_json()`` objects): (a) exploitability, or the
    mean return against the first opponent, (b) entropy and (c) policy-gradient variance per role,
    over training seconds or (``x="updates"``, for budgets counted in updates) over updates."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(16, 4.5))
    colours = {"rae": "tab:blue", "none": "tab:red", "global": "tab:orange", "gae": "tab:green"}
    styles = ["-", "--", ":", "-."]
    labelled = set()
    for run in runs:
        cfg, checks = run["config"], run["checks"]
        colour = colours.get(cfg["advantage"], "black")
        label = cfg["advantage"] if cfg["advantage"] not in labelled else None
        labelled.add(cfg["advantage"])
        times = [c["train_seconds"] if x == "seconds" else c["updates"] for c in checks]
        if checks and checks[0]["exploitability"] is not None:
            axes[0].plot(times, [c["exploitability"] for c in checks], color=colour, label=label)
            axes[0].set_ylabel("exploitability (exact)")
            axes[0].set_yscale("log")
        elif checks and checks[-1]["matches"]:
            opponent = next(iter(checks[-1]["matches"]))
            axes[0].plot(times, [c["matches"][opponent]["mean_return"] for c in checks], color=colour, label=label)
            axes[0].set_ylabel(f"mean return vs {opponent} (sampled policy)")
        roles = list(dict.fromkeys(r for m in run["measurements"] for r in m["roles"]))
        for k, role in enumerate(roles):
            points = [(m["train_seconds"] if x == "seconds" else m["update"], m["roles"][role])
                      for m in run["measurements"] if role in m["roles"]]
            t = [p[0] for p in points]
            axes[1].plot(t, [p[1]["entropy"] for p in points], color=colour, linestyle=styles[k % 4], linewidth=0.8,
                         label=role if run is runs[0] else None)
            axes[2].plot(t, [p[1]["gradient_variance"] for p in points], color=colour, linestyle=styles[k % 4],
                         linewidth=0.8)
    axes[0].set_title("(a) policy quality")
    axes[1].set_title("(b) entropy per role (1 = uniform)")
    axes[2].set_title("(c) policy-gradient variance per turn, per role")
    axes[2].set_yscale("log")
    for ax in axes:
        ax.set_xlabel("training seconds" if x == "seconds" else "updates")
    axes[0].legend(fontsize=8, title="colour: advantages", title_fontsize=8)
    axes[1].legend(fontsize=8, title="line style: role", title_fontsize=8)
    fig.suptitle(f"PPO self-play: {runs[0]['config']['game']}")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", help="--json outputs of ppo_selfplay.py")
    parser.add_argument("--policy", choices=("sampled", "greedy"), default="sampled",
                        help="which evaluation of the final network to tabulate")
    parser.add_argument("--plot", default="", help="write every run's learning curves to this PNG")
    parser.add_argument("--x", choices=("seconds", "updates"), default="seconds",
                        help="the plot's x axis: training seconds, or updates for budgets counted in updates")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON instead of Markdown")
    args = parser.parse_args(argv)
    runs = [run for path in args.files for run in json.load(open(path))["runs"]]
    summary = summarise(runs, args.policy)
    print(json.dumps(summary, indent=1) if args.json else markdown(summary))
    if args.plot:
        plot(runs, args.plot, x=args.x)
    return 0


if __name__ == "__main__":
    sys.exit(main())
