"""The request channel: a DEALER connection to ``games serve`` and the vector facades."""

from __future__ import annotations

import itertools
import os
import time
from typing import Any, Dict, List, Mapping, Optional, Sequence, Set, Tuple, Union

import numpy as np
import zmq

from . import protocol_pb2 as pb
from ._wire import ArrayLayout, Decoded, encode
from .curve import CurveKeyPair, KeyLike, configure_curve_client
from .errors import RequestTimeout, UnknownSessionError, error_from_reply
from .spec import GameEntry, GameSpec
from .vectors import StepResult, TextEnv, VectorEnv

__all__ = ["DEFAULT_BUSY_POLL", "DEFAULT_ENDPOINT", "Client", "GameEntry", "GameSpec", "StepResult", "TextEnv", "VectorEnv"]

DEFAULT_ENDPOINT = "tcp://127.0.0.1:5555"

#: Bytes in a session token (docs/protocol.md, Sessions).
SESSION_TOKEN_BYTES = 16

#: How long ``Client`` keeps checking for a reply before it sleeps, in seconds. A sleeping
#: thread has to be woken when the reply comes, which on a small VM costs as much as a
#: 1024-game TicTacToe step; checking (and yielding the core between checks) for the first
#: millisecond made a synchronous 1024-game vector about 20% faster there
#: (docs/bridge-speed.md, "The client polls for its reply"). Replies that take longer are
#: waited for asleep.
DEFAULT_BUSY_POLL = 0.001
_EVENTS = int(zmq.EVENTS)
_POLLIN = int(zmq.POLLIN)
#: Monitor events that say why a connection never carried a message: the server spoke
#: another security mechanism (CURVE against none), or refused this client's key.
_HANDSHAKE_FAILURES = (int(zmq.EVENT_HANDSHAKE_FAILED_NO_DETAIL) | int(zmq.EVENT_HANDSHAKE_FAILED_PROTOCOL)
                       | int(zmq.EVENT_HANDSHAKE_FAILED_AUTH))
#: What the client's monitor reports: the failures, and a success that makes earlier ones moot.
_HANDSHAKE_EVENTS = _HANDSHAKE_FAILURES | int(zmq.EVENT_HANDSHAKE_SUCCEEDED)


