"""Python client for SelfPlay's game server (``games serve``), protocol v1 over ZeroMQ.

Arrays in results are read-only numpy views of the received frames (``np.frombuffer``, no
copy); call ``.copy()`` to keep or modify one.
"""

from importlib.metadata import PackageNotFoundError, version

from .client import Client, StepResult, TextEnv, VectorEnv
from .curve import load_curve_key
from .errors import (
    BridgeError,
    InternalServerError,
    InvalidArgumentError,
    LimitExceededError,
    MalformedMessageError,
    MessageTooLargeError,
    NotResetError,
    RequestTimeout,
    SelfPlayError,
    ServerLimitError,
    TooManyWaitingError,
    TrajectoryGapError,
    UnknownGameError,
    UnknownKindError,
    UnknownSessionError,
    UnknownVectorError,
    UnsupportedVersionError,
    WrongBatchSizeError,
    WrongModeError,
)
from .llm_loop import SelfPlayLoop, TurnRecord, spiral_prompt
from .policy_server import PolicyServer
from .server import LocalServer
from .spec import GameEntry, GameSpec
from .text_policy import TextPolicyEvaluation, evaluate_text_policy
from .trajectories import TrajectoryBatch, TrajectoryStream

try:
    #: The installed package's version (pyproject.toml).
    __version__ = version("selfplay")
except PackageNotFoundError:  # run from a source tree without installing
    __version__ = "0+unknown"

__all__ = [
    "__version__", "BridgeError", "Client", "GameEntry", "GameSpec", "InternalServerError",
    "InvalidArgumentError", "LimitExceededError", "LocalServer", "MalformedMessageError",
    "MessageTooLargeError", "NotResetError", "PolicyServer", "RequestTimeout", "SelfPlayError",
    "SelfPlayLoop", "ServerLimitError", "StepResult", "TextEnv", "TextPolicyEvaluation",
    "TooManyWaitingError", "TrajectoryBatch", "TrajectoryGapError", "TrajectoryStream",
    "TurnRecord", "UnknownGameError", "UnknownKindError", "UnknownSessionError",
    "UnknownVectorError", "UnsupportedVersionError", "VectorEnv", "WrongBatchSizeError",
    "WrongModeError", "evaluate_text_policy", "load_curve_key", "spiral_prompt",
]
