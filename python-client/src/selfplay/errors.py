"""Typed exceptions raised from the server's ERROR replies (docs/protocol.md, Errors)."""

from __future__ import annotations

from typing import Dict, Type

from . import protocol_pb2 as pb


class BridgeError(Exception):
    """An ERROR reply from the server. ``code`` is the protocol's error code name."""

    code = "ERROR_CODE_UNSPECIFIED"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MalformedMessageError(BridgeError):
    code = "MALFORMED_MESSAGE"


class UnsupportedVersionError(BridgeError):
    code = "UNSUPPORTED_VERSION"


class UnknownKindError(BridgeError):
    code = "UNKNOWN_KIND"


class UnknownGameError(BridgeError):
    code = "UNKNOWN_GAME"


class InvalidArgumentError(BridgeError):
    code = "INVALID_ARGUMENT"


class UnknownVectorError(BridgeError):
    code = "UNKNOWN_VECTOR"


class WrongBatchSizeError(BridgeError):
    code = "WRONG_BATCH_SIZE"


class WrongModeError(BridgeError):
    code = "WRONG_MODE"


class MessageTooLargeError(BridgeError):
    code = "MESSAGE_TOO_LARGE"


class InternalServerError(BridgeError):
    code = "INTERNAL"


class NotResetError(BridgeError):
    code = "NOT_RESET"


class TooManyWaitingError(BridgeError):
    """The vector already has the most requests that may wait for its trajectories to go out."""

    code = "TOO_MANY_WAITING"


class RequestTimeout(TimeoutError):
    """The server did not answer in time (it is down, or a frame over its size limit was dropped)."""


_BY_CODE: Dict[int, Type[BridgeError]] = {
    pb.MALFORMED_MESSAGE: MalformedMessageError,
    pb.UNSUPPORTED_VERSION: UnsupportedVersionError,
    pb.UNKNOWN_KIND: UnknownKindError,
    pb.UNKNOWN_GAME: UnknownGameError,
    pb.INVALID_ARGUMENT: InvalidArgumentError,
    pb.UNKNOWN_VECTOR: UnknownVectorError,
    pb.WRONG_BATCH_SIZE: WrongBatchSizeError,
    pb.WRONG_MODE: WrongModeError,
    pb.MESSAGE_TOO_LARGE: MessageTooLargeError,
    pb.INTERNAL: InternalServerError,
    pb.NOT_RESET: NotResetError,
    pb.TOO_MANY_WAITING: TooManyWaitingError,
}


def error_from_reply(error: pb.ErrorReply) -> BridgeError:
    """The exception for an ERROR reply's body; unknown codes give a plain BridgeError."""
    return _BY_CODE.get(error.code, BridgeError)(error.message)