class Client:
    """A connection to a ``games serve`` request channel.

    Use it as a context manager; requests raise the typed errors of ``selfplay.errors``.

    Args:
        endpoint: the server's request endpoint.
        timeout: seconds to wait for each reply before ``RequestTimeout``.
        context: a zmq context to share (default: the process-wide one).
        busy_poll: seconds to keep checking for a reply, yielding the core between checks,
            before sleeping until it comes (0: sleep at once). See ``DEFAULT_BUSY_POLL``.
        server_public_key: for a server started with ``--curve-secret-key``: its public key,
            Z85 or the path of its ``.pub`` file (``selfplay.load_curve_key``).
        client_key_pair: with ``server_public_key``: this client's (public, secret) keys, Z85
            or paths of the ``.pub`` and ``.key`` files; the public one must be in the server's
            ``--authorized-keys`` directory.
        session: True (default): the client opens a session at its first MAKE, and its vectors
            belong to the session's token, which every request carries: they stay the client's
            when its connection drops and reconnects, and no other connection can use them.
            A token (bytes, ``session_token`` of another client): take over that session and
            its vectors (``session_vectors()``), e.g. in a trainer that replaces a crashed one.
            False: vectors belong to this ZeroMQ connection, as for clients without sessions
            (docs/protocol.md, Sessions).

    A server refuses a client without keys, or with a key it does not know, during the
    handshake: no request gets an answer, and the ``RequestTimeout`` says that the handshake
    failed and why, when ZeroMQ reported it.

    Raises:
        ValueError: ``timeout`` is not positive, ``busy_poll`` is negative, only one of the
            CURVE keys is given, a key is malformed, or ``session`` is neither a bool nor a
            16-byte token.
    """

    def __init__(self, endpoint: str = DEFAULT_ENDPOINT, *, timeout: float = 30.0,
                 context: Optional[zmq.Context[zmq.Socket[bytes]]] = None,
                 busy_poll: float = DEFAULT_BUSY_POLL, server_public_key: Optional[KeyLike] = None,
                 client_key_pair: Optional[CurveKeyPair] = None, session: Union[bool, bytes] = True) -> None:
        if isinstance(session, (bytes, bytearray)):
            if len(session) != SESSION_TOKEN_BYTES:
                raise ValueError(f"session must be a {SESSION_TOKEN_BYTES}-byte token (Client.session_token), "
                                 f"got {len(session)} bytes")
            self._session_token: Optional[bytes] = bytes(session)
        elif isinstance(session, bool):
            self._session_token = None
        else:
            raise ValueError(f"session must be True, False or a token (bytes), got {session!r}")
        self._uses_session = session is not False
        # A session this client opened may be replaced when it ends; one it was given may not.
        self._session_opened_by_client = False
        if not timeout > 0:
            raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
        if not busy_poll >= 0:
            raise ValueError(f"busy_poll must be zero or a positive number of seconds, got {busy_poll!r}")
        self.endpoint = endpoint
        self.timeout = timeout
        self.busy_poll = busy_poll
        self._context = context or zmq.Context.instance()
        self._socket = self._context.socket(zmq.DEALER)
        self._socket.setsockopt(zmq.LINGER, 0)
        try:
            self.curve = configure_curve_client(self._socket, server_public_key, client_key_pair)
        except BaseException:
            self._socket.close(linger=0)
            raise
        # Handshake failures only (a few messages per reconnection at most, read on a timeout):
        # they tell a client refused for its keys from a server that is not there.
        self._monitor: Optional[zmq.Socket[bytes]] = self._socket.get_monitor_socket(_HANDSHAKE_EVENTS)
        # The failures reported since the last successful handshake (events are read once, and
        # every later timeout must still tell why).
        self._handshake_failures = 0
        self._socket.connect(endpoint)
        self._ids = itertools.count(1)
        # Requests sent without waiting (step_async) whose replies are not collected yet, and
        # the frames of such replies that came while another reply was awaited.
        self._awaited: Set[int] = set()
        #: Replies that came after the client stopped waiting for them, and were skipped. A
        #: request that timed out is not withdrawn: the server carries it out when it gets to it.
        self.late_replies = 0
        self._early: Dict[int, List[Any]] = {}
        self._receive_timeout_ms = int(timeout * 1000)
        self._socket.setsockopt(zmq.RCVTIMEO, self._receive_timeout_ms)
        # A DEALER with no connection to send on blocks in send, forever by default: that
        # happens when a handshake (a refused CURVE key) fails before the first request goes
        # out, since libzmq then drops the connection's queue. A send that cannot go out within
        # the timeout raises RequestTimeout instead, with the handshake failure if there was one.
        self._socket.setsockopt(zmq.SNDTIMEO, self._receive_timeout_ms)

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Closes the connection (the server keeps this client's vectors until it exits)."""
        if self._monitor is not None:
            if not self._socket.closed:
                try:
                    self._socket.disable_monitor()
                except zmq.ZMQError:
                    pass  # a terminated context: the socket goes with it
            self._monitor.close(linger=0)
            self._monitor = None
        self._socket.close(linger=0)

    def _handshake_failure(self) -> str:
        """Why connecting failed, from the monitor's events since the last successful handshake;
        empty when it reported no handshake failure (no server, or a slow one)."""
        if self._monitor is None:
            return ""
        while self._monitor.poll(0):
            frames = self._monitor.recv_multipart()
            event = int.from_bytes(frames[0][:2], "little")  # libzmq's event frame: a 16-bit event, then its value
            if event == int(zmq.EVENT_HANDSHAKE_SUCCEEDED):
                self._handshake_failures = 0
            else:
                self._handshake_failures |= event
        seen = self._handshake_failures
        if not seen:
            return ""
        if not self.curve:
            # A server closing the connection mid-greeting is reported as NO_DETAIL rather
            # than PROTOCOL, depending on timing: without keys, any failure means the same.
            return ("; the handshake failed: the server may require CURVE keys "
                    "(Client(server_public_key=..., client_key_pair=...); docs/protocol.md, Security)")
        if seen & int(zmq.EVENT_HANDSHAKE_FAILED_AUTH):
            return ("; the server refused this client's CURVE key (its public key must be in the server's "
                    "--authorized-keys directory)")
        if seen & int(zmq.EVENT_HANDSHAKE_FAILED_PROTOCOL):
            return "; the handshake failed: the server may not use CURVE (drop the keys), see docs/protocol.md, Security"
        return ("; the CURVE handshake failed: the server may have refused this client's CURVE key, or "
                "server_public_key is not the server's")

    # Low level -------------------------------------------------------------------------

    def send_frames(self, frames: Sequence[Any]) -> None:
        """Sends raw frames as they are (for tests of the server's handling of bad input).

        Raises:
            RequestTimeout: no connection took the message within the client's ``timeout``.
        """
        self._send(frames)

    def _send(self, frames: Sequence[Any]) -> None:
        """Sends one message, frame by frame (pyzmq's ``send_multipart`` checks every part
        first, which measured about 12 us more per STEP, 3% of a synchronous 1024-game step).

        Only the first frame can wait for a connection: the rest of a message follows it.
        """
        socket = self._socket
        last = len(frames) - 1
        try:
            socket.send(frames[0], zmq.SNDMORE if last > 0 else 0)
        except zmq.Again:
            raise RequestTimeout(f"could not send to {self.endpoint} within {self.timeout} s: "
                                 f"no connection to the server{self._handshake_failure()}") from None
        for index in range(1, last + 1):
            socket.send(frames[index], zmq.SNDMORE if index < last else 0)

    def receive(self, request_id: Optional[int] = None, timeout: Optional[float] = None,
                layout: Optional[ArrayLayout] = None) -> Decoded:
        """Receives the reply to ``request_id``.

        Replies to requests sent with ``step_async`` that come first are kept for their
        ``step_wait``; replies to requests the client stopped waiting for (timed out, or a STEP
        in flight when its vector closed) are skipped and counted in ``late_replies``. ``layout``
        is the array layout of earlier replies of this kind (see ``ArrayLayout``).

        Raises:
            ValueError: ``timeout`` is negative (ZeroMQ would read it as forever).
        """
        if timeout is not None and not timeout >= 0:
            raise ValueError(f"timeout must be at least 0 seconds (None: the client's), got {timeout!r}")
        if request_id is not None and request_id in self._early:
            self._awaited.discard(request_id)
            return Decoded(self._early.pop(request_id), layout)
        wait = self.timeout if timeout is None else timeout
        # A blocking receive with a timeout: one system call fewer per request than polling.
        milliseconds = int(wait * 1000)
        if milliseconds != self._receive_timeout_ms:
            self._socket.setsockopt(zmq.RCVTIMEO, milliseconds)
            self._receive_timeout_ms = milliseconds
        while True:
            frames = self._poll_frames(min(self.busy_poll, wait)) if self.busy_poll > 0 else None
            if frames is None:
                try:
                    frames = self._socket.recv_multipart(copy=False)
                except zmq.Again:
                    raise RequestTimeout(f"no reply from {self.endpoint} within {wait} s{self._handshake_failure()}") from None
            reply = Decoded(frames, layout)
            if request_id is None or reply.request_id == request_id:
                self._awaited.discard(reply.request_id)
                return reply
            if reply.request_id in self._awaited:
                self._early[reply.request_id] = frames
            else:
                self.late_replies += 1

    def _poll_frames(self, seconds: float) -> Optional[List[Any]]:
        """The next message if one comes within ``seconds`` (at most ``busy_poll``), else None.

        Checks without blocking and yields the core between checks (``sched_yield`` releases
        the GIL, so the process's other threads run too); the caller then sleeps in a blocking
        receive, so a reply may take up to ``timeout + busy_poll`` before ``RequestTimeout``.
        """
        socket = self._socket
        deadline = time.perf_counter() + seconds
        while True:
            # Reading ZMQ_EVENTS costs under half a failed non-blocking receive (no exception);
            # plain ints spare pyzmq's flag enums (about 2 us a check).
            # ZMQ_EVENTS is an int option; pyzmq types every getsockopt as int | bytes.
            if socket.getsockopt(_EVENTS) & _POLLIN:  # type: ignore[operator]
                return socket.recv_multipart(copy=False)  # a whole message is there
            if time.perf_counter() >= deadline:
                return None
            os.sched_yield()

    def next_request_id(self) -> int:
        """A request id not used before on this client (for requests built by hand)."""
        return next(self._ids)

    def reply_waiting(self, timeout: float) -> bool:
        """Whether a reply is there to be read, waiting up to ``timeout`` seconds for one.

        Lets a caller that waits on several servers check now and then whether a server is
        still alive instead of sleeping in one long ``receive``; reading is left to ``receive``
        (or ``step_wait``), so nothing is taken off the socket here.
        """
        if self._early:
            return True
        return bool(self._socket.poll(int(timeout * 1000), zmq.POLLIN))

    def send_awaited(self, frames: Sequence[Any], request_id: int) -> None:
        """Sends a request whose reply ``receive(request_id)`` collects later.

        Raises:
            RequestTimeout: no connection took the request within the client's ``timeout``.
        """
        self._send(frames)
        self._awaited.add(request_id)

    def forget(self, request_id: int) -> None:
        """Stops waiting for a request's reply (it is skipped if it still comes)."""
        self._awaited.discard(request_id)
        self._early.pop(request_id, None)

    def request(
        self,
        kind: pb.Kind,
        body: Optional[Tuple[str, Any]] = None,
        arrays: Optional[Mapping[str, np.ndarray]] = None,
        texts: Optional[Mapping[str, Sequence[str]]] = None,
        layout: Optional[ArrayLayout] = None,
        timeout: Optional[float] = None,
    ) -> Decoded:
        """Sends one request and returns its reply.

        Args:
            kind: a ``protocol_pb2`` Kind value.
            body: (field name, message) of the header's body, e.g. ("step", StepRequest(...)).
            arrays: array frames to attach.
            texts: text lists to attach.
            layout: the array layout of earlier replies of this kind, reused when unchanged.
            timeout: seconds to wait for the reply (default: the client's ``timeout``).

        Raises:
            BridgeError: a subclass per error code, from an ERROR reply.
            RequestTimeout: no reply in time.
        """
        request_id = self.next_request_id()
        header = pb.Header(kind=kind, request_id=request_id, session=self._session_token or b"")
        if body is not None:
            getattr(header, body[0]).CopyFrom(body[1])
        self._send(encode(header, arrays, texts))
        reply = self.receive(request_id, timeout=timeout, layout=layout)
        if reply.kind == pb.ERROR:
            raise error_from_reply(reply.header.error)
        return reply

    # Requests --------------------------------------------------------------------------

    def list_games(self) -> List[GameEntry]:
        """The server's games with their parameters' defaults."""
        reply = self.request(pb.LIST_GAMES).header.list_games_reply
        return [
            GameEntry(game.name, game.long_name, game.summary, {p.name: p.default_value for p in game.parameters})
            for game in reply.games
        ]

    def server_info(self, timeout: Optional[float] = None) -> pb.ListGamesReply:
        """The full LIST_GAMES reply (protocol versions, policies, size limit).

        Args:
            timeout: seconds to wait for it (default: the client's); a short one tells quickly
                whether a server is listening at all.

        Raises:
            RequestTimeout: no reply in time.
        """
        return self.request(pb.LIST_GAMES, timeout=timeout).header.list_games_reply

    # Sessions and the server's counters -----------------------------------------------

    @property
    def session_token(self) -> Optional[bytes]:
        """The token of this client's session (None before its first MAKE, or without one).

        Another process can take the session over with ``Client(endpoint, session=token)``;
        keep it as secret as the vectors it gives access to.
        """
        return self._session_token

    def _ensure_session(self) -> None:
        if self._uses_session and self._session_token is None:
            reply = self.request(pb.SESSION, ("session_request", pb.SessionRequest()))
            self._session_token = bytes(reply.header.session_reply.token)
            self._session_opened_by_client = True

    def session_vectors(self) -> List[Union[VectorEnv, TextEnv]]:
        """This client's session's open vectors, as objects to step (reset them first: their
        games are where the session's last request left them).

        Raises:
            RuntimeError: the client has no session (``session=False``, or no MAKE yet).
            UnknownSessionError: the server has no such session (it restarted, or the session
                ended ``--idle-timeout`` after its last request once it had no vectors).
        """
        if self._session_token is None:
            raise RuntimeError("this client has no session: it opens one at its first MAKE unless made with session=False")
        reply = self.request(pb.SESSION, ("session_request", pb.SessionRequest(token=self._session_token)))
        return [TextEnv(self, made) if made.mode == pb.TEXT else VectorEnv(self, made)
                for made in reply.header.session_reply.vectors]

    def stats(self) -> pb.StatsReply:
        """The server's counters: episodes sent, kept until acknowledged, acknowledged and lost
        (with the latest lost sequence ranges), queued messages, open vectors and sessions,
        and its memory budget in use."""
        return self.request(pb.STATS).header.stats_reply

    def acknowledge(self, first_sequences: Sequence[int]) -> pb.AcknowledgeReply:
        """Tells the server that trajectory messages (named by their ``first_sequence``) were
        taken, so it stops keeping them (``TrajectoryStream`` does this by itself when given
        the request endpoint)."""
        return self.request(pb.ACKNOWLEDGE, ("acknowledge", pb.AcknowledgeRequest(
            first_sequences=[int(sequence) for sequence in first_sequences]))).header.acknowledge_reply

    def replay(self) -> pb.ReplayReply:
        """Asks the server to send every kept, unacknowledged trajectory message again (for a
        trainer that restarted; ``TrajectoryStream(resume=True)`` does this)."""
        return self.request(pb.REPLAY).header.replay_reply

    def _make(self, request: pb.MakeRequest) -> pb.MakeReply:
        opened_here = self._session_token is None
        self._ensure_session()
        try:
            return self.request(pb.MAKE, ("make", request)).header.make_reply
        except UnknownSessionError:
            if opened_here or not self._session_opened_by_client:
                raise
            # The session this client opened ended (no vectors, idle past --idle-timeout):
            # its vectors are gone anyway, so a new one serves as well.
            self._session_token = None
            self._ensure_session()
            return self.request(pb.MAKE, ("make", request)).header.make_reply

    def make_vector(
        self,
        game: str,
        batch_size: int,
        seed: int = 0,
        *,
        auto_reset: bool = False,
        invalid_move_policy: str = "zero_sum",
        max_turns: int = 0,
        observe_all_seats: bool = False,
        opponent: Optional[str] = None,
        agent_seats: Sequence[int] = (),
        trajectories: Union[bool, Mapping[str, Any]] = False,
        observation_dtype: Any = "float32",
    ) -> VectorEnv:
        """Makes a tensor-mode vector of ``batch_size`` games (see docs/protocol.md, MAKE).

        Args:
            trajectories: True, or a dict with ``decay``, ``update`` ("per_game"/"per_batch"),
                ``gamma``, ``action_texts``, to send finished episodes on the trajectory channel;
                ``acknowledged``: the server keeps each message until a trainer acknowledges
                it and sends it again on replay (``TrajectoryStream(request_endpoint=...)``;
                docs/protocol.md, Acknowledged trajectories).
            observation_dtype: ``"float32"`` (every game) or ``"uint8"`` for games whose
                observations are binary (``spec.binary_observations``: TicTacToe, Kuhn Poker):
                a quarter of the bytes per reply, the same values (in trajectories too).

        Raises:
            ValueError: ``observation_dtype`` is neither float32 nor uint8.
            InvalidArgumentError: uint8 for a game whose observations are not binary.
            LimitExceededError: the vector is over one of the server's limits: its estimated
                footprint does not fit the memory budget, or the client would pass its vectors
                or games quota (``error.flags`` names the ``games serve`` option that raises it).
        """
        request = _make_request(game, batch_size, seed, pb.TENSOR, auto_reset, invalid_move_policy, max_turns, opponent,
                                agent_seats, trajectories)
        request.observe_all_seats = observe_all_seats
        request.observation_dtype = _observation_dtype(observation_dtype)
        return VectorEnv(self, self._make(request))

    def make_text(
        self,
        game: str,
        batch_size: int,
        seed: int = 0,
        *,
        auto_reset: bool = False,
        invalid_move_policy: str = "zero_sum",
        boxed_answers: bool = False,
        max_turns: int = 0,
        opponent: Optional[str] = None,
        agent_seats: Sequence[int] = (),
        trajectories: Union[bool, Mapping[str, Any]] = False,
        answer_format: str = "",
    ) -> TextEnv:
        """Makes a text-mode vector: prompts out, free-text replies in (LLM self-play).

        ``invalid_move_policy="spiral"`` with ``boxed_answers=True`` is SPIRAL's training setup.

        An episode is cut (``truncated``) once the text it keeps (replies played, and with
        trajectories its prompts and replies) reaches the server's ``--max-episode-text-bytes``.

        Args:
            answer_format: how a reply becomes a move: ``"free"`` (as it is), ``"boxed"`` (the
                last ``\\boxed{x}`` read as ``[x]``, case and spacing forgiven) or ``"spiral"``
                (SPIRAL's extraction exactly; the result must equal a legal action's text).
                Empty: ``"spiral"`` for boxed answers under a spiral invalid-move policy,
                ``"boxed"`` for other boxed answers, else ``"free"`` (docs/protocol.md).

        Raises:
            LimitExceededError: over one of the server's limits, as for ``make_vector``, or
                more retries (``zero_sum+K``) than its ``--max-retries``.
            InvalidArgumentError: an unknown answer format, or ``"free"`` with ``boxed_answers``.
        """
        request = _make_request(game, batch_size, seed, pb.TEXT, auto_reset, invalid_move_policy, max_turns, opponent,
                                agent_seats, trajectories)
        request.boxed_answers = boxed_answers
        request.answer_format = answer_format
        return TextEnv(self, self._make(request))


def _make_request(game: str, batch_size: int, seed: int, mode: pb.Mode, auto_reset: bool, invalid_move_policy: str,
                  max_turns: int, opponent: Optional[str], agent_seats: Sequence[int],
                  trajectories: Union[bool, Mapping[str, Any]]) -> pb.MakeRequest:
    """The MAKE body with the settings tensor and text vectors share (arrays always packed)."""
    request = pb.MakeRequest(
        game=game, batch_size=batch_size, seed=seed, mode=mode, auto_reset=auto_reset,
        invalid_move_policy=invalid_move_policy, max_turns=max_turns, opponent=opponent or "",
        agent_seats=list(agent_seats), packed_arrays=True,
    )
    _set_trajectories(request, trajectories)
    return request


def _observation_dtype(dtype: Any) -> pb.DType:
    """The wire dtype for ``make_vector``'s ``observation_dtype`` (a name or a numpy dtype)."""
    try:
        name = np.dtype(dtype).name
    except TypeError:
        name = repr(dtype)
    wire = {"float32": pb.FLOAT32, "uint8": pb.UINT8}.get(name)
    if wire is None:
        raise ValueError(f"observation_dtype must be float32 or uint8, got {dtype!r}")
    return wire


def _set_trajectories(request: pb.MakeRequest, trajectories: Union[bool, Mapping[str, Any]]) -> None:
    if not trajectories:
        return
    options = request.trajectories
    options.enabled = True
    if isinstance(trajectories, Mapping):
        known = {"decay", "update", "gamma", "action_texts", "acknowledged"}
        unknown = set(trajectories) - known
        if unknown:
            raise ValueError(f"unknown trajectory options {sorted(unknown)}; accepted: {sorted(known)}")
        if "decay" in trajectories:
            options.decay = float(trajectories["decay"])
        if "gamma" in trajectories:
            options.gamma = float(trajectories["gamma"])
        update = trajectories.get("update")  # unset: the server's default (tensor per_batch, text per_game)
        if update is not None:
            if update not in ("per_game", "per_batch"):
                raise ValueError(f"update must be 'per_game' or 'per_batch', got {update!r}")
            options.update = pb.PER_GAME if update == "per_game" else pb.PER_BATCH
        options.action_texts = bool(trajectories.get("action_texts", False))
        options.acknowledged = bool(trajectories.get("acknowledged", False))


