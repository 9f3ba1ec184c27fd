"""One ``games serve`` per Ray actor, bound to its node's address, and the keys to reach it."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import ray
import zmq

from ..server import LocalServer, find_games_binary


@dataclass(frozen=True)
class CurveKeys:
    """The client key pair a pool shares with everyone who talks to its servers (Z85 text).

    Every server of a pool lets in exactly this public key (``--authorized-keys``); each server
    has a key pair of its own, made on its node (``ServerInfo.public_key``).
    """

    public: str
    secret: str

    @classmethod
    def generate(cls) -> CurveKeys:
        """A fresh pair (libsodium through pyzmq, as ``games keygen`` makes them)."""
        public, secret = zmq.curve_keypair()
        return cls(public.decode(), secret.decode())


@dataclass(frozen=True)
class ServerInfo:
    """Where one pooled ``games serve`` listens.

    Attributes:
        index: the server's number in its pool (never reused, also after a replacement).
        endpoint: the request channel (``Client``).
        trajectory_endpoint: the trajectory channel (``TrajectoryStream``).
        public_key: the server's CURVE public key (Z85); None for a pool made with ``insecure``.
        node_id: the Ray node it runs on.
        node_ip: that node's address, which both channels bind.
    """

    index: int
    endpoint: str
    trajectory_endpoint: str
    public_key: Optional[str]
    node_id: str
    node_ip: str

    def connection(self, keys: Optional[CurveKeys]) -> Dict[str, Any]:
        """Keyword arguments for ``Client``/``TrajectoryStream`` to reach this server."""
        if self.public_key is None or keys is None:
            return {}
        return {"server_public_key": self.public_key, "client_key_pair": (keys.public, keys.secret)}


class GamesServerActor:
    """Runs ``games serve`` on the node this actor is placed on (wrap with ``ray.remote``;
    ``ServerPool`` does). Both channels bind the node's address on free ports.

    With ``client_public_key`` the server makes its own key pair on its node (``games
    keygen``; the secret key never leaves the node) and lets in only that client key. Without
    it the server runs ``--insecure``: anyone who reaches the node may use it.

    Args:
        index: the server's number in its pool.
        client_public_key: the pool's client public key (Z85), or None for ``--insecure``.
        binary: the ``games`` executable on this node (default: ``find_games_binary``, so
            ``$SELFPLAY_GAMES_BIN`` or ``games`` on the node's PATH).
        extra_args: more ``games serve`` arguments (limits, ``--busy-poll``, ...).

    Raises:
        FileNotFoundError: no ``games`` executable on this node.
        RuntimeError: the server did not start (its standard error is in the message).
    """

    def __init__(self, index: int, client_public_key: Optional[str], binary: Optional[str] = None,
                 extra_args: Sequence[str] = ()) -> None:
        executable = find_games_binary(binary)
        self._directory = Path(tempfile.mkdtemp(prefix="selfplay-server-"))
        node_address: Callable[[], str] = ray.util.get_node_ip_address  # untyped in Ray
        node_ip = node_address()
        try:
            security, public_key = self._security(executable, client_public_key)
            self._server = LocalServer(executable, host=node_ip, extra_args=[*security, *extra_args])
        except BaseException:
            shutil.rmtree(self._directory, ignore_errors=True)
            raise
        self._info = ServerInfo(index=index, endpoint=self._server.endpoint,
                                trajectory_endpoint=self._server.trajectory_endpoint, public_key=public_key,
                                node_id=ray.get_runtime_context().get_node_id(), node_ip=node_ip)

    def _security(self, executable: str, client_public_key: Optional[str]) -> Tuple[List[str], Optional[str]]:
        """The ``games serve`` flags that protect it, and its public key (None: insecure)."""
        if client_public_key is None:
            return ["--insecure"], None
        prefix = self._directory / "server"
        made = subprocess.run([executable, "keygen", str(prefix)], capture_output=True, text=True, timeout=60)
        if made.returncode != 0:
            raise RuntimeError(f"games keygen failed on this node: {made.stderr.strip()}")
        authorized = self._directory / "authorized"
        authorized.mkdir()
        (authorized / "pool.pub").write_text(client_public_key + "\n")
        public_key = prefix.with_suffix(".pub").read_text().strip()
        return ["--curve-secret-key", str(prefix.with_suffix(".key")), "--authorized-keys", str(authorized)], public_key

    def info(self) -> ServerInfo:
        """Where the server listens."""
        return self._info

    def running(self) -> bool:
        """Whether the ``games serve`` process is still up (the actor may outlive it)."""
        return self._server.running

    def stderr(self) -> List[str]:
        """What the server wrote on standard error so far (refused keys, warnings)."""
        return list(self._server.stderr_lines)

    def pid(self) -> int:
        """The ``games serve`` process id (for tests that stop it from outside)."""
        return self._server.process.pid

    def stop(self) -> int:
        """Stops the server (SIGINT: queued trajectories get 2 s to go out) and returns its exit code."""
        code = self._server.close()
        shutil.rmtree(self._directory, ignore_errors=True)
        return code
