"""SPIRAL's recipe with a real language model: one causal LM plays every seat of several text
games through ``games serve`` and learns from self-play (``pip install ./python-client[llm]``).

- **Model.** Any Hugging Face causal LM: ``--model PATH_OR_HUB_ID`` (``Qwen/Qwen3-4B-Base`` on a
  GPU machine), or, without ``--model``, a tiny Llama-shaped model and a tokenizer built from
  scratch on the games' own texts (``tiny_lm.py``), saved and loaded back with
  ``from_pretrained`` like any pretrained model.
- **Format warm-up** (``--warmup-steps``): a from-scratch model cannot yet answer in the format,
  so it first learns, supervised, from synthetic transcripts: random legal moves written as
  ``\\boxed{[move]}`` after the games' prompts (what a pretrained model brings for free). The
  valid-move rate is measured before and after it.
- **Self-play** (``SelfPlayLoop``, one loop per game on one server, SPIRAL's ``spiral``
  invalid-move preset and ``\\boxed{}`` answers): responses sampled with temperature, batched.
- **Loss**: token-level policy gradient; each turn's advantage (the server's RAE, or the raw
  return with ``--advantages none``) is broadcast to its response tokens, turns with advantage 0
  dropped (SPIRAL's ``filter_zero_adv``), the sum divided by the kept response tokens; an
  optional k3 KL penalty to the frozen warmed-up model (``--kl``). One gradient step per
  batch of episodes, so the policy ratio is 1 and PPO's clip never acts.
- **Measured**, with the clock stopped: the valid-move rate, response length and entropy per
  game every iteration (from the training turns); win rate against ``random`` per game and seat
  before and after RL (``zero_sum`` preset: an invalid move loses), with 95% intervals; Kuhn
  Poker's exact exploitability (``selfplay.evaluate_text_policy``, likelihood of each action's
  answer) every ``--eval-every`` iterations.

Outputs: progress on stderr, checkpoints (``save_pretrained`` under ``--out``), ``--json`` (one
object on stdout), ``--plot FILE`` (learning curves). docs/llm-selfplay.md has measured runs.

Run:  python python-client/examples/llm_selfplay.py --iterations 100 --out /tmp/llm-run --plot curves.png
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import torch

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "python-client" / "src"))  # run from a checkout without installing
sys.path.insert(0, str(Path(__file__).resolve().parent))

import tiny_lm  # noqa: E402
from selfplay import (  # noqa: E402
    Client,
    LocalServer,
    SelfPlayLoop,
    TrajectoryStream,
    TurnRecord,
    evaluate_text_policy,
    spiral_prompt,
)
from selfplay.hf_models import TokenPair, TransformersPolicy  # noqa: E402

KUHN = "kuhn_poker"


@dataclass
class Config:
    games: Sequence[str] = tiny_lm.DEFAULT_GAMES
    iterations: int = 100
    episodes: str = "16"        # finished episodes per game per iteration: N, or N,GAME=M,... per game
    slots: int = 16             # games side by side per game's vector
    temperature: float = 1.0
    max_new_tokens: int = 24
    lr: float = 1e-4
    kl: float = 0.0
    advantages: str = "rae"
    warmup_steps: int = 200
    warmup_batch: int = 32
    warmup_lr: float = 1e-3
    eval_every: int = 10
    eval_episodes: int = 100    # per game and seat, against random
    seed: int = 0
    max_minutes: float = 0.0    # stop RL after this long (0: no limit); the run records where it stopped

    def episodes_of(self, game: str) -> int:
        """The finished episodes per iteration for ``game`` (``--episodes 16,negotiation=4``)."""
        default, *overrides = self.episodes.split(",")
        for override in overrides:
            name, _, count = override.rpartition("=")
            if name == game:
                return int(count)
        return int(default)


@dataclass
class Run:
    config: Dict[str, Any]
    model: str
    parameters: int
    history: List[Dict[str, Any]] = field(default_factory=list)       # one row per iteration
    exploitability: List[Dict[str, float]] = field(default_factory=list)
    versus_random: Dict[str, Any] = field(default_factory=dict)       # stage -> game -> seat -> result
    seconds: Dict[str, float] = field(default_factory=dict)
    iterations_done: int = 0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def warm_up(policy: TransformersPolicy, client: Client, config: Config) -> List[float]:
    """Supervised steps on random-legal-move transcripts; returns the loss of each step."""
    per_game = config.warmup_steps * config.warmup_batch // len(config.games) + 1
    transcripts = [t for index, game in enumerate(config.games)
                   for t in tiny_lm.random_transcripts(client, game, per_game, seed=10_000 + config.seed + index)]
    generator = torch.Generator().manual_seed(config.seed)
    order = torch.randperm(len(transcripts), generator=generator).tolist()
    optimizer = torch.optim.AdamW(policy.model.parameters(), lr=config.warmup_lr)
    losses: List[float] = []
    policy.model.train()
    for step in range(config.warmup_steps):
        batch = [transcripts[order[(step * config.warmup_batch + i) % len(order)]] for i in range(config.warmup_batch)]
        pairs = [policy.encode(t.prompt, t.answer) for t in batch]
        logprobs, _, mask = policy.response_logprobs(pairs)
        loss = -(logprobs.sum() / mask.sum())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if step % 50 == 0 or step == config.warmup_steps - 1:
            log(f"warm-up {step + 1}/{config.warmup_steps}: loss {losses[-1]:.3f}")
    return losses


def policy_gradient_step(policy: TransformersPolicy, optimizer: Any, turns: List[TurnRecord], config: Config,
                         reference: Optional[Any]) -> Dict[str, Any]:
    """One token-level policy-gradient step on ``turns``; returns the step's statistics."""
    pairs: List[TokenPair] = [policy.encode(t.prompt, t.response) for t in turns]
    policy.model.train()
    logprobs, entropies, mask = policy.response_logprobs(pairs)
    advantages = torch.tensor([t.advantage for t in turns])  # on the CPU, with the log-probs
    kept = (advantages != 0).float()[:, None] * mask
    tokens = kept.sum().clamp(min=1)
    loss = -(advantages[:, None] * logprobs * kept).sum() / tokens
    kl = torch.zeros(())
    if reference is not None and config.kl > 0:
        with torch.no_grad():
            reference_logprobs, _, _ = policy.response_logprobs(pairs, model=reference)
        difference = reference_logprobs - logprobs
        kl = ((difference.exp() - difference - 1) * kept).sum() / tokens  # k3, unbiased and >= 0
        loss = loss + config.kl * kl
    optimizer.zero_grad()
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(policy.model.parameters(), 1.0)
    optimizer.step()
    return {"loss": loss.item(), "kl": kl.item(), "grad_norm": float(norm), "kept_turns": int((advantages != 0).sum()),
            "entropy": float((entropies.detach() * mask).sum() / mask.sum()), "lengths": mask.sum(1).tolist()}


