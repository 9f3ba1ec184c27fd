"""Over the wire a client names built-in opponents, or policy files the operator offers in a
directory: never a path of its choosing, and every refusal reads the same."""

import subprocess
from pathlib import Path
from typing import Iterator

import pytest

from selfplay import Client, InvalidArgumentError, LocalServer


@pytest.fixture(scope="module")
def policy_dir(binary: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("policies")
    subprocess.run([binary, "solve", "kuhn_poker", "--iterations", "50", "--save", str(directory / "kuhn.json")],
                   check=True, capture_output=True, timeout=300)
    (directory.parent / "secret.json").write_text((directory / "kuhn.json").read_text())
    (directory / "escape.json").symlink_to(directory.parent / "secret.json")
    return directory


@pytest.fixture(scope="module")
def policy_server(binary: str, policy_dir: Path) -> Iterator[LocalServer]:
    with LocalServer(binary, extra_args=["--policy-dir", str(policy_dir)]) as running:
        yield running


def refusal(client: Client, opponent: str) -> str:
    with pytest.raises(InvalidArgumentError) as refused:
        client.make_vector("kuhn_poker", batch_size=1, opponent=opponent, agent_seats=[0])
    return refused.value.message


def test_paths_outside_the_policy_directory_all_get_the_same_refusal(policy_server: LocalServer, policy_dir: Path) -> None:
    with Client(policy_server.endpoint, timeout=60) as client:
        names = ["/etc/shadow", "/etc/passwd", "/no/such/file", "../secret.json", str(policy_dir.parent / "secret.json"),
                 "escape.json", "missing.json", "."]
        messages = {refusal(client, "tabular:" + name) for name in names}
        assert len(messages) == 1, messages
        assert "--policy-dir" in messages.pop()


def test_a_policy_file_in_the_policy_directory_is_played_by_name(policy_server: LocalServer) -> None:
    with Client(policy_server.endpoint, timeout=60) as client:
        env = client.make_vector("kuhn_poker", batch_size=4, opponent="tabular:kuhn.json", agent_seats=[0], auto_reset=True)
        state = env.reset()
        for _ in range(6):
            state = env.step(state.legal_masks.argmax(axis=1))
        assert (state.current_seats == 0).all()


def test_without_a_policy_directory_no_file_is_read(server: LocalServer, policy_dir: Path) -> None:
    with Client(server.endpoint, timeout=60) as client:
        assert refusal(client, f"tabular:{policy_dir / 'kuhn.json'}") == refusal(client, "tabular:/etc/shadow")
        assert "tabular:NAME" not in client.server_info().policies


def test_cfr_opponents_are_served_to_several_vectors(server: LocalServer) -> None:
    with Client(server.endpoint, timeout=120) as client:
        for _ in range(2):
            env = client.make_vector("kuhn_poker", batch_size=2, opponent="cfr", agent_seats=[1])
            env.reset()
            env.close()
