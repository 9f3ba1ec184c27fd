"""How often can a TicTacToe policy beat uniform random play? Exact, by dynamic programming.

For each seat, the largest probability of winning against an opponent that plays uniformly at
random, (a) over every policy and (b) over policies that never lose a game (at each board they
play only moves that keep the game-theoretic value). docs/learning.md compares the PPO network's
win rate against ``random`` with these ceilings.

Run:  python python-client/examples/tictactoe_best_vs_random.py
"""

from __future__ import annotations

from functools import cache

LINES = ((0, 1, 2), (3, 4, 5), (6, 7, 8), (0, 3, 6), (1, 4, 7), (2, 5, 8), (0, 4, 8), (2, 4, 6))


def winner(board: str) -> str:
    for a, b, c in LINES:
        if board[a] != "." and board[a] == board[b] == board[c]:
            return board[a]
    return ""


def play(board: str, cell: int, mark: str) -> str:
    return board[:cell] + mark + board[cell + 1:]


def other(mark: str) -> str:
    return "o" if mark == "x" else "x"


@cache
def value(board: str, mover: str) -> int:
    """The game-theoretic value for x: +1, 0 or -1."""
    won = winner(board)
    if won:
        return 1 if won == "x" else -1
    moves = [cell for cell in range(9) if board[cell] == "."]
    if not moves:
        return 0
    values = [value(play(board, cell, mover), other(mover)) for cell in moves]
    return max(values) if mover == "x" else min(values)


@cache
def best_win_probability(board: str, mover: str, me: str, never_lose: bool) -> float:
    """The largest probability that ``me`` wins from ``board`` against uniform random play."""
    won = winner(board)
    if won or "." not in board:
        return 1.0 if won == me else 0.0
    moves = [cell for cell in range(9) if board[cell] == "."]
    children = [best_win_probability(play(board, cell, mover), other(mover), me, never_lose) for cell in moves]
    if mover != me:
        return sum(children) / len(children)
    if never_lose:
        keep = value(board, mover)
        children = [p for cell, p in zip(moves, children) if value(play(board, cell, mover), other(mover)) == keep]
    return max(children)


def main() -> None:
    empty = "." * 9
    for never_lose, label in ((False, "any policy"), (True, "never loses")):
        x = best_win_probability(empty, "x", "x", never_lose)
        o = best_win_probability(empty, "x", "o", never_lose)
        print(f"{label:12s} wins as x {100 * x:.1f}%, as o {100 * o:.1f}%, seats swapped {50 * (x + o):.1f}%")


if __name__ == "__main__":
    main()
