"""Rule tests through the bridge: play a script of moves on a ``games serve`` and assert what
a rule says about the position, with messages a test runner shows as they are.

```python
from selfplay.testing import RuleScenario

def test_a_completed_row_wins(client):
    with RuleScenario(client, "tic_tac_toe") as game:
        game.play("[0]", "[3]", "[1]", "[4]")   # text moves, as a player replies
        game.expect_acting(0)
        game.play(2)                            # or action indices
        game.expect_terminal()
        game.expect_returns([1, -1])
```

A scenario is one episode in a text-mode vector of batch size 1 (prompts, legal action strings
and the server's reasons for rejecting a move), with 10 retries a turn (a server's default
``--max-retries``) so that a rejected move leaves the position as it was; an eleventh rejection
on one turn is refused by the helper. Observation tensors come from a tensor-mode twin
made on first use with the same game and seed, which replays the moves by index (a text move is
known by index when it is exactly one of the legal action strings).

Chance is played by the server from the seed (docs/protocol.md), so a script cannot choose a
deal: pick the seed, read the deal from the prompts, or state the rule for every deal. Only
the acting seat's prompt goes over the wire. A failed expectation raises ``ScenarioFailure``
(an ``AssertionError``) naming the game, the moves so far, what was expected and what the
server said; pytest shows it at the test's line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, List, Optional, Sequence, Union

import numpy as np

if TYPE_CHECKING:
    from .client import Client
    from .vectors import StepResult, TextEnv, VectorEnv

#: A move of a script: an action index (tensor face) or a reply (text face).
Move = Union[int, str]

# Retries per turn: the most a `games serve` allows by default (its --max-retries), so that a
# rejected move leaves the position as it was for up to that many rejections on one turn.
_RETRIES = 10


class ScenarioFailure(AssertionError):
    """An expectation about a scripted position did not hold, or a move could not be played."""


class RuleScenario:
    """One scripted episode of ``game`` on the server ``client`` talks to.

    Args:
        client: a connected ``selfplay.Client``.
        game: a game string, e.g. ``"kuhn_poker"`` or ``"negotiation(turns=2,max_offer=5)"``.
        seed: the seed of the episode's chance outcomes (deals, draws).

    Attributes:
        spec: the game's ``GameSpec`` (seats, action count, observation shape, role names).
        game: the canonical game string, as failure messages name it.
        moves: the moves played so far, as given to ``play``.

    Raises:
        UnknownGameError, InvalidArgumentError: the server refused the game string.
    """

    def __init__(self, client: Client, game: str, *, seed: int = 0) -> None:
        self._client = client
        self._seed = seed
        self._policy = f"zero_sum+{_RETRIES}"
        # Rejections on the current turn (counted against the server's retries).
        self._rejected_turn = -1
        self._rejections = 0
        self._text: TextEnv = client.make_text(game, batch_size=1, seed=seed, invalid_move_policy=self._policy)
        self.spec = self._text.spec
        self.game: str = self.spec.game
        self._state: StepResult = self._text.reset()
        self._returns = np.zeros(self.spec.seat_count, dtype=np.float64)
        self.moves: List[Move] = []
        # The index of every move, for the tensor twin; None where a free-text move hid it.
        self._indices: List[Optional[int]] = []
        self._tensor: Optional[VectorEnv] = None
        self._tensor_state: Optional[StepResult] = None

    def __enter__(self) -> RuleScenario:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Closes the scenario's vectors on the server."""
        self._text.close()
        if self._tensor is not None:
            self._tensor.close()

    # What the position shows -------------------------------------------------------------

    @property
    def acting_seat(self) -> Optional[int]:
        """The seat to act, None when the episode is over."""
        seat = int(self._state.current_seats[0])
        return None if seat < 0 else seat

    @property
    def is_terminal(self) -> bool:
        """Whether the episode is over."""
        return self.acting_seat is None

    @property
    def legal_moves(self) -> List[str]:
        """The acting seat's legal action strings, in index order."""
        actions = self._state.legal_actions
        return list(actions[0]) if actions else []

    @property
    def legal_indices(self) -> List[int]:
        """The acting seat's legal action indices, in order."""
        return [int(index) for index in np.flatnonzero(self._state.legal_masks[0])]

    @property
    def prompt(self) -> str:
        """The acting seat's prompt (empty when the episode is over)."""
        prompts = self._state.prompts
        return prompts[0] if prompts else ""

    @property
    def returns(self) -> List[float]:
        """Every seat's return so far (the final outcome once the episode is over)."""
        return [float(value) for value in self._returns]

    def observation(self, seat: int) -> np.ndarray:
        """``seat``'s observation tensor, from the tensor-mode twin (made on first use).

        Raises:
            ScenarioFailure: a free-text move earlier in the script hides its index.
            ValueError: ``seat`` is not a seat of the game.
        """
        __tracebackhide__ = True
        if not 0 <= seat < self.spec.seat_count:
            raise ValueError(f"seat {seat} is outside 0..{self.spec.seat_count - 1}")
        observations = self._twin().observations
        assert observations is not None  # tensor mode always sends observations
        return np.array(observations[0, seat])

    # Playing the script ------------------------------------------------------------------

    def play(self, *moves: Move) -> RuleScenario:
        """Plays moves in order: ints are action indices, strings are the acting seat's replies.

        Raises:
            ScenarioFailure: a move was rejected (with the server's reason) or the episode is over.
            TypeError: a move is neither an int nor a str.
        """
        __tracebackhide__ = True
        for move in moves:
            if self.is_terminal:
                self._fail(f"{move!r} cannot be played: the episode is over")
            index = self._index_of(move)
            text = self._text_of(move)
            before = self._state
            self._state = self._text.step([text])
            if self._state.invalid[0]:
                reasons = self._state.invalid_reasons
                self._fail(f"{move!r} cannot be played: seat {int(before.current_seats[0])}'s move is rejected: "
                           f"{reasons[0] if reasons else 'invalid'}")
            self._returns += self._state.rewards[0]
            self.moves.append(move)
            self._indices.append(index)
            if self._tensor is not None:
                self._step_twin(index)
        return self

    # Expectations ------------------------------------------------------------------------

    def expect_acting(self, seat: int) -> None:
        """Expects ``seat`` to act now."""
        __tracebackhide__ = True
        if self.acting_seat != seat:
            self._fail(f"expected seat {seat} to act, but {self._who_acts()}")

    def expect_role(self, role: str) -> None:
        """Expects the acting seat to hold ``role`` (one of ``spec.role_names``)."""
        __tracebackhide__ = True
        index = int(self._state.current_roles[0])
        actual = self.spec.role_names[index] if index >= 0 else None
        if actual != role:
            self._fail(f"expected the acting seat to be {role}, but {self._who_acts()}" +
                       (f" as {actual}" if actual else ""))

    def expect_terminal(self) -> None:
        """Expects the episode to be over."""
        __tracebackhide__ = True
        if not self.is_terminal:
            self._fail(f"expected the episode to be over, but {self._who_acts()}")

    def expect_not_terminal(self) -> None:
        """Expects the episode to go on."""
        __tracebackhide__ = True
        if self.is_terminal:
            self._fail(f"expected the episode to go on, but it is over (returns {self.returns})")

    def expect_returns(self, expected: Sequence[float], tolerance: float = 1e-6) -> None:
        """Expects every seat's return so far (float32 on the wire, hence the tolerance)."""
        __tracebackhide__ = True
        actual = self.returns
        if len(actual) != len(expected) or not np.allclose(actual, expected, rtol=0, atol=tolerance):
            self._fail(f"expected returns {list(expected)}, got {actual}")

    def expect_legal(self, *moves: Move) -> None:
        """Expects each move to be legal: an index of a legal action, or exactly a legal action string."""
        __tracebackhide__ = True
        for move in moves:
            legal: Sequence[Move] = self.legal_indices if _is_index(move) else self.legal_moves
            if move not in legal:
                self._fail(f"expected {move!r} to be legal; the legal moves are {list(legal)}")

    def expect_illegal(self, *moves: Move) -> None:
        """Expects each move not to be legal: no legal action has this index, or this string."""
        __tracebackhide__ = True
        for move in moves:
            legal: Sequence[Move] = self.legal_indices if _is_index(move) else self.legal_moves
            if move in legal:
                self._fail(f"expected {move!r} to be illegal, but it is legal")

    def expect_legal_moves(self, expected: Sequence[str]) -> None:
        """Expects exactly these legal action strings, in index order."""
        __tracebackhide__ = True
        if self.legal_moves != list(expected):
            self._fail(f"expected legal moves {list(expected)}, got {self.legal_moves}")

    def expect_legal_indices(self, expected: Sequence[int]) -> None:
        """Expects exactly these legal action indices, in order."""
        __tracebackhide__ = True
        if self.legal_indices != list(expected):
            self._fail(f"expected legal indices {list(expected)}, got {self.legal_indices}")

    def expect_prompt(self, contains: Sequence[str] = (), excludes: Sequence[str] = ()) -> None:
        """Expects the acting seat's prompt to contain every one of ``contains`` and none of ``excludes``."""
        __tracebackhide__ = True
        prompt = self.prompt
        for fragment in _as_list(contains):
            if fragment not in prompt:
                self._fail(f"expected the prompt to contain {fragment!r}; it is:\n{prompt}")
        for fragment in _as_list(excludes):
            if fragment in prompt:
                self._fail(f"expected the prompt not to contain {fragment!r}; it is:\n{prompt}")

    def expect_observation(self, seat: int, *, equals: Optional[Sequence[float]] = None,
                           nonzero_at: Optional[Sequence[int]] = None) -> None:
        """Expects ``seat``'s observation tensor to equal ``equals``, and/or to be non-zero
        exactly at the flat indices ``nonzero_at`` (a readable check of one-hot encodings)."""
        __tracebackhide__ = True
        if equals is None and nonzero_at is None:
            raise ValueError("expect_observation needs equals=..., nonzero_at=... or both")
        observation = self.observation(seat)
        if equals is not None and not np.array_equal(observation.ravel(), np.asarray(equals, dtype=np.float32).ravel()):
            self._fail(f"expected seat {seat}'s observation {list(equals)}, got {observation.ravel().tolist()}")
        if nonzero_at is not None:
            actual = np.flatnonzero(observation).tolist()
            if actual != sorted(nonzero_at):
                self._fail(f"expected seat {seat}'s observation to be non-zero at {sorted(nonzero_at)}, but it is at {actual}")

    def expect_rejected(self, move: Move, because: Optional[str] = None) -> str:
        """Expects the acting seat's ``move`` to be rejected, and returns the server's reason.

        The position stays as it was. A text move is rejected by the game's parser, with its
        reason (``because``: text the reason must contain). An index is tried on the tensor
        twin, whose replies carry no reason: ``because`` then raises ``ValueError``.
        """
        __tracebackhide__ = True
        if self.is_terminal:
            self._fail(f"expected {move!r} to be rejected, but the episode is over")
        if _is_index(move):
            if because is not None:
                raise ValueError("the bridge sends no reason for a rejected index: drop because=, or send the move as text")
            self._twin()
            assert self._tensor is not None
            self._tensor_state = self._tensor.step(np.array([move]))
            if not self._tensor_state.invalid[0]:
                self._fail(f"expected index {move} to be rejected, but the server played it (the tensor twin is now ahead)")
            return ""
        if not isinstance(move, str):
            raise TypeError(f"a move is an action index (int) or a reply (str), got {move!r}")
        turn = len(self.moves)
        self._rejections = self._rejections + 1 if self._rejected_turn == turn else 1
        self._rejected_turn = turn
        if self._rejections > _RETRIES:
            raise ValueError(f"more than {_RETRIES} rejected moves on one turn: the server would end the episode "
                             "(its --max-retries); split the checks over several scenarios")
        self._state = self._text.step([move])
        if not self._state.invalid[0]:
            self._returns += self._state.rewards[0]
            self._fail(f"expected {move!r} to be rejected, but the server played it")
        reasons = self._state.invalid_reasons
        reason = reasons[0] if reasons else ""
        if because is not None and because not in reason:
            self._fail(f"{move!r} was rejected, but the reason does not contain {because!r}: {reason}")
        return reason

    # Plumbing ----------------------------------------------------------------------------

    def _fail(self, message: str) -> None:
        __tracebackhide__ = True
        shown = " ".join(str(move) for move in self.moves[-12:])
        where = f"after {'... ' if len(self.moves) > 12 else ''}{shown}" if self.moves else "at the start"
        raise ScenarioFailure(f"{self.game} (seed {self._seed}) {where}: {message}")

    def _who_acts(self) -> str:
        seat = self.acting_seat
        return "the episode is over" if seat is None else f"seat {seat} is to act"

    def _index_of(self, move: Move) -> Optional[int]:
        """The index a move plays, when it is known before playing it."""
        __tracebackhide__ = True
        if _is_index(move):
            assert isinstance(move, int)
            if move not in self.legal_indices:
                self._fail(f"index {move} cannot be played: it is not legal now; the legal indices are {self.legal_indices}")
            return move
        if not isinstance(move, str):
            raise TypeError(f"a move is an action index (int) or a reply (str), got {move!r}")
        legal = self.legal_moves
        return self.legal_indices[legal.index(move)] if move in legal else None

    def _text_of(self, move: Move) -> str:
        """The reply that plays a move: the action string of an index."""
        if isinstance(move, str):
            return move
        return self.legal_moves[self.legal_indices.index(move)]

    def _twin(self) -> StepResult:
        """The tensor twin's state, made and brought up to date on first use."""
        __tracebackhide__ = True
        if self._tensor_state is None:
            hidden = [move for move, index in zip(self.moves, self._indices) if index is None]
            if hidden:
                self._fail(f"observation tensors need every move's index, but {hidden[0]!r} is free text: "
                           "play moves as indices or exact legal action strings")
            self._tensor = self._client.make_vector(self.game, batch_size=1, seed=self._seed,
                                                    invalid_move_policy=self._policy, observe_all_seats=True)
            self._tensor_state = self._tensor.reset()
            for index in self._indices:
                assert index is not None
                self._step_twin(index)
        return self._tensor_state

    def _step_twin(self, index: Optional[int]) -> None:
        __tracebackhide__ = True
        assert self._tensor is not None
        if index is None:
            # The twin cannot follow a free-text move: it is dropped, and rebuilt (and refused) on use.
            self._tensor.close()
            self._tensor = None
            self._tensor_state = None
            return
        self._tensor_state = self._tensor.step(np.array([index]))


def _is_index(move: Move) -> bool:
    # bool is an int in Python, but True is no action index.
    return isinstance(move, (int, np.integer)) and not isinstance(move, bool)


def _as_list(fragments: Union[str, Sequence[str]]) -> List[str]:
    return [fragments] if isinstance(fragments, str) else list(fragments)
