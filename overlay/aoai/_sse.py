"""Server-sent event framing: text in, events out, and whether the text stopped inside an event.

Why not httpx2's `EventSource`: it refuses a response without `Content-Type:
text/event-stream` (gateways and test servers send such streams; the official SDK reads
them), and it cannot say whether a body ended between events or in the middle of one,
which is what tells a finished stream from a truncated one. Its parser is private. This
is the framing of the WHATWG event-stream format, incremental, for text in pieces of any
size: lines end in CR, LF or CRLF (a CRLF split across two pieces included), `:` starts a
comment, `data:` lines join with LF, a blank line ends the event. A UTF-8 BOM before the
first line is dropped (as the format says), instead of hiding the first field. `id:` and
`retry:` are not used by Azure OpenAI streams and are skipped.
"""

from __future__ import annotations

from httpx2 import ServerSentEvent


class EventTooLarge(ValueError):
    """One event grew past the parser's bound (a line that never ends cannot eat the memory)."""


class EventParser:
    def __init__(self, max_event_size: int) -> None:
        self.max_event_size = max_event_size
        self._parts: list[str] = []  # the current line, not yet ended
        self._parts_size = 0
        self._cr = False  # the last piece ended in CR: maybe the first half of a CRLF
        self._started = False
        self._event = ""
        self._data: list[str] = []
        self._size = 0
        self.pending = False  # a `data:`/`event:` line arrived since the last blank line (or a line was cut)

    def feed(self, text: str) -> list[ServerSentEvent]:
        """The events this piece of text completes."""
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        if self._cr:
            text = "\r" + text
            self._cr = False
        if text.endswith("\r"):
            self._cr = True
            text = text[:-1]
        if "\n" not in text and "\r" not in text:
            self._more(text)
            return []
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if self._parts:
            lines[0] = "".join(self._parts) + lines[0]
            self._parts, self._parts_size = [], 0
        events = []
        for line in lines[:-1]:
            if line.startswith("data: "):  # most lines of a stream: inline, not a call each
                self._data.append(line[6:])
                self.pending = True
                self._size += len(line)
                self._check(self._size)
            elif not line and self.pending:
                events.append(self._emit())
            else:
                event = self._line(line)
                if event is not None:
                    events.append(event)
        self._more(lines[-1])
        return events

    def finish(self) -> list[ServerSentEvent]:
        """The body ended. A last line without a line break was cut (any field, even a comment):
        `pending` is then True, as it is when an event was left without its blank line."""
        last, ended = "".join(self._parts), self._cr  # a final CR ended its line (maybe an empty one)
        self._parts, self._parts_size, self._cr = [], 0, False
        event = self._line(last) if ended else None
        if last and not ended:
            self.pending = True
        return [event] if event is not None else []

    def _more(self, text: str) -> None:
        if text:
            self._parts.append(text)
            self._parts_size += len(text)
            self._check(self._size + self._parts_size)

    def _check(self, size: int) -> None:
        if size > self.max_event_size:
            raise EventTooLarge(f"a stream event is larger than {self.max_event_size:,} characters")

    def _line(self, line: str) -> ServerSentEvent | None:
        if not line:
            return self._emit() if self.pending else None
        if line[0] == ":":
            return None
        name, _, value = line.partition(":")
        if value[:1] == " ":
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        else:
            return None
        self.pending = True
        self._size += len(line)
        self._check(self._size)
        return None

    def _emit(self) -> ServerSentEvent:
        event = ServerSentEvent(event=self._event or "message", data="\n".join(self._data))
        self._event, self._data, self._size, self.pending = "", [], 0, False
        return event
