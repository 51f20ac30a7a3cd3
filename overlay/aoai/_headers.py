"""Header names and values checked before they reach the wire, so a bad one never becomes a leak.

Why: h11 refuses a value with a space or tab at either end, or a control character anywhere,
but only while writing the request, as a *connection* error whose text quotes the value; that
text then reached the exception, httpcore's DEBUG log and the CLI, and the request was retried
as if the network had failed. Checked here instead, the mistake is a `ValueError` that names
the header and what is wrong with its value, and never shows the value (it may be a key).

Values are refused, not stripped: a key read from a file with a stray space is a mistake the
caller should see once, not something to paper over on every request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

#: RFC 9110 field-value as h11 accepts it: visible ASCII (or obs-text bytes), inner spaces/tabs only.
_VALUE = re.compile(r"(?:[!-~](?:[ \t!-~]*[!-~])?)?")
_VALUE_BYTES = re.compile(rb"(?:[!-~\x80-\xff](?:[ \t!-~\x80-\xff]*[!-~\x80-\xff])?)?")
#: RFC 9110 token: what a header name may be made of.
_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")

EXPECTED = "expected printable ASCII with no space or tab at either end"


def value_problem(value: str | bytes) -> str | None:
    """What is wrong with a header value, in words that do not repeat it; None if nothing."""
    if isinstance(value, bytes):
        if _VALUE_BYTES.fullmatch(value):
            return None
        text = value.decode("latin-1")
    else:
        if _VALUE.fullmatch(value):
            return None
        text = value
    if any(ch in "\r\n\0" for ch in text):
        return "contains a CR, LF or NUL character"
    if any((ord(ch) < 0x20 and ch != "\t") or ord(ch) == 0x7F for ch in text):
        return "contains a control character"
    if isinstance(value, str) and not text.isascii():
        return "contains a non-ASCII character"
    return "starts or ends with a space or tab (a trailing newline or space from a key file?)"


def check_value(what: str, value: str | bytes) -> None:
    problem = value_problem(value)
    if problem is not None:
        raise ValueError(f"{what} {problem}; {EXPECTED}; the value is not shown")


def check_header(name: Any, value: Any) -> None:
    """Raise `ValueError` (naming the header, never showing the value) if the wire cannot carry it."""
    if isinstance(name, bytes):
        name = name.decode("latin-1")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(f"header name {name!r} is not a valid HTTP header name (letters, digits, - and _)")
    if isinstance(value, (str, bytes)):
        check_value(f"header {name!r}: its value", value)


def check_headers(headers: Mapping[Any, Any] | Iterable[tuple[Any, Any]] | None) -> None:
    if not headers:
        return
    items = headers.items() if isinstance(headers, Mapping) else headers
    for name, value in items:
        check_header(name, value)
