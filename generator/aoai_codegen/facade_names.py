"""One rule from (HTTP method, route) to a version-independent facade method name.

The facade (`client.chat.completions.create`) must find "its" operation in any
api-version without a per-version list, so the name is derived from what does
not change between versions: the route (the path without the deployment prefix,
see `routes`) and the method. The rule, in the words of the official SDKs:

- the literal segments of the route are the resource path (`fine_tuning.jobs`);
- a route ending in a parameter is an item: GET `retrieve`, POST/PUT/PATCH
  `update`, DELETE `delete` (`files.retrieve`, `vector_stores.update`);
- a route ending in a collection (a route prefix that some route follows with a
  parameter, or a GET that answers a `data` list) is `list` / `create`
  (`files.list`, `responses.input_items.list`);
- a literal right after a parameter is an action on that item, named by the
  segment (`files.content`, `fine_tuning.jobs.cancel`); when several methods share
  such a path, POST keeps the name and the others prefix their verb
  (`retrieve_copy`);
- any other route is a resource: GET `retrieve` (or `list` for a `data` list),
  POST `create` (`chat.completions.create`, `audio.speech.create`), except POSTs
  to the nouns the SDKs treat as verbs (`images.generate`, `images.edit`);
- when two operations still get one name, the one whose path nests through an
  item of every collection keeps it (`POST /threads/{id}/runs` is
  `threads.runs.create`) and the other is named after its operationId under its
  first segment (`threads.create_thread_and_run`); names still shared after that
  are left out of the map and reported as ambiguous.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import attrs

from .routes import identifier, is_parameter, route, segments
from .schema_view import is_type, json_schema, properties

#: POSTs to these collection nouns are verbs in the SDKs: `images.generate`, not `images.generations.create`.
VERB_NOUNS = {"generations": "generate", "edits": "edit", "variations": "create_variation"}
ITEM_VERBS = {"get": "retrieve", "post": "update", "put": "update", "patch": "update", "delete": "delete"}
COLLECTION_VERBS = {"get": "list", "post": "create", "put": "update", "patch": "update", "delete": "delete"}


@attrs.frozen
class Endpoint:
    operation_id: str
    method: str  # lower case
    path: str
    lists: bool  # a GET whose 200 JSON answer has a `data` array


def lists_data(document: dict[str, Any], operation: dict[str, Any]) -> bool:
    ok = (operation.get("responses") or {}).get("200")
    data = properties(document, json_schema(ok)).get("data")
    return data is not None and is_type(data, "array")


def _shape(parts: list[str]) -> str:
    """A route prefix with its parameters unnamed: `/vector_stores/{}/files`."""
    return "/" + "/".join("{}" if is_parameter(p) else p for p in parts)


def _collections(endpoints: list[Endpoint]) -> set[str]:
    """Route prefixes (see `_shape`) that some route follows with a parameter."""
    found = set()
    for endpoint in endpoints:
        parts = segments(route(endpoint.path))
        for depth in range(1, len(parts)):
            if not is_parameter(parts[depth - 1]) and is_parameter(parts[depth]):
                found.add(_shape(parts[:depth]))
    return found


def _canonical(parts: list[str], collections: set[str]) -> bool:
    """Every collection before the last segment is followed by an item parameter."""
    return all(
        is_parameter(parts[depth]) for depth in range(1, len(parts)) if _shape(parts[:depth]) in collections
    )


def _name(endpoint: Endpoint, collections: set[str], methods_here: set[str]) -> str:
    parts = segments(route(endpoint.path))
    names = [identifier(p) for p in parts if not is_parameter(p)]
    if not parts:
        return f"root.{COLLECTION_VERBS.get(endpoint.method, endpoint.method)}"
    last, method = parts[-1], endpoint.method
    if is_parameter(last):
        return ".".join([*names, ITEM_VERBS.get(method, method)])
    if _shape(parts) in collections or (method == "get" and endpoint.lists):
        return ".".join([*names, COLLECTION_VERBS.get(method, method)])
    if len(parts) > 1 and is_parameter(parts[-2]):
        action = identifier(last)
        if method != "post" and "post" in methods_here:
            action = f"{ITEM_VERBS.get(method, method)}_{action}"
        return ".".join([*names[:-1], action])
    if method == "post" and last in VERB_NOUNS and len(names) > 1:
        return ".".join([*names[:-1], VERB_NOUNS[last]])
    verb = "list" if method == "get" and endpoint.lists else ITEM_VERBS.get(method, method)
    return ".".join([*names, "create" if method == "post" else verb])


def facade_map(endpoints: list[Endpoint]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(facade name -> operationId, ambiguous name -> the operationIds that share it)."""
    collections = _collections(endpoints)
    methods: dict[str, set[str]] = defaultdict(set)
    for endpoint in endpoints:
        methods[endpoint.path].add(endpoint.method)
    claims: dict[str, list[Endpoint]] = defaultdict(list)
    for endpoint in endpoints:
        claims[_name(endpoint, collections, methods[endpoint.path])].append(endpoint)
    names: dict[str, list[str]] = defaultdict(list)
    for name, claimants in claims.items():
        if len(claimants) == 1:
            names[name].append(claimants[0].operation_id)
            continue
        for endpoint in claimants:
            parts = segments(route(endpoint.path))
            if _canonical(parts, collections):
                names[name].append(endpoint.operation_id)
            else:
                first = identifier(next(p for p in parts if not is_parameter(p)))
                names[f"{first}.{identifier(endpoint.operation_id)}"].append(endpoint.operation_id)
    chosen = {name: ids[0] for name, ids in names.items() if len(ids) == 1}
    ambiguous = {name: sorted(ids) for name, ids in names.items() if len(ids) > 1}
    return dict(sorted(chosen.items())), dict(sorted(ambiguous.items()))
