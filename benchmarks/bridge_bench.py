#!/usr/bin/env python3
"""Bridge benchmark: a Python client driving a release-build `games serve`.

Prints, in one run:
- tensor mode: env-steps/s stepping 1024 TicTacToe games (numpy in, numpy out), one
  synchronous vector (step waits for its reply; the median of five rounds (--rounds), each followed by
  the transport alone), and two vectors of 1024 kept in flight with step_async/step_wait
  (client and server work at the same time); in each round also the synchronous vector with
  uint8 observations (`observation_dtype="uint8"`: the same values in a quarter of the
  bytes, for games whose observations are binary);
- the trajectory stream: transitions/s decoded into numpy by a PULL consumer process, fed
  by one synchronous vector and by two vectors in flight (the medians of five rounds, each
  followed by the transport alone);
- round-trip latency (p50/p99) of a one-game STEP;
- the transport alone: a pyzmq ROUTER echo answering a DEALER with messages the size of a
  1024-game STEP and its reply, so a reader can see how much of a synchronous step is
  ZeroMQ's thread hand-offs on this machine rather than our work (the echo busy-polls for
  1 ms after each reply, as `games serve` does by default, and its client for 1 ms before
  sleeping on a reply, as `selfplay.Client` does);
- text mode: steps/s for Kuhn Poker and TicTacToe (prompts out, text replies in), in rounds;
- the same loops in OpenSpiel (pyspiel), PettingZoo (tictactoe_v3) and TextArena, when those
  are importable ("not installed" otherwise), each measured in every round beside the figure
  it is compared with; a ratio is the median of the rounds' own ratios. Every anchor plays
  legal moves only and counts decisions (chance deals are not steps), as SelfPlay does.

Every figure measured in rounds is reported as its median, with its spread over the rounds
(`*_spread` in the JSON: median, min, max).

Usage: python benchmarks/bridge_bench.py [--json] [--seconds S] [--rounds N]
The server binary is $SELFPLAY_GAMES_BIN, else .build/release/games (built if missing).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "python-client" / "src"))

from compare_anchors import openspiel_steps_per_second  # noqa: E402  (this directory)

from selfplay import Client, LocalServer, TrajectoryStream  # noqa: E402


def server_binary() -> str:
    configured = os.environ.get("SELFPLAY_GAMES_BIN")
    if configured:
        return configured
    binary = REPO / ".build" / "release" / "games"
    if not binary.exists():
        print("building the release server (swift build -c release --product games)...", file=sys.stderr)
        subprocess.run(["swift", "build", "-c", "release", "--product", "games"], cwd=REPO, check=True)
    return str(binary)


def noise_table(batch: int, actions: int, count: int = 64) -> np.ndarray:
    """Random priorities 1..255 per game and action: ``(masks * noise).argmax(axis=1)`` is a
    random legal action (ties, about 1 in 255, go to the lower index). uint8 keeps the
    client's choice cheap: masks are uint8, so the product needs no conversion."""
    return np.random.default_rng(0).integers(1, 256, (count, batch, actions), dtype=np.uint8)


def tensor_steps_per_second(endpoint: str, seconds: float, batch: int = 1024, observation_dtype: str = "float32") -> float:
    with Client(endpoint) as client:
        env = client.make_vector("tic_tac_toe", batch_size=batch, seed=1, auto_reset=True, observation_dtype=observation_dtype)
        noise = noise_table(batch, 9)
        state = env.reset()
        steps, i = 0, 0
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            actions = (state.legal_masks * noise[i & 63]).argmax(axis=1).astype(np.int32)  # a random legal cell
            state = env.step(actions)
            steps += batch
            i += 1
        elapsed = time.perf_counter() - start
        env.close()
    return steps / elapsed


def tensor_async_steps_per_second(endpoint: str, seconds: float, batch: int = 1024, vectors: int = 2) -> float:
    """Like ``tensor_steps_per_second``, with ``vectors`` vectors of ``batch`` games in flight:
    the client chooses one vector's actions while the server steps the others
    (``step_async``/``step_wait``)."""
    with Client(endpoint) as client:
        envs = [client.make_vector("tic_tac_toe", batch_size=batch, seed=1 + v, auto_reset=True) for v in range(vectors)]
        noise = noise_table(batch, 9)
        states = [env.reset() for env in envs]
        for v, env in enumerate(envs[:-1]):
            env.step_async((states[v].legal_masks * noise[v & 63]).argmax(axis=1).astype(np.int32))
        steps, i = 0, 0
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            # The last vector's actions are chosen while the server steps the others.
            v = (i + vectors - 1) % vectors
            envs[v].step_async((states[v].legal_masks * noise[i & 63]).argmax(axis=1).astype(np.int32))
            states[i % vectors] = envs[i % vectors].step_wait()
            steps += batch
            i += 1
        elapsed = time.perf_counter() - start
        for v in range(i, i + vectors - 1):
            envs[v % vectors].step_wait()
        for env in envs:
            env.close()
    return steps / elapsed


