"""Types shared by the client and its vectors: what a server says about its games."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Tuple

from . import protocol_pb2 as pb

__all__ = ["GameEntry", "GameSpec"]


@dataclass(frozen=True)
class GameSpec:
    """The shape of a vector's game, from the MAKE reply."""

    game: str
    seat_count: int
    action_count: int
    observation_shape: Tuple[int, ...]
    role_names: Tuple[str, ...]
    max_game_length: int
    min_return: float
    max_return: float
    utility: str
    #: Every observation value is 0 or 1: ``make_vector(..., observation_dtype="uint8")`` works.
    binary_observations: bool = False
    #: The version of the game's rules (its card's version history; 0 from a server that does
    #: not say): data made under different versions may differ for the same seed.
    rules_version: int = 0

    @classmethod
    def from_wire(cls, spec: pb.GameSpec) -> GameSpec:
        return cls(
            game=spec.game,
            seat_count=spec.seat_count,
            action_count=spec.action_count,
            observation_shape=tuple(spec.observation_shape),
            role_names=tuple(spec.role_names),
            max_game_length=spec.max_game_length,
            min_return=spec.min_return,
            max_return=spec.max_return,
            utility=spec.utility,
            binary_observations=spec.binary_observations,
            rules_version=spec.rules_version,
        )


@dataclass(frozen=True)
class GameEntry:
    """A game the server offers (``Client.list_games``): its parameters with their defaults."""

    name: str
    long_name: str
    summary: str
    parameters: Dict[str, str] = field(default_factory=dict)
