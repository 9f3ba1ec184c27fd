"""Encoding and decoding of protocol v1 messages (docs/protocol.md): a protobuf header frame
followed by raw little-endian array frames and UTF-8 text frames."""

from __future__ import annotations

from math import prod
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np
from google.protobuf.message import DecodeError

from . import protocol_pb2 as pb

PROTOCOL_VERSION = 1

DTYPE_TO_NUMPY: Dict[pb.DType, np.dtype] = {
    pb.UINT8: np.dtype("<u1"),
    pb.INT8: np.dtype("<i1"),
    pb.INT32: np.dtype("<i4"),
    pb.INT64: np.dtype("<i8"),
    pb.UINT64: np.dtype("<u8"),
    pb.FLOAT32: np.dtype("<f4"),
    pb.FLOAT64: np.dtype("<f8"),
}
NUMPY_TO_DTYPE: Dict[np.dtype, pb.DType] = {value: key for key, value in DTYPE_TO_NUMPY.items()}


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
            raise TypeError(f"array '{name}' has dtype {array.dtype}; "
                            "the protocol carries uint8, int8, int32, int64, uint64, float32, float64")
        ref = header.arrays.add()
        ref.name = name
        ref.dtype = code
        ref.shape.extend(array.shape)
        ref.frame = len(frames) + 1
        frames.append(array.astype(DTYPE_TO_NUMPY[code], copy=False).data.cast("B"))
    for name, strings in (texts or {}).items():
        strings = list(strings)
        data = "".join(strings).encode("utf-8")
        lengths = list(map(len, strings))
        if len(data) != sum(lengths):  # not ASCII: character counts are not byte counts
            lengths = [len(text.encode("utf-8")) for text in strings]
        offsets = np.zeros(len(strings) + 1, dtype="<u4")
        np.cumsum(lengths, out=offsets[1:])
        text_ref = header.texts.add()
        text_ref.name = name
        text_ref.count = len(strings)
        text_ref.data_frame = len(frames) + 1
        text_ref.offsets_frame = len(frames) + 2
        frames.append(data)
        frames.append(offsets.tobytes())
    return [header.SerializeToString()] + frames


#: Where one array is: name, frame index, numpy dtype, shape, byte offset, and its element
#: count when it shares its frame (packed), or -1 when it is the whole frame.
LayoutEntry = Tuple[str, int, np.dtype, Tuple[int, ...], int, int]


def layout_entries(refs: Sequence[Any]) -> Tuple[LayoutEntry, ...]:
    """The layout entries of a header's ``ArrayRef``s (each field read once: reading a
    protobuf field from Python costs more than the rest of the work here). ``shape[:]``
    copies the repeated field in one call; ``tuple(shape)`` iterated it (48 -> 20 us for a
    trajectory message's 16 refs)."""
    fields = [(ref.name, ref.frame, ref.dtype, tuple(ref.shape[:]), ref.offset) for ref in refs]
    frames = [frame for _, frame, _, _, _ in fields]
    shared = {frame for frame in frames if frames.count(frame) > 1} if len(set(frames)) < len(frames) else set()
    return tuple(
        (name, frame, DTYPE_TO_NUMPY[dtype], shape, offset, prod(shape) if offset or frame in shared else -1)
        for name, frame, dtype, shape, offset in fields
    )


class ArrayLayout:
    """The array refs of one kind of message, read once and reused (a vector's state replies).

    Reading nine ``ArrayRef`` messages field by field from the protobuf header cost more
    than the rest of a client step; a vector's replies always carry the same refs. The layout
    remembers them as plain tuples, and the serialised refs when the server sent them at the
    end of the header (``games serve`` does): a later header that ends with the same bytes,
    and whose other bytes name no arrays, has exactly these refs (protobuf reads concatenated
    messages as one), so only those other bytes are parsed.
    """

    __slots__ = ("entries", "suffix")

    def __init__(self) -> None:
        #: The serialised refs as they end a header, or None when the server put them elsewhere.
        self.suffix: Optional[bytes] = None
        #: Per array: see ``layout_entries``.
        self.entries: Optional[Tuple[LayoutEntry, ...]] = None

    def learn(self, header: pb.Header, raw: bytes) -> Tuple[LayoutEntry, ...]:
        """Reads the refs of a fully parsed header and remembers them; returns the entries."""
        entries = layout_entries(header.arrays)
        if entries:
            suffix = pb.Header(arrays=header.arrays).SerializeToString()
            self.suffix = suffix if raw.endswith(suffix) else None
            self.entries = entries
        return entries


