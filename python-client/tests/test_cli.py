"""The `games` command line as a user and a script meet it: one grammar for the game, exit
statuses (64 for a wrong command line, 1 for other failures), error texts, `play`,
`rollout`'s per-seat policies, `show --json`, progress only on a terminal, and the ratings
`selfplay` prints."""

from __future__ import annotations

import json
import os
import pty
import subprocess
from pathlib import Path
from typing import List, Optional

import numpy as np
import pytest

from selfplay import PolicyServer

USAGE = 64


def games(binary: str, *arguments: str, stdin: Optional[str] = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([binary, *arguments], input=stdin if stdin is not None else "", capture_output=True,
                          text=True, timeout=timeout)


# Each command that plays a game, with arguments that keep it quick.
GAME_COMMANDS = [
    ("show", "tic_tac_toe", []),
    ("playthrough", "tic_tac_toe", ["--seed", "3"]),
    ("infostates", "kuhn_poker", ["--json"]),
    ("solve", "kuhn_poker", ["--iterations", "5", "--json"]),
    ("selfplay", "tic_tac_toe", ["--episodes", "20", "--policies", "random,first_legal", "--json"]),
    ("werewolf-stats", "werewolf", ["--episodes", "4"]),
]


@pytest.mark.parametrize("command,game,extra", GAME_COMMANDS, ids=[entry[0] for entry in GAME_COMMANDS])
def test_every_command_takes_the_game_first_and_as_game_option_alike(binary: str, command: str, game: str,
                                                                     extra: List[str]) -> None:
    positional = games(binary, command, game, *extra)
    assert positional.returncode == 0, positional.stderr
    option = games(binary, command, "--game", game, *extra)
    assert option.returncode == 0, option.stderr
    if command == "solve":  # times differ run to run
        assert json.loads(positional.stdout)["exploitability"] == json.loads(option.stdout)["exploitability"]
    else:
        assert positional.stdout == option.stdout


def test_rollout_and_exploitability_take_the_game_first(binary: str, tmp_path: Path) -> None:
    rollout = games(binary, "rollout", "kuhn_poker", "--episodes", "5", "--out", str(tmp_path / "run"))
    assert rollout.returncode == 0, rollout.stderr
    assert json.loads((tmp_path / "run" / "meta.json").read_text())["game"] == "kuhn_poker"
    policy = tmp_path / "cfr.json"
    assert games(binary, "solve", "kuhn_poker", "--iterations", "10", "--save", str(policy)).returncode == 0
    positional = games(binary, "exploitability", "kuhn_poker", "--policy", str(policy), "--json")
    option = games(binary, "exploitability", "--game", "kuhn_poker", "--policy", str(policy), "--json")
    assert positional.returncode == option.returncode == 0
    assert json.loads(positional.stdout) == json.loads(option.stdout)


def test_bench_games_takes_games_first_or_as_game_options(binary: str) -> None:
    for arguments in (["tic_tac_toe"], ["--game", "tic_tac_toe"]):
        result = games(binary, "bench", "games", *arguments, "--seconds", "0.01", "--json", timeout=300)
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert {row["game"] for row in report["results"]} == {"tic_tac_toe"}
        # Every run prints the gap to the game's C-like floor, with each figure's spread over the rounds.
        for row in report["results"]:
            assert row["per_core_to_floor"] > 0
            assert row["per_core_to_seeded_floor"] > 0
            spread = row["steps_per_cpu_second_spread"]
            assert spread["min"] <= row["steps_per_cpu_second"] <= spread["max"]
            assert len(row["steps_per_second_spread"]["rounds"]) == report["rounds"] == 3
        floor = report["floors"]["tic_tac_toe"]
        assert len(floor["seeded_steps_per_cpu_second"]["rounds"]) == len(floor["seeded_to_floor"]["rounds"]) == 3


def test_a_game_given_twice_differently_is_a_usage_error(binary: str) -> None:
    result = games(binary, "selfplay", "tic_tac_toe", "--game", "kuhn_poker")
    assert result.returncode == USAGE
    assert "given twice" in result.stderr and "'tic_tac_toe'" in result.stderr and "'kuhn_poker'" in result.stderr
    same = games(binary, "show", "tic_tac_toe", "--game", "tic_tac_toe")
    assert same.returncode == 0


def test_a_command_that_needs_a_game_says_so(binary: str) -> None:
    result = games(binary, "show")
    assert result.returncode == USAGE
    assert "missing the game" in result.stderr
    assert "Usage: games show" in result.stderr


def test_an_unknown_game_is_a_usage_error_with_the_subcommands_usage(binary: str) -> None:
    result = games(binary, "selfplay", "chess")
    assert result.returncode == USAGE
    assert "unknown game 'chess'" in result.stderr
    assert "Usage: games selfplay" in result.stderr
    assert "See 'games selfplay --help'" in result.stderr


@pytest.mark.parametrize("arguments", [
    ["selfplay", "--episodes", "-5"],
    ["rollout", "--episodes", "-5", "--out", "/nonexistent/never"],
    ["werewolf-stats", "--episodes", "-5"],
    ["selfplay", "--episodes", "0"],
])
def test_negative_counts_reach_validation(binary: str, arguments: List[str]) -> None:
    result = games(binary, *arguments)
    assert result.returncode == USAGE
    assert "--episodes must be positive" in result.stderr
    assert "Missing value" not in result.stderr


@pytest.mark.parametrize("arguments,expected", [
    (["solve", "kuhn_poker", "--iterations", "-3"], "--iterations must be at least 1, got -3"),
    (["infostates", "kuhn_poker", "--max-nodes", "-1"], "--max-nodes must be at least 1, got -1"),
    (["exploitability", "kuhn_poker", "--policy", "x.json", "--max-nodes", "0"], "--max-nodes must be at least 1, got 0"),
    (["bench", "games", "tic_tac_toe", "--seconds", "-1"], "--seconds must be a positive number, got -1.0"),
    (["bench", "games", "tic_tac_toe", "--rounds", "0"], "--rounds must be at least 1, got 0"),
    (["bench", "games", "tic_tac_toe", "--threads", "1,zero"], "--threads takes positive whole numbers separated by commas"),
])
def test_negative_numbers_reach_validation_in_every_command(binary: str, arguments: List[str], expected: str) -> None:
    result = games(binary, *arguments)
    assert result.returncode == USAGE
    assert expected in result.stderr


@pytest.mark.parametrize("arguments", [["solve", "negotiation"], ["infostates", "werewolf"],
                                       ["selfplay", "negotiation", "--policies", "random,cfr"]])
def test_a_game_too_large_for_an_exact_solver_is_a_usage_error_everywhere(binary: str, arguments: List[str]) -> None:
    result = games(binary, *arguments)
    assert result.returncode == USAGE
    assert "is too large to solve exactly" in result.stderr


@pytest.mark.parametrize("game,seat,expected", [
    ("tic_tac_toe", "2", "--seat must be 0 or 1 for tic_tac_toe, got 2"),
    ("tic_tac_toe", "-1", "--seat must be 0 or 1 for tic_tac_toe, got -1"),
    ("kuhn_poker(players=3)", "3", "--seat must be 0, 1 or 2 for kuhn_poker(players=3), got 3"),
    ("werewolf", "9", "--seat must be between 0 and 6 for werewolf, got 9"),
])
def test_a_seat_out_of_range_names_the_seats_in_words(binary: str, game: str, seat: str, expected: str) -> None:
    result = games(binary, "play", game, "--seat", seat)
    assert result.returncode == USAGE
    assert expected in result.stderr
    assert "..<" not in result.stderr
    assert "Usage: games play" in result.stderr


def test_policy_errors_read_as_one_sentence(binary: str, tmp_path: Path) -> None:
    unknown = games(binary, "selfplay", "--policies", "random,nope")
    assert unknown.returncode == USAGE
    assert "unknown policy 'nope'; accepted: random, minimax, cfr, heuristic, first_legal, last_legal, tabular:FILE, " \
           "remote:ENDPOINT" in unknown.stderr
    misfit = games(binary, "selfplay", "tic_tac_toe", "--policies", "random,heuristic")
    assert misfit.returncode == USAGE
    assert "policy 'heuristic' does not fit tic_tac_toe" in misfit.stderr
    missing = games(binary, "selfplay", "--policies", f"random,tabular:{tmp_path / 'none.json'}")
    assert missing.returncode == USAGE
    for result in (misfit, missing):
        assert "remote:ENDPOINT" not in result.stderr


def test_runtime_failures_exit_1(binary: str, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = games(binary, "rollout", "--episodes", "5", "--out", str(blocker / "run"))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: cannot write --out")
    unreadable = tmp_path / "bad.json"
    unreadable.write_text("{")
    exploitability = games(binary, "exploitability", "kuhn_poker", "--policy", str(unreadable))
    assert exploitability.returncode == 1


def test_an_unknown_option_is_a_usage_error(binary: str) -> None:
    assert games(binary, "selfplay", "--nope").returncode == USAGE
    assert games(binary, "play", "tic_tac_toe", "--opponent").returncode == USAGE


# games play

def test_play_accepts_a_bare_cell_number_and_shows_the_rules_once(binary: str) -> None:
    # first_legal answers in the lowest free cell; x takes 4, 5, 3 and wins the middle row.
    result = games(binary, "play", "tic_tac_toe", "--opponent", "first_legal", stdin="4\n5\n3\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Your goal is to get three of your marks in a row") == 1
    assert result.stdout.count("Current board:") >= 3  # the board is redrawn every turn
    assert "Player 1 plays [0]" in result.stdout
    assert "Returns: Player 0: 1.0, Player 1: -1.0" in result.stdout


def test_play_refuses_a_number_that_is_no_legal_move_and_lets_the_player_retry(binary: str) -> None:
    result = games(binary, "play", "tic_tac_toe", "--opponent", "first_legal", stdin="4\n4\n0\n5\n3\n")
    assert result.returncode == 0, result.stderr
    assert "Invalid: 4 is not a legal move now" in result.stdout


def test_play_reads_a_bare_number_as_the_action_index_where_moves_are_words(binary: str) -> None:
    # Kuhn Poker: action 1 is bet; last_legal calls; the moves are listed by index.
    result = games(binary, "play", "kuhn_poker", "--opponent", "last_legal", stdin="1\n")
    assert result.returncode == 0, result.stderr
    assert "Moves by index: 0 [check], 1 [bet]" in result.stdout
    assert "[Player 0] [bet]" in result.stdout and "Player 1 plays [call]" in result.stdout


@pytest.mark.parametrize("opponent", ["random", "minimax", "cfr", "first_legal", "last_legal"])
def test_play_takes_every_built_in_policy_as_opponent(binary: str, opponent: str) -> None:
    result = games(binary, "play", "tic_tac_toe", "--seat", "1", "--opponent", opponent,
                   stdin="".join(f"{cell}\n" for cell in range(9)) * 2)
    assert result.returncode == 0, result.stderr
    assert "Player 0 plays" in result.stdout and "Returns:" in result.stdout


def test_play_takes_heuristic_tabular_and_remote_opponents(binary: str, tmp_path: Path) -> None:
    heuristic = games(binary, "play", "negotiation", "--opponent", "heuristic", stdin="[Pass]\n" * 10)
    assert heuristic.returncode == 0, heuristic.stderr
    policy = tmp_path / "kuhn.json"
    assert games(binary, "solve", "kuhn_poker", "--iterations", "50", "--save", str(policy)).returncode == 0
    tabular = games(binary, "play", "kuhn_poker", "--opponent", f"tabular:{policy}", stdin="[bet]\n")
    assert tabular.returncode == 0, tabular.stderr

    def highest_legal(observations: np.ndarray, legal_masks: np.ndarray, seats: np.ndarray, roles: np.ndarray) -> np.ndarray:
        return legal_masks.shape[1] - 1 - legal_masks[:, ::-1].argmax(axis=1)

    with PolicyServer(highest_legal, bind="tcp://127.0.0.1:*") as server:
        remote = games(binary, "play", "tic_tac_toe", "--opponent", f"remote:{server.endpoint}", stdin="0\n1\n2\n")
        assert server.requests_served >= 2
    assert remote.returncode == 0, remote.stderr
    assert "Player 1 plays [8]" in remote.stdout and "Player 1 plays [7]" in remote.stdout


def test_play_in_hot_seat_reads_every_seat_from_input(binary: str) -> None:
    result = games(binary, "play", "tic_tac_toe", "--opponent", "human", stdin="0\n3\n1\n4\n2\n")
    assert result.returncode == 0, result.stderr
    assert "Returns: Player 0: 1.0, Player 1: -1.0" in result.stdout


def test_play_rejects_an_unknown_opponent_with_what_is_accepted(binary: str) -> None:
    result = games(binary, "play", "tic_tac_toe", "--opponent", "alphazero")
    assert result.returncode == USAGE
    assert "unknown policy 'alphazero'; accepted: random," in result.stderr


def test_play_exits_1_when_input_ends_mid_game(binary: str) -> None:
    result = games(binary, "play", "tic_tac_toe", "--opponent", "first_legal", stdin="4\n")
    assert result.returncode == 1
    assert "Error: input ended before the game did (Player 0 to move); the game is abandoned" in result.stderr


# games rollout with one policy per seat

def test_rollout_takes_one_policy_per_seat(binary: str, tmp_path: Path) -> None:
    out = tmp_path / "three"
    result = games(binary, "rollout", "kuhn_poker(players=3)", "--policies", "first_legal,last_legal,first_legal",
                   "--episodes", "50", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    seats = np.load(out / "seats.npy")
    actions = np.load(out / "actions.npy")
    # Seat 1 always bets (action 1); seats 0 and 2 always pass or fold (action 0).
    assert set(actions[seats == 1].tolist()) == {1}
    assert set(actions[seats != 1].tolist()) == {0}
    assert json.loads((out / "meta.json").read_text())["policies"] == ["first_legal", "last_legal", "first_legal"]


@pytest.mark.parametrize("game,policies,expected", [
    ("kuhn_poker", "random,random,random",
     "--policies takes 1 policy (it plays every seat), 2 (they alternate seats) for kuhn_poker, got 3"),
    ("kuhn_poker(players=3)", "random,random,random,random",
     "--policies takes 1 policy (it plays every seat), 2 (they alternate seats) or 3 (one per seat) for "
     "kuhn_poker(players=3), got 4"),
])
def test_rollout_refuses_a_policy_count_that_fits_no_seating(binary: str, tmp_path: Path, game: str, policies: str,
                                                            expected: str) -> None:
    result = games(binary, "rollout", game, "--policies", policies, "--episodes", "5", "--out", str(tmp_path / "x"))
    assert result.returncode == USAGE
    assert expected in result.stderr
    assert not (tmp_path / "x").exists()


# games show --json

def test_show_json_is_the_card_as_data(binary: str) -> None:
    result = games(binary, "show", "kuhn_poker(players=3)", "--json")
    assert result.returncode == 0, result.stderr
    card = json.loads(result.stdout)
    assert card["name"] == "kuhn_poker" and card["game"] == "kuhn_poker(players=3)"
    assert card["seats"] == 3 and card["action_count"] == 2 and card["observation_shape"] == [17]
    players = next(parameter for parameter in card["parameters"] if parameter["name"] == "players")
    assert {"value": 3, "default": 2} == {key: players[key] for key in ("value", "default")}
    assert card["utility"]["kind"] == "zero_sum" and card["first_player"] == -1
    assert card["card"].startswith("# Kuhn Poker")
    assert card["version"] == 2  # the last entry of the card's Version history
    text = games(binary, "show", "kuhn_poker(players=3)").stdout
    assert card["card"] in text
    assert "rules version: 2" in text
    assert json.loads(games(binary, "show", "werewolf", "--json").stdout)["team_names"] == ["werewolves", "village"]


# Progress: on standard error only when it is a terminal

def test_long_commands_write_nothing_to_a_piped_standard_error(binary: str, tmp_path: Path) -> None:
    for arguments in (["selfplay", "--episodes", "2000"], ["rollout", "--episodes", "3000", "--out", str(tmp_path / "r")],
                      ["werewolf-stats", "--episodes", "20"], ["solve", "kuhn_poker", "--iterations", "20", "--json"]):
        result = games(binary, *arguments)
        assert result.returncode == 0, result.stderr
        assert result.stderr == "", arguments


def test_rollout_draws_progress_on_a_terminal(binary: str, tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    try:
        result = subprocess.run([binary, "rollout", "--episodes", "20000", "--out", str(tmp_path / "r")],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower, timeout=300)
        os.close(follower)
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal's other end is closed and read to the end
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(leader)
    assert result.returncode == 0
    assert b"rollout tic_tac_toe [" in drawn
    assert b"wrote 20000 episodes" in result.stdout


# Ratings

def test_selfplay_rates_by_nash_averaging_beside_elo(binary: str) -> None:
    result = games(binary, "selfplay", "--episodes", "4000", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    ratings = {entry["policy"]: entry for entry in report["ratings"]}
    assert report["returns_are_margins"] is True
    assert ratings["cfr"]["nash_weight"] == 1 and ratings["cfr"]["nash_average"] == 0
    assert all(ratings[name]["nash_average"] < 0 for name in ("random", "first_legal", "last_legal"))
    assert ratings["last_legal"]["elo"] > ratings["cfr"]["elo"]  # what Nash averaging corrects
    assert set(report["ratings_explained"]) == {"nash_average", "elo"}
    assert len(report["nash_averaging"]["payoffs"]) == 4
    assert all("meta_game_payoff" in pairing for pairing in report["pairings"])


def test_selfplay_table_leads_with_mean_return_in_chip_games_and_explains_the_ratings(binary: str) -> None:
    table = games(binary, "selfplay", "--episodes", "2000").stdout
    lines = table.splitlines()
    assert lines[2].split()[:5] == ["pairing", "mean", "return", "per", "game"]
    assert "a policy can win most games and still lose on average" in table
    header = next(line for line in lines if line.startswith("policy") and "Nash average" in line)
    assert header.split()[:6] == ["policy", "Nash", "average", "Nash", "weight", "Elo"]
    assert lines[lines.index(header) + 1].startswith("cfr ")
    assert any(line.startswith("Nash average: mean return per game against the maximum-entropy Nash mixture") for line in lines)
    win_lose = games(binary, "selfplay", "tic_tac_toe", "--episodes", "200").stdout.splitlines()
    assert win_lose[2].split()[:5] == ["pairing", "wins", "draws", "losses", "mean"]


def test_selfplay_csv_carries_nash_averages(binary: str) -> None:
    result = games(binary, "selfplay", "tic_tac_toe", "--episodes", "200", "--csv")
    header = result.stdout.splitlines()[0].split(",")
    assert header[-2:] == ["nash_average_a", "nash_average_b"]


def test_serve_refuses_a_negative_number_with_what_it_accepts(binary: str) -> None:
    result = games(binary, "serve", "--hwm", "-5", timeout=30)
    assert result.returncode == USAGE
    assert "--hwm must be at least 1, got -5" in result.stderr


def test_serve_that_cannot_bind_is_a_failure_not_a_usage_error(binary: str) -> None:
    # An address not on this host (--insecure: without it, any address but loopback is refused first).
    result = games(binary, "serve", "--bind", "tcp://203.0.113.1:5555", "--insecure", timeout=30)
    assert result.returncode == 1
    assert "cannot start the server" in result.stderr
    assert "Usage:" not in result.stderr
