from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

ACKNOWLEDGE: Kind
BASELINE_UPDATE_UNSPECIFIED: BaselineUpdate
CLOSE: Kind
DESCRIPTOR: _descriptor.FileDescriptor
DTYPE_UNSPECIFIED: DType
ERROR: Kind
ERROR_CODE_UNSPECIFIED: ErrorCode
FLOAT32: DType
FLOAT64: DType
INT32: DType
INT64: DType
INT8: DType
INTERNAL: ErrorCode
INVALID_ARGUMENT: ErrorCode
KIND_UNSPECIFIED: Kind
LIST_GAMES: Kind
MAKE: Kind
MALFORMED_MESSAGE: ErrorCode
MESSAGE_TOO_LARGE: ErrorCode
MODE_UNSPECIFIED: Mode
NOT_RESET: ErrorCode
PER_BATCH: BaselineUpdate
PER_GAME: BaselineUpdate
POLICY_ACT: Kind
REPLAY: Kind
RESET: Kind
SESSION: Kind
STATS: Kind
STEP: Kind
TENSOR: Mode
TEXT: Mode
TOO_MANY_WAITING: ErrorCode
TRAJECTORIES: Kind
UINT64: DType
UINT8: DType
UNKNOWN_GAME: ErrorCode
UNKNOWN_KIND: ErrorCode
UNKNOWN_SESSION: ErrorCode
UNKNOWN_VECTOR: ErrorCode
UNSUPPORTED_VERSION: ErrorCode
WRONG_BATCH_SIZE: ErrorCode
WRONG_MODE: ErrorCode

class AcknowledgeReply(_message.Message):
    __slots__ = ["acknowledged", "unknown"]
    ACKNOWLEDGED_FIELD_NUMBER: _ClassVar[int]
    UNKNOWN_FIELD_NUMBER: _ClassVar[int]
    acknowledged: int
    unknown: int
    def __init__(self, acknowledged: _Optional[int] = ..., unknown: _Optional[int] = ...) -> None: ...

class AcknowledgeRequest(_message.Message):
    __slots__ = ["first_sequences"]
    FIRST_SEQUENCES_FIELD_NUMBER: _ClassVar[int]
    first_sequences: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, first_sequences: _Optional[_Iterable[int]] = ...) -> None: ...

class ArrayRef(_message.Message):
    __slots__ = ["dtype", "frame", "name", "offset", "shape"]
    DTYPE_FIELD_NUMBER: _ClassVar[int]
    FRAME_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    SHAPE_FIELD_NUMBER: _ClassVar[int]
    dtype: DType
    frame: int
    name: str
    offset: int
    shape: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, name: _Optional[str] = ..., dtype: _Optional[_Union[DType, str]] = ..., shape: _Optional[_Iterable[int]] = ..., frame: _Optional[int] = ..., offset: _Optional[int] = ...) -> None: ...

class CloseRequest(_message.Message):
    __slots__ = ["vector_id"]
    VECTOR_ID_FIELD_NUMBER: _ClassVar[int]
    vector_id: int
    def __init__(self, vector_id: _Optional[int] = ...) -> None: ...

class ErrorReply(_message.Message):
    __slots__ = ["code", "message"]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    code: ErrorCode
    message: str
    def __init__(self, code: _Optional[_Union[ErrorCode, str]] = ..., message: _Optional[str] = ...) -> None: ...

class GameEntry(_message.Message):
    __slots__ = ["long_name", "name", "parameters", "summary"]
    LONG_NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    long_name: str
    name: str
    parameters: _containers.RepeatedCompositeFieldContainer[Parameter]
    summary: str
    def __init__(self, name: _Optional[str] = ..., long_name: _Optional[str] = ..., summary: _Optional[str] = ..., parameters: _Optional[_Iterable[_Union[Parameter, _Mapping]]] = ...) -> None: ...

