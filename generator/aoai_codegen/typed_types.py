"""Python type expressions for one api-version's typed facade, from what openapi-python-client parsed.

Why from the generator's parse and not from the document: the attrs models users get back
are built from that parse, so a parameter typed from the same `Property` objects names the
same classes, the same required flags and the same union members as the model's own fields.

Two directions, two rules:

- **what a caller passes** (`param`): what the overlay's request builder accepts at run
  time (`aoai.resources._body`): a generated model *or* a plain dict shaped like it (a
  `TypedDict` generated here, `<Model>Param`), an enum member *or* its value (`Literal`),
  `Sequence` for arrays, the upload kinds for files (`aoai.types.FileInput`), `str` for
  dates and uuids (the body is sent as JSON as given);
- **what a caller gets** (`result`): the generated attrs classes, as the models annotate
  their own fields.

`params_module` writes the TypedDicts every `param` call asked for (and the ones they need),
as `<package>/params.py`: importable at run time, imported by nothing in aoai.
"""

from __future__ import annotations

import keyword
from collections.abc import Callable
from typing import Any

import attrs

#: Primitive properties, by openapi-python-client class name: (type a caller passes, type returned).
PRIMITIVES = {
    "StringProperty": ("str", "str"),
    "IntProperty": ("int", "int"),
    "FloatProperty": ("float", "float"),
    "BooleanProperty": ("bool", "bool"),
    "NoneProperty": ("None", "None"),
    "DateProperty": ("str", "datetime.date"),
    "DateTimeProperty": ("str", "datetime.datetime"),
    "UuidProperty": ("str", "UUID"),
    "AnyProperty": ("object", "Any"),
    "FileProperty": ("FileInput", "File"),
}


#: Names the annotations of `params.py` use: a TypedDict key spelled like one would shadow it in
#: the class body, so such a TypedDict is written in the functional form.
ANNOTATION_NAMES = frozenset(
    {"str", "int", "float", "bool", "object", "list", "models", "Sequence", "Mapping", "Literal"}
    | {"Required", "NotRequired", "FileInput", "Any", "None"}
)


class UnknownPropertyError(Exception):
    """A property kind this writer does not know (a newer openapi-python-client): fail the build."""


@attrs.frozen
class Refs:
    """How the module being written spells the package's models, its TypedDicts and `list`.

    A typed stub's classes have methods named `list` and properties named `models`, which
    would shadow the builtin and the module in later annotations of the same class body, so
    the stub spells them `_list`, `_models.X`, `_params.XParam`; `params.py` has no such names.
    """

    models: str = "_models."
    params: str = "_params."
    list: str = "_list"


STUB = Refs()
PARAMS = Refs(models="models.", params="", list="list")


def unwrap(value: Any) -> str:
    """openapi-python-client wraps strings from the document (`UntrustedString`); the text."""
    raw = value.get_untrusted_value() if hasattr(value, "get_untrusted_value") else value
    return str(raw)


def _union(parts: list[str]) -> str:
    seen: list[str] = []
    for part in parts:
        for piece in _split_union(part):
            if piece not in seen:
                seen.append(piece)
    if "None" in seen:  # last, as the generated models write it
        seen = [p for p in seen if p != "None"] + ["None"]
    return " | ".join(seen)


