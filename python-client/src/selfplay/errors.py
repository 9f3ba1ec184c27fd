"""Typed exceptions raised from the server's ERROR replies (docs/protocol.md, Errors)."""

from __future__ import annotations

import re
from typing import Any, Dict, Tuple, Type

from . import protocol_pb2 as pb

# A refusal by one of the server's limits names the flags that raise it: "(games serve
# --max-memory)", "(games serve --max-unread-replies, --max-unread-bytes)".
_LIMIT_FLAGS = re.compile(r"\(games serve (--[a-z-]+(?:, --[a-z-]+)*)\)")


class SelfPlayError(Exception):
    """The base of every error the client raises for what a server said or did not say:
    ``BridgeError`` (an ERROR reply), ``RequestTimeout`` and ``TrajectoryGapError``."""


class BridgeError(SelfPlayError):
    """An ERROR reply from the server. ``code`` is the protocol's error code name.

    Attributes:
        message: the server's sentence: what was wrong and what is accepted.
        flags: the ``games serve`` options the message names as raising the limit the
            request ran into (``("--max-memory",)``); empty when no limit was involved.
    """

    code = "ERROR_CODE_UNSPECIFIED"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.flags: Tuple[str, ...] = tuple(
            flag for match in _LIMIT_FLAGS.finditer(message) for flag in match.group(1).split(", "))


class ServerLimitError(BridgeError):
    """A request refused by one of the server's limits (docs/protocol.md, Limits): its memory
    budget, a per-client quota, unread replies, retries, request size. ``flags`` names the
    ``games serve`` options that raise the limit; the request changed nothing."""


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


class LimitExceededError(InvalidArgumentError, ServerLimitError):
    """A MAKE (or its settings) over one of the server's limits: the memory budget
    (``--max-memory``), vectors or games per client, retries, the size of a solved opponent."""


class UnknownVectorError(BridgeError):
    code = "UNKNOWN_VECTOR"


class WrongBatchSizeError(BridgeError):
    code = "WRONG_BATCH_SIZE"


class WrongModeError(BridgeError):
    code = "WRONG_MODE"


class MessageTooLargeError(ServerLimitError):
    """The request is over ``--max-message-bytes``, or its text does not fit the memory budget."""

    code = "MESSAGE_TOO_LARGE"


class InternalServerError(BridgeError):
    code = "INTERNAL"


class NotResetError(BridgeError):
    code = "NOT_RESET"


class TooManyWaitingError(ServerLimitError):
    """Too much waits: the vector already has the most requests that may wait for its
    trajectories to go out (``--max-waiting-requests``), or this client left the most replies
    unread (``--max-unread-replies``, ``--max-unread-bytes``): read replies, then retry."""

    code = "TOO_MANY_WAITING"


class RequestTimeout(SelfPlayError, TimeoutError):
    """The server did not answer in time (it is down, busy, waiting for a trainer to take its
    trajectories, or a frame over its size limit was dropped).

    The request is not withdrawn: a server that gets to it later still carries it out (a STEP
    is played and its finished episodes go to the trajectory stream), and its reply is then
    skipped by the client and counted in ``Client.late_replies``. After a timed-out STEP or
    RESET the vector on the server may be ahead of what the client last saw: reset it before
    stepping on."""


class UnknownSessionError(BridgeError):
    """The session token names no open session: sessions end when the server restarts, and
    ``--idle-timeout`` after their last request once they have no vectors."""

    code = "UNKNOWN_SESSION"


class TrajectoryGapError(SelfPlayError):
    """The server dropped episodes of acknowledged vectors that no trainer acknowledged in time
    (its ``--max-unacknowledged-bytes`` buffer was full): they will never arrive.

    Raised by ``TrajectoryStream.receive`` (and iteration) with the batch that reported it,
    which counts as received; receive again to go on.

    Attributes:
        episodes_lost: episodes lost since the stream last reported a loss.
        total_lost: episodes lost since the server started.
        batch: the batch that carried the news.
    """

    def __init__(self, episodes_lost: int, total_lost: int, batch: Any) -> None:
        super().__init__(
            f"the server dropped {episodes_lost} unacknowledged episodes ({total_lost} since it started): no trainer "
            "acknowledged them before its buffer for them was full (games serve --max-unacknowledged-bytes); "
            "Client.stats() gives the lost sequence ranges")
        self.episodes_lost = episodes_lost
        self.total_lost = total_lost
        self.batch = batch


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
    pb.UNKNOWN_SESSION: UnknownSessionError,
}


def error_from_reply(error: pb.ErrorReply) -> BridgeError:
    """The exception for an ERROR reply's body; unknown codes give a plain BridgeError.

    An INVALID_ARGUMENT that names a ``games serve`` flag is a ``LimitExceededError``: the
    request was well formed, but over a limit the server's operator can raise."""
    exception = _BY_CODE.get(error.code, BridgeError)(error.message)
    if isinstance(exception, InvalidArgumentError) and exception.flags:
        return LimitExceededError(error.message)
    return exception
