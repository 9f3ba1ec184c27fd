"""One trajectory stream over every server of a pool, keeping each server's sequence numbers.

Each ``games serve`` numbers the episodes it sends from 0 (``TrajectoryBatch.sequence``), and a
PUSH socket hands each message to exactly one connected PULL. So a trainer that is the only
reader of a server sees that server's numbers without a hole; a hole means messages went to
another reader or were lost with a server, and a number seen twice is a duplicate. The stream
tracks the numbers per server and reports both (``gaps``) instead of hiding them.

With ``acknowledge=True`` the stream acknowledges each message to its server once the
trainer took it (when it asks for the next one, or closes the stream), so servers keep the
messages of vectors made with ``trajectories={"acknowledged": True}`` until then and send
them again to a restarted trainer (``resume=True``); repeats are skipped by sequence number,
and a server that had to drop unacknowledged episodes raises ``TrajectoryGapError``
(docs/protocol.md, Acknowledged trajectories). A server that dies takes what it kept with it:
``ClusterVectorEnv``'s fault reports count those episodes.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Deque, Dict, Iterator, List, Optional, Tuple

import zmq

from ..trajectories import TrajectoryBatch, TrajectoryStream, _check_timeout

if TYPE_CHECKING:
    from .pool import ServerPool


@dataclass(frozen=True)
class SequenceGap:
    """Sequence numbers of one server that did not arrive in order.

    Attributes:
        server: the server's index in its pool.
        first, last: the numbers concerned, both included.
        repeated: False when they never came (a hole before the message that came), True
            when they came again (a duplicate of numbers already received).
    """

    server: int
    first: int
    last: int
    repeated: bool = False


class SequenceTracker:
    """The next sequence number expected from one server, and what broke the order.

    Args:
        server: the server's index in its pool.
        next_sequence: the first number expected (0 for a server started for the stream).
    """

    def __init__(self, server: int, next_sequence: int = 0) -> None:
        self.server = server
        self.next_sequence = next_sequence
        #: Episodes received from the server, duplicates included.
        self.episodes = 0

    def accept(self, first_sequence: int, episode_count: int) -> Optional[SequenceGap]:
        """Counts a message of ``episode_count`` episodes numbered from ``first_sequence``.

        Returns:
            The gap it reveals (numbers skipped, or numbers received before), else None.
        """
        self.episodes += episode_count
        end = first_sequence + episode_count
        gap: Optional[SequenceGap] = None
        if first_sequence > self.next_sequence:
            gap = SequenceGap(self.server, self.next_sequence, first_sequence - 1)
        elif first_sequence < self.next_sequence and episode_count > 0:
            gap = SequenceGap(self.server, first_sequence, min(end, self.next_sequence) - 1, repeated=True)
        self.next_sequence = max(self.next_sequence, end)
        return gap


@dataclass(frozen=True)
class ServerBatch:
    """A trajectory message and the index of the server that sent it."""

    server: int
    batch: TrajectoryBatch


class _Source:
    """One server's trajectory channel within a merged stream."""

    def __init__(self, stream: TrajectoryStream, tracker: SequenceTracker) -> None:
        self.stream = stream
        self.tracker = tracker


