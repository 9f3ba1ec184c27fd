"""A request whose reply the client stopped waiting for is still carried out by the server;
its reply is skipped and counted (docs/protocol.md, "Requests a client stopped waiting for")."""

from __future__ import annotations

import numpy as np

from selfplay import Client, LocalServer, RequestTimeout, TrajectoryStream


def test_a_timed_out_step_is_played_later_and_its_reply_counted(binary: str) -> None:
    rng = np.random.default_rng(0)
    # A high-water mark of 1 and no trainer: the vector's STEPs soon wait for its trajectories.
    with LocalServer(binary, hwm=1) as server, Client(server.endpoint, timeout=1.0) as client:
        env = client.make_vector("tic_tac_toe", batch_size=64, seed=4, auto_reset=True, trajectories=True)
        state = env.reset()
        reported = 0
        timed_out = False
        for _ in range(200):
            try:
                state = env.step((rng.random(state.legal_masks.shape) * state.legal_masks).argmax(axis=1))
            except RequestTimeout:
                timed_out = True
                break
            reported += int(state.episodes_finished)
        assert timed_out, "the vector never waited for a trainer"
        assert client.late_replies == 0
        # A trainer connects: the held STEP is played after all, its episodes go out...
        with TrajectoryStream(server.trajectory_endpoint, timeout=3) as stream:
            streamed = 0
            while (batch := stream.receive(timeout=2)) is not None:
                streamed += batch.episode_count
            assert streamed > reported  # the timed-out STEP's finished games are in the stream
            # ...and its reply, when the client next reads, is skipped and counted.
            client.list_games()
            assert client.late_replies == 1
