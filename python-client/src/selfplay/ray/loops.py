"""LLM self-play loops as Ray actors, generating through another actor (a model server)."""

from __future__ import annotations

from typing import Any, List, Optional, Sequence

import ray

from ..client import Client
from ..llm_loop import Generate, SelfPlayLoop, TurnRecord
from ..server import LocalServer, find_games_binary
from ..trajectories import TrajectoryStream


def remote_generate(model: Any, method: str = "generate", timeout: Optional[float] = None) -> Generate:
    """A ``generate(prompts) -> responses`` function that calls ``model.<method>.remote(prompts)``
    on a Ray actor (a model server, typically on a GPU node) and waits for its answer.

    Args:
        model: the actor handle.
        method: the actor's method taking a list of prompts and returning one text per prompt.
        timeout: seconds to wait for each answer (None: as long as it takes).

    Raises:
        AttributeError: the actor has no such method.
    """
    call = getattr(model, method)

    def generate(prompts: List[str]) -> Sequence[str]:
        responses: Sequence[str] = ray.get(call.remote(prompts), timeout=timeout)
        return responses

    return generate


class SelfPlayWorker:
    """A ``SelfPlayLoop`` in an actor (wrap with ``ray.remote``), with its own ``games serve``
    on its node and ``generate`` answered by a model actor.

    The worker's server binds loopback: the games' traffic stays on the node, and only prompts,
    responses (to and from the model actor) and finished episodes (to whoever calls
    ``episodes``) cross the network, as Ray objects. A server of its own also keeps its
    trajectory channel to itself (a PUSH socket shares messages among its readers).

    Args:
        game: the game string.
        model: the model actor's handle.
        method: the model actor's generate method (see ``remote_generate``).
        binary: the ``games`` executable on the worker's node (default ``find_games_binary``).
        generate_timeout: seconds to wait for each of the model's answers (None: no limit).
        **loop_options: ``SelfPlayLoop`` options (``batch_size``, ``seed``, ``max_turns``, ...).
    """

    def __init__(self, game: str, model: Any, *, method: str = "generate", binary: Optional[str] = None,
                 generate_timeout: Optional[float] = None, **loop_options: Any) -> None:
        self._server = LocalServer(find_games_binary(binary))
        timeout = float(loop_options.get("timeout", 60.0))
        try:
            self._client = Client(self._server.endpoint, timeout=timeout)
            self._stream = TrajectoryStream(self._server.trajectory_endpoint, timeout=timeout)
            self._loop = SelfPlayLoop(self._client, self._stream, game,
                                      remote_generate(model, method, generate_timeout), **loop_options)
        except BaseException:
            self._server.close()
            raise

    def episodes(self, count: int) -> List[List[TurnRecord]]:
        """Plays until ``count`` more episodes finished; each one's turn records."""
        return list(self._loop.episodes(count))

    def node_id(self) -> str:
        """The Ray node the worker runs on."""
        node: str = ray.get_runtime_context().get_node_id()
        return node

    def close(self) -> None:
        """Closes the loop's vector, the connections and the server."""
        self._loop.close()
        self._stream.close()
        self._client.close()
        self._server.close()
