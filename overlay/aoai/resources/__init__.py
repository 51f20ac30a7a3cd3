"""The facade users call: `client.chat.completions.create(...)` and friends.

`SyncResources` / `AsyncResources` are mixed into the clients; each resource is a
lazily built attribute so constructing a client imports no resource module. The
resource classes are shared by both clients: the driver (`_call.SYNC` / `_call.ASYNC`)
is the only difference, so each behaviour is written once.

Beyond the attributes below, every top-level name of the version's facade is an
attribute too (`client.responses`, `client.files`, `client.models`, `client.vector_stores`,
...), found in the version's metadata when first read (`_generic.member`).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aoai.resources.audio import Audio
    from aoai.resources.chat import Chat
    from aoai.resources.completions import Completions
    from aoai.resources.embeddings import Embeddings
    from aoai.resources.files import Files
    from aoai.resources.images import Images
    from aoai.resources.operations import Operations
    from aoai.resources.responses import Responses


def _driver(is_async: bool) -> Any:
    from aoai.resources._call import ASYNC, SYNC

    return ASYNC if is_async else SYNC


class _Resources:
    _is_async = False

    @cached_property
    def _facade_root(self) -> Any:
        from aoai.resources._resource import Resource

        return Resource(self, _driver(self._is_async))

    def __getattr__(self, name: str) -> Any:
        """A facade resource the version's metadata names (`client.files`), built once."""
        if name.startswith("_"):
            raise AttributeError(name)
        from aoai.resources._generic import member

        found = member(self._facade_root, name)
        self.__dict__[name] = found
        return found

    def __dir__(self) -> list[str]:
        from aoai.resources._generic import members

        return sorted({*super().__dir__(), *members(self, "")})

    @cached_property
    def chat(self) -> Chat:
        """`chat.completions.create(...)`."""
        from aoai.resources.chat import Chat

        return Chat(self, _driver(self._is_async))

    @cached_property
    def completions(self) -> Completions:
        """`completions.create(...)` (legacy text completions)."""
        from aoai.resources.completions import Completions

        return Completions(self, _driver(self._is_async))

    @cached_property
    def embeddings(self) -> Embeddings:
        """`embeddings.create(...)`."""
        from aoai.resources.embeddings import Embeddings

        return Embeddings(self, _driver(self._is_async))

    @cached_property
    def images(self) -> Images:
        """`images.generate(...)`."""
        from aoai.resources.images import Images

        return Images(self, _driver(self._is_async))

    @cached_property
    def audio(self) -> Audio:
        """`audio.transcriptions.create(...)`, `audio.translations.create(...)`."""
        from aoai.resources.audio import Audio

        return Audio(self, _driver(self._is_async))

    @cached_property
    def responses(self) -> Responses:
        """`responses.create(...)` (streamed: typed events, `get_final_response()`), `retrieve`, `delete`,
        `input_items.list`."""
        from aoai.resources.responses import Responses

        return Responses(self, _driver(self._is_async))

    @cached_property
    def files(self) -> Files:
        """`files.create(file=..., purpose=...)`, `list` (paged), `retrieve`, `delete`, `content`, `write_content`."""
        from aoai.resources.files import Files

        return Files(self, _driver(self._is_async))

    @cached_property
    def operations(self) -> Operations:
        """Every generated operation of this api-version: `operations.<tag>.<operation>(...)`."""
        from aoai.resources.operations import Operations

        return Operations(self, _driver(self._is_async))


class SyncResources(_Resources):
    """Resource attributes of `aoai.AzureOpenAI`."""


class AsyncResources(_Resources):
    """Resource attributes of `aoai.AsyncAzureOpenAI`; methods return awaitables."""

    _is_async = True
