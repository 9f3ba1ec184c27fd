"""Vectors of clients that went silent are closed; requests waiting on a trainer are capped."""

import time
from typing import Iterator

import numpy as np
import pytest

from selfplay import (
    Client,
    LocalServer,
    TooManyWaitingError,
    UnknownSessionError,
    UnknownVectorError,
)
from selfplay import protocol_pb2 as pb
from selfplay._wire import encode


@pytest.fixture(scope="module")
def strict_server(binary: str) -> Iterator[LocalServer]:
    with LocalServer(binary, extra_args=["--idle-timeout", "0.2", "--max-waiting-requests", "1"]) as running:
        yield running


def test_a_vector_left_alone_past_the_idle_timeout_is_closed(strict_server: LocalServer) -> None:
    with Client(strict_server.endpoint, timeout=20) as client:
        env = client.make_vector("tic_tac_toe", batch_size=2)
        env.reset()
        time.sleep(1.0)  # at least five idle timeouts
        # The vector closed, and then its session, which had nothing left and no requests.
        with pytest.raises(UnknownSessionError, match="no requests for the idle timeout"):
            env.step([0, 0])
        # A new MAKE opens a new session.
        client.make_vector("tic_tac_toe", batch_size=1).close()
    with Client(strict_server.endpoint, timeout=20, session=False) as client:
        env = client.make_vector("tic_tac_toe", batch_size=2)
        env.reset()
        time.sleep(1.0)
        with pytest.raises(UnknownVectorError, match="without requests"):
            env.step([0, 0])


def test_a_request_past_the_waiting_cap_is_refused(strict_server: LocalServer) -> None:
    with Client(strict_server.endpoint, timeout=20) as client:
        env = client.make_vector("tic_tac_toe", batch_size=1, auto_reset=True, trajectories=True)
        env.reset()
        for action in [0, 3, 1, 4, 2]:  # x wins the top row: no trainer takes the episode
            env.step([action])
        # One request may wait for the trajectories; this one does, and the next is refused.
        header = pb.Header(kind=pb.STEP, request_id=10_000, step=pb.StepRequest(vector_id=env.vector_id),
                           session=client.session_token)
        client.send_frames(encode(header, {"actions": np.array([4], dtype=np.int32)}))
        with pytest.raises(TooManyWaitingError, match="waiting for its trajectories"):
            env.step([0])