class MergedTrajectoryStream:
    """Reads the trajectory channels of every live server of a pool, as one stream.

    Servers that join the pool (``ServerPool.replace``) are connected, and lost ones dropped,
    at the next ``receive``: messages a lost server delivered before it died are still
    returned. Be the only reader of the pool's servers: a PUSH socket shares messages among
    its readers, which shows here as gaps.

    Args:
        pool: the servers.
        timeout: seconds ``receive`` and iteration wait (None: forever).
        hwm: messages buffered per server before its PUSH blocks (and the vectors feeding it wait).
        acknowledge: acknowledge each message to its server once the trainer took it (the
            next ``receive``, or ``close``).
        resume: with ``acknowledge``: ask every server, once connected, to send again what it
            kept unacknowledged (a trainer replacing one that stopped).

    Attributes:
        gaps: every ``SequenceGap`` seen, in the order seen.
    """

    def __init__(self, pool: ServerPool, *, timeout: Optional[float] = None, hwm: int = 1000,
                 acknowledge: bool = False, resume: bool = False) -> None:
        _check_timeout(timeout)
        if resume and not acknowledge:
            raise ValueError("resume needs acknowledge=True: only acknowledged messages are kept to be sent again")
        self.pool = pool
        self.acknowledge = acknowledge
        self.resume = resume
        # The message last returned by ``receive``, acknowledged at the next call.
        self._taken: Optional[ServerBatch] = None
        self.timeout = timeout
        self.gaps: List[SequenceGap] = []
        self._hwm = hwm
        self._sources: Dict[int, _Source] = {}
        self._closed_trackers: Dict[int, SequenceTracker] = {}
        self._ready: Deque[ServerBatch] = deque()
        self._episodes_by_vector: Dict[Tuple[int, int], int] = {}
        self._poller = zmq.Poller()
        self._version = -1
        self.sync()

    def __enter__(self) -> MergedTrajectoryStream:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def sync(self) -> None:
        """Connects servers new to the pool and drops lost ones (``receive`` does this itself).

        A lost server's messages already received by this process are read off its socket
        first and still returned by ``receive``.
        """
        if self._version == self.pool.version:
            return
        self._version = self.pool.version
        live = {server.index: server for server in self.pool.servers}
        for index in [index for index in self._sources if index not in live]:
            self._drop(index)
        for index, server in live.items():
            if index not in self._sources:
                acknowledging: Dict[str, Any] = (
                    {"request_endpoint": server.endpoint, "acknowledge": "manual", "resume": self.resume}
                    if self.acknowledge else {})
                stream = self.pool.trajectory_stream(server, hwm=self._hwm, **acknowledging)
                self._sources[index] = _Source(stream, SequenceTracker(index))
                self._poller.register(stream.socket, zmq.POLLIN)

    def _drop(self, index: int) -> None:
        source = self._sources.pop(index)
        while True:
            batch = source.stream.receive(timeout=0)
            if batch is None:
                break
            self._take(index, source, batch)
        self._poller.unregister(source.stream.socket)
        source.stream.close()
        self._closed_trackers[index] = source.tracker

    def _take(self, index: int, source: _Source, batch: TrajectoryBatch) -> None:
        """Counts a message just read off a server's socket and queues it for ``receive``
        (acknowledged once the trainer took it: ``_acknowledge_taken``)."""
        gap = source.tracker.accept(batch.first_sequence, batch.episode_count)
        if gap is not None:
            self.gaps.append(gap)
        key = (index, batch.vector_id)
        self._episodes_by_vector[key] = self._episodes_by_vector.get(key, 0) + batch.episode_count
        self._ready.append(ServerBatch(index, batch))

    def receive(self, timeout: Optional[float] = None) -> Optional[ServerBatch]:
        """The next message from any server, or None when ``timeout`` (default: the stream's)
        passes first (at once when the pool has no live server left). Servers with messages
        waiting take turns.

        Raises:
            ValueError: ``timeout`` is negative.
        """
        _check_timeout(timeout)
        self._acknowledge_taken()
        self.sync()
        if not self._ready and self._sources:
            wait = self.timeout if timeout is None else timeout
            events = dict(self._poller.poll(None if wait is None else int(wait * 1000)))
            for index, source in list(self._sources.items()):
                if events.get(source.stream.socket):
                    batch = source.stream.receive(timeout=0)
                    if batch is not None:
                        self._take(index, source, batch)
        self._taken = self._ready.popleft() if self._ready else None
        return self._taken

    def _acknowledge_taken(self) -> None:
        """Acknowledges the message ``receive`` returned last, unless its server is gone."""
        taken, self._taken = self._taken, None
        if taken is None or not self.acknowledge:
            return
        source = self._sources.get(taken.server)
        if source is not None:
            source.stream.acknowledge(taken.batch)

    def __iter__(self) -> Iterator[ServerBatch]:
        while True:
            item = self.receive()
            if item is None:
                return
            yield item

    def next_sequence(self, server: int) -> int:
        """The sequence number expected next from ``server`` (an acknowledged stream's resume
        point: everything before it was received)."""
        source = self._sources.get(server)
        tracker = source.tracker if source is not None else self._closed_trackers.get(server)
        if tracker is None:
            raise KeyError(f"server {server} was never part of this stream")
        return tracker.next_sequence

    def delivered_episodes(self, server: int, vector_id: int) -> int:
        """Episodes of ``server``'s vector ``vector_id`` received so far (returned or queued)."""
        return self._episodes_by_vector.get((server, vector_id), 0)

    def close(self) -> None:
        """Acknowledges the last message taken (with ``acknowledge``) and disconnects."""
        try:
            self._acknowledge_taken()
        finally:
            self._close_sources()

    def _close_sources(self) -> None:
        for source in self._sources.values():
            source.stream.close()
        self._sources.clear()
