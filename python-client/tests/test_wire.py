"""Decoding replies: packed frames, array refs read once per vector, text lists (docs/protocol.md)."""

import numpy as np
import pytest
import zmq

from selfplay import Client
from selfplay import protocol_pb2 as pb
from selfplay._wire import ArrayLayout, Decoded, encode
from selfplay.client import VectorEnv


def state_message(request_id: int, seats: list, observations: np.ndarray, refs_last: bool = True) -> list:
    """A STEP reply as games serve sends it: own fields, then the refs (or canonical order)."""
    refs = pb.Header(arrays=[
        pb.ArrayRef(name="current_seats", dtype=pb.INT32, shape=[len(seats)], frame=1),
        pb.ArrayRef(name="observations", dtype=pb.FLOAT32, shape=list(observations.shape), frame=2),
    ])
    own = pb.Header(protocol_version=1, kind=pb.STEP, request_id=request_id, is_reply=True,
                    step_reply=pb.StepReply(vector_id=1, episodes_finished=request_id))
    if refs_last:
        header = own.SerializeToString() + refs.SerializeToString()
    else:
        own.MergeFrom(refs)
        header = own.SerializeToString()
    return [header, np.array(seats, dtype="<i4").tobytes(), observations.astype("<f4").tobytes()]


def test_a_header_ending_with_known_refs_is_decoded_without_reading_them_again() -> None:
    layout = ArrayLayout()
    first = Decoded(state_message(1, [0, 1], np.zeros((2, 3))), layout)
    assert first.arrays["current_seats"].tolist() == [0, 1]
    assert layout.suffix is not None  # learned: these refs end the header
    later = Decoded(state_message(2, [1, -1], np.ones((2, 3))), layout)
    assert later.request_id == 2 and later.body("step_reply").episodes_finished == 2
    assert later.arrays["current_seats"].tolist() == [1, -1]
    assert later.arrays["observations"].tolist() == [[1, 1, 1]] * 2
    assert not later.arrays["observations"].flags.writeable
    # The whole header is still there for whoever asks.
    assert [ref.name for ref in later.header.arrays] == ["current_seats", "observations"]


def test_a_reply_with_other_refs_is_read_in_full_and_the_layout_learns_them() -> None:
    layout = ArrayLayout()
    Decoded(state_message(1, [0, 1], np.zeros((2, 3))), layout)
    bigger = Decoded(state_message(2, [0, 1, 0], np.zeros((3, 3))), layout)
    assert bigger.arrays["current_seats"].tolist() == [0, 1, 0]
    assert bigger.arrays["observations"].shape == (3, 3)
    again = Decoded(state_message(3, [1, 1, 1], np.zeros((3, 3))), layout)
    assert again.arrays["current_seats"].tolist() == [1, 1, 1]


def test_refs_in_canonical_order_decode_the_same() -> None:
    layout = ArrayLayout()
    for request_id in (1, 2):
        reply = Decoded(state_message(request_id, [request_id, 0], np.full((2, 3), request_id), refs_last=False), layout)
        assert reply.arrays["current_seats"].tolist() == [request_id, 0]
        assert reply.arrays["observations"].tolist() == [[request_id] * 3] * 2
    assert layout.suffix is None  # the refs are not at the end: every header is read in full


def test_a_packed_frame_gives_each_array_at_its_offset() -> None:
    frame = bytearray(24)
    frame[0:3] = bytes([1, 0, 1])
    frame[8:16] = np.array([-1, 0.5], dtype="<f4").tobytes()
    frame[16:24] = np.array([1 << 40], dtype="<i8").tobytes()
    header = pb.Header(protocol_version=1, kind=pb.STEP, request_id=1, is_reply=True, arrays=[
        pb.ArrayRef(name="flags", dtype=pb.UINT8, shape=[3], frame=1, offset=0),
        pb.ArrayRef(name="rewards", dtype=pb.FLOAT32, shape=[2], frame=1, offset=8),
        pb.ArrayRef(name="ids", dtype=pb.INT64, shape=[1], frame=1, offset=16),
    ])
    arrays = Decoded([header.SerializeToString(), bytes(frame)]).arrays
    assert arrays["flags"].tolist() == [1, 0, 1]
    assert arrays["rewards"].tolist() == [-1, 0.5]
    assert arrays["ids"].tolist() == [1 << 40]


