"""Generated code runs on every Python the project supports (3.10+), not only on the generator's.

openapi-python-client 0.29.1 itself needs Python 3.11, and its templates use two things
Python 3.10 lacks, so a wheel built on 3.11 would fail to import on 3.10:

- string enums as `enum.StrEnum`: `(str, Enum)` with the template's own `__str__` (which
  returns the value, as StrEnum's does) behaves the same for what generated code and callers
  do with a member: compare with a string, serialise, format (`REWRITE`; `check_enums`
  refuses output that still uses StrEnum, whatever a later openapi-python-client writes);
- `typing.Self` in the client module: from `typing_extensions` before 3.11 (`SELF_REWRITE`).
"""

from __future__ import annotations

import re
from pathlib import Path

from .rewrites import Rewrite

REWRITE = Rewrite(
    name="string enums for Python 3.10",
    templates="str_enum.py.jinja",
    pattern=re.compile(r"^from enum import StrEnum\n(.*?)\(StrEnum\):", re.MULTILINE | re.DOTALL),
    replacement=r"from enum import Enum  # aoai: (str, Enum) runs on Python 3.10 too\n\1(str, Enum):",
)

SELF_REWRITE = Rewrite(
    name="typing.Self for Python 3.10",
    templates="client.py.jinja",
    pattern=re.compile(r"^from typing import Any, Self$", re.MULTILINE),
    replacement=(
        "import sys\nfrom typing import Any\n\n"
        "if sys.version_info >= (3, 11):\n    from typing import Self\n"
        "else:  # aoai: the project supports 3.10\n    from typing_extensions import Self"
    ),
)

_STR_ENUM = re.compile(r"^from enum import [\w, ]*\bStrEnum\b|\(StrEnum\)", re.MULTILINE)


class CompatError(Exception):
    """Generated code uses something the oldest supported Python lacks."""


def check_enums(package_dir: Path) -> None:
    """Refuse a generated package whose modules use `enum.StrEnum` (Python 3.11+)."""
    offending = [
        str(module.relative_to(package_dir.parent))
        for module in sorted((package_dir / "models").glob("*.py"))
        if _STR_ENUM.search(module.read_text(encoding="utf-8"))
    ]
    if offending:
        raise CompatError(
            "generated enums use enum.StrEnum, which Python 3.10 lacks (update aoai_codegen.compat): "
            + ", ".join(offending[:5])
            + (f" and {len(offending) - 5} more" if len(offending) > 5 else "")
        )
