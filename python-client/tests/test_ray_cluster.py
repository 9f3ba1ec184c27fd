"""selfplay.ray on a local multi-node Ray cluster (``ray.cluster_utils.Cluster``: every node a
raylet of its own on this machine): one server per node behind CURVE, a batch spread over
them giving what per-server vectors give, merged trajectory streams with per-server sequence
numbers, self-play loops generating through a model actor, and a node killed mid-run.

Skipped without Ray (``pip install "selfplay[ray]"``).
"""

from __future__ import annotations

import re
import time
from typing import Any, Dict, Iterator, List

import numpy as np
import pytest

ray = pytest.importorskip("ray", reason='needs Ray: pip install "selfplay[ray]"')

from ray.cluster_utils import Cluster  # noqa: E402

from selfplay import Client, LocalServer, RequestTimeout, StepResult  # noqa: E402
from selfplay.ray import (  # noqa: E402
    ClusterVectorEnv,
    MergedTrajectoryStream,
    SelfPlayWorker,
    SequenceGap,
    SequenceTracker,
    ServerPool,
)
from selfplay.ray.vectors import shard_seed  # noqa: E402

# Logical CPUs: a node's servers and actors are scheduled on these, whatever the machine has.
NODE_CPUS = 2
NODE_OPTIONS: Dict[str, Any] = {"num_cpus": NODE_CPUS, "object_store_memory": 80 << 20}
# A lost node is noticed within about a second (Ray's defaults take tens of seconds).
FAST_HEALTH_CHECKS = {"health_check_initial_delay_ms": 0, "health_check_period_ms": 500,
                      "health_check_failure_threshold": 3}


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """A head and two worker nodes."""
    local = Cluster(initialize_head=True, head_node_args={**NODE_OPTIONS, "include_dashboard": False,
                                                           "_system_config": FAST_HEALTH_CHECKS})
    for _ in range(2):
        local.add_node(**NODE_OPTIONS)
    ray.init(address=local.address, logging_level="warning", log_to_driver=False)
    local.wait_for_nodes()
    yield local
    ray.shutdown()
    local.shutdown()


@pytest.fixture(scope="module")
def pool(cluster: Cluster, binary: str) -> Iterator[ServerPool]:
    with ServerPool(binary=binary) as servers:
        yield servers


def random_legal(state: StepResult, rng: np.random.Generator) -> np.ndarray:
    """A uniformly random legal action per slot (0 where the slot has none)."""
    scores = rng.random(state.legal_masks.shape) * state.legal_masks
    return np.asarray(scores.argmax(axis=1), dtype=np.int32)


def test_the_pool_runs_one_server_per_node_and_lets_in_only_its_own_key(pool: ServerPool) -> None:
    servers = pool.servers
    assert len(servers) == 3  # one per node: the head and two workers
    assert len({server.node_id for server in servers}) == 3
    assert len({server.public_key for server in servers}) == 3  # each server made its own pair
    for server in servers:
        assert not server.endpoint.startswith("tcp://127.")  # the node's address, reachable from others
        with pool.client(server, timeout=10) as client:
            assert client.server_info().protocol_versions == [1]
    with Client(servers[0].endpoint, timeout=1) as stranger:
        with pytest.raises(RequestTimeout, match="CURVE"):
            stranger.server_info()


