"""The trajectory channel: finished episodes with RAE advantages, pulled from ``games serve``."""

from __future__ import annotations

import bisect
import warnings
from dataclasses import dataclass
from typing import Any, Iterator, List, Optional, Tuple, Union

import numpy as np
import zmq

from . import protocol_pb2 as pb
from ._wire import Decoded
from .client import Client
from .curve import CurveKeyPair, KeyLike, configure_curve_client
from .errors import TrajectoryGapError

DEFAULT_TRAJECTORY_ENDPOINT = "tcp://127.0.0.1:5556"


@dataclass
class TrajectoryBatch:
    """One trajectory message: E episodes, T turns (docs/protocol.md, Trajectory channel).

    Arrays are read-only views of the received frames. Per episode: ``sequence``,
    ``episode_ids``, ``returns`` [E, S], ``lengths``, ``outcomes``, ``invalid_episodes``,
    ``truncated_episodes``, ``seat_roles`` [E, S]. Per turn: ``seats``, ``roles``,
    ``turn_indices``, ``actions``, ``invalid_turns``, ``rewards``, ``advantages``, and
    ``observations`` [T, *obs] (tensor mode) or ``prompts``/``replies``/``action_texts``
    (text mode).
    """

    first_sequence: int
    vector_id: int
    game: str
    text_mode: bool
    role_names: Tuple[str, ...]
    baselines: Tuple[float, ...]
    sequence: np.ndarray
    episode_ids: np.ndarray
    returns: np.ndarray
    lengths: np.ndarray
    outcomes: np.ndarray
    invalid_episodes: np.ndarray
    truncated_episodes: np.ndarray
    seat_roles: np.ndarray
    seats: np.ndarray
    roles: np.ndarray
    turn_indices: np.ndarray
    actions: np.ndarray
    invalid_turns: np.ndarray
    rewards: np.ndarray
    advantages: np.ndarray
    observations: Optional[np.ndarray] = None
    prompts: Optional[List[str]] = None
    replies: Optional[List[str]] = None
    action_texts: Optional[List[str]] = None
    #: Episodes the server had dropped unacknowledged when it sent this message (since it started).
    episodes_lost: int = 0
    #: The message was sent before and again on a replay (its sequence numbers repeat).
    replayed: bool = False

    @property
    def episode_count(self) -> int:
        return int(self.lengths.shape[0])

    @property
    def turn_count(self) -> int:
        return int(self.seats.shape[0])

    @property
    def episode_offsets(self) -> np.ndarray:
        """``E + 1`` offsets: episode i covers turns ``offsets[i]:offsets[i+1]``."""
        offsets = np.zeros(self.episode_count + 1, dtype=np.int64)
        np.cumsum(self.lengths, out=offsets[1:])
        return offsets

    @classmethod
    def decode(cls, message: Decoded) -> TrajectoryBatch:
        body = message.header.trajectories
        arrays = message.arrays
        return cls(
            first_sequence=body.first_sequence,
            vector_id=body.vector_id,
            game=body.game,
            text_mode=body.mode == pb.TEXT,
            role_names=tuple(body.role_names),
            baselines=tuple(body.baselines),
            sequence=arrays["sequence"],
            episode_ids=arrays["episode_ids"],
            returns=arrays["returns"],
            lengths=arrays["lengths"],
            outcomes=arrays["outcomes"],
            invalid_episodes=arrays["invalid_episodes"],
            truncated_episodes=arrays["truncated_episodes"],
            seat_roles=arrays["seat_roles"],
            seats=arrays["seats"],
            roles=arrays["roles"],
            turn_indices=arrays["turn_indices"],
            actions=arrays["actions"],
            invalid_turns=arrays["invalid_turns"],
            rewards=arrays["rewards"],
            advantages=arrays["advantages"],
            observations=arrays.get("observations"),
            prompts=message.texts("prompts"),
            replies=message.texts("replies"),
            action_texts=message.texts("action_texts"),
            episodes_lost=body.episodes_lost,
            replayed=body.replayed,
        )


