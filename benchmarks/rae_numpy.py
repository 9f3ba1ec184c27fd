#!/usr/bin/env python3
"""RAE's math in numpy, timed, for `games bench rae` to compare against.

Same estimators as Sources/RAE, written the way a numpy user would: whole-array operations,
bincount for per-role sums, scipy.signal.lfilter for the per-game EMA (a sequential
recursion numpy alone cannot vectorise) and a padded-matrix product with the triangular
discount matrix for discounted sums.

    python3 benchmarks/rae_numpy.py [--transitions N] [--runs R] [--json]
    python3 benchmarks/rae_numpy.py --selftest   # vectorised code vs plain loops

Prints one line of JSON with --json: {"numpy": ..., "scipy": ..., "results": [{"profile",
"task", "ms", "cpu_ms"}]} per 1M transitions: the median wall-clock time, and the fastest
run's CPU time of this thread (the best estimate of the cost on an idle machine when other
processes share the cores).
"""

import argparse
import json
import os
import sys
import time

# numpy's own OpenBLAS gets one thread, like the Swift side (`games bench rae --threads 1`):
# the products here are small, and on 2 cores threads only add waiting. Set before numpy loads.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import numpy as np  # noqa: E402

try:
    from scipy.signal import lfilter  # noqa: E402
except ImportError:  # pragma: no cover - scipy is optional
    lfilter = None

PROFILES = {
    # name: (min length, max length, seats, roles)
    "kuhn": (2, 3, 2, 2),
    "tictactoe": (5, 9, 2, 2),
    "werewolf": (40, 80, 8, 4),
}
WEREWOLF_ROLES = np.array([0, 0, 1, 2, 3, 3, 3, 3], dtype=np.int32)  # wolves, seer, doctor, villagers


def make_batch(profile, transitions, rng):
    """Synthetic finished games shaped like the profile's, about `transitions` turns."""
    low, high, seats_per_game, role_count = PROFILES[profile]
    episodes = max(1, int(transitions / ((low + high) / 2)))
    lengths = rng.integers(low, high + 1, size=episodes).astype(np.int32)
    total = int(lengths.sum())
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    episode_of_turn = np.repeat(np.arange(episodes), lengths)
    turn_in_episode = np.arange(total) - starts[episode_of_turn]
    seats = (turn_in_episode % seats_per_game).astype(np.int32)
    if profile == "werewolf":
        role_of_seat = np.stack([rng.permutation(WEREWOLF_ROLES) for _ in range(episodes)])
        team = np.where(role_of_seat == 0, 1.0, -1.0)
        wolves_win = rng.random(episodes) < 0.4
        final_returns = np.where(wolves_win[:, None], team, -team).astype(np.float32)
    else:
        role_of_seat = np.tile(np.arange(seats_per_game, dtype=np.int32), (episodes, 1))
        outcome = rng.choice(np.array([-1.0, 0.0, 1.0, 2.0, -2.0]), size=episodes)
        final_returns = np.stack([outcome, -outcome], axis=1).astype(np.float32)
    roles = role_of_seat[episode_of_turn, seats].astype(np.int32)
    return {
        "seats": seats, "roles": roles, "lengths": lengths, "seat_count": seats_per_game,
        "role_count": role_count, "final_returns": final_returns.reshape(-1),
        "rewards": rng.uniform(-1, 1, total).astype(np.float32),
        "values": rng.uniform(-1, 1, total).astype(np.float32),
    }


def chain_layout(seats, lengths, seat_count):
    """Per turn: chain key (episode * seats + seat), position i, and each chain's length n."""
    episodes = len(lengths)
    episode_of_turn = np.repeat(np.arange(episodes, dtype=np.int32), lengths)
    starts = (np.cumsum(lengths, dtype=np.int32) - lengths)
    key = episode_of_turn * np.int32(seat_count) + seats
    start_of_turn = starts[episode_of_turn]
    position = np.zeros(len(seats), dtype=np.int32)
    for seat in range(seat_count):  # one running count per seat: no sort needed
        mine = seats == seat
        count = np.cumsum(mine, dtype=np.int32)
        count -= mine                   # this seat's turns before t in the batch
        count -= count[start_of_turn]   # ... in t's episode
        count *= mine
        position += count
    length = np.bincount(key, minlength=episodes * seat_count).astype(np.int32)
    return key, position, length


