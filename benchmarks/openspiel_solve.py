#!/usr/bin/env python3
"""OpenSpiel's C++ solvers (through pyspiel), measured the way `games bench solve` measures
SelfPlay's, and a bridge for SelfPlay policy files. Prints one JSON object.

Modes:
  openspiel_solve.py [--iterations N] [--repeats R]
      Time CFR and CFR+ (solver construction + N iterations) and the exploitability of the
      CFR average policy on Kuhn Poker. Prints {"available": true, ...} or, when open_spiel
      is not installed, {"available": false, "reason": ...}.
  openspiel_solve.py --evaluate FILE
      NashConv and exploitability of a SelfPlay tabular policy file, computed by OpenSpiel
      (information states missing from the file count as uniform, as in SelfPlay).
  openspiel_solve.py --export FILE [--algorithm cfr|cfr+] [--iterations N]
      Run OpenSpiel's CFR and write its average policy as a SelfPlay policy file.

The policy file format is docs/policy-format.md. Install OpenSpiel with `pip install open_spiel`.
"""

import argparse
import json
import statistics
import sys
import time

FORMAT = "selfplay.tabular_policy"
VERSION = 1


def load_pyspiel():
    try:
        import pyspiel  # noqa: PLC0415 (optional dependency)
    except ImportError as error:
        return None, str(error)
    return pyspiel, None


def openspiel_version():
    try:
        from importlib.metadata import version  # noqa: PLC0415

        return version("open_spiel")
    except Exception:  # noqa: BLE001 (the version is informative only)
        return "unknown"


def make_solver(pyspiel, game, algorithm):
    return pyspiel.CFRPlusSolver(game) if algorithm == "cfr+" else pyspiel.CFRSolver(game)


def benchmark(pyspiel, game_string, iterations, repeats):
    game = pyspiel.load_game(game_string)
    result = {"available": True, "openspiel_version": openspiel_version(), "game": game_string,
              "iterations": iterations, "repeats": repeats}
    for algorithm, key in (("cfr", "cfr"), ("cfr+", "cfr_plus")):
        times = []
        solver = None
        for _ in range(repeats):
            start = time.perf_counter()
            solver = make_solver(pyspiel, game, algorithm)
            for _ in range(iterations):
                solver.evaluate_and_update_policy()
            times.append(time.perf_counter() - start)
        average = solver.average_policy()
        result[key + "_ms"] = statistics.median(times) * 1e3
        result[key + "_exploitability"] = pyspiel.exploitability(game, average)
        if algorithm == "cfr":
            # The exploitability of one policy: many calls, the median of batches.
            batch = 50
            per_call = []
            for _ in range(repeats):
                start = time.perf_counter()
                for _ in range(batch):
                    pyspiel.exploitability(game, average)
                per_call.append((time.perf_counter() - start) / batch)
            result["exploitability_ms"] = statistics.median(per_call) * 1e3
    return result


def read_policy_file(path):
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ValueError(f"{path} is not a {FORMAT} version {VERSION} file")
    return data


def evaluate(pyspiel, path):
    from open_spiel.python import policy as policy_lib  # noqa: PLC0415

    data = read_policy_file(path)
    game = pyspiel.load_game(data["game"])
    table = policy_lib.TabularPolicy(game)  # uniform everywhere to start with
    missing = set()
    for state in table.states:
        player = state.current_player()
        key = state.information_state_string(player)
        # SelfPlay keys a game by its informationState(_:seat:) strings: OpenSpiel's
        # information-state strings for Kuhn Poker, but the board (OpenSpiel's observation
        # string) for TicTacToe, where OpenSpiel's information state is the move history.
        row = data["policy"].get(key, data["policy"].get(state.observation_string(player)))
        if row is None:
            missing.add(key)
        else:
            table.action_probability_array[table.state_lookup[key]] = row
    cpp_policy = policy_lib.python_policy_to_pyspiel_policy(table)
    nash_conv = pyspiel.nash_conv(game, cpp_policy)
    return {"game": data["game"], "nash_conv": nash_conv,
            "exploitability": nash_conv / game.num_players(), "missing_information_states": len(missing),
            "openspiel_version": openspiel_version()}


def export(pyspiel, path, game_string, algorithm, iterations):
    game = pyspiel.load_game(game_string)
    solver = make_solver(pyspiel, game, algorithm)
    for _ in range(iterations):
        solver.evaluate_and_update_policy()
    from open_spiel.python import policy as policy_lib  # noqa: PLC0415

    # The Python TabularPolicy lists every information state with one of its states; read
    # the C++ average policy there.
    average = solver.average_policy()
    table = policy_lib.TabularPolicy(game)
    num_actions = game.num_distinct_actions()
    rows = {}
    for state in table.states:
        row = [0.0] * num_actions
        for action, probability in average.get_state_policy(state):
            row[action] = probability
        rows[state.information_state_string()] = row
    data = {"format": FORMAT, "version": VERSION, "game": game_string, "action_count": num_actions,
            "metadata": {"algorithm": algorithm, "iterations": str(iterations), "source": "open_spiel " + openspiel_version()},
            "policy": rows}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, sort_keys=True)
    return {"game": game_string, "saved": path, "exploitability": pyspiel.exploitability(game, solver.average_policy())}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--game", default="kuhn_poker", help="an OpenSpiel game string (default kuhn_poker)")
    parser.add_argument("--iterations", type=int, default=1000, help="CFR iterations (default 1000)")
    parser.add_argument("--repeats", type=int, default=7, help="timed repetitions; the median is reported (default 7)")
    parser.add_argument("--evaluate", metavar="FILE", help="evaluate a SelfPlay policy file with OpenSpiel")
    parser.add_argument("--export", metavar="FILE", help="write OpenSpiel's CFR average policy as a SelfPlay policy file")
    parser.add_argument("--algorithm", choices=["cfr", "cfr+"], default="cfr", help="for --export (default cfr)")
    args = parser.parse_args()

    pyspiel, reason = load_pyspiel()
    if pyspiel is None:
        print(json.dumps({"available": False, "reason": reason}))
        return 0 if not (args.evaluate or args.export) else 1
    if args.evaluate:
        result = evaluate(pyspiel, args.evaluate)
    elif args.export:
        result = export(pyspiel, args.export, args.game, args.algorithm, args.iterations)
    else:
        result = benchmark(pyspiel, args.game, args.iterations, args.repeats)
    print(json.dumps(result, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
