"""Text mode: prompts out, free-text replies in, SPIRAL's \\boxed{} extraction and penalties."""

import numpy as np
import pytest

from selfplay import Client, WrongModeError


def test_text_mode_sends_prompts_and_legal_action_strings(client: Client) -> None:
    env = client.make_text("tic_tac_toe", batch_size=2, seed=0)
    state = env.reset()
    assert state.observations is None
    assert all("Tic Tac Toe" in prompt for prompt in state.prompts)
    assert state.legal_actions[0] == [f"[{cell}]" for cell in range(9)]
    state = env.step(["I take the centre: [4]", "[0]"])
    assert state.invalid.tolist() == [0, 0]
    assert state.current_seats.tolist() == [1, 1]
    assert "[4]" not in state.legal_actions[0] and "[0]" not in state.legal_actions[1]
    assert " X " in state.prompts[0]
    env.close()


def test_spiral_preset_with_boxed_answers(client: Client) -> None:
    env = client.make_text("tic_tac_toe", batch_size=3, seed=0, invalid_move_policy="spiral", boxed_answers=True)
    env.reset()
    state = env.step([
        "Reasoning... \\boxed{3} no wait, \\boxed{4}",  # the last \boxed{} counts: cell 4
        "[4] but no boxed answer",                    # no \boxed{}: invalid under SPIRAL's rule
        "\\boxed{[2]}",                               # already bracketed
    ])
    assert state.invalid.tolist() == [0, 1, 0]
    assert state.invalid_reasons[1].startswith("SPIRAL's answer format read the reply as '[4] but no boxed answer'")
    assert state.invalid_reasons[0] == ""
    # SPIRAL's training penalty: offender -1.5, opponent +0.5, and the game is over.
    assert state.rewards[1].tolist() == [-1.5, 0.5]
    assert state.terminated.tolist() == [0, 1, 0]
    assert state.prompts[1] == ""
    env.close()


def test_retries_let_a_seat_answer_again_before_the_penalty(client: Client) -> None:
    env = client.make_text("kuhn_poker", batch_size=1, seed=4, invalid_move_policy="zero_sum+1")
    first = env.reset()
    seat = int(first.current_seats[0])
    state = env.step(["I fold... maybe [dance]"])
    assert state.invalid.tolist() == [1]
    assert state.current_seats.tolist() == [seat]  # the same seat answers again
    assert "Valid actions" in state.invalid_reasons[0]
    state = env.step(["[dance]"])
    assert state.terminated.tolist() == [1]
    assert state.rewards[0, seat] == -1.0
    env.close()


def test_kuhn_plays_to_the_end_through_text(client: Client) -> None:
    env = client.make_text("kuhn_poker", batch_size=8, seed=2)
    state = env.reset()
    finished = np.zeros(8, dtype=bool)
    totals = np.zeros((8, 2))
    for _ in range(10):
        replies = [actions[0] if actions else "" for actions in state.legal_actions]
        state = env.step(replies)
        totals += state.rewards
        finished |= state.terminated.astype(bool)
        if finished.all():
            break
    assert finished.all()
    assert np.allclose(totals.sum(axis=1), 0)  # zero-sum
    env.close()


def test_a_text_vector_refuses_action_indices(client: Client) -> None:
    env = client.make_text("tic_tac_toe", batch_size=1)
    env.reset()
    from selfplay import protocol_pb2 as pb
    with pytest.raises(WrongModeError):
        client.request(pb.STEP, ("step", pb.StepRequest(vector_id=env.vector_id)),
                       arrays={"actions": np.zeros(1, dtype=np.int32)})
    env.close()