def test_a_spread_batch_gives_exactly_what_per_server_vectors_give(pool: ServerPool, binary: str) -> None:
    rng = np.random.default_rng(5)
    with ClusterVectorEnv(pool, "tic_tac_toe", 10, seed=3) as env:
        assert [stop - start for _, start, stop in env.shards] == [3, 3, 4]
        assert len({server for server, _, _ in env.shards}) == 3
        with LocalServer(binary) as alone, Client(alone.endpoint) as client:
            references = [client.make_vector("tic_tac_toe", stop - start, shard_seed(3, number))
                          for number, (_, start, stop) in enumerate(env.shards)]
            state = env.reset()
            expected = [reference.reset() for reference in references]
            for _ in range(12):  # past the end of every game: over slots stay over, as in VectorEnv
                for name in ("observations", "legal_masks", "rewards", "terminated", "current_seats", "episode_ids"):
                    assert np.array_equal(getattr(state, name), np.concatenate([getattr(e, name) for e in expected])), name
                assert state.episodes_finished == sum(e.episodes_finished for e in expected)
                actions = random_legal(state, rng)
                state = env.step(actions)
                expected = [reference.step(actions[start:stop])
                            for reference, (_, start, stop) in zip(references, env.shards)]
    assert env.faults == []


def test_a_spread_text_batch_gives_exactly_what_per_server_text_vectors_give(pool: ServerPool, binary: str) -> None:
    with ClusterVectorEnv(pool, "kuhn_poker", 5, seed=8, text=True, invalid_move_policy="spiral") as env, \
            LocalServer(binary) as alone, Client(alone.endpoint) as client:
        references = [client.make_text("kuhn_poker", stop - start, shard_seed(8, number), invalid_move_policy="spiral")
                      for number, (_, start, stop) in enumerate(env.shards)]
        state = env.reset()
        expected = [reference.reset() for reference in references]
        for turn in range(4):
            assert state.prompts == [prompt for e in expected for prompt in e.prompts or []]
            assert state.legal_actions == [actions for e in expected for actions in e.legal_actions or []]
            assert np.array_equal(state.rewards, np.concatenate([e.rewards for e in expected]))
            assert state.legal_actions is not None
            # The last legal action, and on the second turn an invalid reply in slot 0.
            replies = [actions[-1] if actions else "" for actions in state.legal_actions]
            if turn == 1:
                replies[0] = "no idea"
            state = env.step(replies)
            expected = [reference.step(replies[start:stop]) for reference, (_, start, stop) in zip(references, env.shards)]
            assert state.invalid_reasons == [reason for e in expected for reason in e.invalid_reasons or []]
            assert bool(state.invalid_reasons[0]) == (turn == 1)


def test_a_batch_is_refused_with_the_wrong_number_of_actions(pool: ServerPool) -> None:
    with ClusterVectorEnv(pool, "tic_tac_toe", 4) as env:
        env.reset()
        with pytest.raises(ValueError, match="expected 4 actions, one per slot, got 3"):
            env.step(np.zeros(3, dtype=np.int32))


def test_bad_pool_and_batch_settings_are_refused_with_what_is_accepted(cluster: Cluster, pool: ServerPool,
                                                                      binary: str) -> None:
    with pytest.raises(ValueError, match="strategy must be one of STRICT_SPREAD, SPREAD, PACK, STRICT_PACK"):
        ServerPool(strategy="EVERYWHERE", binary=binary)
    with pytest.raises(ValueError, match="servers must be a positive number of servers"):
        ServerPool(0, binary=binary)
    with pytest.raises(ValueError, match="cpus_per_server must be a positive number of CPUs"):
        ServerPool(cpus_per_server=0, binary=binary)
    with pytest.raises(TimeoutError, match="could not place 9 servers .*STRICT_SPREAD needs one node per server"):
        ServerPool(9, binary=binary, startup_timeout=2)
    with pytest.raises(ValueError, match="batch_size must be a positive number of games"):
        ClusterVectorEnv(pool, "tic_tac_toe", 0)


def drain(stream: MergedTrajectoryStream, per_server: Dict[int, List[int]], timeout: float = 0.0) -> None:
    """Receives every message already there, recording each server's sequence numbers."""
    while True:
        item = stream.receive(timeout=timeout)
        if item is None:
            return
        per_server.setdefault(item.server, []).extend(int(number) for number in item.batch.sequence)


