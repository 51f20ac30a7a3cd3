"""Per-call work the stock templates put in generated models, moved to where it runs once.

A generated `from_dict` is the hot path of every reply and of every streamed chunk (a
10,000-chunk stream calls three of them per chunk), and as openapi-python-client writes it
each call also:

- re-runs `from ..models.x import X` for every model the class refers to (the stock
  template keeps them inside `to_dict` / `from_dict` so that models which refer to each
  other can import at all). `IMPORTS_AT_END` moves them below the class instead, once per
  module: by the time a module's last lines ask for another model, its own class exists,
  so a cycle of references still imports. Models are only ever imported this way (the top
  of a model module imports enums and helpers, never another model: `check_hoisted`
  refuses the output otherwise), which is what makes the move safe.
- builds a union type (`None | str | Unset`) only to pass it to `typing.cast`, which ignores
  it. `QUOTED_CASTS` writes the type as a string, which type checkers read the same way.

Both are `aoai_codegen.rewrites` of the stock templates; the output stays deterministic and
type-checks as before.
"""

from __future__ import annotations

import re
from pathlib import Path

from .rewrites import Rewrite


class HoistError(Exception):
    """A generated model still imports a model per call, or imports one above its class."""


_MODEL = "model.py.jinja"

_TYPE_CHECKING_BLOCK = Rewrite(
    name="models referred to: not under TYPE_CHECKING at the top",
    templates=_MODEL,
    pattern=re.compile(
        r"^\{% for lazy_import in model\.lazy_imports \| sort %\}\n"
        r"\{% if loop\.first %\}\nif TYPE_CHECKING:\n\{% endif %\}\n"
        r"  \{\{ lazy_import \}\}\n\{% endfor %\}\n",
        re.MULTILINE,
    ),
    replacement="",
)

_IN_METHODS = Rewrite(
    name="models referred to: not imported inside to_dict / to_multipart / from_dict",
    templates=_MODEL,
    pattern=re.compile(
        r"^    \{% for lazy_import in model\.lazy_imports \| sort %\}\n"
        r"        \{\{ lazy_import \}\} # noqa: PLC0415\n    \{% endfor %\}\n",
        re.MULTILINE,
    ),
    replacement="",
)

_IN_ADDITIONAL_PROPERTIES = Rewrite(
    name="models of additional properties: not imported inside from_dict",
    templates=_MODEL,
    pattern=re.compile(
        r"^\{% if model\.additional_properties\.lazy_imports %\}\n"
        r"    \{% for lazy_import in model\.additional_properties\.lazy_imports \| sort %\}\n"
        r"        \{\{ lazy_import \}\} # noqa: PLC0415\n    \{% endfor %\}\n\{% endif %\}\n",
        re.MULTILINE,
    ),
    replacement="",
)

_AT_END = Rewrite(
    name="models referred to: imported once, below the class",
    templates=_MODEL,
    pattern=re.compile(r"\Z"),
    replacement=(
        "{% set hoisted = model.lazy_imports | list %}\n"
        "{% if model.additional_properties and model.additional_properties.lazy_imports %}\n"
        "{% set hoisted = hoisted + (model.additional_properties.lazy_imports | list) %}\n"
        "{% endif %}\n"
        "{% for lazy_import in hoisted | unique | sort %}\n"
        "{% if loop.first %}\n\n\n"
        "# aoai: the models this one refers to, imported once and below the class (so that models\n"
        "# which refer to each other import), not inside to_dict/from_dict on every call.\n"
        "{% endif %}\n"
        "{{ lazy_import }}  # noqa: E402\n"
        "{% endfor %}\n"
    ),
)

IMPORTS_AT_END = (_TYPE_CHECKING_BLOCK, _IN_METHODS, _IN_ADDITIONAL_PROPERTIES, _AT_END)

QUOTED_CASTS = Rewrite(
    name="typing.cast with the type as a string",
    templates="property_templates/*.py.jinja",
    pattern=re.compile(r"cast\((\{\{ property\.get_type_string\([^)]*\) \| as_unembedded_code \}\}) ?,"),
    replacement=r'cast("\1",',
    required=False,  # sweeping: every property template that casts
)

REWRITES = (*IMPORTS_AT_END, QUOTED_CASTS)

_LOCAL_MODEL_IMPORT = re.compile(r"^[ \t]+from \.\.models\.\w+ import", re.MULTILINE)
_TOP_IMPORT = re.compile(r"^from \.\.models\.(\w+) import", re.MULTILINE)
_CLASS = re.compile(r"^class \w+", re.MULTILINE)


def check_hoisted(package_dir: Path) -> None:
    """Refuse a generated package whose models import models per call, or above their class."""
    problems = []
    models = package_dir / "models"
    for module in sorted(models.glob("*.py")):
        if module.name == "__init__.py":
            continue
        text = module.read_text(encoding="utf-8")
        where = module.relative_to(package_dir.parent)
        if _LOCAL_MODEL_IMPORT.search(text):
            problems.append(f"{where}: imports a model inside a function")
        head = text[: m.start()] if (m := _CLASS.search(text)) else text
        for name in _TOP_IMPORT.findall(head):
            target = models / f"{name}.py"
            if target.is_file() and "def from_dict" in target.read_text(encoding="utf-8"):
                problems.append(f"{where}: imports the model module {name} above its class")
    if problems:
        raise HoistError(
            "generated models are not hoisted as aoai_codegen.hoist expects (the stock templates "
            "changed; update aoai_codegen.hoist):\n  " + "\n  ".join(problems)
        )
