"""Deployment names are one URL path segment, checked before they reach a URL.

A name like `a/b` or `..` would silently address a different route (httpx
normalises dot segments), so such names are refused rather than encoded; every
other character is percent-encoded so `x?y` cannot start a query string.
"""

from __future__ import annotations

import re
from urllib.parse import quote

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # one C scan: every call checks its name, twice


def check_deployment_name(name: object) -> str:
    """Return `name` unchanged if it is a safe single path segment, else raise ValueError saying why."""
    if not isinstance(name, str):
        raise TypeError(f"deployment name must be a string, got {type(name).__name__}")
    problem = None
    if not name.strip():
        problem = "it is empty"
    elif name in (".", ".."):
        problem = "'.' and '..' are path navigation, not names"
    elif "/" in name or "\\" in name:
        problem = "it contains a slash"
    elif _CONTROL.search(name):
        problem = "it contains control characters"
    if problem:
        raise ValueError(
            f"invalid deployment name {name!r}: {problem}; expected the name of one Azure OpenAI "
            "deployment (a single path segment such as 'gpt-4o-mini')"
        )
    return name


def deployment_segment(name: object) -> str:
    """The checked name, percent-encoded for use as one path segment."""
    return quote(check_deployment_name(name), safe="")
