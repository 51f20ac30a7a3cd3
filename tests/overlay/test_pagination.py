"""The paging rule and the page objects, driven by fake fetchers (end-to-end paging runs against the emulator)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aoai.pagination import AsyncPage, AsyncPaginator, NoNextPageError, Paging, SyncPage, next_cursor

PAGING = Paging()
ITEMS = [{"id": f"file-{i}"} for i in range(7)]


def _body(items: list[dict[str, Any]], has_more: bool, **extra: Any) -> dict[str, Any]:
    return {"data": items, "has_more": has_more, **extra}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (_body(ITEMS[:2], True), "file-1"),  # no last_id in the reply: the last item's id
        (_body(ITEMS[:2], True, last_id="cursor-x"), "cursor-x"),  # the reply's last_id wins
        (_body(ITEMS[:2], False, last_id="cursor-x"), None),  # has_more false: last page
        (_body([], True), None),  # has_more with nothing in it would page forever
        ({"data": ITEMS[:2]}, None),  # has_more missing: not more
        (_body([{"name": "no id"}], True), None),  # nothing to continue from
    ],
)
def test_next_cursor(body: dict[str, Any], expected: str | None) -> None:
    assert next_cursor(PAGING, body, body.get("data") or []) == expected


def test_paging_from_metadata_ignores_unknown_keys() -> None:
    spec = {"after": "after", "limit": "limit", "data": "data", "has_more": "has_more", "first_id": "first_id",
            "last_id": None, "before": "before", "extra": 1}  # fmt: skip
    assert Paging.from_metadata(spec) == Paging(last_id=None, first_id="first_id", before="before")


class Server:
    """Pages of `size` over ITEMS, answering an `after` cursor as a list endpoint does."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.asked: list[str | None] = []

    def reply(self, after: str | None) -> dict[str, Any]:
        self.asked.append(after)
        start = 0 if after is None else next(i for i, item in enumerate(ITEMS) if item["id"] == after) + 1
        chunk = ITEMS[start : start + self.size]
        return _body(chunk, start + self.size < len(ITEMS))

    def page(self, after: str | None = None) -> SyncPage[dict[str, Any]]:
        body = self.reply(after)
        return SyncPage(body["data"], body, PAGING, self.page)

    async def apage(self, after: str | None = None) -> AsyncPage[dict[str, Any]]:
        await asyncio.sleep(0)
        body = self.reply(after)
        return AsyncPage(body["data"], body, PAGING, self.apage)


def test_sync_page_iterates_every_page_once() -> None:
    server = Server(3)
    first = server.page()
    assert [item["id"] for item in first] == [item["id"] for item in ITEMS]
    assert server.asked == [None, "file-2", "file-5"]
    assert [len(p) for p in first.pages()] == [3, 3, 1]
    last = first.next_page().next_page()
    assert not last.has_next_page() and last.data == [ITEMS[6]] and last.first_id == "file-6"
    with pytest.raises(NoNextPageError, match="last page"):
        last.next_page()


def test_async_page_and_paginator() -> None:
    async def main() -> None:
        server = Server(2)
        paginator = AsyncPaginator(server.apage)
        assert server.asked == []  # nothing is sent until awaited or iterated
        first = await paginator
        assert [i["id"] for i in first.data] == ["file-0", "file-1"] and first.has_next_page()
        assert [item["id"] async for item in AsyncPaginator(server.apage)] == [i["id"] for i in ITEMS]
        assert [len(p) async for p in first.pages()] == [2, 2, 2, 1]
        last = await (await (await first.next_page()).next_page()).next_page()
        with pytest.raises(NoNextPageError):
            await last.next_page()

    asyncio.run(main())


def test_a_list_without_a_cursor_is_one_whole_page() -> None:
    whole = Paging(after=None, limit=None, has_more=None, last_id=None)
    body = {"data": ITEMS[:3]}
    assert next_cursor(whole, body, ITEMS[:3]) is None  # never asks again, whatever the items say
    page = SyncPage(ITEMS[:3], body, whole, lambda cursor: pytest.fail(f"fetched {cursor}"))
    assert [item["id"] for item in page] == ["file-0", "file-1", "file-2"] and not page.has_next_page()