class GameSpec(_message.Message):
    __slots__ = ["action_count", "binary_observations", "game", "max_game_length", "max_return", "min_return", "observation_shape", "role_names", "rules_version", "seat_count", "utility"]
    ACTION_COUNT_FIELD_NUMBER: _ClassVar[int]
    BINARY_OBSERVATIONS_FIELD_NUMBER: _ClassVar[int]
    GAME_FIELD_NUMBER: _ClassVar[int]
    MAX_GAME_LENGTH_FIELD_NUMBER: _ClassVar[int]
    MAX_RETURN_FIELD_NUMBER: _ClassVar[int]
    MIN_RETURN_FIELD_NUMBER: _ClassVar[int]
    OBSERVATION_SHAPE_FIELD_NUMBER: _ClassVar[int]
    ROLE_NAMES_FIELD_NUMBER: _ClassVar[int]
    RULES_VERSION_FIELD_NUMBER: _ClassVar[int]
    SEAT_COUNT_FIELD_NUMBER: _ClassVar[int]
    UTILITY_FIELD_NUMBER: _ClassVar[int]
    action_count: int
    binary_observations: bool
    game: str
    max_game_length: int
    max_return: float
    min_return: float
    observation_shape: _containers.RepeatedScalarFieldContainer[int]
    role_names: _containers.RepeatedScalarFieldContainer[str]
    rules_version: int
    seat_count: int
    utility: str
    def __init__(self, game: _Optional[str] = ..., seat_count: _Optional[int] = ..., action_count: _Optional[int] = ..., observation_shape: _Optional[_Iterable[int]] = ..., role_names: _Optional[_Iterable[str]] = ..., max_game_length: _Optional[int] = ..., min_return: _Optional[float] = ..., max_return: _Optional[float] = ..., utility: _Optional[str] = ..., binary_observations: bool = ..., rules_version: _Optional[int] = ...) -> None: ...

class Header(_message.Message):
    __slots__ = ["acknowledge", "acknowledge_reply", "arrays", "close", "error", "is_reply", "kind", "list_games_reply", "make", "make_reply", "policy_act", "protocol_version", "replay_reply", "request_id", "reset", "session", "session_reply", "session_request", "stats_reply", "step", "step_reply", "texts", "trajectories"]
    ACKNOWLEDGE_FIELD_NUMBER: _ClassVar[int]
    ACKNOWLEDGE_REPLY_FIELD_NUMBER: _ClassVar[int]
    ARRAYS_FIELD_NUMBER: _ClassVar[int]
    CLOSE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    IS_REPLY_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LIST_GAMES_REPLY_FIELD_NUMBER: _ClassVar[int]
    MAKE_FIELD_NUMBER: _ClassVar[int]
    MAKE_REPLY_FIELD_NUMBER: _ClassVar[int]
    POLICY_ACT_FIELD_NUMBER: _ClassVar[int]
    PROTOCOL_VERSION_FIELD_NUMBER: _ClassVar[int]
    REPLAY_REPLY_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESET_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    SESSION_REPLY_FIELD_NUMBER: _ClassVar[int]
    SESSION_REQUEST_FIELD_NUMBER: _ClassVar[int]
    STATS_REPLY_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    STEP_REPLY_FIELD_NUMBER: _ClassVar[int]
    TEXTS_FIELD_NUMBER: _ClassVar[int]
    TRAJECTORIES_FIELD_NUMBER: _ClassVar[int]
    acknowledge: AcknowledgeRequest
    acknowledge_reply: AcknowledgeReply
    arrays: _containers.RepeatedCompositeFieldContainer[ArrayRef]
    close: CloseRequest
    error: ErrorReply
    is_reply: bool
    kind: Kind
    list_games_reply: ListGamesReply
    make: MakeRequest
    make_reply: MakeReply
    policy_act: PolicyActRequest
    protocol_version: int
    replay_reply: ReplayReply
    request_id: int
    reset: ResetRequest
    session: bytes
    session_reply: SessionReply
    session_request: SessionRequest
    stats_reply: StatsReply
    step: StepRequest
    step_reply: StepReply
    texts: _containers.RepeatedCompositeFieldContainer[TextRef]
    trajectories: TrajectoryBatch
    def __init__(self, protocol_version: _Optional[int] = ..., kind: _Optional[_Union[Kind, str]] = ..., request_id: _Optional[int] = ..., is_reply: bool = ..., arrays: _Optional[_Iterable[_Union[ArrayRef, _Mapping]]] = ..., texts: _Optional[_Iterable[_Union[TextRef, _Mapping]]] = ..., session: _Optional[bytes] = ..., list_games_reply: _Optional[_Union[ListGamesReply, _Mapping]] = ..., make: _Optional[_Union[MakeRequest, _Mapping]] = ..., make_reply: _Optional[_Union[MakeReply, _Mapping]] = ..., reset: _Optional[_Union[ResetRequest, _Mapping]] = ..., step: _Optional[_Union[StepRequest, _Mapping]] = ..., step_reply: _Optional[_Union[StepReply, _Mapping]] = ..., close: _Optional[_Union[CloseRequest, _Mapping]] = ..., error: _Optional[_Union[ErrorReply, _Mapping]] = ..., trajectories: _Optional[_Union[TrajectoryBatch, _Mapping]] = ..., policy_act: _Optional[_Union[PolicyActRequest, _Mapping]] = ..., session_request: _Optional[_Union[SessionRequest, _Mapping]] = ..., session_reply: _Optional[_Union[SessionReply, _Mapping]] = ..., acknowledge: _Optional[_Union[AcknowledgeRequest, _Mapping]] = ..., acknowledge_reply: _Optional[_Union[AcknowledgeReply, _Mapping]] = ..., replay_reply: _Optional[_Union[ReplayReply, _Mapping]] = ..., stats_reply: _Optional[_Union[StatsReply, _Mapping]] = ...) -> None: ...

