"""The PettingZoo and Gymnasium adapters pass their libraries' own conformance checks."""

import warnings

import numpy as np
import pytest

pettingzoo_test = pytest.importorskip("pettingzoo.test")
env_checker = pytest.importorskip("gymnasium.utils.env_checker")

# After the skips: the adapters import PettingZoo and Gymnasium, which the test extra may lack.
from selfplay import Client, LocalServer  # noqa: E402
from selfplay.gymnasium_env import SingleAgentEnv  # noqa: E402
from selfplay.pettingzoo_env import AECGameEnv  # noqa: E402


@pytest.mark.parametrize("game", ["tic_tac_toe", "kuhn_poker", "kuhn_poker(players=3)", "werewolf"])
def test_the_aec_adapter_passes_pettingzoos_api_test(server: LocalServer, game: str) -> None:
    env = AECGameEnv(game, endpoint=server.endpoint)
    pettingzoo_test.api_test(env, num_cycles=200, verbose_progress=False)
    env.close()


# Werewolf's observation for 7 players: seat one-hot at 0, role one-hot at 7 (werewolf first),
# moment at 11 (night first).
WEREWOLF_ROLE, WEREWOLF_NIGHT = 7, 11


def test_the_aec_agent_order_of_a_werewolf_night_does_not_reveal_the_werewolves(server: LocalServer) -> None:
    # Every living player takes a night turn, in seat order, whatever its role: the agents a
    # harness is asked to step at night are the same whoever the werewolves are.
    env = AECGameEnv("werewolf", endpoint=server.endpoint)
    packs = set()
    for seed in range(6):
        env.reset(seed=seed)
        packs.add(tuple(seat for seat, agent in enumerate(env.possible_agents)
                        if env.observe(agent)["observation"][WEREWOLF_ROLE] == 1))
        order = []
        while env.observe(env.agent_selection)["observation"][WEREWOLF_NIGHT] == 1:
            order.append(env.agent_selection)
            env.step(int(np.flatnonzero(env.observe(env.agent_selection)["action_mask"])[0]))
        assert order == env.possible_agents, (seed, order)
    assert len(packs) > 1  # the deals did differ
    env.close()


def test_the_aec_adapter_plays_a_whole_tic_tac_toe_game(server: LocalServer) -> None:
    env = AECGameEnv("tic_tac_toe", endpoint=server.endpoint)
    env.reset(seed=1)
    totals = {agent: 0.0 for agent in env.possible_agents}
    for agent in env.agent_iter():
        observation, reward, termination, truncation, info = env.last()
        totals[agent] += reward
        action = None if termination or truncation else int(np.flatnonzero(observation["action_mask"])[0])
        env.step(action)
    # Lowest legal cell for both: x takes 0, 2, 4, 6 and wins on the diagonal 2-4-6.
    assert totals == {"player_0": 1.0, "player_1": -1.0}
    env.close()


def test_the_aec_adapter_is_seeded(server: LocalServer) -> None:
    pettingzoo_test.seed_test(lambda: AECGameEnv("kuhn_poker", endpoint=server.endpoint), num_cycles=50)


def test_the_gymnasium_adapter_passes_check_env(server: LocalServer) -> None:
    env = SingleAgentEnv("tic_tac_toe", opponent="random", agent_seat=0, endpoint=server.endpoint)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # check_env warns about unbounded Box spaces
        env_checker.check_env(env, skip_render_check=True)
    env.close()


def test_the_gymnasium_adapter_plays_against_minimax(server: LocalServer) -> None:
    with Client(server.endpoint) as client:
        env = SingleAgentEnv("tic_tac_toe", opponent="minimax", agent_seat=1, client=client)
        observation, info = env.reset(seed=0)
        # Minimax (x) opened before the agent's first turn.
        assert observation[0].sum() == 8  # eight empty cells
        total, done = 0.0, False
        while not done:
            action = int(np.flatnonzero(info["action_mask"])[0])
            observation, reward, terminated, truncated, info = env.step(action)
            total += reward
            done = terminated or truncated
        assert total == -1.0  # lowest-legal play loses to perfect play
        env.close()