def play_and_take_everything(env: ClusterVectorEnv, stream: MergedTrajectoryStream, rng: np.random.Generator,
                             sequences: Dict[int, List[int]]) -> int:
    """Plays 20 random steps, taking trajectories as they come and then until every finished
    episode arrived; returns how many finished."""
    state = env.reset()
    finished = 0
    for _ in range(20):
        state = env.step(random_legal(state, rng))
        finished += state.episodes_finished
        drain(stream, sequences)
    while sum(map(len, sequences.values())) < finished:
        drain(stream, sequences, timeout=10)
    return finished


def test_the_merged_stream_keeps_each_servers_sequence_numbers(pool: ServerPool) -> None:
    rng = np.random.default_rng(7)
    sequences: Dict[int, List[int]] = {}
    with MergedTrajectoryStream(pool, timeout=30) as stream, \
            ClusterVectorEnv(pool, "kuhn_poker", 12, seed=9, auto_reset=True, trajectories=True, stream=stream) as env:
        finished = play_and_take_everything(env, stream, rng, sequences)
        for server, _, _ in env.shards:
            numbers = sequences[server]
            start = numbers[0]  # earlier tests' episodes on this server came first
            assert numbers == list(range(start, start + len(numbers)))
            assert stream.next_sequence(server) == start + len(numbers)
        assert sum(map(len, sequences.values())) == finished
        assert all(gap.first == 0 and not gap.repeated for gap in stream.gaps)  # only "started after 0", if any


def test_an_acknowledging_merged_stream_leaves_no_server_keeping_anything(pool: ServerPool) -> None:
    rng = np.random.default_rng(8)
    sequences: Dict[int, List[int]] = {}
    with MergedTrajectoryStream(pool, timeout=30, acknowledge=True) as stream, \
            ClusterVectorEnv(pool, "kuhn_poker", 12, seed=10, auto_reset=True, trajectories={"acknowledged": True},
                             stream=stream) as env:
        finished = play_and_take_everything(env, stream, rng, sequences)
        used = {server for server, _, _ in env.shards}
        servers = [server for server in pool.servers if server.index in used]
    # Closing the stream acknowledged the last message taken: nothing is kept anywhere.
    for server in servers:
        with pool.client(server) as client:
            stats = client.stats()
            assert stats.messages_kept == 0 and stats.episodes_lost == 0
            assert stats.episodes_acknowledged >= len(sequences.get(server.index, []))
    assert sum(map(len, sequences.values())) == finished > 0


def test_sequence_tracker_reports_holes_and_repeats() -> None:
    tracker = SequenceTracker(server=2)
    assert tracker.accept(0, 3) is None
    assert tracker.accept(5, 2) == SequenceGap(2, 3, 4)
    assert tracker.accept(6, 3) == SequenceGap(2, 6, 6, repeated=True)
    assert tracker.accept(9, 0) is None
    assert tracker.next_sequence == 9
    assert tracker.episodes == 8


@ray.remote(num_cpus=0)
class LegalMoveModel:
    """Stands in for an LLM server: answers each prompt with one of the moves listed after the
    colon of its last line naming what is available (TicTacToe's "Available Moves: '[0]', ...",
    Kuhn Poker's "[GAME] Your available actions are: [check], [bet]"), boxed, in SPIRAL's
    format, and counts the prompts it answered."""

    def __init__(self) -> None:
        self.prompts = 0

    def generate(self, prompts: List[str]) -> List[str]:
        self.prompts += len(prompts)
        answers = []
        for number, prompt in enumerate(prompts):
            lines = [line for line in prompt.splitlines() if "available" in line.lower()]
            moves = re.findall(r"\[[^\]]*\]", lines[-1].rsplit(":", 1)[-1]) if lines else []
            move = moves[(self.prompts + number) % len(moves)] if moves else "[pass]"
            answers.append(f"I choose \\boxed{{{move}}}")
        return answers

    def answered(self) -> int:
        return self.prompts


