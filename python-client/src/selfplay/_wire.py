"""Encoding and decoding of protocol v1 messages (docs/protocol.md): a protobuf header frame
followed by raw little-endian array frames and UTF-8 text frames."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from . import protocol_pb2 as pb

PROTOCOL_VERSION = 1

DTYPE_TO_NUMPY: Dict[int, np.dtype] = {
    pb.UINT8: np.dtype("<u1"),
    pb.INT8: np.dtype("<i1"),
    pb.INT32: np.dtype("<i4"),
    pb.INT64: np.dtype("<i8"),
    pb.UINT64: np.dtype("<u8"),
    pb.FLOAT32: np.dtype("<f4"),
    pb.FLOAT64: np.dtype("<f8"),
}
NUMPY_TO_DTYPE: Dict[np.dtype, int] = {value: key for key, value in DTYPE_TO_NUMPY.items()}


def _frame_buffer(frame: Any) -> Any:
    """The bytes of a received frame without copying (zmq.Frame or bytes)."""
    buffer = getattr(frame, "buffer", None)
    return buffer if buffer is not None else frame


def encode(
    header: pb.Header,
    arrays: Optional[Mapping[str, np.ndarray]] = None,
    texts: Optional[Mapping[str, Sequence[str]]] = None,
) -> List[Any]:
    """Frames of a message: the header (with array and text refs added) and the raw frames.

    Args:
        header: the header; its kind, request id and body must be set.
        arrays: arrays to send, converted to little-endian C order of a protocol dtype.
        texts: lists of strings to send.

    Returns:
        The frames for ``socket.send_multipart``.
    """
    frames: List[Any] = []
    header.protocol_version = PROTOCOL_VERSION
    for name, value in (arrays or {}).items():
        array = np.ascontiguousarray(value)
        dtype = array.dtype.newbyteorder("<") if array.dtype.byteorder == ">" else array.dtype
        code = NUMPY_TO_DTYPE.get(np.dtype(dtype))
        if code is None:
            raise TypeError(f"array '{name}' has dtype {array.dtype}; the protocol carries uint8, int8, int32, int64, uint64, float32, float64")
        ref = header.arrays.add()
        ref.name = name
        ref.dtype = code
        ref.shape.extend(array.shape)
        ref.frame = len(frames) + 1
        frames.append(memoryview(array.astype(DTYPE_TO_NUMPY[code], copy=False)).cast("B"))
    for name, strings in (texts or {}).items():
        strings = list(strings)
        data = "".join(strings).encode("utf-8")
        lengths = list(map(len, strings))
        if len(data) != sum(lengths):  # not ASCII: character counts are not byte counts
            lengths = [len(text.encode("utf-8")) for text in strings]
        offsets = np.zeros(len(strings) + 1, dtype="<u4")
        np.cumsum(lengths, out=offsets[1:])
        ref = header.texts.add()
        ref.name = name
        ref.count = len(strings)
        ref.data_frame = len(frames) + 1
        ref.offsets_frame = len(frames) + 2
        frames.append(data)
        frames.append(offsets.tobytes())
    return [header.SerializeToString()] + frames


class Decoded:
    """A received message: the header, its arrays (read-only zero-copy views) and texts."""

    __slots__ = ("header", "frames", "_arrays")

    def __init__(self, frames: Sequence[Any]) -> None:
        if not frames:
            raise ValueError("empty message")
        self.frames = frames
        self.header = pb.Header.FromString(bytes(_frame_buffer(frames[0])))
        self._arrays: Optional[Dict[str, np.ndarray]] = None

    @property
    def arrays(self) -> Dict[str, np.ndarray]:
        """Every array of the message by name, as read-only views of the received frames."""
        if self._arrays is None:
            arrays: Dict[str, np.ndarray] = {}
            for ref in self.header.arrays:
                buffer = _frame_buffer(self.frames[ref.frame])
                array = np.frombuffer(buffer, dtype=DTYPE_TO_NUMPY[ref.dtype]).reshape(tuple(ref.shape))
                # A view of the received frame: read-only, so nobody edits a shared buffer by accident.
                array.flags.writeable = False
                arrays[ref.name] = array
            self._arrays = arrays
        return self._arrays

    def texts(self, name: str) -> Optional[List[str]]:
        """The strings of text list ``name``, or None when the message has none."""
        for ref in self.header.texts:
            if ref.name == name:
                return _split_texts(bytes(_frame_buffer(self.frames[ref.data_frame])),
                                    _frame_buffer(self.frames[ref.offsets_frame]), ref.count)
        return None

    def text_names(self) -> Tuple[str, ...]:
        return tuple(ref.name for ref in self.header.texts)


def _split_texts(data: bytes, offsets_buffer: Any, count: int) -> List[str]:
    """Cuts a text list's data frame at its offsets."""
    if count == 0:
        return []
    if not data:
        return [""] * count
    offsets = np.frombuffer(offsets_buffer, dtype="<u4")
    if count >= 64 and b"\x00" not in data:
        short = _split_short_ascii(data, offsets)
        if short is not None:
            return short
    bounds = offsets.tolist()
    cuts = map(slice, bounds[:-1], bounds[1:])  # map/slice keeps the loop in C
    try:
        text = data.decode("ascii")  # byte offsets are character offsets
    except UnicodeDecodeError:
        return [piece.decode("utf-8") for piece in map(data.__getitem__, cuts)]
    return list(map(text.__getitem__, cuts))


def _split_short_ascii(data: bytes, offsets: np.ndarray) -> Optional[List[str]]:
    """Many short ASCII strings (legal action lists): cut in numpy as fixed-width rows.

    Rows are padded with NUL, which numpy strips when it makes the strings (the caller checked
    the data has no NUL of its own). None when the strings are long or not ASCII.
    """
    starts = offsets[:-1].astype(np.int64)
    lengths = np.diff(offsets).astype(np.int64)
    width = int(lengths.max())
    if width == 0:
        return [""] * len(lengths)
    if width > 64:
        return None
    raw = np.frombuffer(data, dtype=np.uint8)
    if raw.max() >= 0x80:
        return None
    columns = np.arange(width)
    inside = columns[None, :] < lengths[:, None]
    positions = np.minimum(starts[:, None] + columns[None, :], len(raw) - 1)
    rows = np.where(inside, raw[positions], 0).astype(np.uint8)
    return rows.view(f"S{width}").ravel().astype(f"U{width}").tolist()
