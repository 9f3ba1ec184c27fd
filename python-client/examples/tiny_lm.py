"""A tiny causal language model for the games' text face, built from scratch on a CPU.

No model hub is needed: ``build`` plays random legal moves through ``games serve`` to collect
the games' own prompts (in SPIRAL's template) and answers (``\\boxed{[move]}``), trains a
byte-level BPE tokenizer on them with Hugging Face ``tokenizers``, builds a small Llama-shaped
model from a config with ``transformers`` (about 0.2 million parameters by default, untrained),
and saves both with ``save_pretrained``. Load them back with ``load(PATH)``, which is exactly
``AutoTokenizer/AutoModelForCausalLM.from_pretrained(PATH)``: the path a pretrained model from
the hub (``Qwen/Qwen3-4B-Base``) takes too, so nothing downstream knows the difference.

The tokenizer's pre-tokenizer does not split on whitespace, so merges cross word boundaries:
the rules text every prompt repeats becomes a few dozen tokens, which keeps a CPU forward pass
short. It is byte-level, so any text (a model's garbage included) round-trips exactly.

Run:  python python-client/examples/tiny_lm.py --out /tmp/tiny-lm   (``pip install ./python-client[llm]``)
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, List, Sequence, Tuple

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "python-client" / "src"))  # run from a checkout without installing

from selfplay import Client, LocalServer, spiral_prompt  # noqa: E402

#: The games the model is built for (SPIRAL's three, in SelfPlay's catalog).
DEFAULT_GAMES = ("tic_tac_toe", "kuhn_poker", "negotiation")
#: One token for the beginning and end of a text and for padding.
END_OF_TEXT = "<|endoftext|>"


def boxed(action_text: str) -> str:
    """The answer a model writes for a legal action's text: ``[bet]`` -> ``\\boxed{[bet]}``.
    SPIRAL's extraction reads it back as the action, brackets and all."""
    return "\\boxed{" + action_text + "}"


@dataclass(frozen=True)
class Transcript:
    """One decision of a random-legal-move game: the prompt (in SPIRAL's template) and an
    answer naming a legal action, drawn uniformly."""

    game: str
    prompt: str
    answer: str


def random_transcripts(client: Client, game: str, count: int, *, seed: int = 0, batch_size: int = 16) -> List[Transcript]:
    """Plays ``game`` with uniformly random legal moves and records ``count`` decisions.

    The moves are drawn from the server's legal action texts, so every answer is a valid move
    in the position its prompt shows (the format warm-up's training data, and the tokenizer's).
    """
    rng = random.Random(seed)
    env = client.make_text(game, batch_size=batch_size, seed=seed, auto_reset=True)
    try:
        state = env.reset()
        out: List[Transcript] = []
        while len(out) < count:
            assert state.prompts is not None and state.legal_actions is not None
            moves = [rng.choice(legal) for legal in state.legal_actions]
            out += [Transcript(game, spiral_prompt(prompt), boxed(move)) for prompt, move in zip(state.prompts, moves)]
            state = env.step(moves)
        return out[:count]
    finally:
        env.close()


def collect(binary: str, games: Sequence[str], per_game: int, seed: int = 0) -> List[Transcript]:
    """``random_transcripts`` for each game on a fresh local server."""
    with LocalServer(binary) as server, Client(server.endpoint) as client:
        return [t for index, game in enumerate(games) for t in random_transcripts(client, game, per_game, seed=seed + index)]


def train_tokenizer(texts: Iterator[str], vocab_size: int = 4096) -> Any:
    """A byte-level BPE tokenizer trained on ``texts``, as a ``PreTrainedTokenizerFast`` whose
    ``<|endoftext|>`` is the beginning, end and padding token."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.BPE())
    # No regex split: merges may cross spaces, so repeated rule sentences become single tokens.
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)
    tokenizer.decoder = decoders.ByteLevel()
    # A token of at most 12 characters: without a limit a whole prompt that repeats in the
    # corpus becomes one token, and a prompt never seen falls apart into rare pieces.
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=[END_OF_TEXT], max_token_length=12,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tokenizer.train_from_iterator(texts, trainer=trainer)
    return PreTrainedTokenizerFast(tokenizer_object=tokenizer, bos_token=END_OF_TEXT, eos_token=END_OF_TEXT,
                                   pad_token=END_OF_TEXT, padding_side="left")


def make_model(tokenizer: Any, *, hidden: int = 64, layers: int = 2, heads: int = 4, context: int = 2048, seed: int = 0) -> Any:
    """An untrained Llama-shaped causal LM sized for ``tokenizer`` (tied embeddings)."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(seed)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=hidden, intermediate_size=3 * hidden,
                         num_hidden_layers=layers, num_attention_heads=heads, num_key_value_heads=heads,
                         max_position_embeddings=context, tie_word_embeddings=True,
                         bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
                         pad_token_id=tokenizer.pad_token_id)
    return LlamaForCausalLM(config)


def build(binary: str, out: Path, *, games: Sequence[str] = DEFAULT_GAMES, per_game: int = 400, vocab_size: int = 4096,
          hidden: int = 64, layers: int = 2, seed: int = 0) -> Tuple[int, int]:
    """Collects transcripts, trains the tokenizer, builds the model and saves both under ``out``.

    Returns:
        (vocabulary size, parameter count).
    """
    transcripts = collect(binary, games, per_game, seed)
    tokenizer = train_tokenizer(iter([t.prompt for t in transcripts] + [t.answer for t in transcripts]), vocab_size)
    model = make_model(tokenizer, hidden=hidden, layers=layers, seed=seed)
    out.mkdir(parents=True, exist_ok=True)
    tokenizer.save_pretrained(out)
    model.save_pretrained(out)
    return len(tokenizer), sum(p.numel() for p in model.parameters())


def load(path: str) -> Tuple[Any, Any]:
    """(model, tokenizer) from a directory or a hub id, the way any pretrained model loads.

    A tokenizer without a padding token (most base models) pads with its end-of-text token;
    padding is on the left, as batched generation needs.
    """
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(path, padding_side="left")
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(path)
    return model, tokenizer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="directory for the tokenizer and the model")
    parser.add_argument("--games-bin", default=str(REPO_ROOT / ".build" / "release" / "games"))
    parser.add_argument("--games", default=",".join(DEFAULT_GAMES), help="comma-separated game strings")
    parser.add_argument("--per-game", type=int, default=400, help="prompts per game for the tokenizer")
    parser.add_argument("--vocab", type=int, default=4096)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    vocab, parameters = build(args.games_bin, Path(args.out), games=args.games.split(","), per_game=args.per_game,
                              vocab_size=args.vocab, hidden=args.hidden, layers=args.layers, seed=args.seed)
    print(f"saved to {args.out}: vocabulary {vocab}, {parameters:,} parameters", file=sys.stderr)


if __name__ == "__main__":
    main()
