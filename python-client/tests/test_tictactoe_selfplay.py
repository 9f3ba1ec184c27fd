"""The TicTacToe self-play example learns through the bridge, and RAE's baselines see what the
roles expect: x (first to move) ahead, o behind."""

import sys
from pathlib import Path
from typing import Any, Callable, Dict

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "tictactoe_selfplay.py"
UNIFORM_EXPLOITABILITY = 0.9598296957671957


def test_the_example_has_a_row_for_every_board_where_a_seat_is_to_move() -> None:
    sys.path.insert(0, str(EXAMPLE.parent))
    from tictactoe_selfplay import TICTACTOE

    # 4520 non-terminal boards (OpenSpiel's count), keyed as policy files key them.
    assert len(TICTACTOE.keys) == len(set(TICTACTOE.keys)) == 4520
    empty = TICTACTOE.keys.index("...\n...\n...")
    assert TICTACTOE.roles[empty] == 0 and TICTACTOE.legal[empty].all()  # x moves first, anywhere
    # x . .
    # . o .     o has answered: x to move, 7 empty cells
    # . . .
    answered = TICTACTOE.keys.index("x..\n.o.\n...")
    assert TICTACTOE.roles[answered] == 0
    assert TICTACTOE.legal[answered].tolist() == [False, True, True, True, False, True, True, True, True]


def test_self_play_learns_tictactoe_and_rae_tracks_the_first_movers_edge(
    selfplay_example: Callable[..., Dict[str, Any]],
) -> None:
    report = selfplay_example(
        "tictactoe_selfplay.py", "--games", "20480", "--match-episodes", "1000", timeout=900)
    rae, none = report["runs"]
    assert (rae["mode"], none["mode"]) == ("rae", "none")
    assert abs(rae["exploitability"][0] - UNIFORM_EXPLOITABILITY) < 1e-12  # training starts from uniform play
    for run in (rae, none):
        # Learning: exactly measured exploitability falls well below uniform's (measured 0.79 and 0.82),
        # the policy sharpens, and it beats the random player clearly (uniform vs random: -0.05).
        assert run["exploitability"][-1] < 0.88
        first, last = run["measurements"][0], run["measurements"][-1]
        assert all(late < early - 0.1 for early, late in zip(first["entropy"], last["entropy"]))
        assert run["against"]["random"]["mean_return"] > 0.4
        assert run["against"]["minimax"]["wins"] == 0  # nobody beats perfect play
    # RAE's per-role baseline (replicated by the example, and checked against the server's
    # advantages) tracks x's edge: positive for x, negative for o, as large as the mean returns.
    assert rae["baseline_mismatch"] < 1e-5
    x_baseline, o_baseline = rae["measurements"][0]["baseline"]
    assert x_baseline > 0.15 and o_baseline < -0.15
    # The baseline cannot know how a game went: little of its own return leaks into it.
    assert all(abs(value) < 0.05 for check in rae["measurements"] for value in check["baseline_leak"])
