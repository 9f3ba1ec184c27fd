"""Serving a learner's policy to ``games selfplay``/``games rollout`` (remote:ENDPOINT)."""

from __future__ import annotations

import threading
from typing import Any, Callable, Optional

import numpy as np
import zmq

from . import protocol_pb2 as pb
from ._wire import Decoded, encode

PolicyFunction = Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], Any]


class PolicyServer:
    """Answers the engine's POLICY_ACT requests with ``fn(observations, legal_masks, seats, roles)``.

    ``fn`` gets ``[N, obs]`` float32 observations, ``[N, A]`` uint8 legal masks and ``[N]``
    int32 seats and roles, and returns N legal action indices. Use it as a context manager
    to serve on a background thread, or call ``serve_forever`` yourself.

    Args:
        fn: the policy.
        bind: the endpoint to bind (REP socket); port ``*`` picks a free one (see ``endpoint``).
    """

    def __init__(self, fn: PolicyFunction, bind: str = "tcp://127.0.0.1:5557", *,
                 context: Optional[zmq.Context[zmq.Socket[bytes]]] = None) -> None:
        self.fn = fn
        self._socket = (context or zmq.Context.instance()).socket(zmq.REP)
        self._socket.setsockopt(zmq.LINGER, 0)
        self._socket.bind(bind)
        self.endpoint: str = self._socket.getsockopt_string(zmq.LAST_ENDPOINT)
        self.requests_served = 0
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None

    def serve_one(self, timeout: Optional[float] = None) -> bool:
        """Answers one request; False when ``timeout`` seconds pass without one."""
        if timeout is not None and not self._socket.poll(int(timeout * 1000)):
            return False
        message = Decoded(self._socket.recv_multipart(copy=False))
        header = message.header
        try:
            if header.protocol_version != 1 or header.kind != pb.POLICY_ACT:
                raise ValueError("expected a protocol v1 POLICY_ACT request, "
                                 f"got kind {header.kind} version {header.protocol_version}")
            arrays = message.arrays
            actions = np.asarray(self.fn(arrays["observations"], arrays["legal_masks"], arrays["seats"], arrays["roles"]),
                                 dtype="<i4")
            if actions.shape != (arrays["seats"].shape[0],):
                raise ValueError(f"the policy returned shape {actions.shape}; expected ({arrays['seats'].shape[0]},)")
            reply = pb.Header(kind=pb.POLICY_ACT, request_id=header.request_id, is_reply=True)
            self._socket.send_multipart(encode(reply, {"actions": actions}))
        except Exception as error:  # the engine must get an answer, or it waits for its timeout
            reply = pb.Header(kind=pb.ERROR, request_id=header.request_id, is_reply=True,
                              error=pb.ErrorReply(code=pb.INVALID_ARGUMENT, message=f"policy failed: {error}"))
            self._socket.send_multipart(encode(reply))
        self.requests_served += 1
        return True

    def serve_forever(self) -> None:
        """Answers requests until ``stop`` is called."""
        while not self._stop.is_set():
            self.serve_one(timeout=0.1)

    def start(self) -> PolicyServer:
        """Serves on a background thread."""
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stops serving and closes the socket."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._socket.close(linger=0)

    def __enter__(self) -> PolicyServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
