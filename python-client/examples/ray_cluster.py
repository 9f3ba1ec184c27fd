#!/usr/bin/env python3
"""SelfPlay on a Ray cluster: one `games serve` per node, a batch of games spread over them,
their trajectory streams merged, a node killed halfway, and LLM-style self-play loops that
generate through a model actor.

Without --address it starts a local cluster of --nodes nodes on this machine
(`ray.cluster_utils.Cluster`); with one, it joins that cluster (every node needs `selfplay`
installed and a `games` binary: $SELFPLAY_GAMES_BIN or `games` on PATH, or --games-bin when
the path is the same everywhere). See docs/scaling.md.

Usage:
  SELFPLAY_GAMES_BIN=$PWD/.build/release/games python3 python-client/examples/ray_cluster.py [--kill-node]
"""

from __future__ import annotations

import argparse
import re
import time
from typing import Any, Dict, List, Optional

import numpy as np
import ray

from selfplay.ray import ClusterVectorEnv, MergedTrajectoryStream, SelfPlayWorker, ServerPool


@ray.remote(num_cpus=0)
class FirstMoveModel:
    """Stands in for an LLM server (a vLLM engine on a GPU node, say): answers each prompt with
    the first move listed after the colon of its last line naming what is available ("[GAME]
    Your available actions are: [check], [bet]"), in SPIRAL's boxed format."""

    def generate(self, prompts: List[str]) -> List[str]:
        answers = []
        for prompt in prompts:
            lines = [line for line in prompt.splitlines() if "available" in line.lower()]
            moves = re.findall(r"\[[^\]]*\]", lines[-1].rsplit(":", 1)[-1]) if lines else []
            answers.append(f"\\boxed{{{moves[0] if moves else '[pass]'}}}")
        return answers


def start_local_cluster(nodes: int) -> Any:
    from ray.cluster_utils import Cluster

    # One logical CPU per node for its server, one for loop workers; the driver needs none.
    # Health checks every 0.5 s: a lost node is declared dead in about 1.5 s (Ray's default, 15 s).
    health = {"health_check_initial_delay_ms": 0, "health_check_period_ms": 500, "health_check_failure_threshold": 3}
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 2, "include_dashboard": False,
                                                            "object_store_memory": 80 << 20, "_system_config": health})
    for _ in range(nodes - 1):
        cluster.add_node(num_cpus=2, object_store_memory=80 << 20)
    ray.init(address=cluster.address, logging_level="warning", log_to_driver=False)
    return cluster


def play(pool: ServerPool, batch: int, steps: int, kill: Optional[Any], cluster: Any) -> Dict[str, Any]:
    """Steps a spread batch with random legal moves, killing ``kill``'s node halfway."""
    rng = np.random.default_rng(0)
    episodes: Dict[int, int] = {}
    with MergedTrajectoryStream(pool) as stream, \
            ClusterVectorEnv(pool, "tic_tac_toe", batch, seed=0, auto_reset=True, trajectories=True,
                             stream=stream) as env:
        print(f"{batch} games over servers {[server for server, _, _ in env.shards]}: slots {env.shards}")
        state = env.reset()
        start = time.perf_counter()
        for step in range(steps):
            if kill is not None and step == steps // 2:
                print(f"step {step}: killing node {kill.node_id[:8]}")
                cluster.remove_node(kill, allow_graceful=False)
                # Play on once Ray has declared the node dead (the server goes down with it): a
                # node that dies between two steps. One that dies during a step is noticed too.
                while any(node["NodeID"] == kill.node_id and node["Alive"] for node in ray.nodes()):
                    time.sleep(0.1)
            scores = rng.random(state.legal_masks.shape) * state.legal_masks
            state = env.step(scores.argmax(axis=1))
            while (item := stream.receive(timeout=0)) is not None:
                episodes[item.server] = episodes.get(item.server, 0) + item.batch.episode_count
        elapsed = time.perf_counter() - start
        for fault in env.faults:
            print(f"lost server {fault.server} (slots {fault.slots[0]}:{fault.slots[1]}): "
                  f"{fault.episodes_cut} games cut, {fault.episodes_finished} finished there, "
                  f"{fault.episodes_undelivered} of those never delivered; playing on on server {fault.recreated_on}")
        print(f"{steps * batch / elapsed:,.0f} env-steps/s (a kill's wait included); episodes received per server: {episodes}; "
              f"sequence gaps: {stream.gaps or 'none'}")
        return {"faults": len(env.faults), "episodes": episodes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--address", help="an existing Ray cluster (default: start a local one)")
    parser.add_argument("--nodes", type=int, default=3, help="nodes of the local cluster")
    parser.add_argument("--games-bin", help="the games executable's path on every node")
    parser.add_argument("--batch", type=int, default=256, help="games in the spread batch")
    parser.add_argument("--steps", type=int, default=200, help="steps of the batch")
    parser.add_argument("--kill-node", action="store_true", help="local cluster: kill a worker node halfway")
    parser.add_argument("--loops", type=int, default=2, help="self-play loop workers (0: none)")
    arguments = parser.parse_args()
    if arguments.kill_node and (arguments.address or arguments.nodes < 2):
        parser.error("--kill-node needs the local cluster (no --address) with at least 2 nodes")
    cluster = None
    if arguments.address:
        ray.init(address=arguments.address)
    else:
        cluster = start_local_cluster(arguments.nodes)
    try:
        with ServerPool(binary=arguments.games_bin) as pool:
            print(f"{len(pool.servers)} servers: " + ", ".join(
                f"{server.index} on node {server.node_id[:8]} at {server.endpoint}" for server in pool.servers))
            victim = next(iter(cluster.worker_nodes)) if arguments.kill_node and cluster is not None else None
            play(pool, arguments.batch, arguments.steps, victim, cluster)
        if arguments.loops:
            model = FirstMoveModel.remote()  # type: ignore[attr-defined]
            worker_class = ray.remote(SelfPlayWorker).options(num_cpus=1, scheduling_strategy="SPREAD")
            workers = [worker_class.remote("kuhn_poker", model, binary=arguments.games_bin, batch_size=8, seed=seed)
                       for seed in range(arguments.loops)]
            results = ray.get([worker.episodes.remote(16) for worker in workers])
            ray.get([worker.close.remote() for worker in workers])
            turns = [record for episodes in results for episode in episodes for record in episode]
            print(f"{len(workers)} self-play loops: {sum(map(len, results))} Kuhn Poker episodes, {len(turns)} turns "
                  f"({sum(t.valid for t in turns)} valid moves), mean advantage of first-seat turns "
                  f"{np.mean([t.advantage for t in turns if t.seat == 0]):+.3f}")
    finally:
        ray.shutdown()
        if cluster is not None:
            cluster.shutdown()


if __name__ == "__main__":
    main()
