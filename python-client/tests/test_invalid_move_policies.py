"""Invalid-move policies chosen by name over the bridge."""

from selfplay import Client


def test_textarenas_policy_gives_one_retry_then_minus_one_and_zero(client: Client) -> None:
    # TextArena 0.6.4's rule: one retry, then the offender gets -1 and the other player 0.
    env = client.make_text("negotiation(preset=textarena)", batch_size=1, seed=1, invalid_move_policy="textarena")
    seat = int(env.reset().current_seats[0])
    state = env.step(["[Offer: some Wheat -> 1 Ore]"])
    assert state.invalid.tolist() == [1] and state.terminated.tolist() == [0]
    assert state.current_seats.tolist() == [seat]  # the same seat answers again
    state = env.step(["[Offer: some Wheat -> 1 Ore]"])
    assert state.terminated.tolist() == [1]
    expected = [0.0, 0.0]
    expected[seat] = -1.0
    assert state.rewards[0].tolist() == expected
    env.close()
