"""Text vectors read replies in the answer format asked for; SPIRAL's preset reads them as
SPIRAL's trainer does (see tests/GamesTests/SpiralAnswerFormatTests.swift for the cases)."""

from __future__ import annotations

from typing import List

import pytest

from selfplay import Client, InvalidArgumentError


def first_replies(client: Client, replies: List[str], **options: object) -> List[int]:
    """Which of ``replies``, each the first move of a Kuhn Poker game (legal: [check], [bet]),
    the vector refused."""
    env = client.make_text("kuhn_poker", batch_size=len(replies), seed=1, **options)  # type: ignore[arg-type]
    state = env.reset()
    assert all(actions == ["[check]", "[bet]"] for actions in state.legal_actions)
    state = env.step(replies)
    env.close()
    return state.invalid.tolist()


REPLIES = ["\\boxed{bet}", "bet", "[bet]", "\\boxed{\\text{bet}}", "\\boxed{Bet}", "\\boxed{ bet }", "\\boxed{pass}"]


def test_spirals_preset_reads_boxed_answers_as_spirals_trainer_does(client: Client) -> None:
    refused = first_replies(client, REPLIES, invalid_move_policy="spiral", boxed_answers=True)
    # SPIRAL accepts unboxed short answers and \text{}; refuses other case, inner spaces and
    # words that are not actions.
    assert refused == [0, 0, 0, 0, 1, 1, 1]


def test_the_boxed_format_forgives_case_and_spacing_but_needs_a_box(client: Client) -> None:
    refused = first_replies(client, REPLIES, invalid_move_policy="spiral", boxed_answers=True, answer_format="boxed")
    assert refused == [0, 1, 1, 1, 0, 0, 0]  # \boxed{pass} is Kuhn's check under another name


def test_boxed_answers_outside_spirals_preset_default_to_the_boxed_format(client: Client) -> None:
    assert first_replies(client, ["\\boxed{Bet}", "bet"], boxed_answers=True) == [0, 1]


def test_spirals_format_can_be_named_without_its_preset(client: Client) -> None:
    assert first_replies(client, ["\\boxed{Bet}", "bet"], answer_format="spiral") == [1, 0]


@pytest.mark.parametrize("options, named", [
    ({"answer_format": "strict"}, "answer_format 'strict' is not one of free, boxed, spiral"),
    ({"answer_format": "free", "boxed_answers": True}, "contradicts boxed_answers"),
])
def test_bad_answer_formats_are_refused(client: Client, options: dict, named: str) -> None:
    with pytest.raises(InvalidArgumentError, match=named):
        client.make_text("kuhn_poker", batch_size=1, **options)
