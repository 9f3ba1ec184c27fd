"""SelfPlay on a Ray cluster: ``games serve`` on every node, vectors and trajectory streams
spread over them, LLM self-play loops as actors (docs/scaling.md).

Needs Ray (``pip install "selfplay[ray]"``); ``import selfplay`` alone never imports it.

- ``ServerPool`` starts one ``games serve`` per node (a placement group, spread), each with its
  own CURVE key pair, and hands out clients holding the pool's client key pair.
- ``ClusterVectorEnv`` spreads a batch of games over the pool's servers behind ``VectorEnv``'s
  ``reset``/``step``; when a server's node dies it recreates the lost games elsewhere and
  reports what was lost (``FaultReport``).
- ``MergedTrajectoryStream`` reads every server's trajectory channel and keeps each server's
  sequence numbers, reporting gaps and repeats.
- ``SelfPlayWorker`` runs a ``SelfPlayLoop`` in an actor whose ``generate`` is another actor.
"""

from __future__ import annotations

try:
    import ray as _ray  # noqa: F401  (only to fail early with the fix in the message)
except ImportError as error:  # pragma: no cover - exercised only without Ray
    raise ImportError('selfplay.ray needs Ray: pip install "selfplay[ray]" (or pip install ray)') from error

from .loops import SelfPlayWorker, remote_generate
from .pool import PooledServer, ServerPool
from .servers import CurveKeys, GamesServerActor, ServerInfo
from .streams import MergedTrajectoryStream, SequenceGap, SequenceTracker, ServerBatch
from .vectors import ClusterVectorEnv, FaultReport

__all__ = [
    "ClusterVectorEnv", "CurveKeys", "FaultReport", "GamesServerActor", "MergedTrajectoryStream", "PooledServer",
    "SelfPlayWorker", "SequenceGap", "SequenceTracker", "ServerBatch", "ServerInfo", "ServerPool", "remote_generate",
]
