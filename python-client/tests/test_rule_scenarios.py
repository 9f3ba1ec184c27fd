"""Rule tests through the bridge with ``selfplay.testing.RuleScenario``: scripted moves on a
real ``games serve``, expectations on seats, legal moves, prompts, tensors, returns and
rejections; then the helper's own failure messages."""

from __future__ import annotations

import re

import pytest

from selfplay import Client, UnknownGameError
from selfplay.testing import RuleScenario, ScenarioFailure

RANK = {"J": 0, "Q": 1, "K": 2}


def card_in(prompt: str) -> str:
    match = re.search(r"Your card is: (\w)", prompt)
    assert match, prompt
    return match.group(1)


# TicTacToe ---------------------------------------------------------------------------------

def test_tictactoe_a_completed_row_wins(client: Client) -> None:
    with RuleScenario(client, "tic_tac_toe") as game:
        game.play("[0]", "[3]", "[1]", "[4]")
        game.expect_acting(0)
        game.expect_not_terminal()
        game.play(2)  # x x x on the top row
        game.expect_terminal()
        game.expect_returns([1, -1])
        game.expect_legal_moves([])


def test_tictactoe_a_full_board_without_a_line_is_a_draw(client: Client) -> None:
    with RuleScenario(client, "tic_tac_toe") as game:
        game.play(0, 1, 2, 4, 3, 5, 7, 6, 8)  # x o x / x o o / o x x
        game.expect_terminal()
        game.expect_returns([0, 0])


def test_tictactoe_an_occupied_cell_is_rejected_through_both_faces(client: Client) -> None:
    with RuleScenario(client, "tic_tac_toe") as game:
        game.play("[4]")
        reason = game.expect_rejected("[4]", because="cell 4 is already taken")
        assert "Valid actions: [0], [1], [2], [3], [5], [6], [7], [8]" in reason
        game.expect_rejected(4)
        game.expect_illegal(4, "[4]")
        game.expect_acting(1)  # the rejections left the position as it was
        game.play("[0]")
        game.expect_legal_indices([1, 2, 3, 5, 6, 7, 8])


def test_tictactoe_both_seats_see_the_same_planes(client: Client) -> None:
    with RuleScenario(client, "tic_tac_toe") as game:
        game.play("[4]", "[0]")
        # Planes: empty cells, then o, then x (OpenSpiel's layout).
        expected = [1, 2, 3, 5, 6, 7, 8, 9 + 0, 18 + 4]
        game.expect_observation(0, nonzero_at=expected)
        game.expect_observation(1, nonzero_at=expected)
        game.play("[8]")  # the tensor twin follows the script once made
        game.expect_observation(1, nonzero_at=[1, 2, 3, 5, 6, 7, 9 + 0, 18 + 4, 18 + 8])


# Kuhn Poker: the server deals from the seed, so the rules are stated for whatever was dealt --

@pytest.mark.parametrize("seed", range(4))
def test_kuhn_bet_and_call_pay_two_chips_to_the_higher_card(client: Client, seed: int) -> None:
    with RuleScenario(client, "kuhn_poker", seed=seed) as hand:
        hand.expect_acting(0)
        first = card_in(hand.prompt)
        hand.play("[bet]")
        hand.expect_legal_moves(["[fold]", "[call]"])
        second = card_in(hand.prompt)
        hand.play("[call]")
        hand.expect_terminal()
        winner = 0 if RANK[first] > RANK[second] else 1
        hand.expect_returns([2, -2] if winner == 0 else [-2, 2])


def test_kuhn_a_fold_loses_only_the_ante(client: Client) -> None:
    with RuleScenario(client, "kuhn_poker", seed=1) as hand:
        hand.play("[check]", "[bet]", "[fold]")
        hand.expect_returns([-1, 1])


def test_kuhn_facing_a_bet_check_is_rejected(client: Client) -> None:
    with RuleScenario(client, "kuhn_poker") as hand:
        hand.play("[bet]")
        hand.expect_rejected("[check]", because="there is a bet to answer")
        hand.expect_prompt(contains="[Player 0] [bet]", excludes="[Player 1]")


# Kuhn Poker, preset spiral_v1: SPIRAL's KuhnPoker-v1 rules ----------------------------------