def turn_statistics(turns: List[TurnRecord], pairs_lengths: List[int]) -> Dict[str, Any]:
    by_game: Dict[str, Dict[str, float]] = {}
    grouped: Dict[str, List[int]] = defaultdict(list)
    for index, turn in enumerate(turns):
        grouped[turn.game].append(index)
    for game, indices in grouped.items():
        by_game[game] = {
            "turns": len(indices),
            "valid_rate": sum(turns[i].valid for i in indices) / len(indices),
            "response_tokens": sum(pairs_lengths[i] for i in indices) / len(indices),
            "mean_return_first_seat": _mean([turns[i].reward for i in indices if turns[i].seat == 0]),
        }
    return by_game


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def versus_random(policy: TransformersPolicy, client: Client, game: str, seat: int, episodes: int, seed: int) -> Dict[str, Any]:
    """Plays ``episodes`` games in ``seat`` against the server's ``random`` (SPIRAL's answer
    reading, ``zero_sum``: an invalid move loses) and counts results from the model's side."""
    env = client.make_text(game, batch_size=min(episodes, 32), seed=seed, auto_reset=True, invalid_move_policy="zero_sum",
                           boxed_answers=True, answer_format="spiral", opponent="random", agent_seats=[seat])
    try:
        state = env.reset()
        returns = [[0.0] * env.spec.seat_count for _ in range(env.batch_size)]
        wins = draws = losses = moves = invalid = 0
        while wins + draws + losses < episodes:
            assert state.prompts is not None
            state = env.step(policy.generate([spiral_prompt(p) for p in state.prompts]))
            moves += env.batch_size
            invalid += int(state.invalid.sum())
            for slot in range(env.batch_size):
                for other in range(env.spec.seat_count):
                    returns[slot][other] += float(state.rewards[slot, other])
                if state.terminated[slot] or state.truncated[slot]:
                    mine, best_other = returns[slot][seat], max(r for s, r in enumerate(returns[slot]) if s != seat)
                    if wins + draws + losses < episodes:
                        wins += mine > best_other
                        losses += mine < best_other
                        draws += mine == best_other
                    returns[slot] = [0.0] * env.spec.seat_count
    finally:
        env.close()
        policy.forget_samples()
    rate = wins / episodes
    return {"episodes": episodes, "wins": wins, "draws": draws, "losses": losses, "win_rate": rate,
            "win_rate_ci95": 1.96 * math.sqrt(rate * (1 - rate) / episodes), "valid_move_rate": 1 - invalid / max(moves, 1)}