def test_a_werewolf_agent_takes_a_night_turn_whatever_its_role(server: LocalServer) -> None:
    # The agent's first decision is its night-1 turn, as a villager too (it sleeps), so the
    # moments it is asked to act do not depend on its role.
    env = SingleAgentEnv("werewolf", opponent="random", agent_seat=4, endpoint=server.endpoint)
    roles = set()
    for seed in range(8):
        observation, info = env.reset(seed=seed)
        roles.add(int(np.argmax(observation[WEREWOLF_ROLE:WEREWOLF_ROLE + 4])))
        assert observation[WEREWOLF_NIGHT] == 1, seed
        assert info["action_mask"].any(), seed
    assert len(roles) > 1  # villagers and others alike
    env.close()


def test_the_gymnasium_adapter_always_returns_the_agents_own_observation(server: LocalServer) -> None:
    # Kuhn Poker, agent in seat 1: the observation's first two floats are the observing seat,
    # one-hot, so every observation the agent gets, the final ones included, must say seat 1.
    env = SingleAgentEnv("kuhn_poker", opponent="random", agent_seat=1, endpoint=server.endpoint)
    finals = 0
    for episode in range(40):
        observation, info = env.reset(seed=episode)
        assert observation[:2].tolist() == [0.0, 1.0]
        done = False
        while not done:
            observation, reward, terminated, truncated, info = env.step(int(np.flatnonzero(info["action_mask"])[0]))
            assert observation[:2].tolist() == [0.0, 1.0], (episode, observation)
            done = terminated or truncated
        finals += 1
    assert finals == 40
    env.close()


def test_the_gymnasium_adapter_offers_maskable_ppos_action_masks(server: LocalServer) -> None:
    env = SingleAgentEnv("tic_tac_toe", opponent="random", agent_seat=0, endpoint=server.endpoint)
    observation, info = env.reset(seed=1)
    assert env.action_masks().dtype == bool
    assert env.action_masks().tolist() == [True] * 9  # the empty board
    assert env.observation_space.low.min() == 0.0 and env.observation_space.high.max() == 1.0  # binary planes
    done = False
    while not done:
        mask_before = env.action_masks()
        observation, reward, terminated, truncated, info = env.step(int(np.flatnonzero(mask_before)[0]))
        done = terminated or truncated
        if not done:
            np.testing.assert_array_equal(env.action_masks(), info["action_mask"].astype(bool))
    # After the last step the mask is the last decision's, never all false.
    assert env.action_masks().any()
    env.close()


def test_a_local_server_stops_when_its_parent_is_killed(binary: str) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    script = ("import sys, time\n"
              "from selfplay import LocalServer\n"
              f"server = LocalServer({binary!r})\n"
              "print(server.process.pid, flush=True)\n"
              "time.sleep(60)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    server_pid = int(parent.stdout.readline())
    os.kill(server_pid, 0)  # running
    parent.send_signal(signal.SIGKILL)  # no chance to close anything
    parent.wait()
    parent.stdout.close()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(server_pid, 0)
        except ProcessLookupError:
            return  # gone (reaped by init)
        try:  # a zombie counts as gone: it no longer runs
            with open(f"/proc/{server_pid}/stat") as stat:
                if stat.read().split(") ")[1].startswith("Z"):
                    return
        except FileNotFoundError:
            return
        time.sleep(0.1)
    os.kill(server_pid, signal.SIGKILL)
    raise AssertionError("games serve kept running after its parent was killed")


def test_a_closed_local_server_leaves_no_open_pipes(binary: str) -> None:
    import warnings

    from selfplay import LocalServer

    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        server = LocalServer(binary)
        assert server.close() == 0
        assert server.process.stdout is not None and server.process.stdout.closed
        assert server.process.stderr is not None and server.process.stderr.closed