def _consume(endpoint: str, seconds: float, ready: Any, measured: Any, result: Any) -> None:
    stream = TrajectoryStream(endpoint, timeout=5.0)
    ready.set()
    transitions, started, first = 0, None, 0
    while True:
        batch = stream.receive()
        if batch is None:
            break
        if started is None:
            started, first = time.perf_counter(), batch.turn_count
        # Decode the columns a trainer reads (zero-copy views).
        _ = (batch.observations, batch.actions, batch.advantages, batch.rewards, batch.seats, batch.returns)
        transitions += batch.turn_count
        if not measured.is_set() and time.perf_counter() - started > seconds:
            result.value = (transitions - first) / (time.perf_counter() - started)
            measured.set()  # the producer stops; keep draining so its last steps are not blocked
    stream.close()


def trajectory_transitions_per_second(server: LocalServer, seconds: float, batch: int = 1024, vectors: int = 1) -> float:
    """Transitions/s a PULL consumer process decodes, fed by ``vectors`` vectors of ``batch``
    games stepped by one client: one synchronous vector, or several kept in flight with
    step_async/step_wait."""
    context = multiprocessing.get_context("spawn")
    ready, measured, result = context.Event(), context.Event(), context.Value("d", 0.0)
    consumer = context.Process(target=_consume, args=(server.trajectory_endpoint, seconds, ready, measured, result))
    consumer.start()
    ready.wait(30)
    with Client(server.endpoint, timeout=60) as client:
        envs = [client.make_vector("tic_tac_toe", batch_size=batch, seed=2 + v, auto_reset=True, trajectories=True)
                for v in range(vectors)]
        noise = noise_table(batch, 9)
        states = [env.reset() for env in envs]
        i = 0
        if vectors == 1:
            while not measured.is_set():
                states[0] = envs[0].step((states[0].legal_masks * noise[i & 63]).argmax(axis=1).astype(np.int32))
                i += 1
        else:
            for v, env in enumerate(envs[:-1]):
                env.step_async((states[v].legal_masks * noise[v & 63]).argmax(axis=1).astype(np.int32))
            while not measured.is_set():
                v = (i + vectors - 1) % vectors
                envs[v].step_async((states[v].legal_masks * noise[i & 63]).argmax(axis=1).astype(np.int32))
                states[i % vectors] = envs[i % vectors].step_wait()
                i += 1
            for v in range(i, i + vectors - 1):
                envs[v % vectors].step_wait()
        for env in envs:
            env.close()
    consumer.join(60)
    return result.value


def latency_microseconds(endpoint: str, rounds: int = 3000) -> Dict[str, float]:
    with Client(endpoint) as client:
        env = client.make_vector("tic_tac_toe", batch_size=1, seed=3, auto_reset=True)
        state = env.reset()
        samples = []
        for _ in range(rounds):
            action = np.array([int(state.legal_masks[0].argmax())], dtype=np.int32)
            start = time.perf_counter()
            state = env.step(action)
            samples.append(time.perf_counter() - start)
        env.close()
    samples_us = np.array(samples[200:]) * 1e6
    return {"p50_us": float(np.percentile(samples_us, 50)), "p99_us": float(np.percentile(samples_us, 99))}


ECHO_BUSY_POLL_SECONDS = 0.001


def _echo_server(endpoint_queue: Any, reply_bytes: int) -> None:
    import zmq

    context = zmq.Context()
    socket = context.socket(zmq.ROUTER)
    socket.bind("tcp://127.0.0.1:*")
    endpoint_queue.put(socket.getsockopt_string(zmq.LAST_ENDPOINT))
    reply = b"x" * reply_bytes
    # After each reply it polls without sleeping for as long as `games serve` does by default
    # (--busy-poll 1000 us), so that it stays the floor under the server's round trips.
    poll_until = 0.0
    while True:
        try:
            flags = zmq.NOBLOCK if time.perf_counter() < poll_until else 0
            identity, request = socket.recv_multipart(flags)
        except zmq.Again:
            os.sched_yield()
            continue
        if request == b"stop":
            break
        socket.send_multipart([identity, reply])
        poll_until = time.perf_counter() + ECHO_BUSY_POLL_SECONDS
    socket.close(linger=0)
    context.term()


