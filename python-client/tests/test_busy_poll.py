"""The client's busy poll (checking for a reply for a while before sleeping on it) and its timeouts."""

import math
import time

import pytest

from selfplay import Client, RequestTimeout
from selfplay import protocol_pb2 as pb
from selfplay._wire import Decoded
from test_async_stepping import assert_same_play, play_two_vectors


def test_a_polling_client_sees_the_same_games_as_a_sleeping_one(server) -> None:
    # busy_poll=5 s: every reply of a local server comes while the client polls.
    with Client(server.endpoint, timeout=20, busy_poll=0) as sleeping, \
            Client(server.endpoint, timeout=20, busy_poll=5.0) as polling:
        for overlapped in (False, True):
            assert_same_play(play_two_vectors(sleeping, overlapped), play_two_vectors(polling, overlapped))


def test_polling_returns_a_waiting_reply_and_gives_up_after_its_window(server) -> None:
    with Client(server.endpoint, timeout=20, busy_poll=5.0) as client:
        client.send_frames([pb.Header(protocol_version=1, kind=pb.LIST_GAMES, request_id=77).SerializeToString()])
        frames = client._poll_frames(5.0)
        assert frames is not None and Decoded(frames).request_id == 77
        started = time.perf_counter()
        assert client._poll_frames(0.05) is None  # nothing was asked
        assert time.perf_counter() - started >= 0.05


def test_a_polling_client_still_times_out(server) -> None:
    with Client(server.endpoint, timeout=0.3, busy_poll=0.1) as client:
        client.send_frames([b"\x00"])  # not a header: an ERROR reply with request id 0, not awaited
        with pytest.raises(RequestTimeout):
            client.receive(request_id=12345)


def test_the_poll_never_outlasts_a_shorter_receive_timeout(server, monkeypatch) -> None:
    with Client(server.endpoint, timeout=20, busy_poll=30.0) as client:
        windows = []
        real_poll = client._poll_frames
        monkeypatch.setattr(client, "_poll_frames", lambda seconds: windows.append(seconds) or real_poll(seconds))
        with pytest.raises(RequestTimeout):
            client.receive(request_id=4321, timeout=0.2)
        assert windows == [0.2]
        client.list_games()  # the client's own timeout (20 s) caps it there
        assert windows[1:] == [20]


def test_a_negative_receive_timeout_is_refused_rather_than_read_as_forever(server) -> None:
    with Client(server.endpoint, timeout=20) as client:
        with pytest.raises(ValueError, match="timeout"):
            client.receive(request_id=99, timeout=-1.0)
        with pytest.raises(RequestTimeout):
            client.receive(request_id=99, timeout=0)  # 0: look once


@pytest.mark.parametrize("settings, named", [
    ({"busy_poll": -0.001}, "busy_poll"),
    ({"busy_poll": math.nan}, "busy_poll"),
    ({"timeout": 0}, "timeout"),
    ({"timeout": -1.0}, "timeout"),
])
def test_client_settings_out_of_range_are_refused(server, settings: dict, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        Client(server.endpoint, **settings)
