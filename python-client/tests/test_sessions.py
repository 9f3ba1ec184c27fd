"""Sessions: vectors belong to a server-issued token, not to a ZeroMQ connection
(docs/protocol.md, Sessions)."""

from __future__ import annotations

import time
from typing import Iterator, Optional

import numpy as np
import pytest
import zmq

from selfplay import (
    Client,
    LimitExceededError,
    LocalServer,
    TextEnv,
    UnknownSessionError,
    UnknownVectorError,
    VectorEnv,
)
from selfplay import protocol_pb2 as pb
from selfplay._wire import Decoded, encode


@pytest.fixture(scope="module")
def small_server(binary: str) -> Iterator[LocalServer]:
    # Frames over 64 KiB make libzmq drop the connection (the client's DEALER reconnects).
    with LocalServer(binary, max_message_bytes=65_536) as running:
        yield running


def _drop_connection(client: Client) -> None:
    """Sends one frame over the server's --max-message-bytes: libzmq closes the connection, and
    the DEALER reconnects with a new routing identity."""
    client.send_frames([b"x" * 100_000])
    time.sleep(0.5)  # the reconnection interval is 100 ms


def test_a_sessions_vector_survives_its_connection_dropping(small_server: LocalServer) -> None:
    with Client(small_server.endpoint, timeout=10) as client:
        env = client.make_vector("tic_tac_toe", batch_size=2)
        env.reset()
        assert client.session_token is not None and len(client.session_token) == 16
        _drop_connection(client)
        result = env.step([4, 4])
        assert result.current_seats.tolist() == [1, 1]
        env.close()


def test_without_a_session_a_dropped_connection_loses_its_vectors(small_server: LocalServer) -> None:
    # What sessions fix, kept as the documented behaviour of session=False.
    with Client(small_server.endpoint, timeout=10, session=False) as client:
        env = client.make_vector("tic_tac_toe", batch_size=2)
        env.reset()
        assert client.session_token is None
        _drop_connection(client)
        with pytest.raises(UnknownVectorError, match="SESSION keeps them across reconnects"):
            env.step([4, 4])


def _raw_request(socket: zmq.Socket[bytes], header: pb.Header, arrays: Optional[dict] = None) -> pb.Header:
    socket.send_multipart(encode(header, arrays))
    assert socket.poll(10_000), "no reply"
    return Decoded(socket.recv_multipart(copy=False)).header


def test_a_client_reusing_a_routing_id_cannot_take_a_sessions_vectors(small_server: LocalServer) -> None:
    context = zmq.Context.instance()

    def dealer() -> zmq.Socket[bytes]:
        socket = context.socket(zmq.DEALER)
        socket.setsockopt(zmq.LINGER, 0)
        socket.setsockopt(zmq.ROUTING_ID, b"trainer-1")
        socket.connect(small_server.endpoint)
        return socket

    owner = dealer()
    token = _raw_request(owner, pb.Header(kind=pb.SESSION, request_id=1, session_request=pb.SessionRequest())).session_reply.token
    made = _raw_request(owner, pb.Header(kind=pb.MAKE, request_id=2, session=token,
                                         make=pb.MakeRequest(game="tic_tac_toe", batch_size=1)))
    vector_id = made.make_reply.vector_id
    assert _raw_request(owner, pb.Header(kind=pb.RESET, request_id=3, session=token,
                                         reset=pb.ResetRequest(vector_id=vector_id))).kind == pb.RESET
    owner.close()
    time.sleep(0.3)  # the server sees the connection go; the identity is free again

    impostor = dealer()
    step = pb.Header(kind=pb.STEP, request_id=4, step=pb.StepRequest(vector_id=vector_id))
    actions = {"actions": np.array([0], dtype=np.int32)}
    refused = _raw_request(impostor, step, actions)
    assert refused.kind == pb.ERROR and refused.error.code == pb.UNKNOWN_VECTOR
    step.session = bytes(16)
    guessed = _raw_request(impostor, step, actions)
    assert guessed.kind == pb.ERROR and guessed.error.code == pb.UNKNOWN_SESSION
    # The owner's token still works, from any connection.
    step.session = token
    assert _raw_request(impostor, step, actions).kind == pb.STEP
    impostor.close()


def test_another_client_takes_over_a_session(small_server: LocalServer) -> None:
    with Client(small_server.endpoint, timeout=10) as first:
        tensor = first.make_vector("kuhn_poker", batch_size=3)
        text = first.make_text("tic_tac_toe", batch_size=2)
        tensor.reset()
        token = first.session_token
        assert token is not None
        with Client(small_server.endpoint, timeout=10, session=token) as second:
            taken = second.session_vectors()
            assert [vector.vector_id for vector in taken] == [tensor.vector_id, text.vector_id]
            assert isinstance(taken[0], VectorEnv) and isinstance(taken[1], TextEnv)
            assert taken[0].spec == tensor.spec and taken[0].batch_size == 3
            result = taken[1].reset()
            assert result.prompts is not None and len(result.prompts) == 2
            taken[1].close()
        assert [vector.vector_id for vector in first.session_vectors()] == [tensor.vector_id]
        tensor.close()


def test_an_unknown_or_malformed_token_is_refused(small_server: LocalServer) -> None:
    with Client(small_server.endpoint, timeout=10, session=bytes(range(16))) as client:
        with pytest.raises(UnknownSessionError, match="no open session has this token"):
            client.make_vector("tic_tac_toe", batch_size=1)
        with pytest.raises(UnknownSessionError):
            client.session_vectors()
    with pytest.raises(ValueError, match="16-byte token"):
        Client(small_server.endpoint, session=b"short")
    with Client(small_server.endpoint, session=False) as client, pytest.raises(RuntimeError, match="no session"):
        client.session_vectors()


def test_sessions_are_capped_and_end_when_idle(binary: str) -> None:
    with LocalServer(binary, extra_args=["--max-sessions", "3", "--idle-timeout", "2"]) as server:
        _fill_sessions_then_let_them_end(server)


def _fill_sessions_then_let_them_end(server: LocalServer) -> None:
    clients = [Client(server.endpoint, timeout=10) for _ in range(4)]
    try:
        with pytest.raises(LimitExceededError, match="--max-sessions") as refused:
            for client in clients:
                client.make_vector("tic_tac_toe", batch_size=1).close()
        assert refused.value.flags == ("--max-sessions",)
        token = clients[0].session_token
        time.sleep(4.5)  # past --idle-timeout 2 (sessions are swept at most once a second)
        # Every session without vectors ended: new ones open, old tokens are unknown.
        clients[3].make_vector("tic_tac_toe", batch_size=1).close()
        with Client(server.endpoint, timeout=10, session=token) as late, pytest.raises(UnknownSessionError):
            late.session_vectors()
    finally:
        for client in clients:
            client.close()


def test_a_server_may_require_sessions(binary: str) -> None:
    with LocalServer(binary, extra_args=["--require-sessions"]) as server:
        with Client(server.endpoint, timeout=10, session=False) as bare, \
                pytest.raises(UnknownSessionError, match="--require-sessions"):
            bare.make_vector("tic_tac_toe", batch_size=1)
        with Client(server.endpoint, timeout=10) as client:
            env = client.make_vector("tic_tac_toe", batch_size=1)
            assert env.reset().current_seats.tolist() == [0]