def transport_round_trip(request_bytes: int, reply_bytes: int, rounds: int = 2000) -> Dict[str, float]:
    """p50/p99 of a pyzmq DEALER -> ROUTER echo on loopback TCP between two processes, with
    messages of the given sizes: the floor under any synchronous request on this machine.
    Both ends busy-poll for 1 ms, as `games serve` and `selfplay.Client` do by default."""
    import zmq

    spawn = multiprocessing.get_context("spawn")
    endpoint_queue = spawn.Queue()
    server = spawn.Process(target=_echo_server, args=(endpoint_queue, reply_bytes))
    server.start()
    endpoint = endpoint_queue.get(timeout=30)
    context = zmq.Context()
    socket = context.socket(zmq.DEALER)
    socket.connect(endpoint)
    request = b"x" * request_bytes
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        socket.send(request)
        # Checks for the reply for up to 1 ms before sleeping, as `selfplay.Client` does by
        # default (DEFAULT_BUSY_POLL), so that this stays the floor under its round trips.
        deadline = start + ECHO_BUSY_POLL_SECONDS
        while not socket.getsockopt(zmq.EVENTS) & zmq.POLLIN and time.perf_counter() < deadline:
            os.sched_yield()
        socket.recv()
        samples.append(time.perf_counter() - start)
    socket.send(b"stop")
    socket.close(linger=1000)
    context.term()
    server.join(30)
    samples_us = np.array(samples[200:]) * 1e6
    return {"p50_us": float(np.percentile(samples_us, 50)), "p99_us": float(np.percentile(samples_us, 99))}


def text_steps_per_second(endpoint: str, game: str, seconds: float, batch: int = 1024) -> float:
    with Client(endpoint) as client:
        env = client.make_text(game, batch_size=batch, seed=4, auto_reset=True)
        state = env.reset()
        rng = np.random.default_rng(0)
        steps = 0
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            # A random legal action string per game, picked with numpy over the flat list.
            counts = state.legal_action_counts
            starts = np.cumsum(counts) - counts
            picks = (starts + (rng.random(batch) * counts).astype(np.int64)).tolist()
            legal = state.legal_action_texts + [""]
            replies = list(map(legal.__getitem__, [p if c else -1 for p, c in zip(picks, counts.tolist())]))
            assert len(state.prompts) == batch  # what an LLM would read
            state = env.step(replies)
            steps += batch
        elapsed = time.perf_counter() - start
        env.close()
    return steps / elapsed


def pettingzoo_steps_per_second(seconds: float) -> Optional[float]:
    try:
        from pettingzoo.classic import tictactoe_v3
    except ImportError:
        return None
    env = tictactoe_v3.env()
    rng = np.random.default_rng(0)
    steps = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        env.reset(seed=int(rng.integers(1 << 30)))
        for _agent in env.agent_iter():
            observation, reward, termination, truncation, info = env.last()
            if termination or truncation:
                env.step(None)
                continue
            env.step(int(rng.choice(np.flatnonzero(observation["action_mask"]))))
            steps += 1
    env.close()
    return steps / (time.perf_counter() - start)


def textarena_steps_per_second(env_id: str, seconds: float) -> Optional[float]:
    """TextArena's in-process loop, a fresh env per game (its LLM observation wrapper keeps
    the history of every earlier game of an env, which makes a reused env ever slower).

    Every move is legal: a random empty cell in TicTacToe; in Kuhn Poker a random one of the
    moves the env's betting tree accepts at that point (``[check]``/``[bet]``, then
    ``[call]``/``[fold]`` facing a bet), so that no game is cut short by an invalid move."""
    try:
        import textarena as ta
    except ImportError:
        return None
    rng = random.Random(0)
    steps = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        env = ta.make(env_id)
        env.reset(num_players=2, seed=rng.randrange(1 << 30))
        free = list(range(9))
        done = False
        while not done:
            player, observation = env.get_observation()
            if "TicTacToe" in env_id:
                cell = free.pop(rng.randrange(len(free)))  # a random empty cell
                action = f"[{cell}]"
            else:
                legal = env.state.game_state["current_legal_action_tree"]
                action = f"[{rng.choice(sorted(legal))}]"
            done, _ = env.step(action=action)
            steps += 1
        _, game_info = env.close()
        if any(info["invalid_move"] for info in game_info.values()):
            raise RuntimeError(f"{env_id}: the benchmark played an invalid move: {game_info}")
    return steps / (time.perf_counter() - start)


