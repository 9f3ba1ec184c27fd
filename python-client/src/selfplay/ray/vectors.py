"""A batch of games spread over the servers of a pool, behind ``VectorEnv``'s interface."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, List, Optional, Sequence, Tuple, Union

import numpy as np

from ..client import Client
from ..errors import RequestTimeout
from ..vectors import StepResult, TextEnv, VectorEnv
from .servers import ServerInfo

if TYPE_CHECKING:
    from .pool import ServerPool
    from .streams import MergedTrajectoryStream

@dataclass(frozen=True)
class FaultReport:
    """What a server's loss cost one ``ClusterVectorEnv``.

    Attributes:
        server: the lost server's index in the pool; ``node_id`` and ``endpoint`` where it ran.
        slots: the env's slots it held, ``(start, stop)``.
        vector_id: the lost vector's id on that server.
        step_in_flight: a STEP of those slots was sent and never answered (its actions were
            not played, or played and their outcome lost).
        episodes_cut: episodes in progress in those slots, lost: the env's result marks them
            ``truncated`` and carries new episodes in their place.
        episodes_finished: episodes the lost vector reported finished (``episodes_finished``
            of its replies).
        episodes_delivered: of those, the episodes the env's trajectory stream received; None
            when the env has no stream.
        recreated_on: the server now holding the slots.
    """

    server: int
    node_id: str
    endpoint: str
    slots: Tuple[int, int]
    vector_id: int
    step_in_flight: bool
    episodes_cut: int
    episodes_finished: int
    episodes_delivered: Optional[int]
    recreated_on: int

    @property
    def episodes_undelivered(self) -> Optional[int]:
        """Finished episodes whose trajectories never reached the stream (lost with the server)."""
        return None if self.episodes_delivered is None else self.episodes_finished - self.episodes_delivered


@dataclass
class _Shard:
    """The slots ``start:stop`` of the env, played by one vector on one server."""

    server: ServerInfo
    client: Client
    vector: Union[VectorEnv, TextEnv]
    start: int
    stop: int
    finished: int = 0
    last: Optional[StepResult] = None


class ClusterVectorEnv:
    """``batch_size`` games spread over servers of a pool, stepped concurrently.

    ``reset``, ``step``, ``step_async``/``step_wait`` and ``close`` behave as ``VectorEnv``'s
    (``TextEnv``'s with ``text``): slot ``i`` of every array is game ``i``. Each server plays a
    contiguous range of slots as one vector of its own (``shards``), so ``episode_ids`` count
    per server's vector. A STEP goes to every server before any reply is awaited.

    When a server dies (its node, actor or process; noticed while waiting for its reply, by
    asking Ray every ``fault_check_interval`` seconds), its slots are played on by a new vector
    on another server: a replacement in the lost server's place with ``replace_lost`` (when
    the cluster has room), else the live server with the fewest of this env's slots. The
    result of that step marks those slots' cut episodes ``truncated`` and carries their new
    episodes' first state (as an auto-reset would); ``faults`` says what was lost.

    Args:
        pool: the servers.
        game: the game string.
        batch_size: games in all; spread evenly over the servers (at most one server per game).
        seed: fixes every deal; server ``k``'s vector (counting recreated ones) gets the seed
            ``shard_seed(seed, k)``.
        text: text-mode games (``Client.make_text``) instead of tensor-mode ones.
        stream: the trainer's ``MergedTrajectoryStream``: lets ``faults`` count the finished
            episodes whose trajectories were lost, and connects replacement servers at once
            (a vector with trajectories waits until a reader is connected).
        servers: the servers to use (default: every live server of the pool).
        replace_lost: start a replacement server for a lost one before falling back to the
            others.
        timeout: seconds to wait for a live server's reply before ``RequestTimeout``.
        fault_check_interval: seconds between checks of a silent server's liveness.
        **make_options: ``Client.make_vector`` (or ``make_text``) options: ``auto_reset``,
            ``trajectories``, ``opponent``, ``invalid_move_policy``, ...

    Raises:
        ValueError: ``batch_size`` is not positive, or the pool has no live server.
    """

    def __init__(self, pool: ServerPool, game: str, batch_size: int, seed: int = 0, *, text: bool = False,
                 stream: Optional[MergedTrajectoryStream] = None, servers: Optional[Sequence[ServerInfo]] = None,
                 replace_lost: bool = False, timeout: float = 60.0, fault_check_interval: float = 1.0,
                 **make_options: Any) -> None:
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive number of games, got {batch_size!r}")
        chosen = list(pool.servers if servers is None else servers)
        if not chosen:
            raise ValueError("the pool has no live server to play on")
        self.pool = pool
        self.game = game
        self.batch_size = batch_size
        self.text = text
        self.stream = stream
        self.replace_lost = replace_lost
        self.timeout = timeout
        self.fault_check_interval = fault_check_interval
        self.faults: List[FaultReport] = []
        self._seed = seed
        self._options = make_options
        self._vectors_made = 0
        self._stepping = False
        count = min(len(chosen), batch_size)
        bounds = [batch_size * k // count for k in range(count + 1)]
        self._shards: List[_Shard] = []
        try:
            for server, start, stop in zip(chosen, bounds[:-1], bounds[1:]):
                self._shards.append(self._make_shard(server, start, stop))
        except BaseException:
            self.close()
            raise
        self.spec = self._shards[0].vector.spec

    def __enter__(self) -> ClusterVectorEnv:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def shards(self) -> List[Tuple[int, int, int]]:
        """``(server index, start, stop)`` of each server's slots, in slot order."""
        return [(shard.server.index, shard.start, shard.stop) for shard in self._shards]

    def _make_shard(self, server: ServerInfo, start: int, stop: int) -> _Shard:
        client = self.pool.client(server, timeout=self.timeout)
        seed = shard_seed(self._seed, self._vectors_made)
        self._vectors_made += 1
        try:
            make = client.make_text if self.text else client.make_vector
            vector: Union[VectorEnv, TextEnv] = make(self.game, stop - start, seed, **self._options)
        except BaseException:
            client.close()
            raise
        return _Shard(server, client, vector, start, stop)

    def reset(self, seed: Optional[int] = None) -> StepResult:
        """Starts a new episode in every slot; with ``seed``, each server's vector gets
        ``shard_seed(seed, k)`` and its episode numbering restarts at 0.

        Servers are reset one after the other, each waited for in one piece: a server lost
        during a reset is noticed after ``timeout`` (during a step, within
        ``fault_check_interval`` of Ray knowing it)."""
        if self._stepping:
            raise RuntimeError("a STEP is in flight: call step_wait() before reset()")
        parts: List[StepResult] = []
        for number, shard in enumerate(self._shards):
            try:
                result = shard.vector.reset(None if seed is None else shard_seed(seed, number))
            except RequestTimeout:
                if self.pool.check(shard.server, self.fault_check_interval) is not False:
                    raise
                result = self._recover(number, step_in_flight=False)
            shard.last = result
            parts.append(result)
        return self._merge(parts)

    def step(self, actions: Any) -> StepResult:
        """Plays one action per slot (text: one reply per slot) on every server at once.

        Raises:
            ValueError: not ``batch_size`` actions.
            RequestTimeout: a live server sent no reply within ``timeout``.
            RuntimeError: every server of the pool is lost.
        """
        self.step_async(actions)
        return self.step_wait()

    def step_async(self, actions: Any) -> None:
        """Sends each server its slots' actions and returns; ``step_wait()`` gives the result."""
        if self._stepping:
            raise RuntimeError("a STEP is already in flight: call step_wait() before the next step")
        if len(actions) != self.batch_size:
            kind = "replies" if self.text else "actions"
            raise ValueError(f"expected {self.batch_size} {kind}, one per slot, got {len(actions)}")
        for shard in self._shards:
            shard.vector.step_async(actions[shard.start:shard.stop])
        self._stepping = True

    def step_wait(self) -> StepResult:
        """The result of the STEP sent by ``step_async``, replacing servers lost meanwhile."""
        if not self._stepping:
            raise RuntimeError("no STEP in flight: call step_async(...) before step_wait()")
        self._stepping = False
        parts: List[StepResult] = []
        failure: Optional[BaseException] = None
        for number, shard in enumerate(self._shards):
            # Every reply is collected even after one failed, so no vector keeps a STEP in flight.
            try:
                result, alive = self._wait(shard)
                if result is not None:
                    shard.finished += result.episodes_finished
                    shard.last = result
                if not alive:
                    result = self._recover(number, step_in_flight=result is None)
                assert result is not None
                parts.append(result)
            except RequestTimeout as error:
                failure = failure or error
        if failure is not None:
            raise failure
        return self._merge(parts)

    def _wait(self, shard: _Shard) -> Tuple[Optional[StepResult], bool]:
        """The shard's reply (None if none came) and whether its server is still alive."""
        deadline = time.monotonic() + self.timeout
        while not shard.client.reply_waiting(self.fault_check_interval):
            if self.pool.check(shard.server, self.fault_check_interval) is False:
                # A reply that came while Ray was asked: the step was played before the server died.
                return (shard.vector.step_wait() if shard.client.reply_waiting(0) else None), False
            if time.monotonic() >= deadline:
                return shard.vector.step_wait(timeout=0), True  # raises RequestTimeout, forgets the STEP
        return shard.vector.step_wait(), True

    def _recover(self, number: int, *, step_in_flight: bool) -> StepResult:
        """Moves shard ``number`` off its lost server; returns the first state of its new games."""
        lost = self._shards[number]
        self.pool.mark_lost(lost.server)
        lost.client.close()
        delivered: Optional[int] = None
        if self.stream is not None:
            self.stream.sync()  # reads what the lost server delivered before it died
            delivered = self.stream.delivered_episodes(lost.server.index, lost.vector.vector_id)
        target = self.pool.replace(lost.server) if self.replace_lost else None
        if target is None:
            target = self._least_loaded()
        elif self.stream is not None:
            self.stream.sync()  # connects the replacement, so its vectors' trajectories can go out
        shard = self._make_shard(target, lost.start, lost.stop)
        self._shards[number] = shard
        previous = lost.last
        cut = int(np.count_nonzero(previous.current_seats >= 0)) if previous is not None else lost.stop - lost.start
        self.faults.append(FaultReport(
            server=lost.server.index, node_id=lost.server.node_id, endpoint=lost.server.endpoint,
            slots=(lost.start, lost.stop), vector_id=lost.vector.vector_id, step_in_flight=step_in_flight,
            episodes_cut=cut, episodes_finished=lost.finished, episodes_delivered=delivered,
            recreated_on=target.index))
        result = shard.vector.reset()
        shard.last = result
        if previous is not None:
            # The cut episodes end here for the trainer, as a truncation; the new ones start.
            result.truncated = np.asarray(previous.current_seats >= 0, dtype=np.uint8)
        return result

    def _least_loaded(self) -> ServerInfo:
        live = self.pool.servers
        if not live:
            raise RuntimeError("every server of the pool is lost: nowhere to play on")
        load = {server.index: 0 for server in live}
        for shard in self._shards:
            if shard.server.index in load:
                load[shard.server.index] += shard.stop - shard.start
        return min(live, key=lambda server: (load[server.index], server.index))

    def _merge(self, parts: Sequence[StepResult]) -> StepResult:
        if len(parts) == 1:
            return parts[0]

        def arrays(name: str) -> np.ndarray:
            return np.concatenate([getattr(part, name) for part in parts])

        def optional_arrays(name: str) -> Optional[np.ndarray]:
            return None if getattr(parts[0], name) is None else arrays(name)

        def texts(name: str) -> Optional[List[str]]:
            if getattr(parts[0], name) is None:
                return None
            return [text for part in parts for text in getattr(part, name)]

        return StepResult(
            legal_masks=arrays("legal_masks"), rewards=arrays("rewards"), terminated=arrays("terminated"),
            truncated=arrays("truncated"), current_seats=arrays("current_seats"),
            current_roles=arrays("current_roles"), invalid=arrays("invalid"), episode_ids=arrays("episode_ids"),
            episodes_finished=sum(part.episodes_finished for part in parts),
            observations=optional_arrays("observations"), prompts=texts("prompts"),
            invalid_reasons=texts("invalid_reasons"), legal_action_texts=texts("legal_action_texts"),
            legal_action_counts=optional_arrays("legal_action_counts"))

    def close(self) -> None:
        """Closes every server's vector and connection (a lost server's are just dropped)."""
        for shard in self._shards:
            try:
                if shard.server in self.pool.servers:
                    shard.vector.close()
            except RequestTimeout:
                pass  # its server died since: nothing left to close
            finally:
                shard.client.close()
        self._shards = []


def shard_seed(seed: int, number: int) -> int:
    """The seed of the ``number``-th vector of an env seeded ``seed``: 63 bits of numpy's
    ``SeedSequence([seed, number])``, so the vectors of nearby seeds share no deals."""
    state = np.random.SeedSequence([seed, number]).generate_state(1, np.uint64)[0]
    return int(state) >> 1