def evaluate_versus_random(policy: TransformersPolicy, client: Client, config: Config, stage: str) -> Dict[str, Any]:
    results: Dict[str, Any] = {}
    for index, game in enumerate(config.games):
        with client.make_text(game, batch_size=1) as probe:
            seats = probe.spec.seat_count
        results[game] = {str(seat): versus_random(policy, client, game, seat, config.eval_episodes,
                                                  seed=900_000 + 97 * index + seat) for seat in range(seats)}
        summary = ", ".join(f"seat {s} {r['win_rate']:.2f}±{r['win_rate_ci95']:.2f} (valid {r['valid_move_rate']:.2f})"
                            for s, r in results[game].items())
        log(f"{stage}: {game} vs random: {summary}")
    return results


def kuhn_exploitability(policy: TransformersPolicy, binary: str) -> float:
    return evaluate_text_policy(binary, KUHN, score=policy.score).exploitability


def train(binary: str, model_path: str, config: Config, out: Optional[Path], device: str = "cpu") -> Run:
    torch.manual_seed(config.seed)
    model, tokenizer = tiny_lm.load(model_path)
    model.to(device)
    policy = TransformersPolicy(model, tokenizer, temperature=config.temperature, max_new_tokens=config.max_new_tokens)
    run = Run(config=config.__dict__ | {"games": list(config.games)}, model=model_path,
              parameters=sum(p.numel() for p in model.parameters()))
    evaluate_kuhn = KUHN in config.games
    rae: Any = True if config.advantages == "rae" else {"decay": 1.0}  # decay 1: the baseline stays 0, A = R
    with LocalServer(binary) as server, Client(server.endpoint, timeout=120) as client, \
            TrajectoryStream(server.trajectory_endpoint) as stream:
        clock = time.time()
        run.versus_random["initial"] = evaluate_versus_random(policy, client, config, "initial")
        if config.warmup_steps:
            losses = warm_up(policy, client, config)
            run.seconds["warmup"] = time.time() - clock
            run.history.append({"warmup_loss_first": losses[0], "warmup_loss_last": losses[-1]})
            run.versus_random["after_warmup"] = evaluate_versus_random(policy, client, config, "after warm-up")
            if out:
                policy.model.save_pretrained(out / "warmup")
                tokenizer.save_pretrained(out / "warmup")
        reference = copy.deepcopy(policy.model).eval() if config.kl > 0 else None
        optimizer = torch.optim.AdamW(policy.model.parameters(), lr=config.lr)
        loops = {game: SelfPlayLoop(client, stream, game, policy.generate, batch_size=config.slots,
                                    seed=config.seed * 1000 + index, rae=rae)
                 for index, game in enumerate(config.games)}
        rl_clock = time.time()
        for iteration in range(config.iterations + 1):
            last = iteration == config.iterations or (config.max_minutes > 0 and time.time() - rl_clock > 60 * config.max_minutes)
            if evaluate_kuhn and (iteration % config.eval_every == 0 or last):
                value = kuhn_exploitability(policy, binary)
                run.exploitability.append({"iteration": iteration, "exploitability": value})
                log(f"iteration {iteration}: Kuhn Poker exploitability {value:.4f}")
            if last:
                run.iterations_done = iteration
                break
            turns = [turn for game, loop in loops.items() for episode in loop.episodes(config.episodes_of(game))
                     for turn in episode]
            statistics = policy_gradient_step(policy, optimizer, turns, config, reference)
            lengths = statistics.pop("lengths")  # response tokens sampled, end-of-text included
            row = {"iteration": iteration + 1, **statistics, "games": turn_statistics(turns, lengths),
                   "seconds": time.time() - rl_clock}
            run.history.append(row)
            summary = " ".join(f"{game}: valid {s['valid_rate']:.2f} len {s['response_tokens']:.1f}"
                               for game, s in row["games"].items())
            log(f"iteration {iteration + 1}/{config.iterations} loss {statistics['loss']:.3f} "
                f"entropy {statistics['entropy']:.3f} | {summary} | {row['seconds']:.0f} s")
            if policy.pending_samples > 50_000:
                policy.forget_samples()  # responses of episodes the loops dropped
            if out and (iteration + 1) % 50 == 0:
                policy.model.save_pretrained(out / "checkpoint")
                tokenizer.save_pretrained(out / "checkpoint")
        run.seconds["rl"] = time.time() - rl_clock
        for loop in loops.values():
            loop.close()
        run.versus_random["final"] = evaluate_versus_random(policy, client, config, "final")
        run.seconds["total"] = time.time() - clock
    if out:
        policy.model.save_pretrained(out / "final")
        tokenizer.save_pretrained(out / "final")
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--games-bin", default=str(REPO_ROOT / ".build" / "release" / "games"))
    parser.add_argument("--model", help="a model directory or hub id; default: build the tiny model under --out/initial")
    parser.add_argument("--out", type=Path, help="checkpoints (save_pretrained) go here")
    parser.add_argument("--games", default=",".join(tiny_lm.DEFAULT_GAMES), help="comma-separated game strings")
    defaults = Config()
    for name, value in defaults.__dict__.items():
        if name != "games":
            parser.add_argument("--" + name.replace("_", "-"), type=type(value), default=value)
    parser.add_argument("--threads", type=int, default=0, help="PyTorch threads (0: its default)")
    parser.add_argument("--device", default="cpu", help="where the model runs: cpu, cuda, cuda:1, ...")
    parser.add_argument("--json", action="store_true", help="print the run as one JSON object on stdout")
    parser.add_argument("--plot", help="write learning curves (PNG) here")
    args = parser.parse_args()
    if args.advantages not in ("rae", "none"):
        parser.error(f"--advantages must be rae or none, got {args.advantages!r}")
    if args.threads:
        torch.set_num_threads(args.threads)
    config = Config(**{name: getattr(args, name) for name in defaults.__dict__ if name != "games"},
                    games=tuple(args.games.split(",")))
    model_path = args.model
    if model_path is None:
        if args.out is None:
            parser.error("without --model, --out is needed (the tiny model is built there)")
        model_path = str(args.out / "initial")
        vocab, parameters = tiny_lm.build(args.games_bin, Path(model_path), games=config.games, seed=config.seed)
        log(f"built a tiny model in {model_path}: vocabulary {vocab}, {parameters:,} parameters")
    run = train(args.games_bin, model_path, config, args.out, args.device)
    if args.plot:
        import llm_selfplay_plot

        llm_selfplay_plot.plot([run.__dict__], args.plot)
    if args.json:
        print(json.dumps(run.__dict__))


if __name__ == "__main__":
    main()
