"""Seeding a server vector the way Gymnasium and PettingZoo environments are seeded."""

from __future__ import annotations

import secrets
from typing import Optional


class ResetSeeds:
    """The seed each ``reset`` sends to the server.

    ``reset(seed=s)`` restarts the vector's episode numbering at ``s``, so the same seed gives
    the same games; the first ``reset()`` without a seed draws one from fresh entropy (as
    Gymnasium does for ``np_random``), so unseeded environments do not all play the games of
    seed 0; later unseeded resets play the next game of the stream.
    """

    def __init__(self) -> None:
        self._seeded = False

    def next(self, seed: Optional[int]) -> Optional[int]:
        """The seed for this reset's request, or None to go on with the vector's stream."""
        if seed is not None:
            self._seeded = True
            return seed
        if self._seeded:
            return None
        self._seeded = True
        return secrets.randbits(63)
