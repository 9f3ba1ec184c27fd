"""Kuhn Poker self-play to equilibrium through the bridge, learning from RAE advantages.

A tabular softmax policy (one row of logits per information state, 12 in all) plays both seats
of Kuhn Poker against itself: a vector of games in tensor mode, actions sampled from the current
policy. The finished episodes come back on the trajectory stream with SPIRAL's RAE advantages
(``A = R - b[role]``, an EMA baseline per role kept by the server), and each batch of games makes
one natural policy-gradient step with a pull towards uniform (tabular_pg.py says exactly how).

Plain last-iterate policy gradient in self-play circles around the equilibrium. This trainer
does both things the literature does: it REGULARISES (magnetic mirror descent's step towards the
uniform policy, Sokota et al. 2023) and it AVERAGES the policy over training, as fictitious play
and CFR do: each iterate is added to the average weighted by the seat's own probability of
reaching the information state (the sequence-form average). The reported policy is that
average; its exploitability is exact, computed by ``games exploitability kuhn_poker --policy
FILE --json`` (Solvers).

The same seeds run with RAE (decay 0.95, updated once per trajectory message) and with no
baseline (``A = R``). The plot (matplotlib: ``pip install ./python-client[examples]``) shows
exploitability, per-role entropy, the update's noise with and without RAE, and RAE's baselines.
In Kuhn the two modes learn alike, and the plot shows why: the baselines converge to the game
value, -1/18 for the first player and +1/18 for the second, tiny next to returns of +-1 and +-2,
so subtracting them removes almost none of the update's noise (docs/learning.md).

Run:  python python-client/examples/kuhn_selfplay.py [--seconds N] [--games N] [--json] [--plot FILE]
"""

from __future__ import annotations

import sys
from typing import List, Optional

import numpy as np

from tabular_pg import TabularGame
from tabular_selfplay import main as run_examples

#: Kuhn Poker's information states, OpenSpiel's strings: own card (0 J, 1 Q, 2 K), then the
#: betting so far (p pass, b bet). Seat 0 acts at "", "pb"; seat 1 at "p", "b".
INFORMATION_STATES = [f"{card}{history}" for history in ("", "p", "b", "pb") for card in range(3)]
UNIFORM_EXPLOITABILITY = 0.4583333333333333


def information_state_tensor(key: str) -> np.ndarray:
    """OpenSpiel's 11-float information-state tensor of a 2-player Kuhn state string:
    one-hot seat [2], one-hot own card [3], then (pass, bet) for each of 3 betting steps."""
    card, history = int(key[0]), key[1:]
    tensor = np.zeros(11, dtype=np.float32)
    tensor[len(history) % 2] = 1
    tensor[2 + card] = 1
    for step, move in enumerate(history):
        tensor[5 + 2 * step + (1 if move == "b" else 0)] = 1
    return tensor


class StateIndex:
    """Maps observation tensors (rows of 0/1 floats) to indices into INFORMATION_STATES, vectorised:
    the tensor read as an 11-bit number indexes a lookup table (-1 for tensors that are no
    decision state, e.g. the final observation of a finished slot)."""

    _bits = (1 << np.arange(11)).astype(np.int64)

    def __init__(self) -> None:
        self.table = np.full(1 << 11, -1, dtype=np.int64)
        for index, key in enumerate(INFORMATION_STATES):
            self.table[self.code(information_state_tensor(key)[None, :])[0]] = index

    def code(self, observations: np.ndarray) -> np.ndarray:
        return (observations.reshape(len(observations), -1) > 0.5).astype(np.int64) @ self._bits

    def __call__(self, observations: np.ndarray) -> np.ndarray:
        return self.table[self.code(observations)]


def own_reach(policy: np.ndarray) -> np.ndarray:
    """The probability that the acting seat's own choices lead to each information state:
    1 for its first decision, and for seat 0's "Xpb" the chance it passed holding X."""
    reach = np.ones(len(INFORMATION_STATES))
    for index, key in enumerate(INFORMATION_STATES):
        if key[1:] == "pb":
            reach[index] = policy[INFORMATION_STATES.index(key[0]), 0]
    return reach


KUHN = TabularGame(
    game="kuhn_poker",
    keys=INFORMATION_STATES,
    legal=np.ones((len(INFORMATION_STATES), 2), dtype=bool),
    # Role 0 is the first to act (seat 0, at "X" and "Xpb"), role 1 the second (at "Xp", "Xb").
    roles=np.array([len(key[1:]) % 2 for key in INFORMATION_STATES]),
    role_names=("first", "second"),
    index=StateIndex(),
    uniform_exploitability=UNIFORM_EXPLOITABILITY,
    own_reach=own_reach,
    opponents=("cfr", "random"),
)


def main(argv: Optional[List[str]] = None) -> int:
    return run_examples(KUHN, __doc__.split("\n\n")[0], argv, plot_title="Kuhn Poker",
                        default_plot="kuhn_selfplay.png", defaults={})


if __name__ == "__main__":
    sys.exit(main())