def test_an_array_past_the_end_of_its_packed_frame_is_refused() -> None:
    header = pb.Header(protocol_version=1, kind=pb.STEP, request_id=1, is_reply=True, arrays=[
        pb.ArrayRef(name="flags", dtype=pb.UINT8, shape=[3], frame=1, offset=0),
        pb.ArrayRef(name="ids", dtype=pb.INT64, shape=[2], frame=1, offset=8),
    ])
    with pytest.raises(ValueError):
        _ = Decoded([header.SerializeToString(), bytes(16)]).arrays


def test_packed_and_separate_frames_give_the_same_states(client: Client) -> None:
    def unpacked_vector() -> VectorEnv:
        request = pb.MakeRequest(game="kuhn_poker", batch_size=6, seed=4, mode=pb.TENSOR, auto_reset=True)
        return VectorEnv(client, client._make(request))

    packed = client.make_vector("kuhn_poker", batch_size=6, seed=4, auto_reset=True)
    separate = unpacked_vector()
    states = (packed.reset(), separate.reset())
    rng = np.random.default_rng(1)
    for _ in range(12):
        for name in ("observations", "legal_masks", "rewards", "terminated", "current_seats", "episode_ids"):
            assert np.array_equal(getattr(states[0], name), getattr(states[1], name)), name
        actions = (states[0].legal_masks * rng.random((6, 2))).argmax(axis=1).astype(np.int32)
        states = (packed.step(actions), separate.step(actions))
    packed.close()
    separate.close()


@pytest.mark.parametrize("strings", [
    [f"action {i % 9}" for i in range(100)],            # many short ASCII strings (numpy path)
    [f"a{i}\x00b\x00" for i in range(100)],              # NULs, one at the end: must survive
    ["é" * (i % 3) + "x" for i in range(100)],           # UTF-8
    ["prompt " * 20 + str(i) for i in range(100)],       # long ASCII strings (sliced)
    ["ñandú " * 8 + str(i) for i in range(30)],          # long UTF-8 strings (decoded one by one)
    ["", "", "", ""],                                    # nothing but empty strings
    [""] * 70 + ["x"],                                   # empty ones among short ones
    ["one", "two", "ñ"],                                 # few, not ASCII
])
def test_text_lists_decode_from_received_frames_as_sent(strings) -> None:
    frames = encode(pb.Header(kind=pb.STEP, request_id=3), texts={"replies": strings})
    received = [zmq.Frame(bytes(frame)) for frame in frames]  # as recv_multipart(copy=False) gives them
    assert Decoded(received).texts("replies") == strings
    assert Decoded([bytes(frame) for frame in frames]).texts("replies") == strings


@pytest.mark.parametrize("offsets, problem", [
    ([0, 2, 5], "one offset short"),
    ([1, 2, 5, 6], "not starting at 0"),
    ([0, 4, 2, 6], "out of order"),
    ([0, 2, 5, 7], "past the data"),
    ([0, 2, 5, 5], "short of the data"),
])
def test_text_offsets_that_do_not_cut_the_data_are_refused(offsets, problem) -> None:
    header = pb.Header(kind=pb.STEP, request_id=3, texts=[pb.TextRef(name="prompts", count=3, data_frame=1, offsets_frame=2)])
    frames = [header.SerializeToString(), b"abcdef", np.array(offsets, dtype="<u4").tobytes()]
    with pytest.raises(ValueError, match="text list 'prompts'"):
        Decoded(frames).texts("prompts")
