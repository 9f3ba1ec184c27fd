"""Starting a local ``games serve`` process (tests, benchmarks, notebooks)."""

from __future__ import annotations

import ctypes
import re
import signal
import subprocess
import sys
import threading
from typing import Any, Callable, List, Optional, Sequence

_BANNER = re.compile(r"requests on (\S+), trajectories on (\S+)")


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

    Attributes:
        endpoint: the request endpoint (for ``Client``).
        trajectory_endpoint: the trajectory endpoint (for ``TrajectoryStream``).
    """

    def __init__(self, binary: str, *, max_message_bytes: Optional[int] = None, hwm: Optional[int] = None,
                 extra_args: Sequence[str] = (), startup_timeout: float = 30.0) -> None:
        command: List[str] = [binary, "serve", "--bind", "tcp://127.0.0.1:*", "--trajectories", "tcp://127.0.0.1:*"]
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

    def __enter__(self) -> "LocalServer":
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
