"""Cursor pages: `for f in client.files.list(): ...` walks every page, one request per page.

Which list operations page, and with which names, is the document's to say: the generator
records it per operation (`paging` in the package's `_facade`: the `after`/`limit` query
parameters in, `data`, `has_more`, `first_id`/`last_id` out). `Paging` holds those names and
`next_cursor` decides, without I/O, whether there is a next page and from which id it starts,
so the sync and async pages only differ in how they fetch it (`fetch` / `afetch`).

The shapes follow the official SDK: a page is a list of items (`page.data`) that also
iterates over every later page's items; `has_next_page()`, `next_page()` and `pages()` give
control page by page. In the async client, `client.files.list()` returns an
`AsyncPaginator`: await it for the first page, or `async for` over it for every item.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator, Mapping
from typing import Any, Generic, TypeVar

T = TypeVar("T")

__all__ = ["AsyncPage", "AsyncPaginator", "NoNextPageError", "Paging", "SyncPage", "next_cursor"]


class NoNextPageError(LookupError):
    """`next_page()` on the last page: check `has_next_page()` first, or iterate."""


@dataclasses.dataclass(frozen=True)
class Paging:
    """The names one list operation pages with, as its document declares them."""

    after: str | None = "after"  # None: the list has no cursor, its one page is the whole of it
    limit: str | None = "limit"
    data: str = "data"
    has_more: str | None = "has_more"
    last_id: str | None = "last_id"
    first_id: str | None = None
    before: str | None = None

    @classmethod
    def from_metadata(cls, spec: Mapping[str, Any]) -> Paging:
        """From an operation's `paging` entry in the generator's metadata."""
        names = {field.name for field in dataclasses.fields(cls)}
        return cls(**{key: value for key, value in spec.items() if key in names})


def _item_id(item: Any) -> str | None:
    value = item.get("id") if isinstance(item, Mapping) else getattr(item, "id", None)
    return value if isinstance(value, str) and value else None


def next_cursor(paging: Paging, body: Mapping[str, Any], items: list[Any]) -> str | None:
    """The `after` cursor of the page that follows, or None when this page is the last.

    A page is the last when the list has no cursor (`after` is None: `models.list`), when the
    reply says `has_more: false`, or holds no items (a server
    that keeps saying `has_more` with nothing in it would otherwise be asked forever). The
    cursor is the reply's `last_id` when it declares one, else the last item's `id`.
    """
    if not items or paging.after is None:
        return None
    if paging.has_more is not None and body.get(paging.has_more) is not True:
        return None
    declared = body.get(paging.last_id) if paging.last_id else None
    if isinstance(declared, str) and declared:
        return declared
    return _item_id(items[-1])


class _Page(Generic[T]):
    def __init__(self, items: list[T], body: Mapping[str, Any], paging: Paging) -> None:
        self.data = items
        self.body = body
        self.paging = paging
        self._cursor = next_cursor(paging, body, items)

    @property
    def has_more(self) -> bool:
        return bool(self.paging.has_more and self.body.get(self.paging.has_more) is True)

    @property
    def first_id(self) -> str | None:
        value = self.body.get(self.paging.first_id) if self.paging.first_id else None
        return value if isinstance(value, str) else (_item_id(self.data[0]) if self.data else None)

    @property
    def last_id(self) -> str | None:
        value = self.body.get(self.paging.last_id) if self.paging.last_id else None
        return value if isinstance(value, str) else (_item_id(self.data[-1]) if self.data else None)

    def has_next_page(self) -> bool:
        return self._cursor is not None

    def _next_cursor(self) -> str:
        if self._cursor is None:
            raise NoNextPageError(
                "this is the last page (has_next_page() is False): iterate the page, or check first"
            )
        return self._cursor

    def __len__(self) -> int:
        return len(self.data)

    def __getitem__(self, index: int) -> T:
        return self.data[index]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {len(self.data)} item(s), has_next_page={self.has_next_page()}>"


class SyncPage(_Page[T]):
    """One page of a list; iterating it yields its items and then every later page's."""

    def __init__(
        self,
        items: list[T],
        body: Mapping[str, Any],
        paging: Paging,
        fetch: Callable[[str], SyncPage[T]],
    ) -> None:
        super().__init__(items, body, paging)
        self._fetch = fetch

    def next_page(self) -> SyncPage[T]:
        """The page after this one (one request)."""
        return self._fetch(self._next_cursor())

    def pages(self) -> Iterator[SyncPage[T]]:
        """This page and every later one, fetched as the iteration reaches them."""
        page: SyncPage[T] = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.next_page()

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.data


class AsyncPage(_Page[T]):
    """One page of a list in the async client; `async for` yields its items and every later page's."""

    def __init__(
        self,
        items: list[T],
        body: Mapping[str, Any],
        paging: Paging,
        fetch: Callable[[str], Awaitable[AsyncPage[T]]],
    ) -> None:
        super().__init__(items, body, paging)
        self._fetch = fetch

    async def next_page(self) -> AsyncPage[T]:
        """The page after this one (one request)."""
        return await self._fetch(self._next_cursor())

    async def pages(self) -> AsyncIterator[AsyncPage[T]]:
        """This page and every later one, fetched as the iteration reaches them."""
        page: AsyncPage[T] = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.next_page()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.data:
                yield item


class AsyncPaginator(Generic[T]):
    """What an async list call returns: `await` it for the first page, `async for` it for every item.

    The first request is sent when it is awaited or iterated, not when the call is made.
    """

    def __init__(self, first: Callable[[], Awaitable[AsyncPage[T]]]) -> None:
        self._first = first

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self._first().__await__()

    async def __aiter__(self) -> AsyncIterator[T]:
        page = await self._first()
        async for item in page:
            yield item