class ListGamesReply(_message.Message):
    __slots__ = ["games", "max_message_bytes", "policies", "protocol_versions"]
    GAMES_FIELD_NUMBER: _ClassVar[int]
    MAX_MESSAGE_BYTES_FIELD_NUMBER: _ClassVar[int]
    POLICIES_FIELD_NUMBER: _ClassVar[int]
    PROTOCOL_VERSIONS_FIELD_NUMBER: _ClassVar[int]
    games: _containers.RepeatedCompositeFieldContainer[GameEntry]
    max_message_bytes: int
    policies: _containers.RepeatedScalarFieldContainer[str]
    protocol_versions: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, games: _Optional[_Iterable[_Union[GameEntry, _Mapping]]] = ..., protocol_versions: _Optional[_Iterable[int]] = ..., policies: _Optional[_Iterable[str]] = ..., max_message_bytes: _Optional[int] = ...) -> None: ...

class MakeReply(_message.Message):
    __slots__ = ["batch_size", "mode", "spec", "vector_id"]
    BATCH_SIZE_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    SPEC_FIELD_NUMBER: _ClassVar[int]
    VECTOR_ID_FIELD_NUMBER: _ClassVar[int]
    batch_size: int
    mode: Mode
    spec: GameSpec
    vector_id: int
    def __init__(self, vector_id: _Optional[int] = ..., spec: _Optional[_Union[GameSpec, _Mapping]] = ..., batch_size: _Optional[int] = ..., mode: _Optional[_Union[Mode, str]] = ...) -> None: ...

class MakeRequest(_message.Message):
    __slots__ = ["agent_seats", "answer_format", "auto_reset", "batch_size", "boxed_answers", "game", "invalid_move_policy", "max_turns", "mode", "observation_dtype", "observe_all_seats", "opponent", "packed_arrays", "seed", "trajectories"]
    AGENT_SEATS_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FORMAT_FIELD_NUMBER: _ClassVar[int]
    AUTO_RESET_FIELD_NUMBER: _ClassVar[int]
    BATCH_SIZE_FIELD_NUMBER: _ClassVar[int]
    BOXED_ANSWERS_FIELD_NUMBER: _ClassVar[int]
    GAME_FIELD_NUMBER: _ClassVar[int]
    INVALID_MOVE_POLICY_FIELD_NUMBER: _ClassVar[int]
    MAX_TURNS_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    OBSERVATION_DTYPE_FIELD_NUMBER: _ClassVar[int]
    OBSERVE_ALL_SEATS_FIELD_NUMBER: _ClassVar[int]
    OPPONENT_FIELD_NUMBER: _ClassVar[int]
    PACKED_ARRAYS_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    TRAJECTORIES_FIELD_NUMBER: _ClassVar[int]
    agent_seats: _containers.RepeatedScalarFieldContainer[int]
    answer_format: str
    auto_reset: bool
    batch_size: int
    boxed_answers: bool
    game: str
    invalid_move_policy: str
    max_turns: int
    mode: Mode
    observation_dtype: DType
    observe_all_seats: bool
    opponent: str
    packed_arrays: bool
    seed: int
    trajectories: TrajectoryOptions
    def __init__(self, game: _Optional[str] = ..., batch_size: _Optional[int] = ..., seed: _Optional[int] = ..., mode: _Optional[_Union[Mode, str]] = ..., auto_reset: bool = ..., invalid_move_policy: _Optional[str] = ..., boxed_answers: bool = ..., max_turns: _Optional[int] = ..., observe_all_seats: bool = ..., opponent: _Optional[str] = ..., agent_seats: _Optional[_Iterable[int]] = ..., trajectories: _Optional[_Union[TrajectoryOptions, _Mapping]] = ..., packed_arrays: bool = ..., observation_dtype: _Optional[_Union[DType, str]] = ..., answer_format: _Optional[str] = ...) -> None: ...

