"""A server holds against clients that ask for more memory than it has, never read their
replies, or send endless invalid text: each gets an error naming the limit and its flag."""

import time
from typing import Iterator

import pytest
import zmq

from selfplay import (
    Client,
    LimitExceededError,
    LocalServer,
    ServerLimitError,
    TooManyWaitingError,
    UnknownVectorError,
)
from selfplay import protocol_pb2 as pb


@pytest.fixture(scope="module")
def tight_server(binary: str) -> Iterator[LocalServer]:
    arguments = ["--max-memory", "256M", "--max-vectors-per-client", "3", "--max-retries", "10",
                 "--max-episode-text-bytes", "64K", "--max-unread-replies", "4", "--max-unread-bytes", "8M"]
    with LocalServer(binary, max_message_bytes=4 << 20, extra_args=arguments) as running:
        yield running


def test_a_vector_over_the_memory_budget_is_refused_naming_the_flag(tight_server: LocalServer) -> None:
    with Client(tight_server.endpoint, timeout=60) as client:
        with pytest.raises(LimitExceededError, match="needs an estimated") as refused:
            client.make_vector("werewolf", batch_size=65536)
        assert refused.value.flags == ("--max-memory",)
        assert isinstance(refused.value, ServerLimitError)
        client.make_vector("werewolf", batch_size=64).close()  # a vector that fits is made


def test_a_client_past_its_vector_quota_is_refused_while_others_are_served(tight_server: LocalServer) -> None:
    with Client(tight_server.endpoint, timeout=60) as client, Client(tight_server.endpoint, timeout=60) as other:
        vectors = [client.make_vector("tic_tac_toe", batch_size=1) for _ in range(3)]
        with pytest.raises(LimitExceededError) as refused:
            client.make_vector("tic_tac_toe", batch_size=1)
        assert refused.value.flags == ("--max-vectors-per-client",)
        other.make_vector("tic_tac_toe", batch_size=1).close()
        vectors[0].close()
        client.make_vector("tic_tac_toe", batch_size=1).close()


def test_retries_past_the_servers_cap_are_refused_naming_it(tight_server: LocalServer) -> None:
    with Client(tight_server.endpoint, timeout=60) as client:
        with pytest.raises(LimitExceededError, match="at most 10") as refused:
            client.make_text("kuhn_poker", batch_size=1, invalid_move_policy="zero_sum+2147483648")
        assert refused.value.flags == ("--max-retries",)
        client.make_text("kuhn_poker", batch_size=1, invalid_move_policy="zero_sum+10").close()


def test_an_episode_that_keeps_too_much_invalid_text_is_cut(tight_server: LocalServer) -> None:
    with Client(tight_server.endpoint, timeout=60) as client:
        env = client.make_text("kuhn_poker", batch_size=1, invalid_move_policy="zero_sum+10", trajectories=True)
        env.reset()
        garbage = "x" * (25 << 10)  # 25 KiB a reply; the episode may keep 64 KiB
        truncated = [int(env.step([garbage]).truncated[0]) for _ in range(3)]
        assert truncated == [0, 0, 1]


def test_a_client_that_never_reads_its_replies_is_refused_naming_the_limits(tight_server: LocalServer) -> None:
    context = zmq.Context.instance()
    silent = context.socket(zmq.DEALER)
    silent.setsockopt(zmq.LINGER, 0)
    silent.setsockopt(zmq.RCVHWM, 1)  # what the client's ZeroMQ takes in for it stays small
    silent.setsockopt(zmq.RCVBUF, 4096)
    silent.setsockopt(zmq.RCVTIMEO, 60_000)
    silent.connect(tight_server.endpoint)
    try:
        make = pb.Header(protocol_version=1, kind=pb.MAKE, request_id=1,
                         make=pb.MakeRequest(game="tic_tac_toe", batch_size=16384, packed_arrays=True))
        silent.send(make.SerializeToString())
        vector_id = pb.Header.FromString(silent.recv_multipart()[0]).make_reply.vector_id
        requests = 30  # about 2.5 MB a reply
        for request_id in range(2, 2 + requests):
            silent.send(pb.Header(protocol_version=1, kind=pb.RESET, request_id=request_id,
                                  reset=pb.ResetRequest(vector_id=vector_id)).SerializeToString())
        # The server says on standard error when it starts refusing; wait for that before
        # reading, since reading would make room for later replies.
        deadline = time.monotonic() + 120
        while not any("unread replies" in line for line in tight_server.stderr_lines):
            assert time.monotonic() < deadline, "the server never refused the silent client"
            time.sleep(0.05)
        # Past twice its limit a client's requests get no reply at all (the refusals would
        # pile up too): read until the replies stop.
        silent.setsockopt(zmq.RCVTIMEO, 5_000)
        replies = []
        while True:
            try:
                replies.append(pb.Header.FromString(silent.recv_multipart()[0]))
            except zmq.Again:
                break
    finally:
        silent.close()
    errors = [reply.error for reply in replies if reply.kind == pb.ERROR]
    assert errors, "every request was answered"
    assert all(error.code == pb.TOO_MANY_WAITING for error in errors)
    assert "games serve --max-unread-replies, --max-unread-bytes" in errors[0].message
    # Replies come in order: the stepped ones, then the refusals.
    kinds = [reply.kind for reply in replies]
    assert kinds == sorted(kinds, key=lambda kind: kind == pb.ERROR)
    assert kinds.count(pb.RESET) < requests
    assert len(replies) <= requests


def test_the_typed_error_of_a_refusal_for_unread_replies_names_both_flags() -> None:
    from selfplay.errors import error_from_reply

    error = error_from_reply(pb.ErrorReply(code=pb.TOO_MANY_WAITING, message=(
        "this client has 4 replies it has not read: read replies before sending more requests "
        "(games serve --max-unread-replies, --max-unread-bytes)")))
    assert isinstance(error, TooManyWaitingError) and isinstance(error, ServerLimitError)
    assert error.flags == ("--max-unread-replies", "--max-unread-bytes")
    plain = error_from_reply(pb.ErrorReply(code=pb.UNKNOWN_VECTOR, message="no open vector 3"))
    assert isinstance(plain, UnknownVectorError) and plain.flags == ()
