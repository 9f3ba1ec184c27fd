"""Many clients at once, each with its own vectors; a slow one does not stall the others."""

import threading
from typing import List

import numpy as np

from selfplay import Client, LocalServer
from selfplay import protocol_pb2 as pb
from selfplay._wire import encode


def test_clients_are_served_while_one_client_does_not_read_its_replies(server: LocalServer) -> None:
    slow = Client(server.endpoint, timeout=30)
    slow_env = slow.make_vector("tic_tac_toe", batch_size=4096, seed=1, auto_reset=True)
    slow_env.reset()
    # The slow client queues 20 big steps and reads none of the replies for now.
    sent_ids = []
    for request_id in range(1000, 1020):
        header = pb.Header(kind=pb.STEP, request_id=request_id, step=pb.StepRequest(vector_id=slow_env.vector_id),
                           session=slow.session_token)
        slow.send_frames(encode(header, {"actions": np.zeros(4096, dtype=np.int32)}))
        sent_ids.append(request_id)

    results: List[int] = []
    errors: List[BaseException] = []

    def fast_client(seed: int) -> None:
        try:
            with Client(server.endpoint, timeout=30) as client:
                env = client.make_vector("kuhn_poker", batch_size=16, seed=seed, auto_reset=True)
                state = env.reset()
                episodes = 0
                for _ in range(50):
                    actions = state.legal_masks.argmax(axis=1)
                    state = env.step(actions)
                    episodes += state.episodes_finished
                env.close()
                results.append(episodes)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=fast_client, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    assert len(results) == 4 and all(count > 0 for count in results)
    # The slow client's replies were kept for it, in order, each answering its own request.
    received = [slow.receive(timeout=30).header for _ in sent_ids]
    assert [header.request_id for header in received] == sent_ids
    assert all(header.kind == pb.STEP and header.is_reply for header in received)
    slow_env.close()
    slow.close()


def test_each_client_steps_its_own_vectors_independently(server: LocalServer) -> None:
    with Client(server.endpoint) as a, Client(server.endpoint) as b:
        env_a = a.make_vector("tic_tac_toe", batch_size=2, seed=0)
        env_b = b.make_vector("tic_tac_toe", batch_size=2, seed=0)
        assert env_a.vector_id != env_b.vector_id
        env_a.reset()
        env_b.reset()
        env_a.step([4, 4])
        state_b = env_b.reset()
        assert state_b.legal_masks[:, 4].tolist() == [1, 1]  # b's games are untouched by a's move
        env_a.close()
        env_b.close()
