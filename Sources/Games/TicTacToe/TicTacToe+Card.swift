let ticTacToeCard = """
    # Tic-Tac-Toe (`tic_tac_toe`)

    Two seats place marks on a 3x3 board; three in a row wins. Same rules, action indices
    and observation layout as OpenSpiel's `tic_tac_toe`.

    ## Rules
    - Seat 0 plays `x` and moves first; seats alternate.
    - A seat that completes a row, column or diagonal wins: +1, the other -1.
    - A full board without a line is a draw: 0 and 0. Perfect play draws.

    ## Parameters
    None.

    ## Actions (9)
    | index | meaning | text |
    |---|---|---|
    | 0-8 | mark cell `row * 3 + column` | `[0]` ... `[8]` |
    Legal: the empty cells. The parser takes the last `[n]` in the reply.

    ## Observation tensor [3, 3, 3]
    Plane 0: empty cells; plane 1: `o` (seat 1); plane 2: `x` (seat 0). Not egocentric: the
    same tensor for both seats (OpenSpiel's layout; Pgx uses own/opponent planes).

    ## Roles
    `x` (seat 0) and `o` (seat 1).

    ## Text face
    TextArena TicTacToe-v0 style: a numbered board and `Available Moves: '[0]', ...`.
    TextArena calls seat 0 'O'; here seat 0 is 'X' so both faces agree.

    ## Reference numbers
    5478 reachable states (4520 non-terminal), 549,946 histories; value 0.

    ## Version history
    1: first version.
    """