def test_self_play_workers_generate_through_a_model_actor(cluster: Cluster, binary: str) -> None:
    model = LegalMoveModel.remote()  # type: ignore[attr-defined]
    worker_class = ray.remote(SelfPlayWorker).options(num_cpus=0, scheduling_strategy="SPREAD")
    workers = [worker_class.remote("tic_tac_toe", model, binary=binary, batch_size=4, seed=seed) for seed in (1, 2)]
    try:
        results: List[List[Any]] = ray.get([worker.episodes.remote(6) for worker in workers], timeout=120)
    finally:
        ray.get([worker.close.remote() for worker in workers], timeout=60)
    turns = 0
    for episodes in results:
        assert len(episodes) == 6
        for episode in episodes:
            assert all(record.valid for record in episode)  # the model only plays listed moves
            assert all(record.response.startswith("I choose \\boxed{[") for record in episode)
            turns += len(episode)
    assert ray.get(model.answered.remote()) >= turns


def wait_until_gone(pid: int, within: float = 30.0) -> None:
    """Waits for a process of this machine to end (a zombie counts as ended)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return
        except FileNotFoundError:
            return
        time.sleep(0.05)
    raise AssertionError(f"process {pid} still runs {within} s after its node was removed")


def servers_on(pool: ServerPool, node_id: str) -> List[Any]:
    return [server for server in pool.servers if server.node_id == node_id]


def test_a_killed_node_loses_only_its_games_and_the_run_goes_on(cluster: Cluster, binary: str) -> None:
    victim = cluster.add_node(**NODE_OPTIONS)
    cluster.wait_for_nodes()
    rng = np.random.default_rng(11)
    sequences: Dict[int, List[int]] = {}
    with ServerPool(binary=binary) as pool, MergedTrajectoryStream(pool, timeout=30) as stream, \
            ClusterVectorEnv(pool, "tic_tac_toe", 16, seed=4, auto_reset=True, trajectories=True, stream=stream,
                             fault_check_interval=0.5) as env:
        (lost,) = servers_on(pool, victim.node_id)
        lost_slots = next((start, stop) for server, start, stop in env.shards if server == lost.index)
        state = env.reset()
        finished = 0
        for _ in range(12):
            state = env.step(random_legal(state, rng))
            finished += state.episodes_finished
            drain(stream, sequences)
        server_pid = ray.get(pool.actor(lost).pid.remote())
        cluster.remove_node(victim, allow_graceful=False)
        # The node's processes, the server among them, go down a moment after remove_node returns.
        wait_until_gone(server_pid)
        state = env.step(random_legal(state, rng))
        finished += state.episodes_finished
        (fault,) = env.faults
        assert fault.server == lost.index and fault.node_id == victim.node_id
        assert fault.slots == lost_slots and fault.step_in_flight
        assert fault.recreated_on in {server.index for server in pool.servers}
        assert lost not in pool.servers
        start, stop = lost_slots
        assert fault.episodes_cut == stop - start  # with auto-reset every slot always has a game going
        assert state.truncated[start:stop].all()
        assert state.episode_ids[start:stop].tolist() == list(range(stop - start))  # a new vector's first games
        assert state.legal_masks.shape[0] == 16
        assert fault.episodes_delivered is not None and fault.episodes_undelivered is not None
        assert 0 <= fault.episodes_undelivered <= fault.episodes_finished
        assert fault.episodes_finished > 0  # tic-tac-toe games last 5 to 9 moves: some ended before the kill
        # The run goes on on the remaining servers.
        finished_after = 0
        for _ in range(10):
            state = env.step(random_legal(state, rng))
            finished_after += state.episodes_finished
            drain(stream, sequences)
        assert finished_after > 0 and len(env.faults) == 1
        expected = finished + finished_after - fault.episodes_undelivered
        while sum(map(len, sequences.values())) < expected:
            before = sum(map(len, sequences.values()))
            drain(stream, sequences, timeout=10)
            assert sum(map(len, sequences.values())) > before, "trajectories stopped coming"
        assert sum(map(len, sequences.values())) == expected
        assert len(sequences.get(lost.index, [])) == fault.episodes_delivered
        for server, numbers in sequences.items():  # every server's episodes once each, in order
            assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), server
        assert not any(gap.repeated for gap in stream.gaps)


def test_a_lost_server_is_replaced_on_a_node_with_room(cluster: Cluster, binary: str) -> None:
    added = [cluster.add_node(**NODE_OPTIONS) for _ in range(2)]
    cluster.wait_for_nodes()
    rng = np.random.default_rng(12)
    with ServerPool(servers=len(cluster.list_all_nodes()) - 1, binary=binary) as pool, \
            MergedTrajectoryStream(pool, timeout=30) as stream, \
            ClusterVectorEnv(pool, "kuhn_poker", 8, seed=5, auto_reset=True, trajectories=True, stream=stream,
                             replace_lost=True, fault_check_interval=0.5) as env:
        used = {server.node_id for server in pool.servers}
        victim = next(node for node in added if node.node_id in used)  # the other node has no server
        (lost,) = servers_on(pool, victim.node_id)
        state = env.reset()
        server_pid = ray.get(pool.actor(lost).pid.remote())
        cluster.remove_node(victim, allow_graceful=False)
        wait_until_gone(server_pid)
        state = env.step(random_legal(state, rng))
        (fault,) = env.faults
        (replacement,) = [server for server in pool.servers if server.index == fault.recreated_on]
        assert replacement.index == len(pool.members) - 1  # a new server, not one of the others
        assert replacement.node_id not in used  # on the one node that had no server
        sequences: Dict[int, List[int]] = {}
        for _ in range(8):
            state = env.step(random_legal(state, rng))
            drain(stream, sequences, timeout=0)
        drain(stream, sequences, timeout=2)
        assert sequences.get(replacement.index, [None])[0] == 0  # the stream reads the replacement from its start


def node_once_restarted(worker: Any, within: float = 60.0) -> str:
    """The worker's node, asked until the actor answers: calls made while Ray restarts it fail
    with ActorUnavailableError."""
    deadline = time.monotonic() + within
    while True:
        try:
            node: str = ray.get(worker.node_id.remote(), timeout=within)
            return node
        except ray.exceptions.ActorUnavailableError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.2)


def test_a_self_play_worker_on_a_killed_node_fails_its_call_and_restarts_elsewhere(cluster: Cluster, binary: str) -> None:
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    # Two nodes offering a "loops" resource the worker asks for: it runs on one of them, and Ray
    # restarts it on the other when that one dies.
    loop_nodes = [cluster.add_node(**NODE_OPTIONS, resources={"loops": 1}) for _ in range(2)]
    cluster.wait_for_nodes()
    model = LegalMoveModel.options(  # type: ignore[attr-defined]
        scheduling_strategy=NodeAffinitySchedulingStrategy(cluster.head_node.node_id, soft=False)).remote()
    worker = ray.remote(SelfPlayWorker).options(num_cpus=0, resources={"loops": 1}, max_restarts=1).remote(
        "kuhn_poker", model, binary=binary, batch_size=4, seed=3)
    first_node = ray.get(worker.node_id.remote(), timeout=60)
    (victim,) = [node for node in loop_nodes if node.node_id == first_node]
    before = ray.get(worker.episodes.remote(4), timeout=60)
    assert len(before) == 4 and all(record.valid for episode in before for record in episode)
    endless = worker.episodes.remote(10**9)  # in flight when the node dies
    time.sleep(0.5)
    cluster.remove_node(victim, allow_graceful=False)
    with pytest.raises(ray.exceptions.RayActorError):
        ray.get(endless, timeout=60)
    assert node_once_restarted(worker) != first_node  # restarted, with a server of its own
    episodes = ray.get(worker.episodes.remote(4), timeout=60)
    assert len(episodes) == 4 and all(record.valid for episode in episodes for record in episode)
    ray.get(worker.close.remote(), timeout=60)
