"""TicTacToe self-play through the bridge, with and without RAE: where the roles' returns differ.

A tabular softmax policy (one row of logits per board, 4520 non-terminal boards, illegal cells
masked) plays both seats of TicTacToe against itself through the bridge in tensor mode and learns
from the trajectory stream's advantages, with the same trainer as kuhn_selfplay.py (tabular_pg.py)
but the plain policy gradient (``--update pg``, the score-function step SPIRAL's learner takes;
the natural gradient's 1/pi weights on rarely sampled moves made it noisier here), a weak pull
towards uniform, and an average policy that weighs each iterate by how often the batch visited
the board, as NFSP's average policy does (a board can be reached by several move orders). Its
exploitability is exact (``games exploitability tic_tac_toe --policy FILE``: best responses on the
whole game tree), and the final policy plays ``minimax`` (perfect play) and ``random`` (``games
selfplay``).

Unlike Kuhn Poker, TicTacToe's roles expect very different returns while the policy is weak:
under random play x (first to move) wins 58.5% and o 28.8%, so x's mean return is +0.30 and o's
-0.30, and self-play keeps x ahead for a long time. Without a baseline, x's updates mostly say
"more of whatever you did". RAE subtracts each role's running mean return. The plot shows
exploitability, each role's policy entropy, by how much RAE reduces the variance of the update
on the same batches, and RAE's baselines; docs/learning.md has the measured numbers.

Run:  python python-client/examples/tictactoe_selfplay.py [--seconds N] [--games N] [--json] [--plot FILE]
"""

from __future__ import annotations

import sys
from typing import Dict, List, Optional, Tuple

import numpy as np

from tabular_pg import TabularGame
from tabular_selfplay import main as run_examples

LINES = [(0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6)]
UNIFORM_EXPLOITABILITY = 0.9598296957671957  # NashConv 1.919659391534391 / 2 (docs/solvers.md)
EMPTY, NOUGHT, CROSS = 0, 1, 2  # the observation's planes: empty cells, o (seat 1), x (seat 0)


def decision_boards() -> List[Tuple[int, ...]]:
    """Every board where a seat is to move (no line, not full), in the order a walk from the empty
    board meets them: 4520 (OpenSpiel's non-terminal states)."""
    seen: Dict[Tuple[int, ...], None] = {}
    stack = [(EMPTY,) * 9]
    while stack:
        board = stack.pop()
        if board in seen or any(board[a] != EMPTY and board[a] == board[b] == board[c] for a, b, c in LINES):
            continue
        if EMPTY not in board:
            continue
        seen[board] = None
        mark = CROSS if board.count(CROSS) == board.count(NOUGHT) else NOUGHT
        for cell in reversed(range(9)):
            if board[cell] == EMPTY:
                stack.append(board[:cell] + (mark,) + board[cell + 1:])
    return list(seen)


def information_state(board: Tuple[int, ...]) -> str:
    """The board as policy files key it: rows of x, o, . joined by newlines (docs/policy-format.md)."""
    text = "".join(".ox"[cell] for cell in board)
    return "\n".join(text[row * 3:row * 3 + 3] for row in range(3))


class BoardIndex:
    """Maps observation tensors [N, 3, 3, 3] to indices into the decision boards: each cell's
    plane (0 empty, 1 o, 2 x) as a base-3 digit indexes a table (-1 for no decision board)."""

    _powers = 3 ** np.arange(9, dtype=np.int64)

    def __init__(self, boards: List[Tuple[int, ...]]) -> None:
        self.table = np.full(3 ** 9, -1, dtype=np.int64)
        for index, board in enumerate(boards):
            self.table[int(np.dot(board, self._powers))] = index

    def __call__(self, observations: np.ndarray) -> np.ndarray:
        cells = observations.reshape(len(observations), 3, 9).argmax(axis=1)
        return self.table[cells @ self._powers]


BOARDS = decision_boards()

TICTACTOE = TabularGame(
    game="tic_tac_toe",
    keys=[information_state(board) for board in BOARDS],
    legal=np.array([[cell == EMPTY for cell in board] for board in BOARDS]),
    roles=np.array([0 if board.count(CROSS) == board.count(NOUGHT) else 1 for board in BOARDS]),
    role_names=("x", "o"),
    index=BoardIndex(BOARDS),
    uniform_exploitability=UNIFORM_EXPLOITABILITY,
    opponents=("minimax", "random"),
)


def main(argv: Optional[List[str]] = None) -> int:
    return run_examples(TICTACTOE, __doc__.split("\n\n")[0], argv, plot_title="TicTacToe",
                        default_plot="tictactoe_selfplay.png",
                        defaults={"update": "pg", "learning_rate": 2.0, "entropy": 0.01, "evaluate_every": 10})


if __name__ == "__main__":
    sys.exit(main())
