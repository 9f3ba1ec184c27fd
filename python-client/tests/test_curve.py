"""CURVE on a real `games serve`: keys from `games keygen`, authorized clients served, others
refused during the handshake, and no unauthenticated bind beyond loopback without --insecure."""

from __future__ import annotations

import os
import stat
import subprocess
import time
from pathlib import Path
from typing import Iterator, Tuple

import numpy as np
import pytest

from selfplay import Client, LocalServer, RequestTimeout, TrajectoryStream, load_curve_key

KeyFiles = Tuple[Path, Path]  # (.pub, .key)


def said(server: LocalServer, text: str, within: float = 5.0) -> bool:
    """Whether the server wrote a line holding ``text`` on stderr (read by another thread)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if any(text in line for line in server.stderr_lines):
            return True
        time.sleep(0.05)
    return False


def keygen(binary: str, prefix: Path) -> KeyFiles:
    result = subprocess.run([binary, "keygen", str(prefix)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return prefix.with_suffix(".pub"), prefix.with_suffix(".key")


@pytest.fixture(scope="module")
def keys(binary: str, tmp_path_factory: pytest.TempPathFactory) -> Tuple[KeyFiles, KeyFiles, KeyFiles, Path]:
    """The server's pair, an authorized client's, a stranger's, and the authorized-keys directory."""
    root = tmp_path_factory.mktemp("curve")
    server_keys = keygen(binary, root / "server")
    client_keys = keygen(binary, root / "client")
    stranger_keys = keygen(binary, root / "stranger")
    authorized = root / "authorized"
    authorized.mkdir()
    (authorized / "client.pub").write_bytes(client_keys[0].read_bytes())
    return server_keys, client_keys, stranger_keys, authorized


@pytest.fixture(scope="module")
def curve_server(binary: str, keys: Tuple[KeyFiles, KeyFiles, KeyFiles, Path]) -> Iterator[LocalServer]:
    server_keys, _, _, authorized = keys
    with LocalServer(binary, extra_args=["--curve-secret-key", str(server_keys[1]),
                                         "--authorized-keys", str(authorized)]) as running:
        yield running


def test_keygen_writes_a_private_secret_key_and_refuses_to_overwrite(binary: str, tmp_path: Path) -> None:
    public, secret = keygen(binary, tmp_path / "pair")
    assert stat.S_IMODE(os.stat(secret).st_mode) == 0o600
    assert len(load_curve_key(public)) == 40 and len(load_curve_key(secret)) == 40
    assert load_curve_key(public) != load_curve_key(secret)
    before = secret.read_bytes()
    again = subprocess.run([binary, "keygen", str(tmp_path / "pair")], capture_output=True, text=True, timeout=30)
    assert again.returncode != 0 and "already exists" in again.stderr
    assert secret.read_bytes() == before


def test_an_authorized_client_plays_and_receives_trajectories(
        curve_server: LocalServer, keys: Tuple[KeyFiles, KeyFiles, KeyFiles, Path]) -> None:
    server_keys, client_keys, _, _ = keys
    with Client(curve_server.endpoint, timeout=20, server_public_key=server_keys[0], client_key_pair=client_keys) as client, \
            TrajectoryStream(curve_server.trajectory_endpoint, timeout=20, server_public_key=server_keys[0],
                             client_key_pair=(load_curve_key(client_keys[0]).decode(), load_curve_key(client_keys[1]))) as stream:
        env = client.make_vector("tic_tac_toe", batch_size=4, seed=1, trajectories=True)
        rng = np.random.default_rng(0)
        state = env.reset()
        while (state.current_seats >= 0).any():
            masks = state.legal_masks
            state = env.step(np.array([rng.choice(np.flatnonzero(m)) if m.any() else 0 for m in masks]))
        episodes = 0
        while episodes < 4:  # one message per episode length
            batch = stream.receive()
            assert batch is not None and batch.game == "tic_tac_toe"
            episodes += batch.episode_count
        assert episodes == 4
        env.close()