def rae(batch, baselines, per_batch, gamma=1.0, decay=0.95):
    """SPIRAL's estimator; returns per-turn advantages and the updated baselines."""
    seats, roles, lengths = batch["seats"], batch["roles"], batch["lengths"]
    seat_count, returns = batch["seat_count"], batch["final_returns"]
    key, position, length = chain_layout(seats, lengths, seat_count)
    role_of_chain = np.full(len(returns), -1, dtype=np.int64)
    role_of_chain[key] = roles
    players = np.flatnonzero(length > 0)
    player_role = role_of_chain[players]
    role_count = len(baselines)
    baselines = baselines.copy()
    baseline_of_chain = np.zeros(len(returns), dtype=np.float32)
    if per_batch:
        sums = np.bincount(player_role, weights=returns[players], minlength=role_count)
        counts = np.bincount(player_role, minlength=role_count)
        baseline_of_chain[players] = baselines[player_role]
        seen = counts > 0
        baselines[seen] = decay * baselines[seen] + (1 - decay) * (sums[seen] / counts[seen])
    else:
        # One update per (game, role) with the mean over that role's players in the game.
        episodes = len(returns) // seat_count
        unit = (players // seat_count) * role_count + player_role
        unit_sum = np.bincount(unit, weights=returns[players], minlength=episodes * role_count)
        unit_count = np.bincount(unit, minlength=episodes * role_count)
        unit_sum = unit_sum.reshape(episodes, role_count)
        unit_count = unit_count.reshape(episodes, role_count)
        read = np.zeros((episodes, role_count), dtype=np.float32)
        for role in range(role_count):
            games = np.flatnonzero(unit_count[:, role])
            if len(games) == 0:
                continue
            x = unit_sum[games, role] / unit_count[games, role]
            if lfilter is not None:
                # b_before[k] = decay * b_before[k-1] + (1 - decay) * x[k-1], b_before[0] = b0.
                after, _ = lfilter([1 - decay], [1, -decay], x, zi=[decay * baselines[role]])
                read[games, role] = np.concatenate(([baselines[role]], after[:-1]))
                baselines[role] = after[-1]
            else:
                b = baselines[role]
                for game, value in zip(games, x):
                    read[game, role] = b
                    b = decay * b + (1 - decay) * value
                baselines[role] = b
        baseline_of_chain[players] = read.reshape(-1)[unit]
    advantage = returns[key] - baseline_of_chain[key]
    if gamma != 1.0:
        advantage = advantage * (gamma ** (length[key] - 1 - position)).astype(np.float32)
    return advantage.astype(np.float32), baselines


def discount_matrix(discount, size):
    k = np.arange(size)
    exponent = k[:, None] - k[None, :]
    return np.where(exponent >= 0, float(discount) ** np.maximum(exponent, 0), 0).astype(np.float32)


def discounted_sums(batch, gamma, lam=None):
    """Returns (lam None) or GAE(lam), along each seat's turns, via the padded product."""
    seats, lengths, seat_count = batch["seats"], batch["lengths"], batch["seat_count"]
    key, position, length = chain_layout(seats, lengths, seat_count)
    width = int(length.max()) + 1  # one spare column: the value after the last turn is 0
    flat = key * width + position
    packed = np.zeros(len(length) * width, dtype=np.float32)
    packed[flat] = batch["rewards"]
    packed = packed.reshape(-1, width)
    discount = gamma
    if lam is not None:
        values = np.zeros_like(packed).reshape(-1)
        values[flat] = batch["values"]
        values = values.reshape(-1, width)
        next_values = np.zeros_like(values)
        next_values[:, :-1] = values[:, 1:]
        packed = packed + gamma * next_values - values
        discount = gamma * lam
    sums = packed @ discount_matrix(discount, width)
    return sums.reshape(-1)[flat]


TASKS = {
    "rae_per_game": lambda b, base: rae(b, base, per_batch=False),
    "rae_per_batch": lambda b, base: rae(b, base, per_batch=True),
    "returns": lambda b, base: discounted_sums(b, 0.99),
    "gae": lambda b, base: discounted_sums(b, 0.99, 0.95),
}


def bench(transitions, runs):
    rng = np.random.default_rng(1)
    results = []
    for profile in PROFILES:
        batch = make_batch(profile, transitions, rng)
        turns = len(batch["seats"])
        baselines = np.zeros(batch["role_count"], dtype=np.float32)
        for task, run in TASKS.items():
            run(batch, baselines)  # warm-up
            wall, cpu = [], []
            for _ in range(runs):
                start, start_cpu = time.perf_counter(), time.thread_time()
                run(batch, baselines)
                wall.append(time.perf_counter() - start)
                cpu.append(time.thread_time() - start_cpu)
            per_million = 1e3 * 1e6 / turns
            results.append({
                "profile": profile, "task": task,
                "ms": float(np.median(wall)) * per_million,
                "cpu_ms": float(np.min(cpu)) * per_million,
            })
    return results


# ---- self-test: the vectorised code against plain loops -------------------------------

def loop_rae(batch, baselines, per_batch, gamma, decay=0.95):
    seats, roles, lengths = batch["seats"], batch["roles"], batch["lengths"]
    s_count, returns = batch["seat_count"], batch["final_returns"]
    baselines = [float(b) for b in baselines]
    out, start = [], 0
    sums, counts = {}, {}
    frozen = list(baselines)
    for e, n_turns in enumerate(lengths):
        turns = range(start, start + int(n_turns))
        n = {}
        role_of = {}
        for t in turns:
            n[seats[t]] = n.get(seats[t], 0) + 1
            role_of.setdefault(seats[t], roles[t])
        read = {}
        if per_batch:
            for s in n:
                read[role_of[s]] = frozen[role_of[s]]
                sums[role_of[s]] = sums.get(role_of[s], 0) + returns[e * s_count + s]
                counts[role_of[s]] = counts.get(role_of[s], 0) + 1
        else:
            for r in set(role_of.values()):
                mine = [returns[e * s_count + s] for s in n if role_of[s] == r]
                read[r] = baselines[r]
                baselines[r] = decay * baselines[r] + (1 - decay) * sum(mine) / len(mine)
        seen = {}
        for t in turns:
            s = seats[t]
            i = seen.get(s, 0)
            seen[s] = i + 1
            out.append((returns[e * s_count + s] - read[role_of[s]]) * gamma ** (n[s] - 1 - i))
        start += int(n_turns)
    if per_batch:
        for r in counts:
            baselines[r] = decay * baselines[r] + (1 - decay) * sums[r] / counts[r]
    return np.array(out), np.array(baselines)


def loop_sums(batch, gamma, lam=None):
    seats, lengths = batch["seats"], batch["lengths"]
    rewards, values = batch["rewards"], batch["values"]
    out = np.zeros(len(seats))
    end = len(seats)
    for n_turns in reversed(lengths):
        start = end - int(n_turns)
        carry, next_value = {}, {}
        for t in reversed(range(start, end)):
            s = seats[t]
            if lam is None:
                out[t] = rewards[t] + gamma * carry.get(s, 0.0)
            else:
                delta = rewards[t] + gamma * next_value.get(s, 0.0) - values[t]
                out[t] = delta + gamma * lam * carry.get(s, 0.0)
                next_value[s] = values[t]
            carry[s] = out[t]
        end = start
    return out


def selftest():
    rng = np.random.default_rng(3)
    worst = 0.0
    for profile in PROFILES:
        batch = make_batch(profile, 3000, rng)
        base = rng.uniform(-0.3, 0.3, batch["role_count"]).astype(np.float32)
        for per_batch in (False, True):
            for gamma in (1.0, 0.9):
                got, got_b = rae(batch, base, per_batch, gamma)
                want, want_b = loop_rae(batch, base, per_batch, gamma)
                worst = max(worst, np.abs(got - want).max(), np.abs(got_b - want_b).max())
        for lam in (None, 0.95):
            worst = max(worst, np.abs(discounted_sums(batch, 0.9, lam) - loop_sums(batch, 0.9, lam)).max())
    print(f"selftest: largest difference {worst:.2e}")
    return 0 if worst < 1e-4 else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transitions", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--selftest", action="store_true")
    args = parser.parse_args()
    if args.selftest:
        return selftest()
    results = bench(args.transitions, args.runs)
    if args.json:
        print(json.dumps({"numpy": np.__version__, "scipy": lfilter is not None, "results": results}))
    else:
        for r in results:
            print(f"{r['profile']:10} {r['task']:14} {r['ms']:8.2f} ms per 1M transitions "
                  f"({r['cpu_ms']:.2f} ms CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