class Parameter(_message.Message):
    __slots__ = ["default_value", "help", "name"]
    DEFAULT_VALUE_FIELD_NUMBER: _ClassVar[int]
    HELP_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    default_value: str
    help: str
    name: str
    def __init__(self, name: _Optional[str] = ..., default_value: _Optional[str] = ..., help: _Optional[str] = ...) -> None: ...

class PolicyActRequest(_message.Message):
    __slots__ = ["action_count", "game", "observation_size"]
    ACTION_COUNT_FIELD_NUMBER: _ClassVar[int]
    GAME_FIELD_NUMBER: _ClassVar[int]
    OBSERVATION_SIZE_FIELD_NUMBER: _ClassVar[int]
    action_count: int
    game: str
    observation_size: int
    def __init__(self, game: _Optional[str] = ..., observation_size: _Optional[int] = ..., action_count: _Optional[int] = ...) -> None: ...

class ReplayReply(_message.Message):
    __slots__ = ["episodes", "messages"]
    EPISODES_FIELD_NUMBER: _ClassVar[int]
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    episodes: int
    messages: int
    def __init__(self, messages: _Optional[int] = ..., episodes: _Optional[int] = ...) -> None: ...

class ResetRequest(_message.Message):
    __slots__ = ["seed", "vector_id"]
    SEED_FIELD_NUMBER: _ClassVar[int]
    VECTOR_ID_FIELD_NUMBER: _ClassVar[int]
    seed: int
    vector_id: int
    def __init__(self, vector_id: _Optional[int] = ..., seed: _Optional[int] = ...) -> None: ...

class SequenceRange(_message.Message):
    __slots__ = ["first", "last"]
    FIRST_FIELD_NUMBER: _ClassVar[int]
    LAST_FIELD_NUMBER: _ClassVar[int]
    first: int
    last: int
    def __init__(self, first: _Optional[int] = ..., last: _Optional[int] = ...) -> None: ...

class SessionReply(_message.Message):
    __slots__ = ["token", "vectors"]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    VECTORS_FIELD_NUMBER: _ClassVar[int]
    token: bytes
    vectors: _containers.RepeatedCompositeFieldContainer[MakeReply]
    def __init__(self, token: _Optional[bytes] = ..., vectors: _Optional[_Iterable[_Union[MakeReply, _Mapping]]] = ...) -> None: ...

class SessionRequest(_message.Message):
    __slots__ = ["token"]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: bytes
    def __init__(self, token: _Optional[bytes] = ...) -> None: ...

class StatsReply(_message.Message):
    __slots__ = ["bytes_kept", "episodes_acknowledged", "episodes_kept", "episodes_lost", "episodes_sent", "lost_ranges", "memory_limit_bytes", "memory_used_bytes", "messages_kept", "messages_queued", "open_sessions", "open_vectors"]
    BYTES_KEPT_FIELD_NUMBER: _ClassVar[int]
    EPISODES_ACKNOWLEDGED_FIELD_NUMBER: _ClassVar[int]
    EPISODES_KEPT_FIELD_NUMBER: _ClassVar[int]
    EPISODES_LOST_FIELD_NUMBER: _ClassVar[int]
    EPISODES_SENT_FIELD_NUMBER: _ClassVar[int]
    LOST_RANGES_FIELD_NUMBER: _ClassVar[int]
    MEMORY_LIMIT_BYTES_FIELD_NUMBER: _ClassVar[int]
    MEMORY_USED_BYTES_FIELD_NUMBER: _ClassVar[int]
    MESSAGES_KEPT_FIELD_NUMBER: _ClassVar[int]
    MESSAGES_QUEUED_FIELD_NUMBER: _ClassVar[int]
    OPEN_SESSIONS_FIELD_NUMBER: _ClassVar[int]
    OPEN_VECTORS_FIELD_NUMBER: _ClassVar[int]
    bytes_kept: int
    episodes_acknowledged: int
    episodes_kept: int
    episodes_lost: int
    episodes_sent: int
    lost_ranges: _containers.RepeatedCompositeFieldContainer[SequenceRange]
    memory_limit_bytes: int
    memory_used_bytes: int
    messages_kept: int
    messages_queued: int
    open_sessions: int
    open_vectors: int
    def __init__(self, episodes_sent: _Optional[int] = ..., messages_kept: _Optional[int] = ..., episodes_kept: _Optional[int] = ..., bytes_kept: _Optional[int] = ..., episodes_acknowledged: _Optional[int] = ..., episodes_lost: _Optional[int] = ..., lost_ranges: _Optional[_Iterable[_Union[SequenceRange, _Mapping]]] = ..., messages_queued: _Optional[int] = ..., open_vectors: _Optional[int] = ..., open_sessions: _Optional[int] = ..., memory_used_bytes: _Optional[int] = ..., memory_limit_bytes: _Optional[int] = ...) -> None: ...