@pytest.mark.parametrize("seed", range(4))
def test_kuhn_spiral_v1_seat_1_opens_and_a_called_bet_leaves_the_pot_at_two(client: Client, seed: int) -> None:
    with RuleScenario(client, "kuhn_poker(preset=spiral_v1,rounds=1)", seed=seed) as hand:
        hand.expect_acting(1)
        hand.expect_role("first")
        first = card_in(hand.prompt)
        hand.play("[bet]")
        hand.expect_legal_moves(["[fold]", "[call]"])
        second = card_in(hand.prompt)
        hand.play("[call]")
        hand.expect_terminal()
        # The higher card wins +1, not the 2 chips of Kuhn Poker's rules.
        winner = 1 if RANK[first] > RANK[second] else 0
        hand.expect_returns([1, -1] if winner == 0 else [-1, 1])


def test_kuhn_spiral_v1_the_last_hand_decides_against_the_chip_leader(client: Client) -> None:
    # docs/spiral-text-differences.md: seat 0 wins hands 1-4 when seat 1 folds to its bet and
    # folds hand 5; SPIRAL ends with chips +3/-3 and rewards {0: -1, 1: 1}. Folds show no
    # cards, so any deal plays the same.
    with RuleScenario(client, "kuhn_poker(preset=spiral_v1,rounds=5)", seed=3) as match:
        assert match.game == "kuhn_poker(preset=spiral_v1)"
        match.play("[check]", "[bet]", "[fold]")  # hand 1, seat 1 opens
        match.expect_acting(0)
        match.expect_prompt(contains=["Everyone else folded. Player 0 wins the pot of 2 chips.",
                                      "Starting round 2 out of 5 rounds. Player 0 acts first."])
        match.play("[bet]", "[fold]", "[check]", "[bet]", "[fold]", "[bet]", "[fold]")
        match.expect_acting(1)
        match.play("[bet]", "[fold]")  # hand 5: seat 1 bets, seat 0 folds
        match.expect_terminal()
        match.expect_returns([-1, 1])


# Negotiation (SPIRAL's v1 defaults: no chance) ---------------------------------------------

def test_negotiation_an_accepted_offer_trades_at_once(client: Client) -> None:
    with RuleScenario(client, "negotiation") as trade:
        trade.play("I need gold. [Offer: 3 Wood -> 1 Gold]", "[Accept]")
        # Player 0: 7 Wood and 11 Gold at 5 and 15 = 200, no gain; Player 1 gains 40.
        trade.expect_prompt(contains=["[Wood]  Qty: 7", "[Gold]  Qty: 11"])
        trade.play(*["[Pass]"] * 8)
        trade.expect_terminal()
        trade.expect_returns([-1, 1])


def test_negotiation_an_offer_of_more_than_one_holds_is_rejected(client: Client) -> None:
    with RuleScenario(client, "negotiation") as trade:
        trade.expect_rejected("[Offer: 11 Wood -> 1 Gold]", because="you offer 11 Wood but hold only 10")
        trade.expect_rejected("[Accept]", because="there is no pending offer to accept")
        trade.expect_legal("[Offer: 10 Wood -> 1 Gold]", 0)


# A variant, as docs/testing-rules.md walks through it: two turns, offers of at most 5 ----------

SHORT_TRADE = "negotiation(turns=2,max_offer=5)"


def test_short_negotiation_the_answer_to_the_first_offer_ends_the_game(client: Client) -> None:
    with RuleScenario(client, SHORT_TRADE) as trade:
        trade.play("[Offer: 5 Wood -> 1 Gold]")
        trade.expect_acting(1)
        trade.expect_legal("[Accept]", "[Deny]")
        trade.play("[Deny]")
        trade.expect_terminal()
        trade.expect_returns([0, 0])


def test_short_negotiation_offers_above_five_are_rejected(client: Client) -> None:
    with RuleScenario(client, SHORT_TRADE) as trade:
        trade.expect_rejected("[Offer: 6 Wood -> 1 Gold]", because="an offer gives and asks for 1 to 5 of a resource")
        trade.expect_legal_indices([0, *range(3, 53)])  # pass and the 50 offers


def test_short_negotiation_the_larger_gain_in_value_wins(client: Client) -> None:
    with RuleScenario(client, SHORT_TRADE) as trade:
        trade.play(23, "[Accept]")  # index 23 is [Offer: 5 Wood -> 1 Gold]
        trade.expect_returns([-1, 1])
        # Player 1's tensor: seat 1, nobody to move, 2 of 2 turns, nothing pending; then its
        # quantities (15 Wood, 9 Gold), starting quantities, values, and the empty pending trade.
        trade.expect_observation(1, equals=[0, 1, 0, 1, 0, 0, 15, 9, 10, 10, 15, 5, 0, 0, 0, 0])