class TrajectoryStream:
    """A PULL connection to the server's trajectory channel; iterate it for batches.

    Args:
        endpoint: the server's trajectory endpoint.
        timeout: seconds ``receive``/iteration waits for a message (None: forever). Iteration
            stops when it passes.
        hwm: messages buffered on this side before the server's PUSH blocks.
        server_public_key: for a server started with ``--curve-secret-key``: its public key
            (Z85 or the path of its ``.pub`` file), as for ``Client``.
        client_key_pair: with ``server_public_key``: this trainer's (public, secret) keys (Z85
            or paths of the ``.pub`` and ``.key`` files), authorized on the server.
        request_endpoint: the server's request endpoint: the stream then acknowledges what it
            takes, so the server stops keeping the messages of vectors made with
            ``trajectories={"acknowledged": True}`` (docs/protocol.md, Acknowledged
            trajectories). Without it nothing is acknowledged.
        acknowledge: ``"auto"``: a batch is acknowledged when the next one is asked for, or
            the stream closes (so a trainer that crashes while using a batch gets it again);
            ``"manual"``: only by ``acknowledge(batch)``.
        resume: ask the server, once connected, to send every kept unacknowledged message
            again: a trainer that replaces a crashed one starts where it stopped. Messages
            sent again repeat their sequence numbers (``replayed`` is set).
        skip_duplicates: skip (and acknowledge) messages whose episodes this stream already
            received, counted in ``duplicates``.
        on_gap: ``"raise"``: ``receive`` raises ``TrajectoryGapError`` (with the batch) when
            the server reports episodes it dropped unacknowledged; ``"warn"``: a warning.
            Either way ``episodes_lost`` counts them: a loss is never silent.

    A stream the server refuses (no keys, or an unknown key) receives nothing: ``receive``
    returns None when its timeout passes, as with no server at all.

    Raises:
        ValueError: ``timeout`` is negative, ``hwm`` is not a positive integer, only one of
            the CURVE keys is given, a key is malformed, ``acknowledge`` or ``on_gap`` is not
            one of its values, or ``resume`` is asked for without ``request_endpoint``.
    """

    def __init__(self, endpoint: str = DEFAULT_TRAJECTORY_ENDPOINT, *, timeout: Optional[float] = None,
                 hwm: int = 1000, context: Optional[zmq.Context[zmq.Socket[bytes]]] = None,
                 server_public_key: Optional[KeyLike] = None, client_key_pair: Optional[CurveKeyPair] = None,
                 request_endpoint: Optional[str] = None, acknowledge: str = "auto", resume: bool = False,
                 skip_duplicates: bool = True, on_gap: str = "raise") -> None:
        _check_timeout(timeout)
        if isinstance(hwm, bool) or not isinstance(hwm, int) or hwm < 1:
            raise ValueError(f"hwm must be a positive number of messages, got {hwm!r}")
        if acknowledge not in ("auto", "manual"):
            raise ValueError(f"acknowledge must be 'auto' or 'manual', got {acknowledge!r}")
        if on_gap not in ("raise", "warn"):
            raise ValueError(f"on_gap must be 'raise' or 'warn', got {on_gap!r}")
        if resume and request_endpoint is None:
            raise ValueError("resume needs request_endpoint: the replay is asked for on the request channel")
        self.endpoint = endpoint
        self.timeout = timeout
        self.on_gap = on_gap
        self.skip_duplicates = skip_duplicates
        self._auto_acknowledge = acknowledge == "auto"
        #: Episodes the server reported dropped unacknowledged (since it started), as last seen.
        self.episodes_lost = 0
        #: Messages skipped because their episodes had been received before.
        self.duplicates = 0
        self._seen = _SequenceSet()
        self._unacknowledged: List[int] = []
        self._socket = (context or zmq.Context.instance()).socket(zmq.PULL)
        self._socket.setsockopt(zmq.LINGER, 0)
        self._socket.setsockopt(zmq.RCVHWM, hwm)
        self._acknowledger: Optional[Client] = None
        try:
            configure_curve_client(self._socket, server_public_key, client_key_pair)
            if request_endpoint is not None:
                self._acknowledger = Client(request_endpoint, context=context, session=False,
                                            server_public_key=server_public_key, client_key_pair=client_key_pair)
        except BaseException:
            self._socket.close(linger=0)
            raise
        self._socket.connect(endpoint)
        self._poller = zmq.Poller()
        self._poller.register(self._socket, zmq.POLLIN)
        if resume:
            self.replay()

    @property
    def acknowledges(self) -> bool:
        """Whether the stream acknowledges what it takes (it was given ``request_endpoint``)."""
        return self._acknowledger is not None

    def __enter__(self) -> TrajectoryStream:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Acknowledges the last batch taken (``acknowledge="auto"``) and disconnects."""
        if self._acknowledger is not None:
            try:
                if self._auto_acknowledge:
                    self._flush_acknowledgements()
            finally:
                self._acknowledger.close()
                self._acknowledger = None
        self._socket.close(linger=0)

    @property
    def socket(self) -> zmq.Socket[bytes]:
        """The PULL socket, for waiting on several streams at once (``zmq.Poller``); read
        messages with ``receive``, which decodes them."""
        return self._socket

    def acknowledge(self, batch: Union[TrajectoryBatch, int]) -> None:
        """Acknowledges a batch (or the ``first_sequence`` of one) now.

        Raises:
            RuntimeError: the stream was made without ``request_endpoint``.
        """
        if self._acknowledger is None:
            raise RuntimeError("this stream cannot acknowledge: make it with request_endpoint=the server's request endpoint")
        sequence = batch.first_sequence if isinstance(batch, TrajectoryBatch) else int(batch)
        if self._auto_acknowledge and sequence in self._unacknowledged:
            self._unacknowledged.remove(sequence)
        self._acknowledger.acknowledge([sequence])

    def replay(self) -> int:
        """Asks the server to send every kept, unacknowledged message again; returns how many
        episodes it queued.

        Raises:
            RuntimeError: the stream was made without ``request_endpoint``.
        """
        if self._acknowledger is None:
            raise RuntimeError("replay needs request_endpoint: make the stream with the server's request endpoint")
        return int(self._acknowledger.replay().episodes)

    def receive(self, timeout: Optional[float] = None) -> Optional[TrajectoryBatch]:
        """The next batch, or None when ``timeout`` (default: the stream's) passes first.

        With ``acknowledge="auto"`` the batches taken before are acknowledged first.

        Raises:
            ValueError: ``timeout`` is negative.
            TrajectoryGapError: the server reports episodes it dropped (``on_gap="raise"``);
                the batch that reported it is the error's ``batch``.
        """
        _check_timeout(timeout)
        wait = self.timeout if timeout is None else timeout
        if self._auto_acknowledge and self._acknowledger is not None:
            self._flush_acknowledgements()
        while True:
            try:
                # A trainer that keeps up finds its next message waiting: take it without polling.
                frames = self._socket.recv_multipart(zmq.NOBLOCK, copy=False)
            except zmq.Again:
                if wait is not None and not self._poller.poll(int(wait * 1000)):
                    return None
                frames = self._socket.recv_multipart(copy=False)
            batch = TrajectoryBatch.decode(Decoded(frames))
            if self._auto_acknowledge and self._acknowledger is not None:
                self._unacknowledged.append(batch.first_sequence)
            fresh = self._seen.add(batch.first_sequence, batch.episode_count)
            if fresh or not self.skip_duplicates:
                break
            self.duplicates += 1
        if batch.episodes_lost > self.episodes_lost:
            lost = batch.episodes_lost - self.episodes_lost
            self.episodes_lost = batch.episodes_lost
            gap = TrajectoryGapError(lost, batch.episodes_lost, batch)
            if self.on_gap == "raise":
                raise gap
            warnings.warn(str(gap), RuntimeWarning, stacklevel=2)
        return batch

    def _flush_acknowledgements(self) -> None:
        if self._unacknowledged and self._acknowledger is not None:
            pending, self._unacknowledged = self._unacknowledged, []
            self._acknowledger.acknowledge(pending)

    def __iter__(self) -> Iterator[TrajectoryBatch]:
        while True:
            batch = self.receive()
            if batch is None:
                return
            yield batch


class _SequenceSet:
    """Episode sequence numbers received, as disjoint ranges (few: messages mostly arrive in
    order), to tell a message sent again from a new one."""

    #: Ranges kept; the lowest are forgotten beyond this (a repeat that old is not detected).
    MAX_RANGES = 4096

    def __init__(self) -> None:
        self._starts: List[int] = []
        self._ends: List[int] = []  # exclusive

    def add(self, first: int, count: int) -> bool:
        """Adds ``first .. first + count - 1``; False when they were all there already."""
        end = first + count
        index = bisect.bisect_right(self._starts, first)
        if index > 0 and self._ends[index - 1] >= end:
            return False
        # Merge with the range before when it touches, and with those after that it reaches.
        if index > 0 and self._ends[index - 1] >= first:
            index -= 1
            first = self._starts[index]
        last = index
        while last < len(self._starts) and self._starts[last] <= end:
            end = max(end, self._ends[last])
            last += 1
        self._starts[index:last] = [first]
        self._ends[index:last] = [end]
        if len(self._starts) > self.MAX_RANGES:
            del self._starts[0], self._ends[0]
        return True


def _check_timeout(timeout: Optional[float]) -> None:
    """A wait in seconds is None (forever) or at least 0 (ZeroMQ would read a negative one as forever)."""
    if timeout is not None and not timeout >= 0:
        raise ValueError(f"timeout must be None (wait forever) or at least 0 seconds, got {timeout!r}")