class StepReply(_message.Message):
    __slots__ = ["episodes_finished", "vector_id"]
    EPISODES_FINISHED_FIELD_NUMBER: _ClassVar[int]
    VECTOR_ID_FIELD_NUMBER: _ClassVar[int]
    episodes_finished: int
    vector_id: int
    def __init__(self, vector_id: _Optional[int] = ..., episodes_finished: _Optional[int] = ...) -> None: ...

class StepRequest(_message.Message):
    __slots__ = ["vector_id"]
    VECTOR_ID_FIELD_NUMBER: _ClassVar[int]
    vector_id: int
    def __init__(self, vector_id: _Optional[int] = ...) -> None: ...

class TextRef(_message.Message):
    __slots__ = ["count", "data_frame", "name", "offsets_frame"]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    DATA_FRAME_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OFFSETS_FRAME_FIELD_NUMBER: _ClassVar[int]
    count: int
    data_frame: int
    name: str
    offsets_frame: int
    def __init__(self, name: _Optional[str] = ..., count: _Optional[int] = ..., data_frame: _Optional[int] = ..., offsets_frame: _Optional[int] = ...) -> None: ...

class TrajectoryBatch(_message.Message):
    __slots__ = ["baselines", "episode_count", "episodes_lost", "first_sequence", "game", "mode", "replayed", "role_names", "seat_count", "turn_count", "vector_id"]
    BASELINES_FIELD_NUMBER: _ClassVar[int]
    EPISODES_LOST_FIELD_NUMBER: _ClassVar[int]
    EPISODE_COUNT_FIELD_NUMBER: _ClassVar[int]
    FIRST_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    GAME_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    ROLE_NAMES_FIELD_NUMBER: _ClassVar[int]
    SEAT_COUNT_FIELD_NUMBER: _ClassVar[int]
    TURN_COUNT_FIELD_NUMBER: _ClassVar[int]
    VECTOR_ID_FIELD_NUMBER: _ClassVar[int]
    baselines: _containers.RepeatedScalarFieldContainer[float]
    episode_count: int
    episodes_lost: int
    first_sequence: int
    game: str
    mode: Mode
    replayed: bool
    role_names: _containers.RepeatedScalarFieldContainer[str]
    seat_count: int
    turn_count: int
    vector_id: int
    def __init__(self, first_sequence: _Optional[int] = ..., episode_count: _Optional[int] = ..., turn_count: _Optional[int] = ..., vector_id: _Optional[int] = ..., game: _Optional[str] = ..., mode: _Optional[_Union[Mode, str]] = ..., seat_count: _Optional[int] = ..., role_names: _Optional[_Iterable[str]] = ..., baselines: _Optional[_Iterable[float]] = ..., episodes_lost: _Optional[int] = ..., replayed: bool = ...) -> None: ...

class TrajectoryOptions(_message.Message):
    __slots__ = ["acknowledged", "action_texts", "decay", "enabled", "gamma", "update"]
    ACKNOWLEDGED_FIELD_NUMBER: _ClassVar[int]
    ACTION_TEXTS_FIELD_NUMBER: _ClassVar[int]
    DECAY_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    GAMMA_FIELD_NUMBER: _ClassVar[int]
    UPDATE_FIELD_NUMBER: _ClassVar[int]
    acknowledged: bool
    action_texts: bool
    decay: float
    enabled: bool
    gamma: float
    update: BaselineUpdate
    def __init__(self, enabled: bool = ..., decay: _Optional[float] = ..., update: _Optional[_Union[BaselineUpdate, str]] = ..., gamma: _Optional[float] = ..., action_texts: bool = ..., acknowledged: bool = ...) -> None: ...

class Kind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class DType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class Mode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class BaselineUpdate(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class ErrorCode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