def median_of(rounds: List[Dict[str, Any]], key: str) -> Optional[float]:
    """The median of a figure over rounds; None when it was not measured (anchor not installed)."""
    values = [r[key] for r in rounds if r[key] is not None]
    return float(np.median(values)) if values else None


def spread_of(rounds: List[Dict[str, Any]], key: str) -> Optional[Dict[str, float]]:
    """A figure's median, min and max over rounds; None when it was not measured."""
    values = [r[key] for r in rounds if r[key] is not None]
    if not values:
        return None
    return {"median": float(np.median(values)), "min": float(min(values)), "max": float(max(values))}


def median_ratio(rounds: List[Dict[str, Any]], ours: str, theirs: str) -> Optional[float]:
    """The median over rounds of each round's ratio of our figure to an anchor's."""
    spread = ratio_spread(rounds, ours, theirs)
    return None if spread is None else spread["median"]


def ratio_spread(rounds: List[Dict[str, Any]], ours: str, theirs: str) -> Optional[Dict[str, float]]:
    """The median, min and max over rounds of each round's ratio of our figure to an anchor's."""
    ratios = [r[ours] / r[theirs] for r in rounds if r[theirs]]
    if not ratios:
        return None
    return {"median": float(np.median(ratios)), "min": float(min(ratios)), "max": float(max(ratios))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=5,
                        help="rounds of the synchronous figures, each beside the transport alone (the median is reported)")
    args = parser.parse_args()
    if args.rounds < 1 or args.seconds <= 0:
        parser.error(f"--rounds must be at least 1 and --seconds positive (got {args.rounds}, {args.seconds})")
    seconds = args.seconds
    results: Dict[str, Any] = {}
    anchor_seconds = seconds / 2
    with LocalServer(server_binary()) as server:
        # Rounds, each the synchronous step, the transport alone and the anchors' loops, while
        # the machine is in the same state: on a shared VM the cost of waking a thread, most
        # of a round trip, changes from one minute to the next (five rounds: a median of three
        # moved with one bad minute), and a ratio of figures from different minutes measures
        # the minutes. A 1024-game TicTacToe STEP carries 4 KB of actions; its reply about
        # 150 KB (observations 110 KB, legal masks, rewards, flags, ids); with uint8
        # observations (opt-in, for games with binary observations) about 64 KB.
        rounds = []
        for _ in range(args.rounds):
            rounds.append({
                "steps_per_s": tensor_steps_per_second(server.endpoint, seconds),
                "uint8_steps_per_s": tensor_steps_per_second(server.endpoint, seconds, observation_dtype="uint8"),
                "transport_p50_us": transport_round_trip(4_096, 150_000, rounds=1000)["p50_us"],
                "openspiel_steps_per_s": openspiel_steps_per_second("tic_tac_toe", anchor_seconds),
                "pettingzoo_steps_per_s": pettingzoo_steps_per_second(anchor_seconds),
                "async_steps_per_s": tensor_async_steps_per_second(server.endpoint, seconds),
            })
        results["tensor_tictactoe_b1024_rounds"] = rounds
        results["tensor_tictactoe_b1024_steps_per_s"] = median_of(rounds, "steps_per_s")
        results["tensor_tictactoe_b1024_uint8_steps_per_s"] = median_of(rounds, "uint8_steps_per_s")
        results["tensor_tictactoe_2x1024_async_steps_per_s"] = median_of(rounds, "async_steps_per_s")
        results["transport_round_trip_small"] = transport_round_trip(16, 16)
        results["transport_round_trip_step_sized"] = transport_round_trip(4_096, 150_000)
        # The synchronous trajectory feed goes in rounds too, each beside the transport.
        trajectory_rounds = []
        for _ in range(args.rounds):
            rate_now = trajectory_transitions_per_second(server, seconds)
            trajectory_rounds.append({"transitions_per_s": rate_now,
                                      "transport_p50_us": transport_round_trip(4_096, 150_000, rounds=1000)["p50_us"],
                                      "async_transitions_per_s": trajectory_transitions_per_second(server, seconds, vectors=2)})
        results["trajectory_rounds"] = trajectory_rounds
        results["trajectory_transitions_per_s"] = median_of(trajectory_rounds, "transitions_per_s")
        results["trajectory_2x1024_async_transitions_per_s"] = median_of(trajectory_rounds, "async_transitions_per_s")
        results["one_game_round_trip"] = latency_microseconds(server.endpoint)
        # Text mode in rounds as well, each beside TextArena's loop on the same game (and
        # OpenSpiel's Kuhn loop, an anchor without a ratio: it steps tensors, not text).
        text_rounds = []
        for _ in range(args.rounds):
            text_rounds.append({
                "kuhn_steps_per_s": text_steps_per_second(server.endpoint, "kuhn_poker", anchor_seconds),
                "textarena_kuhn_steps_per_s": textarena_steps_per_second("KuhnPoker-v0", anchor_seconds),
                "openspiel_kuhn_steps_per_s": openspiel_steps_per_second("kuhn_poker", anchor_seconds),
                "tictactoe_steps_per_s": text_steps_per_second(server.endpoint, "tic_tac_toe", anchor_seconds),
                "textarena_tictactoe_steps_per_s": textarena_steps_per_second("TicTacToe-v0", anchor_seconds),
            })
        results["text_rounds"] = text_rounds
        results["text_kuhn_b1024_steps_per_s"] = median_of(text_rounds, "kuhn_steps_per_s")
        results["text_tictactoe_b1024_steps_per_s"] = median_of(text_rounds, "tictactoe_steps_per_s")
    anchors = {
        "openspiel_tictactoe_steps_per_s": median_of(rounds, "openspiel_steps_per_s"),
        "openspiel_kuhn_steps_per_s": median_of(text_rounds, "openspiel_kuhn_steps_per_s"),
        "pettingzoo_tictactoe_steps_per_s": median_of(rounds, "pettingzoo_steps_per_s"),
        "textarena_tictactoe_steps_per_s": median_of(text_rounds, "textarena_tictactoe_steps_per_s"),
        "textarena_kuhn_steps_per_s": median_of(text_rounds, "textarena_kuhn_steps_per_s"),
    }
    results["anchors"] = anchors
    # Each ratio is the median of the rounds' own ratios (figures taken seconds apart).
    ratio_keys = {
        "tensor_vs_openspiel_tictactoe": (rounds, "steps_per_s", "openspiel_steps_per_s"),
        "tensor_vs_pettingzoo_tictactoe": (rounds, "steps_per_s", "pettingzoo_steps_per_s"),
        "text_tictactoe_vs_textarena": (text_rounds, "tictactoe_steps_per_s", "textarena_tictactoe_steps_per_s"),
        "text_kuhn_vs_textarena": (text_rounds, "kuhn_steps_per_s", "textarena_kuhn_steps_per_s"),
    }
    results["ratios"] = {name: median_ratio(*key) for name, key in ratio_keys.items()}
    # The spread of every figure measured in rounds: its median, min and max.
    results["spreads"] = {
        **{f"tensor_tictactoe_b1024_{key}": spread_of(rounds, key) for key in rounds[0]},
        **{f"trajectory_{key}": spread_of(trajectory_rounds, key) for key in trajectory_rounds[0]},
        **{f"text_{key}": spread_of(text_rounds, key) for key in text_rounds[0]},
        **{f"ratio_{name}": ratio_spread(*key) for name, key in ratio_keys.items()},
    }
    tensor = results["tensor_tictactoe_b1024_steps_per_s"]
    if args.json:
        print(json.dumps(results, indent=2))
        return

    def rate(value: Optional[float]) -> str:
        return "not installed" if value is None else f"{value / 1e6:.2f} M/s" if value >= 1e6 else f"{value / 1e3:.1f} k/s"

    def times(value: Optional[float]) -> str:
        return "n/a (anchor not installed)" if value is None else f"{value:.1f}x"

    latency = results["one_game_round_trip"]
    floor_small = results["transport_round_trip_small"]
    floor_step = results["transport_round_trip_step_sized"]
    print("SelfPlay bridge benchmark (Python client <-> release games serve, one machine)")
    rounds = results["tensor_tictactoe_b1024_rounds"]
    print(f"  tensor mode, TicTacToe x1024, numpy in/out : {rate(tensor)} env-steps"
          f" (synchronous step; median of {len(rounds)} rounds: "
          + ", ".join(f"{rate(r['steps_per_s'])} with the transport alone at p50 {r['transport_p50_us']:.0f} us"
                      for r in rounds) + ")")
    print(f"  the same, uint8 observations              : {rate(results['tensor_tictactoe_b1024_uint8_steps_per_s'])} env-steps"
          f" (observation_dtype='uint8', same values, 64 KB replies; median of rounds: "
          + ", ".join(rate(r["uint8_steps_per_s"]) for r in rounds) + ")")
    print(f"  tensor mode, 2 vectors x1024 in flight     : {rate(results['tensor_tictactoe_2x1024_async_steps_per_s'])} env-steps"
          " (step_async/step_wait: the client picks one vector's actions while the server steps the other;"
          " median of rounds: " + ", ".join(rate(r["async_steps_per_s"]) for r in rounds) + ")")
    print(f"  trajectory stream decoded into numpy      : {rate(results['trajectory_transitions_per_s'])} transitions"
          " (fed by one synchronous vector;"
          f" median of {len(results['trajectory_rounds'])} rounds: "
          + ", ".join(f"{rate(r['transitions_per_s'])} with the transport alone at p50 {r['transport_p50_us']:.0f} us"
                      for r in results["trajectory_rounds"]) + ")")
    print(f"  trajectory stream, 2 vectors in flight    : {rate(results['trajectory_2x1024_async_transitions_per_s'])}"
          " transitions (fed by two vectors x1024 with step_async/step_wait; median of rounds: "
          + ", ".join(rate(r["async_transitions_per_s"]) for r in results["trajectory_rounds"]) + ")")
    print(f"  one-game STEP round trip                  : p50 {latency['p50_us']:.0f} us, p99 {latency['p99_us']:.0f} us")
    print(f"  transport alone (pyzmq echo, tiny)        : p50 {floor_small['p50_us']:.0f} us, p99 {floor_small['p99_us']:.0f} us")
    print(f"  transport alone (4 KB out, 150 KB back)   : p50 {floor_step['p50_us']:.0f} us, p99 {floor_step['p99_us']:.0f} us"
          f" (a synchronous 1024-game step cannot beat {rate(1024 / (floor_step['p50_us'] * 1e-6))} here)")
    text_rounds = results["text_rounds"]
    print(f"  text mode, Kuhn Poker x1024               : {rate(results['text_kuhn_b1024_steps_per_s'])} steps"
          " (median of rounds: "
          + ", ".join(rate(r["kuhn_steps_per_s"]) for r in text_rounds) + ")")
    print(f"  text mode, TicTacToe x1024                : {rate(results['text_tictactoe_b1024_steps_per_s'])} steps"
          " (median of rounds: "
          + ", ".join(rate(r["tictactoe_steps_per_s"]) for r in text_rounds) + ")")
    spreads = results["spreads"]

    def ranged(spread: Optional[Dict[str, float]], show: Callable[[Optional[float]], str]) -> str:
        """``median (min-max)``, or the median's text alone when the figure was not measured."""
        return show(None) if spread is None else f"{show(spread['median'])} ({show(spread['min'])}-{show(spread['max'])})"

    print("Anchors in this run (Python loops, one process, legal moves only, decisions counted), each measured")
    print("in every round beside the figure it is compared with; median of the rounds (range); a ratio is the")
    print("median of the rounds' own ratios:")
    print(f"  OpenSpiel tic_tac_toe : {ranged(spreads['tensor_tictactoe_b1024_openspiel_steps_per_s'], rate)}"
          f"   synchronous bridge is {ranged(spreads['ratio_tensor_vs_openspiel_tictactoe'], times)}")
    print(f"  OpenSpiel kuhn_poker  : {ranged(spreads['text_openspiel_kuhn_steps_per_s'], rate)}")
    print(f"  PettingZoo tictactoe  : {ranged(spreads['tensor_tictactoe_b1024_pettingzoo_steps_per_s'], rate)}"
          f"   synchronous bridge is {ranged(spreads['ratio_tensor_vs_pettingzoo_tictactoe'], times)}")
    print(f"  TextArena TicTacToe   : {ranged(spreads['text_textarena_tictactoe_steps_per_s'], rate)}"
          f"   bridge text mode is {ranged(spreads['ratio_text_tictactoe_vs_textarena'], times)}")
    print(f"  TextArena KuhnPoker   : {ranged(spreads['text_textarena_kuhn_steps_per_s'], rate)}"
          f"   bridge text mode is {ranged(spreads['ratio_text_kuhn_vs_textarena'], times)}")


if __name__ == "__main__":
    main()
