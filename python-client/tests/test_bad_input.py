"""Bad input gets an error reply that names the problem, and the server serves on."""

import numpy as np
import pytest
import zmq

from selfplay import (
    Client,
    InvalidArgumentError,
    MessageTooLargeError,
    RequestTimeout,
    UnknownGameError,
    UnknownKindError,
    UnsupportedVersionError,
    WrongBatchSizeError,
)
from selfplay import protocol_pb2 as pb
from selfplay._wire import Decoded


def still_serves(client: Client) -> None:
    env = client.make_vector("tic_tac_toe", batch_size=2)
    assert env.reset().current_seats.tolist() == [0, 0]
    env.close()


def error_of(client: Client, frames, request_id: int = 0) -> pb.ErrorReply:
    client.send_frames(frames)
    reply = client.receive(request_id)
    assert reply.header.kind == pb.ERROR
    return reply.header.error


def test_a_header_that_is_not_protobuf_is_malformed(client: Client) -> None:
    error = error_of(client, [b"\xff\xff\xff not a header"])
    assert error.code == pb.MALFORMED_MESSAGE
    assert "Header" in error.message
    still_serves(client)


def test_an_array_frame_of_the_wrong_length_is_malformed(client: Client) -> None:
    env = client.make_vector("tic_tac_toe", batch_size=2)
    env.reset()
    header = pb.Header(protocol_version=1, kind=pb.STEP, request_id=7, step=pb.StepRequest(vector_id=env.vector_id),
                       session=client.session_token,
                       arrays=[pb.ArrayRef(name="actions", dtype=pb.INT32, shape=[2], frame=1)])
    error = error_of(client, [header.SerializeToString(), b"\x00\x00\x00"], request_id=7)
    assert error.code == pb.MALFORMED_MESSAGE
    assert "3 bytes" in error.message
    # A ref to a frame that is not there.
    header.arrays[0].frame = 5
    error = error_of(client, [header.SerializeToString()], request_id=7)
    assert error.code == pb.MALFORMED_MESSAGE and "frame 5" in error.message
    # Nothing was stepped: the games still wait on seat 0.
    assert env.step([0, 1]).current_seats.tolist() == [1, 1]
    env.close()


def test_text_offsets_out_of_range_are_malformed(client: Client) -> None:
    env = client.make_text("tic_tac_toe", batch_size=1)
    env.reset()
    header = pb.Header(protocol_version=1, kind=pb.STEP, request_id=8, step=pb.StepRequest(vector_id=env.vector_id),
                       session=client.session_token,
                       texts=[pb.TextRef(name="replies", count=1, data_frame=1, offsets_frame=2)])
    error = error_of(client, [header.SerializeToString(), b"[4]", np.array([0, 99], dtype="<u4").tobytes()], request_id=8)
    assert error.code == pb.MALFORMED_MESSAGE and "offset" in error.message
    env.close()


def test_the_wrong_protocol_version_is_refused(client: Client) -> None:
    header = pb.Header(protocol_version=2, kind=pb.LIST_GAMES, request_id=3)
    error = error_of(client, [header.SerializeToString()], request_id=3)
    assert error.code == pb.UNSUPPORTED_VERSION
    assert "version 1" in error.message
    with pytest.raises(UnsupportedVersionError):
        from selfplay.errors import error_from_reply
        raise error_from_reply(error)
    still_serves(client)


def test_an_unknown_game_lists_the_known_ones(client: Client) -> None:
    with pytest.raises(UnknownGameError, match="tic_tac_toe"):
        client.make_vector("chess", batch_size=1)
    with pytest.raises(InvalidArgumentError, match="players"):
        client.make_vector("kuhn_poker(players=99)", batch_size=1)
    with pytest.raises(InvalidArgumentError, match="batch_size"):
        client.make_vector("tic_tac_toe", batch_size=0)
    with pytest.raises(InvalidArgumentError, match="invalid_move_policy"):
        client.make_vector("tic_tac_toe", batch_size=1, invalid_move_policy="lenient")
    with pytest.raises(InvalidArgumentError, match="opponent"):
        client.make_vector("tic_tac_toe", batch_size=1, opponent="grandmaster", agent_seats=[0])
    still_serves(client)


def test_a_response_kind_sent_as_a_request_is_refused(client: Client) -> None:
    with pytest.raises(UnknownKindError):
        client.request(pb.TRAJECTORIES)
    with pytest.raises(UnknownKindError, match="body"):
        client.request(pb.STEP)


def test_the_wrong_number_of_actions_steps_nothing(client: Client) -> None:
    env = client.make_vector("tic_tac_toe", batch_size=3)
    env.reset()
    with pytest.raises(WrongBatchSizeError, match="3 games"):
        env.step([0, 1])
    assert env.step([0, 1, 2]).current_seats.tolist() == [1, 1, 1]
    text = client.make_text("tic_tac_toe", batch_size=2)
    text.reset()
    with pytest.raises(WrongBatchSizeError):
        text.step(["[1]"])
    env.close()
    text.close()


def test_an_illegal_action_forfeits_that_game_only(client: Client) -> None:
    env = client.make_vector("tic_tac_toe", batch_size=3)
    env.reset()
    env.step([4, 4, 4])
    # Cell 4 is taken in every game; game 1 also tries an index off the board.
    state = env.step([4, 99, 0])
    assert state.invalid.tolist() == [1, 1, 0]
    assert state.terminated.tolist() == [1, 1, 0]
    # Pgx's rule: the mover (o, seat 1) loses.
    assert state.rewards.tolist() == [[1, -1], [1, -1], [0, 0]]
    env.close()


def test_a_request_over_the_size_limit_gets_an_error_reply(client: Client, server) -> None:
    limit = client.server_info().max_message_bytes
    env = client.make_vector("tic_tac_toe", batch_size=1)
    env.reset()
    header = pb.Header(protocol_version=1, kind=pb.STEP, request_id=11, step=pb.StepRequest(vector_id=env.vector_id),
                       session=client.session_token)
    half = b"\x00" * (limit // 2 + 10)
    error = error_of(client, [header.SerializeToString(), half, half], request_id=11)
    assert error.code == pb.MESSAGE_TOO_LARGE
    assert str(limit) in error.message
    # One frame over the limit is dropped by ZeroMQ itself: no reply, the server goes on.
    client.send_frames([header.SerializeToString(), b"\x00" * (limit + 1)])
    with pytest.raises(RequestTimeout):
        client.receive(timeout=1.0)
    with Client(server.endpoint, timeout=10) as fresh:
        still_serves(fresh)
    with pytest.raises(MessageTooLargeError):
        from selfplay.errors import error_from_reply
        raise error_from_reply(error)


def test_a_req_socket_can_talk_to_the_server(server) -> None:
    socket = zmq.Context.instance().socket(zmq.REQ)
    socket.setsockopt(zmq.LINGER, 0)
    socket.connect(server.endpoint)
    socket.send(pb.Header(protocol_version=1, kind=pb.LIST_GAMES, request_id=5).SerializeToString())
    assert socket.poll(5000)
    reply = Decoded(socket.recv_multipart())
    assert reply.header.request_id == 5 and len(reply.header.list_games_reply.games) >= 2
    socket.close()
