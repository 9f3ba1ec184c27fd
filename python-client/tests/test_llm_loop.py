"""The LLM self-play loop: one generator in every seat, per-turn records with SPIRAL's rewards
and RAE advantages, checked against values computed here by hand from the rules."""

import zlib
from typing import Dict, Iterator, List, Sequence

import pytest

from selfplay import Client, LocalServer, TrajectoryStream
from selfplay.llm_loop import SelfPlayLoop, TurnRecord, spiral_prompt

GARBAGE = "I am not sure what to do here."


class StandInGenerator:
    """Deterministic stand-in for an LLM: answers a legal action in \\boxed{} for most prompts,
    garbage (no \\boxed{}) for about one in ``garbage_every``; remembers which it sent."""

    def __init__(self, loop_holder: List[SelfPlayLoop], garbage_every: int = 12) -> None:
        self.loop_holder = loop_holder
        self.garbage_every = garbage_every
        self.calls = 0
        self.prompts_seen: List[str] = []

    def __call__(self, prompts: List[str]) -> Sequence[str]:
        legal = self.loop_holder[0].legal_actions
        responses = []
        for slot, prompt in enumerate(prompts):
            self.prompts_seen.append(prompt)
            draw = zlib.crc32(f"{self.calls}/{slot}/{prompt}".encode())
            if draw % self.garbage_every == 0 or not legal[slot]:
                responses.append(GARBAGE)
            else:
                # The action text whole, brackets included: SPIRAL's extraction brackets an
                # unbracketed answer only up to five words, so a boxed Negotiation offer
                # without its brackets would not read as the offer.
                action = legal[slot][draw % len(legal[slot])]
                responses.append(f"Let me think step by step. The answer is \\boxed{{{action}}}")
        self.calls += 1
        return responses


@pytest.fixture(scope="module")
def rae_server(binary: str) -> Iterator[LocalServer]:
    # A server of its own: RAE baselines live per server and start at 0, as the hand computation does.
    with LocalServer(binary) as running:
        yield running


def hand_advantages(episodes: List[List[TurnRecord]], decay: float = 0.95) -> List[List[float]]:
    """SPIRAL's per-game RAE written out: A = R - b[role] (b read before the game), then each
    role's baseline moves once per game towards the mean return of the game's seats of that
    role, seats that never acted included (SPIRAL's actor updates every player's baseline)."""
    baselines: Dict[int, float] = {}
    result = []
    for turns in episodes:
        result.append([turn.reward - baselines.get(turn.role_index, 0.0) for turn in turns])
        returns, roles = turns[0].episode_returns, turns[0].episode_roles
        for role in set(roles):
            mean = sum(r for r, seat_role in zip(returns, roles) if seat_role == role) / roles.count(role)
            baselines[role] = decay * baselines.get(role, 0.0) + (1 - decay) * mean
    return result


GAMES = [("tic_tac_toe", 16), ("kuhn_poker", 16), ("negotiation", 8), ("werewolf", 6)]
# Werewolf's teams at 7 players: 2 werewolves against 5 villagers (seer and doctor included).
WEREWOLF_TEAM_SIZES = {"werewolf": 2, "village": 5}


