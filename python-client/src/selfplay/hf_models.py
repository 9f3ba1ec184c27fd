"""A Hugging Face causal language model as a text-game policy: sample, score, train.

``TransformersPolicy`` wraps a model and its tokenizer with the three things SPIRAL's loop and
the text-policy evaluation need:

- ``generate(prompts)``: batched temperature sampling (a ``SelfPlayLoop`` generator). It keeps
  the sampled token ids of every response, so a trainer computes the log-probabilities of the
  tokens the model really drew, not of a re-tokenisation of the text (``encode``).
- ``response_logprobs(pairs)``: per-token log-probabilities (and entropies) of response tokens
  given their prompts, in one padded forward pass, differentiable.
- ``score(prompts, candidates)``: the log-likelihood of each candidate answer text after its
  prompt (``selfplay.text_policy``'s ``Scorer``).

PyTorch and transformers are imported when a policy is made (``pip install
./python-client[llm]``), never when ``selfplay`` is imported.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

#: One turn as token ids: (prompt ids, response ids; the response ends with the end-of-text
#: token when the model stopped by itself).
TokenPair = Tuple[List[int], List[int]]


class TransformersPolicy:
    """A causal LM and its tokenizer, sampled with temperature and scored by likelihood.

    Args:
        model: a ``transformers`` causal LM (``AutoModelForCausalLM``).
        tokenizer: its tokenizer; a missing padding token is set to the end-of-text token.
        temperature: the sampling temperature (1: the model's own distribution, what an
            on-policy gradient assumes). Sampling uses no top-k or top-p cut.
        max_new_tokens: the longest response.
        batch_size: rows per forward pass (generation, scoring and ``response_logprobs``).

    The model runs where its parameters are (``model.to("cuda")`` first for a GPU); results
    come back on the CPU.
    """

    def __init__(self, model: Any, tokenizer: Any, *, temperature: float = 1.0, max_new_tokens: int = 32,
                 batch_size: int = 64) -> None:
        if temperature <= 0:
            raise ValueError(f"temperature must be positive, got {temperature}")
        if tokenizer.eos_token_id is None:
            raise ValueError("the tokenizer has no end-of-text token; responses could never end")
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        self.model = model
        self.tokenizer = tokenizer
        self.temperature = temperature
        self.max_new_tokens = max_new_tokens
        self.batch_size = batch_size
        self._sampled: Dict[Tuple[str, str], TokenPair] = {}

    @classmethod
    def from_pretrained(cls, path: str, **options: Any) -> TransformersPolicy:
        """Loads a model and tokenizer from a directory or a hub id, as any pretrained model."""
        from transformers import AutoModelForCausalLM, AutoTokenizer

        return cls(AutoModelForCausalLM.from_pretrained(path), AutoTokenizer.from_pretrained(path), **options)

    @property
    def eos(self) -> int:
        return int(self.tokenizer.eos_token_id)

    def generate(self, prompts: List[str]) -> List[str]:
        """One sampled response per prompt (batched, left-padded); the ids are kept for ``encode``."""
        import torch

        texts: List[str] = []
        self.model.eval()
        for start in range(0, len(prompts), self.batch_size):
            chunk = prompts[start:start + self.batch_size]
            inputs = self.tokenizer(chunk, return_tensors="pt", padding=True, padding_side="left").to(self.model.device)
            with torch.no_grad():
                output = self.model.generate(
                    **inputs, do_sample=True, temperature=self.temperature, top_k=0, top_p=1.0,
                    max_new_tokens=self.max_new_tokens, pad_token_id=self.tokenizer.pad_token_id, eos_token_id=self.eos)
            width = inputs["input_ids"].shape[1]
            for row, prompt in enumerate(chunk):
                response = self._until_end(output[row, width:].tolist())
                text = self.tokenizer.decode([t for t in response if t != self.eos], skip_special_tokens=True)
                prompt_ids = inputs["input_ids"][row][inputs["attention_mask"][row] > 0].tolist()
                self._sampled[(prompt, text)] = (prompt_ids, response)
                texts.append(text)
        return texts

    def _until_end(self, ids: List[int]) -> List[int]:
        return ids[:ids.index(self.eos) + 1] if self.eos in ids else ids

    def encode(self, prompt: str, response: str) -> TokenPair:
        """The token ids of a turn: the sampled ones when ``generate`` produced this response to
        this prompt (and forgets them), else the tokenisation of the text plus end-of-text."""
        sampled = self._sampled.pop((prompt, response), None)
        if sampled is not None:
            return sampled
        prompt_ids = self.tokenizer(prompt)["input_ids"]
        return list(prompt_ids), list(self.tokenizer(response, add_special_tokens=False)["input_ids"]) + [self.eos]

    @property
    def pending_samples(self) -> int:
        """Responses sampled by ``generate`` whose ids ``encode`` has not handed out yet."""
        return len(self._sampled)

    def forget_samples(self) -> None:
        """Drops the ids of responses never passed to ``encode`` (e.g. unfinished episodes)."""
        self._sampled.clear()

    def response_logprobs(self, pairs: Sequence[TokenPair], model: Optional[Any] = None) -> Tuple[Any, Any, Any]:
        """Log-probabilities of every response token given its prompt and the tokens before it.

        Args:
            pairs: (prompt ids, response ids) per row; every response at least one token.
            model: another model with the same tokenizer (a frozen reference); default this one.

        Returns:
            ``(logprobs, entropies, mask)``, each ``[rows, longest response]``: the token's
            log-probability, the entropy of the distribution it was drawn from, and 1 where a
            row has a token (0 on padding). Differentiable unless called under ``no_grad``.
        """
        import torch

        network = model if model is not None else self.model
        if any(not response for _, response in pairs):
            raise ValueError("every response needs at least one token")
        longest = max(len(response) for _, response in pairs)
        outputs: List[Tuple[Any, Any, Any]] = []
        for start in range(0, len(pairs), self.batch_size):
            chunk = pairs[start:start + self.batch_size]
            width = max(len(p) + len(r) for p, r in chunk)
            ids = torch.full((len(chunk), width), self.eos, dtype=torch.long)
            attention = torch.zeros((len(chunk), width), dtype=torch.long)
            # Right padding: positions count from 0 in every row, as in an unpadded forward pass.
            for row, (prompt, response) in enumerate(chunk):
                ids[row, :len(prompt) + len(response)] = torch.tensor(prompt + response)
                attention[row, :len(prompt) + len(response)] = 1
            logits = network(input_ids=ids.to(network.device), attention_mask=attention.to(network.device)).logits.float()
            index = torch.zeros((len(chunk), longest), dtype=torch.long)
            targets = torch.full((len(chunk), longest), self.eos, dtype=torch.long)
            mask = torch.zeros((len(chunk), longest))
            for row, (prompt, response) in enumerate(chunk):
                # The logits at position i predict token i + 1.
                index[row, :len(response)] = torch.arange(len(prompt) - 1, len(prompt) + len(response) - 1)
                targets[row, :len(response)] = torch.tensor(response)
                mask[row, :len(response)] = 1
            index, targets, mask = index.to(logits.device), targets.to(logits.device), mask.to(logits.device)
            picked = logits.gather(1, index[..., None].expand(-1, -1, logits.shape[-1]))
            log_softmax = torch.log_softmax(picked / self.temperature, dim=-1)
            logprobs = log_softmax.gather(-1, targets[..., None]).squeeze(-1)
            entropies = -(log_softmax.exp() * log_softmax).sum(-1)
            outputs.append(((logprobs * mask).cpu(), (entropies * mask).cpu(), mask.cpu()))
        logprobs, entropies, mask = (torch.cat([part[i] for part in outputs]) for i in range(3))
        return logprobs, entropies, mask

    def score(self, prompts: List[str], candidates: List[List[str]]) -> List[List[float]]:
        """The log-likelihood of each candidate answer (plus end-of-text) after its prompt."""
        import torch

        pairs: List[TokenPair] = []
        for prompt, answers in zip(prompts, candidates):
            prompt_ids = list(self.tokenizer(prompt)["input_ids"])
            for answer in answers:
                pairs.append((prompt_ids, list(self.tokenizer(answer, add_special_tokens=False)["input_ids"]) + [self.eos]))
        self.model.eval()
        with torch.no_grad():
            logprobs, _, _ = self.response_logprobs(pairs)
        totals = logprobs.sum(-1).tolist()
        out: List[List[float]] = []
        for answers in candidates:
            out.append(totals[:len(answers)])
            totals = totals[len(answers):]
        return out
