"""evaluate_text_policy: a text policy's exact exploitability, checked against policies whose
exploitability the solvers already know (no language model needed)."""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path
from typing import Dict, List

import pytest

from selfplay import evaluate_text_policy, spiral_prompt
from selfplay.evaluation import information_states
from selfplay.text_policy import boxed_answer, read_boxed_answer

UNIFORM_EXPLOITABILITY = 0.4583333333333333


def solved_policy(binary: str, game: str, path: Path) -> Dict[str, List[float]]:
    subprocess.run([binary, "solve", game, "--iterations", "200", "--save", str(path), "--json"],
                   check=True, capture_output=True)
    policy: Dict[str, List[float]] = json.loads(path.read_text())["policy"]
    return policy


def exploitability_of(binary: str, game: str, path: Path) -> float:
    report = subprocess.run([binary, "exploitability", game, "--policy", str(path), "--json"],
                            check=True, capture_output=True, text=True).stdout
    return float(json.loads(report)["exploitability"])


@pytest.mark.parametrize("game", ["kuhn_poker", "kuhn_poker(players=3)"])
def test_a_scorer_with_cfrs_probabilities_has_cfrs_exploitability(binary: str, tmp_path: Path, game: str) -> None:
    solved = solved_policy(binary, game, tmp_path / "cfr.json")
    states = information_states(binary, game)
    key_of = {spiral_prompt(prompt or ""): key for prompt, key in zip(states.prompts, states.keys)}
    assert len(key_of) == states.count  # every information state has its own prompt

    def cfr_scorer(prompts: List[str], candidates: List[List[str]]) -> List[List[float]]:
        out = []
        for prompt, answers in zip(prompts, candidates):
            row = solved[key_of[prompt]]
            # Kuhn's action texts are in action-index order: [check]/[fold] is 0, [bet]/[call] is 1.
            assert len(answers) == 2 and answers[1] in (boxed_answer("[bet]"), boxed_answer("[call]"))
            out.append([math.log(p) if p > 0 else -math.inf for p in row])
        return out

    evaluation = evaluate_text_policy(binary, game, score=cfr_scorer, states=states, path=tmp_path / "text.json")
    assert evaluation.exploitability == pytest.approx(exploitability_of(binary, game, tmp_path / "cfr.json"), abs=1e-12)
    assert evaluation.exploitability < 0.02
    assert evaluation.invalid_rate == 0


def test_equal_likelihoods_are_uniform_play(binary: str) -> None:
    evaluation = evaluate_text_policy(binary, "kuhn_poker", score=lambda _, c: [[-3.0] * len(a) for a in c])
    assert evaluation.exploitability == pytest.approx(UNIFORM_EXPLOITABILITY, abs=1e-12)


def test_sampled_responses_are_counted_and_invalid_ones_reported(binary: str) -> None:
    # Always bet or call when possible, but every fourth response is garbage.
    calls = {"n": 0}

    def generate(prompts: List[str]) -> List[str]:
        calls["n"] += 1
        if calls["n"] % 4 == 0:
            return ["I fold?"] * len(prompts)
        return ["\\boxed{call}" if "[call]" in prompt.split("available actions")[-1] else "\\boxed{bet}" for prompt in prompts]

    evaluation = evaluate_text_policy(binary, "kuhn_poker", generate=generate, samples=8)
    assert calls["n"] == 8
    assert evaluation.invalid_rate == pytest.approx(0.25)
    assert evaluation.states_without_valid == 0
    assert evaluation.table[:, 1].tolist() == [1.0] * evaluation.states.count
    # Always betting is beaten by folding the Jack and calling with the King: well above 0.
    assert evaluation.exploitability > 0.3


def test_a_state_where_every_sample_is_invalid_is_played_uniformly(binary: str) -> None:
    evaluation = evaluate_text_policy(binary, "kuhn_poker", generate=lambda p: ["no idea"] * len(p), samples=2)
    assert evaluation.invalid_rate == 1.0
    assert evaluation.states_without_valid == evaluation.states.count
    assert evaluation.exploitability == pytest.approx(UNIFORM_EXPLOITABILITY, abs=1e-12)


def test_boxed_answers_are_read_as_spiral_reads_them() -> None:
    actions = ["[check]", "[bet]"]
    assert read_boxed_answer("\\boxed{bet}", actions) == 1
    assert read_boxed_answer("\\boxed{[check]}", actions) == 0
    assert read_boxed_answer("\\boxed{check} no, \\boxed{bet}", actions) == 1
    assert read_boxed_answer("\\boxed{ bet }", actions) is None  # read as [ bet ]
    assert read_boxed_answer("\\boxed{bet", actions) is None  # unclosed
    assert read_boxed_answer("\\boxed{Bet}", actions) is None  # letter case matters, as in SPIRAL
    assert read_boxed_answer("bet", actions) is None  # no box


def test_bad_arguments_are_refused(binary: str) -> None:
    with pytest.raises(ValueError, match="exactly one of score"):
        evaluate_text_policy(binary, "kuhn_poker")
    with pytest.raises(ValueError, match="one per legal action"):
        evaluate_text_policy(binary, "kuhn_poker", score=lambda _, c: [[0.0] for _ in c])
    with pytest.raises(ValueError, match="no finite log-likelihood"):
        evaluate_text_policy(binary, "kuhn_poker", score=lambda _, c: [[-math.inf] * len(a) for a in c])