def test_clients_without_an_authorized_key_get_nothing_and_the_server_keeps_serving(
        curve_server: LocalServer, keys: Tuple[KeyFiles, KeyFiles, KeyFiles, Path]) -> None:
    server_keys, client_keys, stranger_keys, _ = keys
    with Client(curve_server.endpoint, timeout=1.5, server_public_key=server_keys[0], client_key_pair=stranger_keys) as stranger:
        with pytest.raises(RequestTimeout, match="refused this client's CURVE key"):
            stranger.list_games()
    with Client(curve_server.endpoint, timeout=1.5, server_public_key=stranger_keys[0], client_key_pair=client_keys) as misled:
        with pytest.raises(RequestTimeout, match="CURVE"):
            misled.list_games()  # a server key that is not the server's: the handshake fails
    with Client(curve_server.endpoint, timeout=1.5) as keyless:
        with pytest.raises(RequestTimeout, match="may require CURVE keys"):
            keyless.list_games()
    with TrajectoryStream(curve_server.trajectory_endpoint, timeout=0.5) as keyless_stream:
        assert keyless_stream.receive() is None
    with Client(curve_server.endpoint, timeout=20, server_public_key=server_keys[0], client_key_pair=client_keys) as client:
        assert any(game.name == "tic_tac_toe" for game in client.list_games())
    assert curve_server.running
    assert said(curve_server, "is not in --authorized-keys")


def test_a_request_after_a_refused_handshake_times_out_instead_of_blocking(
        curve_server: LocalServer, keys: Tuple[KeyFiles, KeyFiles, KeyFiles, Path]) -> None:
    # Once a handshake has failed, libzmq drops the connection and its queue, so the DEALER has
    # nothing to send on: without a send timeout the first request blocked forever.
    server_keys, _, stranger_keys, _ = keys
    with Client(curve_server.endpoint, timeout=1.0, server_public_key=server_keys[0], client_key_pair=stranger_keys) as stranger:
        time.sleep(1.0)  # the handshake fails long before this
        for _ in range(2):
            with pytest.raises(RequestTimeout, match="CURVE"):
                stranger.list_games()
    assert curve_server.running


def test_curve_flags_are_checked(binary: str, keys: Tuple[KeyFiles, KeyFiles, KeyFiles, Path], tmp_path: Path) -> None:
    server_keys, _, _, authorized = keys
    bad = tmp_path / "bad.key"
    bad.write_text("not a key\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    for arguments, message in [
        (["--curve-secret-key", str(server_keys[1])], "needs --authorized-keys"),
        (["--authorized-keys", str(authorized)], "needs --curve-secret-key"),
        (["--curve-secret-key", str(tmp_path / "missing.key"), "--authorized-keys", str(authorized)], "does not exist"),
        (["--curve-secret-key", str(bad), "--authorized-keys", str(authorized)], "is malformed"),
        (["--curve-secret-key", str(server_keys[1]), "--authorized-keys", str(empty)], "holds no .pub file"),
        (["--curve-secret-key", str(server_keys[1]), "--authorized-keys", str(tmp_path / "nowhere")], "is not a directory"),
    ]:
        command = [binary, "serve", "--bind", "tcp://127.0.0.1:*", "--trajectories", "tcp://127.0.0.1:*", *arguments]
        result = subprocess.run(command, capture_output=True, text=True, timeout=30)
        assert result.returncode == 64, (arguments, result.stderr)
        assert message in result.stderr, (arguments, result.stderr)


def test_a_wildcard_bind_without_curve_needs_insecure(binary: str) -> None:
    result = subprocess.run([binary, "serve", "--bind", "tcp://0.0.0.0:*", "--trajectories", "tcp://127.0.0.1:*"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 64
    assert "tcp://0.0.0.0:* is not a loopback address" in result.stderr
    assert "--curve-secret-key" in result.stderr and "--insecure" in result.stderr
    server = LocalServer(binary, extra_args=["--bind", "tcp://0.0.0.0:*", "--insecure"])
    try:
        # The later --bind wins: the server listens on every interface, and says so.
        assert "0.0.0.0" in server.endpoint
        with Client(server.endpoint.replace("0.0.0.0", "127.0.0.1"), timeout=20) as client:
            assert client.list_games()
        assert said(server, "has no CURVE (--insecure)")
    finally:
        server.close()


def test_client_keys_are_checked_before_connecting(keys: Tuple[KeyFiles, KeyFiles, KeyFiles, Path], tmp_path: Path) -> None:
    server_keys, client_keys, _, _ = keys
    with pytest.raises(ValueError, match="needs both server_public_key and client_key_pair"):
        Client("tcp://127.0.0.1:1", client_key_pair=client_keys)
    with pytest.raises(ValueError, match="needs both server_public_key and client_key_pair"):
        TrajectoryStream("tcp://127.0.0.1:1", server_public_key=server_keys[0])
    with pytest.raises(ValueError, match="not a CURVE key"):
        Client("tcp://127.0.0.1:1", server_public_key="no such file", client_key_pair=client_keys)
    broken = tmp_path / "broken.pub"
    broken.write_text("x" * 12)
    with pytest.raises(ValueError, match="does not hold a CURVE key"):
        load_curve_key(broken)
    assert load_curve_key(load_curve_key(server_keys[0]).decode()) == load_curve_key(server_keys[0])
