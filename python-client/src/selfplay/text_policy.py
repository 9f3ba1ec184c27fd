"""The exact exploitability of a text policy (a language model) in a small game.

``evaluate_text_policy`` asks the policy for its move at every information state of the game
(``games infostates GAME --json`` lists them with the prompt the acting seat reads and the
text of each legal action), turns the answers into a probability per legal action, writes the
result as a tabular policy file (docs/policy-format.md) and has ``games exploitability``
compute best responses against it over the whole game tree. Two ways to read a policy:

- **likelihood** (``score``): ``score(prompts, candidates)`` returns the log-likelihood of each
  legal action's answer text (``\\boxed{[bet]}``) after the prompt; the policy is their softmax
  over the legal actions: the model's distribution conditioned on answering with a legal move.
- **sampling** (``generate``): ``samples`` responses per state, each read as a move; the
  policy is the frequency of each legal action among the valid ones, and the invalid share is
  reported per state (a state where every sample was invalid is played uniformly, and counted).

Any function works: a Hugging Face model (``selfplay.hf_models.TransformersPolicy``), vLLM, a
table. Command line: ``python -m selfplay.text_policy GAME --model PATH`` (or
``selfplay-text-policy`` when the package is installed).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List, Optional, Sequence

import numpy as np

from .evaluation import Exploitability, InformationStates, exploitability, information_states
from .llm_loop import Generate, spiral_prompt

#: ``score(prompts, candidates) -> log-likelihoods``: per prompt, one number per candidate answer.
Scorer = Callable[[List[str], List[List[str]]], Sequence[Sequence[float]]]
#: ``read(response, action_texts) -> index into action_texts``, or None for an invalid response.
AnswerReader = Callable[[str, Sequence[str]], Optional[int]]

_WHITESPACE = re.compile(r"\s+")


def boxed_answer(action_text: str) -> str:
    """The answer text naming an action: ``[bet]`` -> ``\\boxed{[bet]}``."""
    return "\\boxed{" + action_text + "}"


def read_boxed_answer(response: str, action_texts: Sequence[str]) -> Optional[int]:
    """The action a response names in its last ``\\boxed{...}`` (braces matched), bracketed if
    it is not (``\\boxed{bet}`` and ``\\boxed{[bet]}`` both name ``[bet]``), runs of
    whitespace read as one space; the text must then equal a legal action's exactly, so case
    and padding matter (``\\boxed{ bet }`` is ``[ bet ]``, no action). This is SPIRAL's
    extraction for boxed answers; unlike the server's ``spiral`` format it refuses replies
    without a box, and answers longer than five words are bracketed too."""
    start = response.rfind("\\boxed{")
    if start < 0:
        return None
    depth, begin = 1, start + len("\\boxed{")
    for end in range(begin, len(response)):
        depth += {"{": 1, "}": -1}.get(response[end], 0)
        if depth == 0:
            answer = _WHITESPACE.sub(" ", response[begin:end])
            if not answer.startswith("["):
                answer = f"[{answer}]"
            return action_texts.index(answer) if answer in action_texts else None
    return None  # an unclosed box


@dataclass(frozen=True)
class TextPolicyEvaluation:
    """What ``evaluate_text_policy`` measured.

    Attributes:
        states: the game's information states (keys, prompts, action texts).
        table: ``[N, A]`` the policy's probability of each action at each state.
        result: ``games exploitability``'s answer (NashConv, exploitability, per seat values).
        invalid_rates: ``[N]`` the share of sampled responses that named no legal action
            (sampling only; zeros for likelihood scoring).
        states_without_valid: states where every sample was invalid (played uniformly).
    """

    states: InformationStates
    table: np.ndarray
    result: Exploitability
    invalid_rates: np.ndarray
    states_without_valid: int

    @property
    def exploitability(self) -> float:
        return self.result.exploitability

    @property
    def invalid_rate(self) -> float:
        """The mean invalid share over all information states."""
        return float(self.invalid_rates.mean()) if len(self.invalid_rates) else 0.0


def evaluate_text_policy(binary: str, game: str, *, score: Optional[Scorer] = None, generate: Optional[Generate] = None,
                         samples: int = 16, prompt_template: Optional[Callable[[str], str]] = spiral_prompt,
                         answer: Callable[[str], str] = boxed_answer, read: AnswerReader = read_boxed_answer,
                         states: Optional[InformationStates] = None, path: Optional[Path] = None) -> TextPolicyEvaluation:
    """Evaluates a text policy at every information state of ``game`` and scores it exactly.

    Args:
        binary: the ``games`` executable.
        game: a game small enough to enumerate (``kuhn_poker``, ``kuhn_poker(players=3)``).
        score: likelihood scoring (see ``Scorer``); give exactly one of ``score``, ``generate``.
        generate: ``generate(prompts) -> responses``, called ``samples`` times on all prompts.
        samples: responses per state when sampling.
        prompt_template: what the game's prompt becomes before the policy sees it (default
            SPIRAL's instruction, as ``SelfPlayLoop``); None: the prompt as it is.
        answer: the answer text of a legal action's text, for scoring.
        read: how a sampled response becomes a legal action (default ``read_boxed_answer``).
        states: ``information_states(binary, game)`` when already listed.
        path: where to keep the policy file (default: a temporary file).

    Raises:
        ValueError: neither or both of ``score`` and ``generate``; a state without a prompt
            (the game's text shows more than its information state); a scorer's wrong shape
            or non-finite likelihoods on every action of a state.
        RuntimeError: a ``games`` command failed (its own message).
    """
    if (score is None) == (generate is None):
        raise ValueError("evaluate_text_policy needs exactly one of score (likelihoods) and generate (sampling)")
    if samples < 1:
        raise ValueError(f"samples must be at least 1, got {samples}")
    states = states or information_states(binary, game)
    if len(states.prompts) != states.count or any(prompt is None for prompt in states.prompts):
        raise ValueError(f"{states.game} has information states without a prompt (its text shows more than the "
                         "information state, or the games binary predates prompts in `games infostates --json`)")
    prompts = [prompt_template(p) if prompt_template else p for p in states.prompts if p is not None]
    legal = [np.flatnonzero(mask) for mask in states.legal_masks]
    table = np.zeros(states.legal_masks.shape, dtype=np.float64)
    invalid = np.zeros(states.count)
    without_valid = 0
    if score is not None:
        candidates = [[answer(text) for text in texts] for texts in states.action_texts]
        likelihoods = score(prompts, candidates)
        for row, (values, actions) in enumerate(zip(likelihoods, legal)):
            table[row, actions] = _softmax(np.asarray(values, dtype=np.float64), states.keys[row], len(actions))
    else:
        assert generate is not None
        counts = np.zeros(states.legal_masks.shape)
        for _ in range(samples):
            responses = list(generate(prompts))
            if len(responses) != len(prompts):
                raise ValueError(f"generate returned {len(responses)} responses for {len(prompts)} prompts")
            for row, response in enumerate(responses):
                choice = read(response, states.action_texts[row])
                if choice is None:
                    invalid[row] += 1
                else:
                    counts[row, legal[row][choice]] += 1
        invalid /= samples
        for row, actions in enumerate(legal):
            total = counts[row].sum()
            if total == 0:
                without_valid += 1
                table[row, actions] = 1.0 / len(actions)
            else:
                table[row] = counts[row] / total
    result = exploitability(binary, states, lambda *_: table, path=path)
    return TextPolicyEvaluation(states, table, result, invalid, without_valid)


def _softmax(values: np.ndarray, key: str, expected: int) -> np.ndarray:
    if values.shape != (expected,):
        raise ValueError(f"the scorer returned {values.shape[0] if values.ndim else 'no'} likelihoods at {key!r}; "
                         f"expected one per legal action ({expected})")
    if not np.any(np.isfinite(values)) or np.any(np.isnan(values)) or np.any(values == math.inf):
        raise ValueError(f"the scorer returned no finite log-likelihood at {key!r}: {values.tolist()}")
    weights = np.exp(values - values[np.isfinite(values)].max())
    normalized: np.ndarray = weights / weights.sum()
    return normalized


def main(argv: Optional[Sequence[str]] = None) -> None:
    """``python -m selfplay.text_policy GAME --model PATH``: a Hugging Face model's exact
    exploitability (needs the ``[llm]`` extra)."""
    parser = argparse.ArgumentParser(prog="selfplay-text-policy", description=main.__doc__)
    parser.add_argument("game", help="a small game: kuhn_poker, 'kuhn_poker(players=3)'")
    parser.add_argument("--model", required=True, help="a directory saved with save_pretrained, or a hub id")
    parser.add_argument("--games-bin", default="games", help="the games executable")
    parser.add_argument("--method", choices=("likelihood", "sample"), default="likelihood")
    parser.add_argument("--samples", type=int, default=16, help="responses per state with --method sample")
    parser.add_argument("--temperature", type=float, default=1.0)
    parser.add_argument("--max-new-tokens", type=int, default=32)
    parser.add_argument("--raw-prompts", action="store_true", help="no SPIRAL instruction around the prompts")
    parser.add_argument("--out", type=Path, help="keep the tabular policy file here")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    args = parser.parse_args(argv)
    from .hf_models import TransformersPolicy

    policy = TransformersPolicy.from_pretrained(args.model, temperature=args.temperature,
                                                max_new_tokens=args.max_new_tokens)
    template = None if args.raw_prompts else spiral_prompt
    if args.method == "likelihood":
        evaluation = evaluate_text_policy(args.games_bin, args.game, score=policy.score, prompt_template=template,
                                          path=args.out)
    else:
        evaluation = evaluate_text_policy(args.games_bin, args.game, generate=policy.generate, samples=args.samples,
                                          prompt_template=template, path=args.out)
    report = {"game": evaluation.states.game, "method": args.method, "exploitability": evaluation.exploitability,
              "nash_conv": evaluation.result.nash_conv, "invalid_rate": evaluation.invalid_rate,
              "states_without_valid": evaluation.states_without_valid, "information_states": evaluation.states.count}
    if args.json:
        print(json.dumps(report))
    else:
        print(f"{report['game']}: exploitability {report['exploitability']:.4f} over {report['information_states']} "
              f"information states ({args.method}; invalid share {report['invalid_rate']:.3f})")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