def _split_union(expr: str) -> list[str]:
    """Top-level members of `A | B[C | D] | E`."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(expr):
        depth += char in "[(" or -(char in "])")
        if char == "|" and depth == 0:
            parts.append(expr[start:index].strip())
            start = index + 1
    parts.append(expr[start:].strip())
    return parts


def _literal(values: Any) -> str:
    return f"Literal[{', '.join(repr(v) for v in values)}]"


class TypeWriter:
    """Type expressions for one package; remembers which TypedDicts the expressions name."""

    def __init__(
        self, models: dict[str, Any], enums: dict[str, Any], class_of_key: Callable[[str], str] = str
    ) -> None:
        self.models = models  # class name -> processed ModelProperty
        self.enums = enums
        self.class_of_key = class_of_key  # component key -> its class name (`rules.class_namer`)
        self.tags: dict[str, tuple[str, str]] = {}  # subtype class -> (discriminator key, its value)
        self.wanted: dict[str, None] = {}  # model classes whose TypedDict is named (ordered set)

    # -- what a caller passes -------------------------------------------------------------
    def param(self, prop: Any, refs: Refs = STUB) -> str:
        kind = type(prop).__name__
        if kind in PRIMITIVES:
            return PRIMITIVES[kind][0]
        if kind == "ConstProperty":
            return _literal([prop.value.raw_value])
        if kind in ("EnumProperty", "LiteralEnumProperty"):
            return f"{refs.models}{prop.class_info.name} | {_literal(list(prop.values.values()))}"
        if kind == "ListProperty":
            return f"Sequence[{self.param(prop.inner_property, refs)}]"
        if kind == "UnionProperty":
            return _union([self.param(p, refs) for p in prop.inner_properties])
        if kind == "ModelProperty":
            return self._model_param(prop.class_info.name, refs)
        raise UnknownPropertyError(f"no parameter type for a {kind} ({unwrap(prop.name)})")

    def _model_param(self, name: str, refs: Refs, seen: frozenset[str] = frozenset()) -> str:
        model = self.models[name]
        # A discriminated base takes one of its subtypes (a dict of the base alone would lack their
        # keys); a subtype inherits the base's mapping, and names itself in it.
        mapped = self.variants(name)
        variants = [v for v in mapped if v not in seen] if name not in mapped else []
        if variants:
            inner = [self._model_param(v, refs, seen | {name}) for v in variants]
            return _union([f"{refs.models}{name}", *inner])
        if not self.fields(name):  # a map: `additionalProperties` only
            extra = model.additional_properties
            return f"Mapping[str, {self.param(extra, refs) if extra is not None else 'object'}]"
        self.wanted[name] = None
        return f"{refs.models}{name} | {refs.params}{name}Param"

    def variants(self, name: str) -> list[str]:
        """The subtype classes a discriminated base's `mapping` names (TypeSpec's `Tool`, `ItemParam`,
        the dated documents' data sources), in the document's order; [] for any other model."""
        discriminator = getattr(self.models[name].data, "discriminator", None)
        if discriminator is None:
            return []
        mapping = discriminator.mapping or {}
        found: list[str] = []
        for value, ref in mapping.items():
            cls = self.class_of_key(unwrap(ref).rsplit("/", 1)[-1])
            if cls in self.models and cls not in found:
                found.append(cls)
                self.tags.setdefault(cls, (unwrap(discriminator.propertyName), unwrap(value)))
        return found

    def fields(self, name: str) -> list[Any]:
        """The properties of model `name`, required first (as the attrs class declares them)."""
        model = self.models[name]
        return (model.required_properties or []) + (model.optional_properties or [])

    # -- what a caller gets ---------------------------------------------------------------
    def result(self, prop: Any, refs: Refs = STUB) -> str:
        kind = type(prop).__name__
        if kind in PRIMITIVES:
            return PRIMITIVES[kind][1]
        if kind == "ConstProperty":
            return _literal([prop.value.raw_value])
        if kind in ("EnumProperty", "ModelProperty", "LiteralEnumProperty"):
            return f"{refs.models}{prop.class_info.name}"
        if kind == "ListProperty":
            return f"{refs.list}[{self.result(prop.inner_property, refs)}]"
        if kind == "UnionProperty":
            return _union([self.result(p, refs) for p in prop.inner_properties])
        raise UnknownPropertyError(f"no result type for a {kind} ({unwrap(prop.name)})")

    # -- the TypedDicts -------------------------------------------------------------------
    def params_module(self, api_version: str) -> str:
        """`params.py`: one TypedDict per wanted model, and the ones their fields name, sorted."""
        bodies: dict[str, str] = {}
        pending = list(self.wanted)
        while pending:
            name = pending.pop()
            if name in bodies:
                continue
            before = set(self.wanted)
            bodies[name] = self._typed_dict(name)
            pending += [n for n in self.wanted if n not in before]
        header = [
            f'"""Plain-dict shapes of the request models of api-version {api_version} (written by '
            "aoai_codegen.typed_types).",
            "",
            "Each `<Model>Param` is a TypedDict with the JSON keys of `models.<Model>`: every typed",
            "facade method accepts one wherever it accepts the model. Nothing in aoai imports this.",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            "from collections.abc import Mapping, Sequence",
            "from typing import TYPE_CHECKING, Any, Literal, TypedDict",
            "",
            "if TYPE_CHECKING:",
            "    from typing_extensions import NotRequired, Required",
            "",
            "    from aoai.types import FileInput",
            "",
            "    from . import models",
            "",
            "__all__ = [",
            *(f'    "{name}Param",' for name in sorted(bodies)),
            "]",
        ]
        return "\n".join(header + [bodies[name] for name in sorted(bodies)]) + "\n"

    def _typed_dict(self, name: str) -> str:
        rows = []
        tag = self.tags.get(name)
        for prop in self.fields(name):
            marker = "Required" if prop.required else "NotRequired"
            key = unwrap(prop.name)
            # A subtype's discriminator is its mapping value: the model declares the base's open type
            # (`rules.extend_single_allof`), which would make every subtype's dict fit every other's.
            value = _literal([tag[1]]) if tag is not None and key == tag[0] else self.param(prop, PARAMS)
            rows.append((key, f"{marker}[{value}]"))
        doc = f"The JSON keys of `models.{name}`."
        plain = (
            key.isidentifier() and not keyword.iskeyword(key) and key not in ANNOTATION_NAMES
            for key, _ in rows
        )
        if all(plain):
            lines = [f"\n\nclass {name}Param(TypedDict, total=False):", f'    """{doc}"""', ""]
            lines += [f"    {key}: {annotation}" for key, annotation in rows]
            return "\n".join(lines)
        # Keys that are not identifiers (`@odata.type`, `from`): the functional form, types quoted.
        entries = ", ".join(f"{key!r}: {annotation!r}" for key, annotation in rows)
        return f'\n\n{name}Param = TypedDict({name + "Param"!r}, {{{entries}}}, total=False)\n"""{doc}"""'
