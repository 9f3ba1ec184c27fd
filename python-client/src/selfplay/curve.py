"""CURVE keys for a ``games serve`` started with ``--curve-secret-key`` (docs/protocol.md, Security).

A key is 40 characters of Z85, given as such or as the path of a file that holds one (the
``.pub`` and ``.key`` files ``games keygen PREFIX`` writes).
"""

from __future__ import annotations

import os
from typing import Optional, Tuple, Union

import zmq
from zmq.utils import z85

__all__ = ["CurveKeyPair", "KeyLike", "configure_curve_client", "load_curve_key"]

#: A Z85 key (str or bytes) or the path of a file holding one.
KeyLike = Union[str, bytes, "os.PathLike[str]"]
#: A client's (public, secret) keys.
CurveKeyPair = Tuple[KeyLike, KeyLike]

_Z85_LENGTH = 40


def load_curve_key(key: KeyLike) -> bytes:
    """The Z85 key ``key`` names: the key itself, or the contents of the file at that path.

    Raises:
        ValueError: neither a 40-character Z85 key nor a file holding one.
        OSError: the file exists but cannot be read.
    """
    if isinstance(key, bytes):
        text = key
    else:
        path = os.fspath(key)
        if os.path.isfile(path):
            with open(path, "rb") as file:
                text = file.read().strip()
            if not _is_z85_key(text):
                raise ValueError(f"{path} does not hold a CURVE key: expected {_Z85_LENGTH} characters of Z85 "
                                 "(as `games keygen` writes)")
            return text
        text = path.encode()
    if not _is_z85_key(text):
        raise ValueError(f"not a CURVE key: expected {_Z85_LENGTH} characters of Z85 or the path of a "
                         f".pub/.key file, got {len(text)} characters that name no file")
    return text


def _is_z85_key(text: bytes) -> bool:
    if len(text) != _Z85_LENGTH:
        return False
    try:
        z85.decode(text)
    except (KeyError, ValueError):
        return False
    return True


def configure_curve_client(socket: zmq.Socket[bytes], server_public_key: Optional[KeyLike],
                           client_key_pair: Optional[CurveKeyPair]) -> bool:
    """Makes ``socket`` a CURVE client (before it connects); nothing when both are None.

    Returns:
        Whether CURVE was set up.

    Raises:
        ValueError: only one of the two given, a malformed key, or a libzmq without CURVE.
    """
    if server_public_key is None and client_key_pair is None:
        return False
    if server_public_key is None or client_key_pair is None:
        raise ValueError("CURVE needs both server_public_key and client_key_pair=(public, secret): the server "
                         "lets in only clients whose public key it knows (games serve --authorized-keys)")
    if not zmq.has("curve"):
        raise ValueError("this pyzmq's libzmq has no CURVE support")
    public, secret = client_key_pair
    socket.curve_serverkey = load_curve_key(server_public_key)
    socket.curve_publickey = load_curve_key(public)
    socket.curve_secretkey = load_curve_key(secret)
    return True
