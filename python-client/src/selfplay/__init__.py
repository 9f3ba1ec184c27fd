"""Python client for SelfPlay's game server (``games serve``), protocol v1 over ZeroMQ.

Arrays in results are read-only numpy views of the received frames (``np.frombuffer``, no
copy); call ``.copy()`` to keep or modify one.
"""

from .client import Client, GameEntry, GameSpec, StepResult, TextEnv, VectorEnv
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
    ServerLimitError,
    TooManyWaitingError,
    UnknownGameError,
    UnknownKindError,
    UnknownVectorError,
    UnsupportedVersionError,
    WrongBatchSizeError,
    WrongModeError,
)
from .llm_loop import SelfPlayLoop, TurnRecord, spiral_prompt
from .policy_server import PolicyServer
from .server import LocalServer
from .text_policy import TextPolicyEvaluation, evaluate_text_policy
from .trajectories import TrajectoryBatch, TrajectoryStream

__all__ = [
    "BridgeError", "Client", "GameEntry", "GameSpec", "InternalServerError", "InvalidArgumentError",
    "LimitExceededError", "LocalServer", "MalformedMessageError", "MessageTooLargeError", "NotResetError", "PolicyServer",
    "RequestTimeout", "SelfPlayLoop", "ServerLimitError", "StepResult", "TextEnv", "TextPolicyEvaluation",
    "TooManyWaitingError", "TrajectoryBatch", "TrajectoryStream", "TurnRecord", "UnknownGameError",
    "UnknownKindError", "UnknownVectorError", "UnsupportedVersionError", "VectorEnv", "WrongBatchSizeError",
    "WrongModeError", "evaluate_text_policy", "load_curve_key", "spiral_prompt",
]
