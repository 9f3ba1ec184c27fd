"""A real (tiny) transformer through the text face: tokenizer, batched sampling, response
log-probabilities, one trainer update and a self-play iteration through the bridge (runs where
PyTorch and transformers are installed: ``pip install ./python-client[llm]``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, List, Tuple

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("tokenizers")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

import llm_selfplay  # noqa: E402
import tiny_lm  # noqa: E402
from selfplay import Client, LocalServer, TurnRecord, evaluate_text_policy, text_policy  # noqa: E402
from selfplay.hf_models import TransformersPolicy  # noqa: E402
from selfplay.llm_loop import transformers_generator  # noqa: E402

GAMES = ("kuhn_poker", "tic_tac_toe")


@pytest.fixture(scope="module")
def saved_model(binary: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("tiny-lm")
    tiny_lm.build(binary, path, games=GAMES, per_game=40, vocab_size=512, hidden=32, layers=1)
    return str(path)


@pytest.fixture
def policy(saved_model: str) -> TransformersPolicy:
    torch.manual_seed(0)
    model, tokenizer = tiny_lm.load(saved_model)  # from_pretrained, as for a hub id
    return TransformersPolicy(model, tokenizer, max_new_tokens=8, batch_size=3)


@pytest.fixture(scope="module")
def game_prompts(server: LocalServer) -> List[str]:
    """Two prompts of each game, in SPIRAL's template (different lengths)."""
    with Client(server.endpoint, timeout=20) as client:
        return [t.prompt for game in GAMES for t in tiny_lm.random_transcripts(client, game, 2, seed=5, batch_size=2)]


def test_the_tokenizer_round_trips_prompts_answers_and_garbage(game_prompts: List[str], policy: TransformersPolicy) -> None:
    texts = game_prompts + [tiny_lm.boxed("[bet]"), "\\boxed{[Offer: 3 Wood -> 1 Gold]}", "héllo ✓ \t\n{}", ""]
    for text in texts:
        ids = policy.tokenizer(text, add_special_tokens=False)["input_ids"]
        assert policy.tokenizer.decode(ids) == text
    # Merges cross word boundaries but stop at 12 characters: a prompt is dozens of tokens.
    lengths = [len(policy.tokenizer(text)["input_ids"]) for text in game_prompts]
    assert all(30 < n < 400 for n in lengths), lengths


def test_batched_sampling_keeps_each_rows_own_ids(game_prompts: List[str], policy: TransformersPolicy) -> None:
    batch = game_prompts + ["short"]  # different lengths: the batch is left-padded
    responses = policy.generate(batch)
    assert len(responses) == len(batch) and all(isinstance(r, str) for r in responses)
    for prompt, response in zip(batch, responses):
        prompt_ids, response_ids = policy.encode(prompt, response)
        assert prompt_ids == policy.tokenizer(prompt)["input_ids"]  # the padding is stripped
        assert 1 <= len(response_ids) <= policy.max_new_tokens
        assert policy.tokenizer.decode([t for t in response_ids if t != policy.eos]) == response
    assert policy.pending_samples == 0  # encode hands each sample out once


def test_batched_greedy_generation_equals_one_prompt_at_a_time(game_prompts: List[str], policy: TransformersPolicy) -> None:
    policy.temperature = 1e-4  # sampling this cold is greedy decoding
    batch = game_prompts
    together = policy.generate(batch)
    alone = [policy.generate([prompt])[0] for prompt in batch]
    assert together == alone


def direct_logprobs(policy: TransformersPolicy, prompt: List[int], response: List[int]) -> Any:
    logits = policy.model(torch.tensor([prompt + response])).logits[0]
    logprobs = torch.log_softmax(logits, dim=-1)[len(prompt) - 1:len(prompt) + len(response) - 1]
    return logprobs.gather(1, torch.tensor(response)[:, None]).squeeze(1)


def test_response_logprobs_match_a_direct_forward_pass(game_prompts: List[str], policy: TransformersPolicy) -> None:
    batch = game_prompts
    pairs = [policy.encode(p, r) for p, r in zip(batch, policy.generate(batch))]
    pairs.append((pairs[0][0], [policy.eos]))  # a one-token response among longer ones
    with torch.no_grad():
        logprobs, entropies, mask = policy.response_logprobs(pairs)
        for row, (prompt, response) in enumerate(pairs):
            assert mask[row].sum() == len(response)
            assert torch.allclose(logprobs[row, :len(response)], direct_logprobs(policy, prompt, response), atol=1e-5)
            assert torch.all(logprobs[row, len(response):] == 0)
            assert torch.all(entropies[row, :len(response)] > 0)


def test_scores_are_the_likelihoods_of_each_answer(game_prompts: List[str], policy: TransformersPolicy) -> None:
    prompt = game_prompts[0]
    answers = [tiny_lm.boxed("[check]"), tiny_lm.boxed("[bet]")]
    scores = policy.score([prompt], [answers])[0]
    prompt_ids = policy.tokenizer(prompt)["input_ids"]
    with torch.no_grad():
        for answer, value in zip(answers, scores):
            response = policy.tokenizer(answer, add_special_tokens=False)["input_ids"] + [policy.eos]
            assert value == pytest.approx(float(direct_logprobs(policy, prompt_ids, response).sum()), abs=1e-4)


