"""Vectors of games on the server: tensor (``VectorEnv``) and text (``TextEnv``) facades.

A vector is made by ``Client.make_vector`` or ``Client.make_text``. ``step`` sends one STEP
and waits for its reply; ``step_async`` sends it and returns at once, and ``step_wait``
collects the reply later, so a client can choose the actions of one vector while the
server steps another. Replies of different vectors may come in any order (a vector whose
trajectories wait for a trainer is answered later); the client keeps each reply until its
vector's ``step_wait``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, List, Optional, Sequence

import numpy as np

from . import protocol_pb2 as pb
from ._wire import PROTOCOL_VERSION, ArrayLayout, Decoded, encode
from .errors import RequestTimeout, error_from_reply
from .spec import GameSpec

if TYPE_CHECKING:
    from .client import Client


@dataclass
class StepResult:
    """The state of every slot after RESET or STEP. Arrays are read-only views of the reply.

    Attributes:
        observations: tensor mode: ``[B, *obs]`` (acting seat) or ``[B, S, *obs]``; None in text mode.
        legal_masks: ``[B, A]`` uint8, 1 where the acting seat may play.
        rewards: ``[B, S]`` float32, the change of each seat's return in this request.
        terminated, truncated, invalid: ``[B]`` uint8 flags.
        current_seats, current_roles: ``[B]`` int32, -1 when the slot's episode is over.
        episode_ids: ``[B]`` int64, the episode number in each slot.
        episodes_finished: episodes that ended during the request.
        prompts, legal_actions, invalid_reasons: text mode only.
    """

    legal_masks: np.ndarray
    rewards: np.ndarray
    terminated: np.ndarray
    truncated: np.ndarray
    current_seats: np.ndarray
    current_roles: np.ndarray
    invalid: np.ndarray
    episode_ids: np.ndarray
    episodes_finished: int
    observations: Optional[np.ndarray] = None
    prompts: Optional[List[str]] = None
    invalid_reasons: Optional[List[str]] = None
    #: Text mode: every slot's legal action strings concatenated, and how many each slot has.
    legal_action_texts: Optional[List[str]] = None
    legal_action_counts: Optional[np.ndarray] = None

    @property
    def legal_actions(self) -> Optional[List[List[str]]]:
        """Text mode: each slot's legal action strings (None in tensor mode).

        Cut from ``legal_action_texts`` and ``legal_action_counts`` on first use and kept:
        building 1024 lists cost about 0.7 ms per step, a tenth of a text step, for callers
        that read the flat form.
        """
        if self.legal_action_texts is None or self.legal_action_counts is None:
            return None
        cached: Optional[List[List[str]]] = self.__dict__.get("_legal_actions")
        if cached is None:
            flat = self.legal_action_texts
            counts = self.legal_action_counts
            starts = np.zeros(len(counts) + 1, dtype=np.int64)
            np.cumsum(counts, out=starts[1:])
            bounds = starts.tolist()
            cached = list(map(flat.__getitem__, map(slice, bounds[:-1], bounds[1:])))
            self.__dict__["_legal_actions"] = cached
        return cached



class _Vector:
    def __init__(self, client: Client, reply: pb.MakeReply) -> None:
        self.client = client
        self.vector_id: int = reply.vector_id
        self.batch_size: int = reply.batch_size
        self.spec: GameSpec = GameSpec.from_wire(reply.spec)
        self._closed = False
        # RESET and STEP replies of a vector carry the same arrays: their refs are read once.
        self._layout = ArrayLayout()
        # The request id of the STEP sent by step_async and not yet collected by step_wait.
        self._in_flight: Optional[int] = None

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def reset(self, seed: Optional[int] = None) -> StepResult:
        """Starts a new episode in every slot; with ``seed``, episode numbering restarts at 0."""
        request = pb.ResetRequest(vector_id=self.vector_id)
        if seed is not None:
            request.seed = seed
        return self._result(self.client.request(pb.RESET, ("reset", request), layout=self._layout))

    def close(self) -> None:
        """Closes the vector on the server (finished episodes still go out as trajectories).

        A STEP still in flight (``step_async`` without ``step_wait``) is not waited for: the
        server plays it before the CLOSE, and its reply is skipped (``Client.late_replies``).
        """
        if not self._closed:
            self._closed = True
            self.client.request(pb.CLOSE, ("close", pb.CloseRequest(vector_id=self.vector_id)))
            if self._in_flight is not None:
                self.client.forget(self._in_flight)
                self._in_flight = None

    def step_wait(self, timeout: Optional[float] = None) -> StepResult:
        """The result of the STEP sent by ``step_async`` (waits for it if it has not come yet,
        up to ``timeout`` seconds, default the client's).

        Raises:
            RuntimeError: no STEP of this vector is in flight.
            BridgeError: a subclass per error code, from an ERROR reply.
            RequestTimeout: no reply within the client's timeout. The server still plays the
                STEP when it gets to it; reset the vector before stepping on.
        """
        request_id = self._in_flight
        if request_id is None:
            raise RuntimeError(f"vector {self.vector_id} has no STEP in flight: call step_async(...) before step_wait()")
        self._in_flight = None
        try:
            reply = self.client.receive(request_id, timeout=timeout, layout=self._layout)
        except RequestTimeout:
            self.client.forget(request_id)
            raise
        if reply.kind == pb.ERROR:
            raise error_from_reply(reply.header.error)
        return self._result(reply)

    def _send_step(self, frames: List[Any], request_id: int) -> None:
        if self._in_flight is not None:
            raise RuntimeError(f"vector {self.vector_id} already has a STEP in flight: call step_wait() before the next step")
        self.client.send_awaited(frames, request_id)
        self._in_flight = request_id

    def _result(self, reply: Decoded) -> StepResult:
        arrays = reply.arrays
        result = StepResult(
            legal_masks=arrays["legal_masks"],
            rewards=arrays["rewards"],
            terminated=arrays["terminated"],
            truncated=arrays["truncated"],
            current_seats=arrays["current_seats"],
            current_roles=arrays["current_roles"],
            invalid=arrays["invalid"],
            episode_ids=arrays["episode_ids"],
            episodes_finished=reply.body("step_reply").episodes_finished,
            observations=arrays.get("observations"),
        )
        prompts = reply.texts("prompts")
        if prompts is not None:
            result.prompts = prompts
            result.legal_action_texts = reply.texts("legal_actions") or []
            result.legal_action_counts = arrays["legal_action_counts"]
            result.invalid_reasons = reply.texts("invalid_reasons")
        return result


class VectorEnv(_Vector):
    """A tensor-mode vector of games: numpy actions in, numpy observations out."""

    def __init__(self, client: Client, reply: pb.MakeReply) -> None:
        super().__init__(client, reply)
        # Every STEP header of this vector is the same but for its request id, so it is
        # serialised once; protobuf reads concatenated messages as one (the id is appended).
        header = pb.Header(protocol_version=PROTOCOL_VERSION, kind=pb.STEP, step=pb.StepRequest(vector_id=self.vector_id),
                           session=client.session_token or b"",
                           arrays=[pb.ArrayRef(name="actions", dtype=pb.INT32, shape=[self.batch_size], frame=1)])
        self._step_header = header.SerializeToString()

    def step(self, actions: Any) -> StepResult:
        """Plays one action index per slot (ignored for slots whose episode is over).

        Raises:
            WrongBatchSizeError: ``actions`` does not have ``batch_size`` entries.
        """
        self.step_async(actions)
        return self.step_wait()

    def step_async(self, actions: Any) -> None:
        """Sends one action index per slot and returns without waiting; ``step_wait()`` gives
        the result. One STEP per vector may be in flight; other vectors may have theirs.

        Raises:
            RuntimeError: this vector already has a STEP in flight.
        """
        array = np.ascontiguousarray(actions, dtype="<i4")
        request_id = self.client.next_request_id()
        if array.shape == (self.batch_size,):
            header = self._step_header + _request_id_field(request_id)
        else:  # let the server name the problem (WRONG_BATCH_SIZE)
            header = pb.Header(protocol_version=PROTOCOL_VERSION, kind=pb.STEP, request_id=request_id,
                               step=pb.StepRequest(vector_id=self.vector_id), session=self.client.session_token or b"",
                               arrays=[pb.ArrayRef(name="actions", dtype=pb.INT32, shape=list(array.shape), frame=1)],
                               ).SerializeToString()
        self._send_step([header, array], request_id)


class TextEnv(_Vector):
    """A text-mode vector of games: prompts and legal action strings out, free text in."""

    def step(self, replies: Sequence[str]) -> StepResult:
        """Plays one reply per slot (``""`` for slots whose episode is over).

        Raises:
            WrongBatchSizeError: ``replies`` does not have ``batch_size`` entries.
        """
        self.step_async(replies)
        return self.step_wait()

    def step_async(self, replies: Sequence[str]) -> None:
        """Sends one reply per slot and returns without waiting; ``step_wait()`` gives the result.

        Raises:
            RuntimeError: this vector already has a STEP in flight.
        """
        request_id = self.client.next_request_id()
        header = pb.Header(kind=pb.STEP, request_id=request_id, step=pb.StepRequest(vector_id=self.vector_id),
                           session=self.client.session_token or b"")
        self._send_step(encode(header, texts={"replies": list(replies)}), request_id)


def _request_id_field(request_id: int) -> bytes:
    """``Header.request_id`` (field 3, varint) in protobuf's wire format."""
    out = bytearray(b"\x18")
    while True:
        byte = request_id & 0x7F
        request_id >>= 7
        if request_id:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)