class Decoded:
    """A received message: the header, its arrays (read-only zero-copy views) and texts.

    Args:
        frames: the message's frames (``zmq.Frame`` or bytes), header first.
        layout: the layout of earlier messages of the same kind, to skip reading array refs
            that did not change (it is updated from this message when they did).
    """

    __slots__ = ("_arrays", "_entries", "_fields", "_header", "_raw", "frames", "kind", "request_id")

    def __init__(self, frames: Sequence[Any], layout: Optional[ArrayLayout] = None) -> None:
        if not frames:
            raise ValueError("empty message")
        self.frames = frames
        raw = _frame_bytes(frames[0])
        self._raw = raw
        self._arrays: Optional[Dict[str, np.ndarray]] = None
        self._header: Optional[pb.Header] = None
        fields = None
        if layout is not None and layout.suffix and raw.endswith(layout.suffix):
            try:
                fields = pb.Header.FromString(raw[: len(raw) - len(layout.suffix)])
            except DecodeError:
                fields = None
            if fields is not None and len(fields.arrays) != 0:
                fields = None
        if fields is not None:
            self._entries = layout.entries  # type: ignore[union-attr]
        else:
            fields = pb.Header.FromString(raw)
            self._header = fields
            self._entries = layout.learn(fields, raw) if layout is not None else None
        #: The header's fields other than preset array refs (all of it on the slow path).
        self._fields = fields
        self.request_id: int = fields.request_id
        self.kind: int = fields.kind

    @property
    def header(self) -> pb.Header:
        """The whole header (parsed again on first use when the fast path skipped the refs)."""
        if self._header is None:
            self._header = pb.Header.FromString(self._raw)
        return self._header

    def body(self, name: str) -> Any:
        """The header's body field ``name`` (e.g. ``"step_reply"``), without the array refs."""
        return getattr(self._fields, name)

    @property
    def arrays(self) -> Dict[str, np.ndarray]:
        """Every array of the message by name, as read-only views of the received frames."""
        if self._arrays is None:
            entries = self._entries
            if entries is None:
                entries = layout_entries(self._fields.arrays)
            frames = self.frames
            # Read-only views of the received frames, so nobody edits a shared buffer by accident.
            views: Dict[int, memoryview] = {}
            arrays: Dict[str, np.ndarray] = {}
            for name, frame, dtype, shape, offset, count in entries:
                view = views.get(frame)
                if view is None:
                    view = views[frame] = memoryview(frames[frame]).toreadonly()
                if count < 0:  # the whole frame: its length must match the shape exactly
                    arrays[name] = np.frombuffer(view, dtype).reshape(shape)
                else:
                    arrays[name] = np.frombuffer(view, dtype, count, offset).reshape(shape)
            self._arrays = arrays
        return self._arrays

    def texts(self, name: str) -> Optional[List[str]]:
        """The strings of text list ``name``, or None when the message has none.

        Raises:
            ValueError: the list's offsets do not cut its data frame (docs/protocol.md, Texts).
        """
        for ref in self._fields.texts:
            if ref.name == name:
                return _split_texts(name, _frame_buffer(self.frames[ref.data_frame]),
                                    _frame_buffer(self.frames[ref.offsets_frame]), ref.count)
        return None

    def text_names(self) -> Tuple[str, ...]:
        return tuple(ref.name for ref in self._fields.texts)


def _frame_bytes(frame: Any) -> bytes:
    """A received frame's bytes (zmq.Frame keeps a copy-free ``bytes`` of small frames)."""
    if isinstance(frame, bytes):
        return frame
    data = getattr(frame, "bytes", None)
    return data if data is not None else bytes(frame)


#: Text lists whose strings average at most this many bytes are split by the NUL-joining path
#: of ``_split_texts``; moving every byte costs more than slicing once strings are long.
_SHORT_TEXT_BYTES = 16


def _split_texts(name: str, data: Any, offsets_buffer: Any, count: int) -> List[str]:
    """Cuts text list ``name``'s data frame at its offsets, reading the frame in place.

    Long strings (prompts) are decoded at once and sliced (byte offsets are character offsets
    in ASCII; other text is decoded a piece at a time). Many short strings (legal actions)
    are laid out again with a NUL after each (numpy moves the bytes), decoded once and split
    in C: for the 5000 legal action strings of a 1024-game TicTacToe text step, 0.3 ms
    against 1.2-1.7 ms for a slice per string. NUL never occurs inside a UTF-8 sequence, so
    that holds for any text without a NUL of its own.
    """
    if count == 0:
        return []
    raw = np.frombuffer(data, dtype=np.uint8)
    offsets = np.frombuffer(offsets_buffer, dtype="<u4").astype(np.int64)
    if len(offsets) != count + 1 or offsets[0] != 0 or offsets[-1] != len(raw) or (np.diff(offsets) < 0).any():
        raise ValueError(f"text list '{name}': {count} strings need {count + 1} offsets from 0 to the data's "
                         f"{len(raw)} bytes in order; got {len(offsets)} ({offsets[:4].tolist()}...)")
    if len(raw) <= _SHORT_TEXT_BYTES * count and raw.all():
        joined = np.zeros(len(raw) + count, dtype=np.uint8)
        separators = offsets[1:] + np.arange(count)  # string i's NUL follows its bytes and i earlier NULs
        keep = np.ones(len(joined), dtype=bool)
        keep[separators] = False
        joined[keep] = raw
        return str(joined.data, "utf-8").split("\x00", count)[:count]
    bounds = offsets.tolist()
    cuts = map(slice, bounds[:-1], bounds[1:])  # map/slice keeps the loop in C
    view = raw.data
    try:
        text = str(view, "ascii")
    except UnicodeDecodeError:
        return [str(piece, "utf-8") for piece in map(view.__getitem__, cuts)]
    return list(map(text.__getitem__, cuts))