# Werewolf: the deal comes from the seed, the order of the night does not -------------------

def test_werewolf_every_player_acts_at_night_in_seat_order_and_the_pack_cannot_abstain(client: Client) -> None:
    with RuleScenario(client, "werewolf", seed=3) as village:
        roles_seen = set()
        for seat in range(7):  # night 1: every living player, in seat order, whatever its role
            village.expect_acting(seat)
            if "[Sleep]" in village.legal_moves:
                village.expect_legal_moves(["[Sleep]"])  # no night power: only sleep
                roles_seen.add("sleeper")
            elif "vote for a living non-werewolf to attack" in village.prompt:
                village.expect_rejected("[Abstain]", because="[Abstain] is only possible in the day vote")
                roles_seen.add("werewolf")
            village.play(village.legal_moves[0])
        assert roles_seen == {"sleeper", "werewolf"}


# The helper's own messages -----------------------------------------------------------------

def test_a_failed_expectation_names_the_game_the_moves_and_the_difference(client: Client) -> None:
    with RuleScenario(client, "tic_tac_toe") as game:
        game.play("[4]", 0)
        with pytest.raises(ScenarioFailure, match=r"^tic_tac_toe \(seed 0\) after \[4\] 0: "
                                                   r"expected seat 1 to act, but seat 0 is to act$"):
            game.expect_acting(1)
        with pytest.raises(ScenarioFailure, match=r"expected returns \[1, -1\], got \[0.0, 0.0\]"):
            game.expect_returns([1, -1])
        with pytest.raises(ScenarioFailure, match=r"expected '\[4\]' to be legal; the legal moves are"):
            game.expect_legal("[4]")
        with pytest.raises(ScenarioFailure, match=r"expected 5 to be illegal, but it is legal"):
            game.expect_illegal(5)
        with pytest.raises(ScenarioFailure, match=r"expected the prompt to contain 'You won'"):
            game.expect_prompt(contains="You won")
        with pytest.raises(ScenarioFailure, match=r"expected seat 0's observation to be non-zero at \[0\], but it is at \[1, 2"):
            game.expect_observation(0, nonzero_at=[0])
        with pytest.raises(ScenarioFailure, match=r"expected '\[5\]' to be rejected, but the server played it"):
            game.expect_rejected("[5]")


def test_a_move_that_cannot_be_played_fails_with_the_servers_reason(client: Client) -> None:
    with RuleScenario(client, "tic_tac_toe") as game:
        with pytest.raises(ScenarioFailure, match=r"after \[4\]: '\[4\]' cannot be played: "
                                                   r"seat 1's move is rejected: cell 4 is already taken"):
            game.play("[4]", "[4]")
        with pytest.raises(ScenarioFailure, match=r"index 4 cannot be played: "
                                                   r"it is not legal now; the legal indices are \[0, 1, 2, 3, 5"):
            game.play(4)
        game.play(0, 1, 3, 2, 6)  # o takes 0, 3 and 6: the left column wins
        with pytest.raises(ScenarioFailure, match=r"'\[8\]' cannot be played: the episode is over"):
            game.play("[8]")


def test_observations_need_every_moves_index(client: Client) -> None:
    with RuleScenario(client, "tic_tac_toe") as game:
        game.play("I take the centre: [4]")
        with pytest.raises(ScenarioFailure, match=r"'I take the centre: \[4\]' is free text: "
                                                   r"play moves as indices or exact legal action strings"):
            game.observation(0)


def test_bad_arguments_are_clear_errors(client: Client) -> None:
    with RuleScenario(client, "tic_tac_toe") as game:
        with pytest.raises(TypeError, match="a move is an action index"):
            game.play(True)
        with pytest.raises(ValueError, match="no reason for a rejected index"):
            game.expect_rejected(4, because="taken")
        with pytest.raises(ValueError, match="seat 2 is outside 0..1"):
            game.observation(2)
    with pytest.raises(UnknownGameError):
        RuleScenario(client, "no_such_game")


def test_more_rejections_on_one_turn_than_the_servers_retries_are_refused(client: Client) -> None:
    with RuleScenario(client, "tic_tac_toe") as game:
        game.play("[4]")
        for _ in range(10):
            game.expect_rejected("[4]", because="already taken")
        game.expect_acting(1)  # ten rejections: the position is as it was
        with pytest.raises(ValueError, match="more than 10 rejected moves on one turn"):
            game.expect_rejected("[4]")
        game.play("[0]")  # a move played starts a new count
        game.expect_rejected("[0]")
