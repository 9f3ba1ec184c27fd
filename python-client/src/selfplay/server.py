"""Starting a local ``games serve`` process (tests, benchmarks, notebooks)."""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from typing import TYPE_CHECKING, Any, Callable, List, Optional, Sequence, Tuple

if TYPE_CHECKING:
    from .client import Client

_BANNER = re.compile(r"requests on (\S+), trajectories on (\S+)")

#: Seconds an adapter given an endpoint waits for the server's first answer before it says that
#: nothing is listening there (a ZeroMQ connect succeeds even with no server).
SERVER_CHECK_TIMEOUT = 5.0


def find_games_binary(explicit: Optional[str] = None) -> str:
    """The ``games`` executable: ``explicit``, else ``$SELFPLAY_GAMES_BIN``, else ``games`` on PATH.

    Raises:
        FileNotFoundError: none of them names an existing file; the message says how to get one.
    """
    for candidate in (explicit, os.environ.get("SELFPLAY_GAMES_BIN"), shutil.which("games")):
        if candidate and os.path.isfile(candidate):
            return candidate
    tried = f"{explicit!r} does not exist; " if explicit else ""
    raise FileNotFoundError(
        f"{tried}no `games` executable found: build one with `swift build -c release` in the SelfPlay "
        "checkout and set SELFPLAY_GAMES_BIN=.build/release/games (or put it on PATH), or pass the endpoint "
        "of a running `games serve`")


def _stop_with_parent() -> Optional[Callable[[], None]]:
    """On Linux, a function for ``Popen(preexec_fn=...)`` that asks the kernel to send the child
    SIGTERM when its parent dies, so a server outlives no killed trainer; None elsewhere.

    The kernel ties the signal to the thread that starts the child, not to the process, so it is
    arranged only from the main thread: a server started by a worker thread that then ends must
    not stop with it (such a server is stopped by ``close`` or at exit only)."""
    if not sys.platform.startswith("linux") or threading.current_thread() is not threading.main_thread():
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    pr_set_pdeathsig = 1

    def arrange() -> None:
        libc.prctl(pr_set_pdeathsig, int(signal.SIGTERM), 0, 0, 0)

    return arrange


class LocalServer:
    """Runs ``games serve`` on free loopback ports until closed (or until this process dies:
    on Linux the server is stopped with its parent, even one killed with SIGKILL).

    Args:
        binary: path of the ``games`` executable.
        max_message_bytes: the server's request size limit.
        hwm: the trajectory channel's high-water mark.
        extra_args: more command-line arguments.
        startup_timeout: seconds to wait for the server's banner.
        host: the address both channels bind (a free port each). Anything but loopback needs
            CURVE (``--curve-secret-key`` and ``--authorized-keys`` in ``extra_args``) or
            ``--insecure`` (docs/protocol.md, Security).

    Attributes:
        endpoint: the request endpoint (for ``Client``).
        trajectory_endpoint: the trajectory endpoint (for ``TrajectoryStream``).
    """

    def __init__(self, binary: str, *, max_message_bytes: Optional[int] = None, hwm: Optional[int] = None,
                 extra_args: Sequence[str] = (), startup_timeout: float = 30.0, host: str = "127.0.0.1") -> None:
        command: List[str] = [binary, "serve", "--bind", f"tcp://{host}:*", "--trajectories", f"tcp://{host}:*"]
        if max_message_bytes is not None:
            command += ["--max-message-bytes", str(max_message_bytes)]
        if hwm is not None:
            command += ["--hwm", str(hwm)]
        command += list(extra_args)
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        preexec_fn=_stop_with_parent())
        self.stderr_lines: List[str] = []
        banner: List[str] = []
        ready = threading.Event()

        def read_stdout() -> None:
            assert self.process.stdout is not None
            for line in self.process.stdout:
                if not banner:
                    banner.append(line)
                    ready.set()
            ready.set()

        def read_stderr() -> None:
            assert self.process.stderr is not None
            for line in self.process.stderr:
                self.stderr_lines.append(line)

        self._readers = [threading.Thread(target=read_stdout, daemon=True),
                         threading.Thread(target=read_stderr, daemon=True)]
        for reader in self._readers:
            reader.start()
        if not ready.wait(startup_timeout) or not banner:
            self.close()
            raise RuntimeError(f"games serve did not start: {''.join(self.stderr_lines)}")
        match = _BANNER.search(banner[0])
        if match is None:
            self.close()
            raise RuntimeError(f"unexpected banner from games serve: {banner[0]!r}")
        self.endpoint, self.trajectory_endpoint = match.group(1), match.group(2)

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def close(self, timeout: float = 10.0) -> int:
        """Stops the server with SIGINT (a clean stop) and returns its exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for reader in self._readers:  # they end at the pipes' end of file, once the server is gone
            reader.join(timeout)
        for pipe in (self.process.stdout, self.process.stderr):
            if pipe is not None:
                pipe.close()
        return self.process.returncode


def connect_or_start(endpoint: Optional[str], binary: Optional[str] = None,
                     check_timeout: float = SERVER_CHECK_TIMEOUT) -> Tuple[Client, Optional[LocalServer]]:
    """A client for ``endpoint``, or, when ``endpoint`` is None, for a new ``LocalServer``.

    The adapters use this so that an environment made without an endpoint just works, and one
    made with a wrong endpoint fails at once instead of at its first request's timeout.

    Returns:
        The client and the server started for it (None when ``endpoint`` was given); the caller
        closes both.

    Raises:
        FileNotFoundError: no endpoint and no ``games`` executable (see ``find_games_binary``).
        ConnectionError: nothing answered at ``endpoint`` within ``check_timeout`` seconds.
    """
    from .client import Client
    from .errors import RequestTimeout

    if endpoint is None:
        server = LocalServer(find_games_binary(binary))
        return Client(server.endpoint), server
    client = Client(endpoint)
    try:
        client.server_info(timeout=check_timeout)
    except RequestTimeout:
        client.close()
        raise ConnectionError(
            f"no `games serve` answered at {endpoint} within {check_timeout:g} s: start one with "
            f"`games serve --bind {endpoint}`, or pass endpoint=None to start a local server") from None
    return client, None
