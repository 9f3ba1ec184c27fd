"""Starting a local ``games serve`` process (tests, benchmarks, notebooks)."""

from __future__ import annotations

import re
import signal
import subprocess
import threading
from typing import Any, List, Optional, Sequence

_BANNER = re.compile(r"requests on (\S+), trajectories on (\S+)")


class LocalServer:
    """Runs ``games serve`` on free loopback ports until closed.

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
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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

        threading.Thread(target=read_stdout, daemon=True).start()
        threading.Thread(target=read_stderr, daemon=True).start()
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
        return self.process.returncode