@pytest.mark.parametrize("game,count", GAMES)
def test_self_play_records_follow_the_spiral_preset_and_rae_exactly(rae_server: LocalServer, game: str, count: int) -> None:
    holder: List[SelfPlayLoop] = []
    generator = StandInGenerator(holder)
    with Client(rae_server.endpoint, timeout=30) as client, \
            TrajectoryStream(rae_server.trajectory_endpoint, timeout=30) as stream:
        with SelfPlayLoop(client, stream, game, generator, batch_size=4, seed=11) as loop:
            holder.append(loop)
            episodes = list(loop.episodes(count))
    assert len(episodes) == count
    assert [turns[0].episode for turns in episodes] == sorted(turns[0].episode for turns in episodes)

    invalid_episodes = 0
    for turns in episodes:
        assert [turn.turn for turn in turns] == list(range(len(turns)))
        assert all(turn.episode_length == len(turns) and turn.game == game for turn in turns)
        for turn in turns:
            # Every prompt the model saw is a SPIRAL-wrapped game prompt, and validity is exactly
            # whether the stand-in sent garbage.
            assert turn.prompt in generator.prompts_seen and turn.prompt.startswith(spiral_prompt("")[:40])
            assert turn.valid == (turn.response != GARBAGE)
            assert (turn.action != "") == turn.valid
        forfeits = [turn for turn in turns if not turn.valid]
        if forfeits:
            invalid_episodes += 1
            # No retries under SPIRAL's preset: the invalid move is the episode's last turn.
            assert forfeits == [turns[-1]]
            offender = forfeits[0]
            for turn in turns:
                if game == "werewolf":
                    offender_team = "werewolf" if offender.role == "werewolf" else "village"
                    team = "werewolf" if turn.role == "werewolf" else "village"
                    other_team = "village" if offender_team == "werewolf" else "werewolf"
                    expected = -1.5 / WEREWOLF_TEAM_SIZES[offender_team] if team == offender_team \
                        else 0.5 / WEREWOLF_TEAM_SIZES[other_team]
                else:
                    expected = -1.5 if turn.seat == offender.seat else 0.5
                assert turn.reward == pytest.approx(expected, abs=1e-6)
        else:
            assert all(turn.valid for turn in turns)
    # The stand-in's garbage rate (1 in 12 replies) makes forfeits common over these episodes.
    assert invalid_episodes > 0

    expected = hand_advantages(episodes)
    for turns, advantages in zip(episodes, expected):
        assert [turn.advantage for turn in turns] == pytest.approx(advantages, abs=1e-5)
    # The baselines moved: later episodes' advantages differ from their raw rewards somewhere.
    assert any(abs(turn.advantage - turn.reward) > 1e-3 for turns in episodes[1:] for turn in turns)


def test_a_generator_that_returns_the_wrong_count_is_refused(rae_server: LocalServer) -> None:
    with Client(rae_server.endpoint, timeout=30) as client, \
            TrajectoryStream(rae_server.trajectory_endpoint, timeout=30) as stream:
        with SelfPlayLoop(client, stream, "kuhn_poker(rounds=3)", lambda prompts: ["\\boxed{check}"],
                          batch_size=2) as loop:
            with pytest.raises(ValueError, match="returned 1 responses for 2 prompts"):
                next(loop.episodes(1))


def test_a_werewolf_forfeit_splits_the_penalty_per_team(rae_server: LocalServer) -> None:
    # Seed 3 deals seat 2 and seat 5 the werewolves and seat 0 the seer; seat 0 acts first (every
    # living player takes a night turn, in seat order) and answers garbage. Team totals: the
    # village shares -1.5 (-0.3 each of five), the werewolves +0.5 (+0.25 each).
    with Client(rae_server.endpoint, timeout=30) as client, \
            TrajectoryStream(rae_server.trajectory_endpoint, timeout=30) as stream:
        env = client.make_text("werewolf", batch_size=1, seed=3, invalid_move_policy="spiral",
                               boxed_answers=True, trajectories=True)
        env.reset()
        env.step([GARBAGE])
        batch = stream.receive()
        env.close()
    assert batch is not None and list(batch.seats) == [0]
    assert list(batch.seat_roles[0]) == [2, 1, 0, 1, 1, 0, 3]
    assert batch.returns[0].tolist() == pytest.approx([-0.3, -0.3, 0.25, -0.3, -0.3, 0.25, -0.3])


def test_a_loop_on_an_acknowledging_stream_leaves_nothing_kept(binary: str) -> None:
    with LocalServer(binary) as server, Client(server.endpoint, timeout=20) as client:
        with TrajectoryStream(server.trajectory_endpoint, request_endpoint=server.endpoint) as stream:
            holder: List[SelfPlayLoop] = []
            loop = SelfPlayLoop(client, stream, "tic_tac_toe", StandInGenerator(holder), batch_size=4, seed=3)
            holder.append(loop)
            episodes = list(loop.episodes(12))
            assert len(episodes) >= 12
            loop.close()
        stats = client.stats()
    # The loop's vector kept every message until the stream took it; closing acknowledged the last.
    assert stats.episodes_acknowledged == stats.episodes_sent > 0
    assert stats.messages_kept == 0 and stats.episodes_lost == 0
