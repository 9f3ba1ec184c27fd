"""The trajectory channel: finished episodes with RAE advantages, pulled from ``games serve``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, List, Optional, Tuple

import numpy as np
import zmq

from . import protocol_pb2 as pb
from ._wire import Decoded
from .curve import CurveKeyPair, KeyLike, configure_curve_client

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

    A stream the server refuses (no keys, or an unknown key) receives nothing: ``receive``
    returns None when its timeout passes, as with no server at all.

    Raises:
        ValueError: ``timeout`` is negative, ``hwm`` is not a positive integer, only one of
            the CURVE keys is given, or a key is malformed.
    """

    def __init__(self, endpoint: str = DEFAULT_TRAJECTORY_ENDPOINT, *, timeout: Optional[float] = None,
                 hwm: int = 1000, context: Optional[zmq.Context[zmq.Socket[bytes]]] = None,
                 server_public_key: Optional[KeyLike] = None, client_key_pair: Optional[CurveKeyPair] = None) -> None:
        _check_timeout(timeout)
        if isinstance(hwm, bool) or not isinstance(hwm, int) or hwm < 1:
            raise ValueError(f"hwm must be a positive number of messages, got {hwm!r}")
        self.endpoint = endpoint
        self.timeout = timeout
        self._socket = (context or zmq.Context.instance()).socket(zmq.PULL)
        self._socket.setsockopt(zmq.LINGER, 0)
        self._socket.setsockopt(zmq.RCVHWM, hwm)
        try:
            configure_curve_client(self._socket, server_public_key, client_key_pair)
        except BaseException:
            self._socket.close(linger=0)
            raise
        self._socket.connect(endpoint)
        self._poller = zmq.Poller()
        self._poller.register(self._socket, zmq.POLLIN)

    def __enter__(self) -> TrajectoryStream:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self._socket.close(linger=0)

    @property
    def socket(self) -> zmq.Socket[bytes]:
        """The PULL socket, for waiting on several streams at once (``zmq.Poller``); read
        messages with ``receive``, which decodes them."""
        return self._socket

    def receive(self, timeout: Optional[float] = None) -> Optional[TrajectoryBatch]:
        """The next batch, or None when ``timeout`` (default: the stream's) passes first.

        Raises:
            ValueError: ``timeout`` is negative.
        """
        _check_timeout(timeout)
        wait = self.timeout if timeout is None else timeout
        try:
            # A trainer that keeps up finds its next message waiting: take it without polling.
            frames = self._socket.recv_multipart(zmq.NOBLOCK, copy=False)
        except zmq.Again:
            if wait is not None and not self._poller.poll(int(wait * 1000)):
                return None
            frames = self._socket.recv_multipart(copy=False)
        return TrajectoryBatch.decode(Decoded(frames))

    def __iter__(self) -> Iterator[TrajectoryBatch]:
        while True:
            batch = self.receive()
            if batch is None:
                return
            yield batch


def _check_timeout(timeout: Optional[float]) -> None:
    """A wait in seconds is None (forever) or at least 0 (ZeroMQ would read a negative one as forever)."""
    if timeout is not None and not timeout >= 0:
        raise ValueError(f"timeout must be None (wait forever) or at least 0 seconds, got {timeout!r}")
