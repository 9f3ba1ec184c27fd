#!/usr/bin/env python3
"""Scaling benchmark: one batch of games spread over 1, 2 and 3 `games serve` processes on a
local multi-node Ray cluster (`selfplay.ray`), beside one server without Ray.

For each configuration and mode (tensor, text; TicTacToe unless --game, --text-game) one trainer steps a
batch for --seconds with auto-reset and trajectories on, reading the trajectory stream between
steps, and prints:
- env-steps/s (games stepped per second, summed over the batch),
- trajectory transitions/s (turns received on the trajectory stream per second),
- with --idle S: the CPU Ray's own processes (raylets, GCS, the idle server actors) and the
  idle servers use over S seconds with nothing to do, in cores;
- the servers' CPU time per env-step (user + system, from /proc, all servers together), how
  many cores the servers kept busy, and the trainer process's own CPU time per env-step
  (stepping, choosing actions, decoding trajectories): the figures the sizing model in
  docs/scaling.md uses.

The cluster's nodes all run on this machine (`ray.cluster_utils.Cluster`), so more servers
add no cores here: the figures show what Ray and the spreading cost, not cluster speed-up.
Servers behind Ray use CURVE (the pool's default) unless --insecure; the server without Ray
binds loopback without CURVE, as `LocalServer` does. Actions are each slot's first legal one.

Usage: python benchmarks/ray_scaling.py [--json] [--seconds S] [--batch B] [--text-batch B]
                                       [--game G] [--text-game G] [--servers 1,2,3]
                                       [--busy-poll US] [--insecure] [--idle S]
The server binary is $SELFPLAY_GAMES_BIN, else .build/release/games (built if missing).
Needs Ray (pip install "selfplay[ray]").
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "python-client" / "src"))
# Ray's workers start from a clean interpreter: they find selfplay through PYTHONPATH.
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "python-client" / "src"),
                                                          os.environ.get("PYTHONPATH")]))

from bridge_bench import server_binary  # noqa: E402  (this directory: the release server, built if missing)

from selfplay import Client, LocalServer, StepResult, TrajectoryStream  # noqa: E402

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: Sequence[int]) -> float:
    """User + system CPU time of these processes so far (Linux /proc)."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / CLOCK_TICKS


def descendants(root: int) -> Dict[int, str]:
    """Every process below ``root`` (Ray's nodes, workers and their servers), with its name."""
    parents: Dict[int, Tuple[int, str]] = {}
    for path in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, rest = path.read_text().rsplit(")", 1)
        except OSError:
            continue  # ended meanwhile
        parents[int(path.parent.name)] = (int(rest.split()[1]), name.split("(", 1)[1])
    found: Dict[int, str] = {}
    frontier = {root}
    while frontier:
        frontier = {pid for pid, (parent, _) in parents.items() if parent in frontier and pid not in found}
        found.update({pid: parents[pid][1] for pid in frontier})
    return found


def idle_cores(servers: int, binary: str, seconds: float, insecure: bool) -> Dict[str, float]:
    """Cores each kind of process below this one keeps busy while a pool of ``servers`` idles."""
    from selfplay.ray import ServerPool

    with ServerPool(servers, binary=binary, insecure=insecure):
        time.sleep(2)  # let start-up work settle
        processes = descendants(os.getpid())
        alive = [pid for pid in processes if Path(f"/proc/{pid}").exists()]
        before = {pid: cpu_seconds([pid]) for pid in alive}
        time.sleep(seconds)
        by_name: Dict[str, float] = {}
        for pid in alive:
            try:
                used = cpu_seconds([pid]) - before[pid]
            except OSError:
                continue
            by_name[processes[pid]] = by_name.get(processes[pid], 0.0) + used / seconds
    return by_name


def tensor_actions(state: StepResult) -> np.ndarray:
    return np.asarray(state.legal_masks.argmax(axis=1), dtype=np.int32)


def text_replies(state: StepResult) -> List[str]:
    assert state.legal_action_texts is not None and state.legal_action_counts is not None
    starts = np.concatenate([[0], np.cumsum(state.legal_action_counts)[:-1]]).tolist()
    texts = state.legal_action_texts
    return [texts[start] if count else "" for start, count in zip(starts, state.legal_action_counts.tolist())]


def run(env: Any, receive: Callable[[], Optional[int]], pids: Sequence[int], seconds: float, text: bool) -> Dict[str, float]:
    """Steps ``env`` for ``seconds`` (after a short warm-up), reading trajectories between steps."""
    choose = text_replies if text else tensor_actions
    state = env.reset()
    for _ in range(20):
        state = env.step(choose(state))
        while receive() is not None:
            pass
    cpu_before = cpu_seconds(pids)
    trainer_before = time.process_time()
    start = time.perf_counter()
    steps = transitions = 0
    while time.perf_counter() - start < seconds:
        state = env.step(choose(state))
        steps += 1
        while (turns := receive()) is not None:
            transitions += turns
    elapsed = time.perf_counter() - start
    server_cpu = cpu_seconds(pids) - cpu_before
    trainer_cpu = time.process_time() - trainer_before
    env_steps = steps * env.batch_size
    return {"env_steps_per_s": env_steps / elapsed, "transitions_per_s": transitions / elapsed,
            "server_cpu_us_per_env_step": server_cpu / env_steps * 1e6, "server_cores_busy": server_cpu / elapsed,
            "trainer_cpu_us_per_env_step": trainer_cpu / env_steps * 1e6}


