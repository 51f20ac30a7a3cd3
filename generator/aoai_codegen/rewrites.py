"""Targeted rewrites of openapi-python-client's stock templates, applied at generation time.

Why rewrites, not copies: a copied template silently freezes the stock one, and every fix
upstream makes to it afterwards is lost. A rewrite names the few lines it changes and why;
the stock template is read from the installed openapi-python-client on every run, rewritten
into the folder of templates that run uses (beside the project's own templates), and a
rewrite whose lines are no longer there fails the build with its name, instead of
generating code that quietly lacks the change.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from fnmatch import fnmatch
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from importlib.abc import Traversable


class StaleRewriteError(Exception):
    """A rewrite no longer matches the stock template it was written for."""


@attrs.frozen
class Rewrite:
    """Replace `pattern` with `replacement` in every stock template whose name matches `templates`.

    `required`: each matching template must contain the pattern (a targeted rewrite of known
    lines); otherwise only templates that contain it are rewritten (a sweeping one).
    """

    name: str
    templates: str  # fnmatch pattern over the template's path in the templates folder
    pattern: re.Pattern[str]
    replacement: str
    required: bool = True


def stock_templates() -> dict[str, str]:
    """Every `.jinja` template openapi-python-client ships, by its path in its templates folder."""
    found: dict[str, str] = {}

    def walk(folder: Traversable, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".jinja"):
                found[prefix + entry.name] = entry.read_text(encoding="utf-8")

    walk(resources.files("openapi_python_client") / "templates", "")
    return found


def rewrite(name: str, text: str, rewrites: Iterable[Rewrite]) -> str | None:
    """`text` with every rewrite for template `name` applied, or None if none applies."""
    changed = False
    for item in rewrites:
        if not fnmatch(name, item.templates):
            continue
        text, count = item.pattern.subn(item.replacement, text)
        if count:
            changed = True
        elif item.required:
            raise StaleRewriteError(
                f"rewrite {item.name!r} no longer matches the stock template {name} of "
                "openapi-python-client: update aoai_codegen for the new templates"
            )
    return text if changed else None


def prepare_templates(own: Path, target: Path, rewrites: Iterable[Rewrite]) -> Path:
    """Fill `target` with the project's templates (`own`) plus the stock templates that the
    rewrites change, rewritten; returns `target` for `custom_template_path`.

    A template the project has its own copy of is used as it is, never rewritten.
    """
    rewrites = tuple(rewrites)
    target.mkdir(parents=True, exist_ok=True)
    own_names = set()
    for template in own.rglob("*"):
        if template.is_file():
            name = template.relative_to(own).as_posix()
            own_names.add(name)
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(template, target / name)
    for name, text in sorted(stock_templates().items()):
        if name in own_names:
            continue
        changed = rewrite(name, text, rewrites)
        if changed is not None:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_text(changed, encoding="utf-8")
    return target