def turn(prompt: str, response: str, advantage: float) -> TurnRecord:
    return TurnRecord(prompt=prompt, response=response, game="kuhn_poker", role="first", role_index=0, seat=0, turn=0,
                      reward=advantage, advantage=advantage, valid=True, action="[bet]", episode=0, episode_length=1,
                      draw=False, truncated=False)


def parameters_of(policy: TransformersPolicy) -> List[Any]:
    return [p.detach().clone() for p in policy.model.parameters()]


@pytest.mark.parametrize("kl", [0.0, 0.1])
def test_one_update_moves_the_parameters_with_a_finite_loss(game_prompts: List[str], policy: TransformersPolicy,
                                                            kl: float) -> None:
    batch = game_prompts
    turns = [turn(p, tiny_lm.boxed("[bet]"), a) for p, a in zip(batch, [1.0, -0.5, 0.0, 0.7])]
    config = llm_selfplay.Config(lr=1e-2, kl=kl)
    reference = llm_selfplay.copy.deepcopy(policy.model).eval()
    before = parameters_of(policy)
    optimizer = torch.optim.AdamW(policy.model.parameters(), lr=config.lr)
    statistics = llm_selfplay.policy_gradient_step(policy, optimizer, turns, config, reference)
    assert statistics["kept_turns"] == 3  # the zero-advantage turn is dropped
    assert all(torch.isfinite(torch.tensor(statistics[k])) for k in ("loss", "entropy", "grad_norm", "kl"))
    assert statistics["kl"] == 0.0  # the first step starts at the reference
    assert any(not torch.equal(a, b) for a, b in zip(before, policy.model.parameters()))
    # The step raised the likelihood of the answer where its advantage was positive.
    with torch.no_grad():
        first = [policy.encode(turns[0].prompt, turns[0].response)]
        assert policy.response_logprobs(first)[0].sum() > policy.response_logprobs(first, model=reference)[0].sum()


def test_only_zero_advantages_change_nothing(game_prompts: List[str], policy: TransformersPolicy) -> None:
    turns = [turn(p, tiny_lm.boxed("[bet]"), 0.0) for p in game_prompts[:2]]
    before = parameters_of(policy)
    optimizer = torch.optim.SGD(policy.model.parameters(), lr=1.0)
    llm_selfplay.policy_gradient_step(policy, optimizer, turns, llm_selfplay.Config(), None)
    assert all(torch.equal(a, b) for a, b in zip(before, policy.model.parameters()))


def test_the_model_is_scored_exactly_at_every_kuhn_information_state(binary: str, policy: TransformersPolicy) -> None:
    evaluation = evaluate_text_policy(binary, "kuhn_poker", score=policy.score)
    assert evaluation.table.shape == (12, 2)
    assert 0 < evaluation.exploitability < 1.5  # a real number from games exploitability, not the uniform 0.458 exactly
    assert evaluation.exploitability != pytest.approx(0.4583333333333333, abs=1e-9)


def test_a_training_iteration_through_the_bridge(binary: str, saved_model: str, tmp_path: Path) -> None:
    config = llm_selfplay.Config(games=GAMES, iterations=1, episodes="2", slots=2, max_new_tokens=6, warmup_steps=2,
                                 warmup_batch=4, eval_every=1, eval_episodes=2, lr=1e-3)
    run = llm_selfplay.train(binary, saved_model, config, tmp_path)
    rl_rows = [row for row in run.history if "games" in row]
    assert len(rl_rows) == 1 and set(rl_rows[0]["games"]) == set(GAMES)
    assert [point["iteration"] for point in run.exploitability] == [0, 1]
    assert set(run.versus_random) == {"initial", "after_warmup", "final"}
    assert run.versus_random["final"]["kuhn_poker"]["1"]["episodes"] == 2
    reloaded: Tuple[Any, Any] = tiny_lm.load(str(tmp_path / "final"))
    assert sum(p.numel() for p in reloaded[0].parameters()) == run.parameters
    assert run.iterations_done == 1


def test_the_loops_transformers_generator_samples_from_a_saved_model(saved_model: str) -> None:
    generate = transformers_generator(saved_model, max_new_tokens=4)
    responses = generate(["[GAME] You are Player 0", "x"])
    assert len(responses) == 2 and all(isinstance(r, str) for r in responses)


def test_the_command_line_scores_a_saved_model(binary: str, saved_model: str, policy: TransformersPolicy,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    text_policy.main(["kuhn_poker", "--model", saved_model, "--games-bin", binary, "--json"])
    report = json.loads(capsys.readouterr().out)
    assert report["information_states"] == 12 and report["method"] == "likelihood"
    expected = evaluate_text_policy(binary, "kuhn_poker", score=policy.score).exploitability
    assert report["exploitability"] == pytest.approx(expected, abs=1e-6)