def without_ray(binary: str, game: str, batch: int, text: bool, seconds: float, serve_args: List[str]) -> Dict[str, float]:
    with LocalServer(binary, extra_args=serve_args) as server, Client(server.endpoint) as client, \
            TrajectoryStream(server.trajectory_endpoint) as stream:
        make = client.make_text if text else client.make_vector
        with make(game, batch, 1, auto_reset=True, trajectories=True) as env:
            def receive() -> Optional[int]:
                message = stream.receive(timeout=0)
                return None if message is None else message.turn_count
            return run(env, receive, [server.process.pid], seconds, text)


def with_ray(binary: str, servers: int, game: str, batch: int, text: bool, seconds: float, serve_args: List[str],
             insecure: bool) -> Dict[str, float]:
    import ray

    from selfplay.ray import ClusterVectorEnv, MergedTrajectoryStream, ServerPool

    with ServerPool(servers, binary=binary, insecure=insecure, extra_args=serve_args) as pool, \
            MergedTrajectoryStream(pool) as stream, \
            ClusterVectorEnv(pool, game, batch, 1, text=text, auto_reset=True, trajectories=True,
                             stream=stream) as env:
        pids = ray.get([pool.actor(server).pid.remote() for server in pool.servers])

        def receive() -> Optional[int]:
            message = stream.receive(timeout=0)
            return None if message is None else message.batch.turn_count
        return run(env, receive, pids, seconds, text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--seconds", type=float, default=5.0, help="measured seconds per configuration and mode")
    parser.add_argument("--batch", type=int, default=1024, help="tensor-mode games in the batch (all servers together)")
    parser.add_argument("--text-batch", type=int, default=256, help="text-mode games in the batch")
    parser.add_argument("--game", default="tic_tac_toe", help="the tensor-mode game")
    parser.add_argument("--text-game", default="tic_tac_toe", help="the text-mode game")
    parser.add_argument("--servers", default="1,2,3", help="server counts to run on the Ray cluster")
    parser.add_argument("--busy-poll", type=float, default=None,
                        help="games serve --busy-poll for every server (default: the server's); 0 makes the "
                             "servers' CPU time their work alone")
    parser.add_argument("--insecure", action="store_true", help="Ray servers without CURVE")
    parser.add_argument("--idle", type=float, default=0.0,
                        help="also measure Ray's background CPU over this many idle seconds (0: skip)")
    arguments = parser.parse_args()
    counts = [int(count) for count in arguments.servers.split(",")]
    if not counts or min(counts) < 1:
        parser.error(f"--servers must list positive server counts, got {arguments.servers!r}")
    binary = server_binary()
    serve_args = [] if arguments.busy_poll is None else ["--busy-poll", str(arguments.busy_poll)]
    modes = {"tensor": (arguments.game, arguments.batch, False), "text": (arguments.text_game, arguments.text_batch, True)}

    import ray
    from ray.cluster_utils import Cluster

    results: List[Dict[str, Any]] = []
    for mode, (game, batch, text) in modes.items():
        figures = without_ray(binary, game, batch, text, arguments.seconds, serve_args)
        results.append({"mode": mode, "game": game, "batch": batch, "ray": False, "servers": 1, **figures})
    # One node per server: a head and workers of one logical CPU each, the driver beside them.
    cluster = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False,
                                                            "object_store_memory": 80 << 20})
    for _ in range(max(counts) - 1):
        cluster.add_node(num_cpus=1, object_store_memory=80 << 20)
    ray.init(address=cluster.address, logging_level="warning", log_to_driver=False)
    try:
        for mode, (game, batch, text) in modes.items():
            for count in counts:
                figures = with_ray(binary, count, game, batch, text, arguments.seconds, serve_args, arguments.insecure)
                results.append({"mode": mode, "game": game, "batch": batch, "ray": True, "servers": count, **figures})
        idle = idle_cores(max(counts), binary, arguments.idle, arguments.insecure) if arguments.idle > 0 else {}
    finally:
        ray.shutdown()
        cluster.shutdown()
    report = {"machine": f"{platform.machine()}, {os.cpu_count()} cores", "ray": ray.__version__,
              "seconds": arguments.seconds, "busy_poll": arguments.busy_poll, "curve": not arguments.insecure,
              "results": results, "idle_cores": idle}
    if arguments.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{report['machine']}, Ray {report['ray']}, {arguments.seconds:g} s per row, "
          f"Ray servers {'without' if arguments.insecure else 'with'} CURVE")
    print(f"{'mode':6} {'game':12} {'batch':>5} {'setup':>14} {'env-steps/s':>12} {'transitions/s':>14} "
          f"{'server us/step':>15} {'server cores':>13} {'trainer us/step':>16}")
    for row in results:
        setup = f"{row['servers']} server{'s' if row['servers'] > 1 else ''}" + (", Ray" if row["ray"] else "")
        print(f"{row['mode']:6} {row['game']:12} {row['batch']:>5} {setup:>14} {row['env_steps_per_s']:>12,.0f} "
              f"{row['transitions_per_s']:>14,.0f} {row['server_cpu_us_per_env_step']:>15.2f} "
              f"{row['server_cores_busy']:>13.2f} {row['trainer_cpu_us_per_env_step']:>16.2f}")
    if idle:
        print(f"idle, {max(counts)} nodes and servers: {sum(idle.values()):.3f} cores ("
              + ", ".join(f"{name} {cores:.3f}" for name, cores in sorted(idle.items(), key=lambda item: -item[1])) + ")")


if __name__ == "__main__":
    main()
