"""An LLM self-play loop in SPIRAL's shape: one policy in every seat, per-turn records out.

``SelfPlayLoop`` plays a vector of text-mode games on ``games serve`` with a single
``generate(prompts) -> texts`` function answering for every seat, and yields, per finished
episode, one ``TurnRecord`` per turn with what a policy-gradient learner needs: the prompt
the model saw, its response, the game, the seat's role, the turn index, the seat's final
reward, the turn's RAE advantage and whether the move was valid. The advantages are the
server's (docs/protocol.md, Trajectory channel), so trainer and evaluation share one RAE.

The generator is pluggable: ``vllm_generator`` and ``transformers_generator`` wrap vLLM and
Hugging Face transformers when installed (neither is required); tests use a deterministic
stand-in. Token ids and log-probabilities stay on the trainer's side (it owns the tokenizer);
see docs/llm-selfplay.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

from .client import Client, StepResult, TextEnv
from .trajectories import TrajectoryBatch, TrajectoryStream

#: The generator contract: one response per prompt, in order.
Generate = Callable[[List[str]], Sequence[str]]

#: SPIRAL's instruction around the game's observation (its Qwen template, without chat markup:
#: apply your model's chat template inside ``generate`` if it needs one).
SPIRAL_TEMPLATE = (
    "You are playing a two-player zero-sum game. Make valid actions to win.\n"
    "Observation: {observation}\n"
    "Please reason step by step, and put your final answer within \\boxed{{}}."
)


def spiral_prompt(observation: str) -> str:
    """Wraps a game's prompt in SPIRAL's instruction (reason, then answer in ``\\boxed{}``)."""
    return SPIRAL_TEMPLATE.format(observation=observation)


@dataclass(frozen=True)
class TurnRecord:
    """One turn of a finished episode, ready for a policy-gradient learner.

    Attributes:
        prompt: the text the model was given (after the prompt template).
        response: the model's full response, as generated.
        game: the canonical game string, e.g. ``kuhn_poker``.
        role: the acting seat's role name (e.g. ``first``, ``werewolf``); ``role_index`` its index.
        seat: the acting seat.
        turn: the turn's index in its episode (0-based, all seats counted).
        reward: the acting seat's final return in the episode (after the invalid-move policy).
        advantage: SPIRAL's RAE advantage of the turn (``reward - baseline[role]``, times gamma^k).
        valid: the response parsed to a legal action; ``action`` is that action's text ("" if not).
        episode: the episode's server-wide sequence number; ``episode_length`` its turn count.
        draw: no seat had the strictly highest return.
        truncated: the episode was cut at ``max_turns``.
        episode_returns: every seat's final return in the episode, by seat (seats that never
            acted included: their returns move their roles' baselines too).
        episode_roles: every seat's role index in the episode, by seat.
    """

    prompt: str
    response: str
    game: str
    role: str
    role_index: int
    seat: int
    turn: int
    reward: float
    advantage: float
    valid: bool
    action: str
    episode: int
    episode_length: int
    draw: bool
    truncated: bool
    episode_returns: Tuple[float, ...] = ()
    episode_roles: Tuple[int, ...] = ()


def records_from_batch(batch: TrajectoryBatch, prompt_template: Optional[Callable[[str], str]] = None) -> List[List[TurnRecord]]:
    """Turns one text-mode trajectory message into per-episode lists of ``TurnRecord``.

    Args:
        batch: a text-mode ``TrajectoryBatch``.
        prompt_template: the template the generator's prompts went through (the server
            records the game's own prompt); None: the game prompt as it is.
    """
    if not batch.text_mode or batch.prompts is None or batch.replies is None:
        raise ValueError("records_from_batch needs a text-mode trajectory batch (prompts and replies)")
    action_texts = batch.action_texts or [""] * batch.turn_count
    offsets = batch.episode_offsets
    episodes: List[List[TurnRecord]] = []
    for episode in range(batch.episode_count):
        turns: List[TurnRecord] = []
        episode_returns = tuple(float(value) for value in batch.returns[episode])
        episode_roles = tuple(int(role) for role in batch.seat_roles[episode])
        for turn in range(int(offsets[episode]), int(offsets[episode + 1])):
            seat = int(batch.seats[turn])
            role_index = int(batch.roles[turn])
            raw = batch.prompts[turn]
            turns.append(TurnRecord(
                prompt=prompt_template(raw) if prompt_template else raw,
                response=batch.replies[turn],
                game=batch.game,
                role=batch.role_names[role_index],
                role_index=role_index,
                seat=seat,
                turn=int(batch.turn_indices[turn]),
                reward=float(batch.returns[episode, seat]),
                advantage=float(batch.advantages[turn]),
                valid=not bool(batch.invalid_turns[turn]),
                action=action_texts[turn],
                episode=int(batch.sequence[episode]),
                episode_length=int(batch.lengths[episode]),
                draw=int(batch.outcomes[episode]) < 0,
                truncated=bool(batch.truncated_episodes[episode]),
                episode_returns=episode_returns,
                episode_roles=episode_roles,
            ))
        episodes.append(turns)
    return episodes


class SelfPlayLoop:
    """Plays text-mode games with one ``generate`` function in every seat (SPIRAL's self-play).

    Args:
        client: a connected ``Client``.
        stream: a ``TrajectoryStream`` on the same server (finished episodes arrive there). One
            made with ``request_endpoint`` acknowledges what the loop took, and the loop's vector
            then has the server keep its messages until then (docs/protocol.md, Acknowledged
            trajectories).
        game: a game string, e.g. ``kuhn_poker``, ``werewolf``.
        generate: ``generate(prompts) -> responses``, one response per prompt, in order.
        batch_size: games played side by side (one ``generate`` call per step covers them all).
        seed: the vector's seed (fixes every deal).
        invalid_move_policy: ``spiral`` (offender -1.5, other +0.5: SPIRAL's training preset),
            ``zero_sum``, ``textarena`` (one retry, then offender -1, other 0), or one of them
            with ``+K`` retries.
        boxed_answers: responses answer in ``\\boxed{}`` (SPIRAL).
        answer_format: how a response becomes a move (``Client.make_text``); by default SPIRAL's
            extraction exactly, under the default ``spiral`` policy with boxed answers.
        max_turns: cut episodes at this many turns (0: the game's own limit). SPIRAL: 50.
        prompt_template: maps a game prompt to what ``generate`` receives (default SPIRAL's
            instruction; ``None`` passes the game prompt as it is).
        rae: the server's RAE settings (``decay``, ``update``, ``gamma``); default SPIRAL's.
        timeout: seconds to wait for a reply or a trajectory message.

    Attributes:
        legal_actions: the legal action strings of every slot for the prompts of the current
            ``generate`` call (for stand-in generators and constrained decoding).
    """

    def __init__(self, client: Client, stream: TrajectoryStream, game: str, generate: Generate, *,
                 batch_size: int = 8, seed: int = 0, invalid_move_policy: str = "spiral", boxed_answers: bool = True,
                 max_turns: int = 0, prompt_template: Optional[Callable[[str], str]] = spiral_prompt,
                 rae: Union[bool, Mapping[str, Any]] = True, timeout: float = 60.0, answer_format: str = "") -> None:
        if not callable(generate):
            raise TypeError(f"generate must be a function prompts -> responses, got {type(generate).__name__}")
        self.generate = generate
        self.stream = stream
        self.timeout = timeout
        self.prompt_template = prompt_template
        # A stream that acknowledges gets vectors whose messages the server keeps until then.
        trajectories = {**(rae if isinstance(rae, Mapping) else {}), "acknowledged": stream.acknowledges}
        self.env: TextEnv = client.make_text(
            game, batch_size=batch_size, seed=seed, auto_reset=True, invalid_move_policy=invalid_move_policy,
            boxed_answers=boxed_answers, max_turns=max_turns, trajectories=trajectories, answer_format=answer_format)
        self.game = self.env.spec.game
        self.legal_actions: List[List[str]] = []
        self._state: Optional[StepResult] = None

    def __enter__(self) -> SelfPlayLoop:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Closes the vector (episodes still in progress are dropped, not recorded)."""
        self.env.close()

    def episodes(self, count: int) -> Iterator[List[TurnRecord]]:
        """Plays until ``count`` more episodes finished and yields each one's turn records, in
        the order the server finished them.

        Raises:
            ValueError: ``generate`` returned the wrong number of responses.
            TimeoutError: the server sent no trajectories in time.
        """
        if count < 1:
            raise ValueError(f"count must be at least 1, got {count}")
        if self._state is None:
            self._state = self.env.reset()
        yielded = 0
        while yielded < count:
            state = self._state
            assert state.prompts is not None and state.legal_actions is not None
            template = self.prompt_template
            prompts = [template(prompt) for prompt in state.prompts] if template else list(state.prompts)
            self.legal_actions = state.legal_actions
            responses = list(self.generate(prompts))
            if len(responses) != len(prompts):
                raise ValueError(f"generate returned {len(responses)} responses for {len(prompts)} prompts")
            if not all(isinstance(response, str) for response in responses):
                raise ValueError("generate must return strings")
            self._state = self.env.step(responses)
            expected = self._state.episodes_finished
            while expected > 0:
                batch = self.stream.receive(timeout=self.timeout)
                if batch is None:
                    raise TimeoutError(f"no trajectories from the server within {self.timeout} s")
                if batch.vector_id != self.env.vector_id:
                    continue  # another vector's episodes on a shared stream
                expected -= batch.episode_count
                for episode in records_from_batch(batch, self.prompt_template):
                    if yielded < count:
                        yield episode
                    yielded += 1


def vllm_generator(model: str, **sampling: Any) -> Generate:
    """A ``generate`` function on vLLM (``pip install vllm``): ``LLM(model).generate`` with
    ``SamplingParams(**sampling)`` (e.g. ``temperature=1.0, max_tokens=4096``)."""
    try:
        from vllm import LLM, SamplingParams  # type: ignore[import-not-found]
    except ImportError as error:
        raise ImportError("vllm_generator needs vLLM: pip install vllm") from error
    engine = LLM(model=model)
    parameters = SamplingParams(**sampling)

    def generate(prompts: List[str]) -> List[str]:
        return [output.outputs[0].text for output in engine.generate(prompts, parameters)]

    return generate


def transformers_generator(model: str, *, max_new_tokens: int = 512, temperature: float = 1.0) -> Generate:
    """A ``generate`` function on Hugging Face transformers (``pip install ./python-client[llm]``):
    ``TransformersPolicy.from_pretrained(model).generate``, batched temperature sampling that
    returns only the new text (``selfplay.hf_models`` also scores and trains the model)."""
    try:
        from .hf_models import TransformersPolicy

        return TransformersPolicy.from_pretrained(model, max_new_tokens=max_new_tokens, temperature=temperature).generate
    except ImportError as error:
        raise ImportError("transformers_generator needs transformers and torch: pip install ./python-client[llm]") from error
