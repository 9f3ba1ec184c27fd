"""A pool of ``games serve`` processes, one per Ray node by default, with their keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Sequence

import ray
from ray.exceptions import ActorUnavailableError, GetTimeoutError, RayActorError
from ray.util.placement_group import PlacementGroup, placement_group, remove_placement_group
from ray.util.scheduling_strategies import PlacementGroupSchedulingStrategy

from ..client import Client
from ..trajectories import TrajectoryStream
from .servers import CurveKeys, GamesServerActor, ServerInfo

#: Ray's placement strategies: the SPREAD ones put servers on different nodes (STRICT_SPREAD
#: insists, one per node), the PACK ones on as few nodes as possible.
STRATEGIES = ("STRICT_SPREAD", "SPREAD", "PACK", "STRICT_PACK")


@dataclass
class PooledServer:
    """A server of the pool: where it listens, its actor, and its placement-group bundle."""

    info: ServerInfo
    actor: Any  # ray.actor.ActorHandle of a GamesServerActor
    bundle: int
    alive: bool = True


class ServerPool:
    """Starts ``games serve`` on Ray nodes and hands out connections to them.

    Every server gets ``cpus_per_server`` CPUs of a placement-group bundle (a server serves
    everything on one thread; the second CPU of a bundle would sit idle). With CURVE (the
    default) each server makes its own key pair on its node and lets in only the pool's client
    key pair (``keys``), which the pool passes to every ``Client`` and stream it makes; the
    channels then bind the node's address. ``insecure`` binds it without keys (trusted
    networks only: anyone who reaches the node may play and read the trajectories).

    Args:
        servers: how many servers; default one per live node with ``cpus_per_server`` CPUs.
        binary: the ``games`` executable's path on every node (default: each node's
            ``$SELFPLAY_GAMES_BIN`` or ``games`` on its PATH).
        strategy: the placement group's strategy, one of ``STRATEGIES``.
        cpus_per_server: CPUs each server's bundle reserves.
        insecure: no CURVE (``games serve --insecure``).
        extra_args: more ``games serve`` arguments for every server.
        startup_timeout: seconds to wait for the placement group and the servers.

    Raises:
        ValueError: a bad count, strategy or CPU figure; the message says what is accepted.
        TimeoutError: the cluster cannot place the servers (too few nodes or CPUs) in time.
        RuntimeError: Ray is not initialised (call ``ray.init(...)`` first).
    """

    def __init__(self, servers: Optional[int] = None, *, binary: Optional[str] = None, strategy: str = "STRICT_SPREAD",
                 cpus_per_server: float = 1.0, insecure: bool = False, extra_args: Sequence[str] = (),
                 startup_timeout: float = 120.0) -> None:
        if not ray.is_initialized():
            raise RuntimeError("ServerPool needs a Ray cluster: call ray.init(address=...) first")
        if strategy not in STRATEGIES:
            raise ValueError(f"strategy must be one of {', '.join(STRATEGIES)}, got {strategy!r}")
        if not cpus_per_server > 0:
            raise ValueError(f"cpus_per_server must be a positive number of CPUs, got {cpus_per_server!r}")
        count = _nodes_with_cpus(cpus_per_server) if servers is None else servers
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise ValueError(f"servers must be a positive number of servers (None: one per node), got {servers!r}")
        self.keys: Optional[CurveKeys] = None if insecure else CurveKeys.generate()
        self.startup_timeout = startup_timeout
        self._binary = binary
        self._extra_args = list(extra_args)
        self._cpus = cpus_per_server
        self._actor_class = ray.remote(GamesServerActor)
        self._group: PlacementGroup = placement_group([{"CPU": cpus_per_server}] * count, strategy=strategy)
        ready, _ = ray.wait([self._group.ready()], timeout=startup_timeout)
        if not ready:
            remove_placement_group(self._group)
            raise TimeoutError(
                f"Ray could not place {count} servers of {cpus_per_server:g} CPU with {strategy} within "
                f"{startup_timeout:g} s: the cluster has {_nodes_with_cpus(cpus_per_server)} live nodes with that "
                "many CPUs (STRICT_SPREAD needs one node per server; ask for fewer servers or use SPREAD)")
        #: Every server the pool started, by index, lost ones included.
        self.members: List[PooledServer] = []
        #: Counts changes of the live servers (losses, replacements); streams resynchronise on it.
        self.version = 0
        actors = [self._start(index, bundle=index) for index in range(count)]
        try:
            infos = ray.get([actor.info.remote() for actor in actors], timeout=startup_timeout)
        except BaseException:
            self.close()
            for actor in actors:
                ray.kill(actor)
            raise
        self.members = [PooledServer(info, actor, bundle=index) for index, (info, actor) in enumerate(zip(infos, actors))]

    def _start(self, index: int, bundle: int) -> Any:
        strategy = PlacementGroupSchedulingStrategy(self._group, placement_group_bundle_index=bundle)
        return self._actor_class.options(num_cpus=self._cpus, scheduling_strategy=strategy).remote(
            index, None if self.keys is None else self.keys.public, self._binary, self._extra_args)

    def __enter__(self) -> ServerPool:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def servers(self) -> List[ServerInfo]:
        """The live servers, in index order."""
        return [member.info for member in self.members if member.alive]

    def actor(self, server: ServerInfo) -> Any:
        """The ``GamesServerActor`` handle of a server (its ``stderr``, ``running``, ...)."""
        return self.members[server.index].actor

    def client(self, server: ServerInfo, **options: Any) -> Client:
        """A ``Client`` for ``server`` holding the pool's keys; ``options`` go to ``Client``."""
        return Client(server.endpoint, **server.connection(self.keys), **options)

    def trajectory_stream(self, server: ServerInfo, **options: Any) -> TrajectoryStream:
        """A ``TrajectoryStream`` on ``server``'s trajectory channel holding the pool's keys."""
        return TrajectoryStream(server.trajectory_endpoint, **server.connection(self.keys), **options)

    def check(self, server: ServerInfo, timeout: float = 1.0) -> Optional[bool]:
        """Whether ``server`` is alive: True, False (its actor, node or process is gone), or
        None when Ray did not answer within ``timeout`` seconds (a slow or unreachable node)."""
        member = self.members[server.index]
        if not member.alive:
            return False
        try:
            return bool(ray.get(member.actor.running.remote(), timeout=timeout))
        except ActorUnavailableError:  # unreachable for now, may come back: not known to be dead
            return None
        except RayActorError:  # ActorDiedError and older Rays' plain RayActorError
            return False
        except GetTimeoutError:
            return None

    def sweep(self, timeout: float = 1.0) -> List[ServerInfo]:
        """Checks every live server (``check``), takes the dead ones out of the pool
        (``mark_lost``) and returns them; servers that did not answer in time stay."""
        lost = [server for server in self.servers if self.check(server, timeout) is False]
        for server in lost:
            self.mark_lost(server)
        return lost

    def mark_lost(self, server: ServerInfo) -> None:
        """Takes ``server`` out of the pool (its actor is killed if it still runs)."""
        member = self.members[server.index]
        if member.alive:
            member.alive = False
            self.version += 1
            ray.kill(member.actor, no_restart=True)

    def replace(self, lost: ServerInfo, timeout: Optional[float] = None) -> Optional[ServerInfo]:
        """Starts a server in the lost server's placement-group bundle, which Ray moves to a node
        with room (for STRICT_SPREAD, one without a server of this pool).

        Returns:
            The new server, or None when Ray could not place or start it within ``timeout``
            seconds (default ``startup_timeout``): the cluster has no room for it.
        """
        member = self.members[lost.index]
        if member.alive:
            raise ValueError(f"server {lost.index} is alive: mark_lost(server) before replacing it")
        index = len(self.members)
        actor = self._start(index, bundle=member.bundle)
        try:
            info: ServerInfo = ray.get(actor.info.remote(), timeout=self.startup_timeout if timeout is None else timeout)
        except (GetTimeoutError, RayActorError):
            ray.kill(actor, no_restart=True)
            return None
        self.members.append(PooledServer(info, actor, bundle=member.bundle))
        self.version += 1
        return info

    def close(self, timeout: float = 15.0) -> None:
        """Stops every live server and releases the placement group."""
        live = [member for member in self.members if member.alive]
        if live:
            ray.wait([member.actor.stop.remote() for member in live], num_returns=len(live), timeout=timeout)
        for member in live:
            member.alive = False
            ray.kill(member.actor, no_restart=True)
        self.version += 1
        remove_placement_group(self._group)


def _nodes_with_cpus(cpus: float) -> int:
    list_nodes: Callable[[], List[Dict[str, Any]]] = ray.nodes  # untyped in Ray
    nodes = list_nodes()
    return sum(1 for node in nodes if node.get("Alive") and node.get("Resources", {}).get("CPU", 0) >= cpus)
