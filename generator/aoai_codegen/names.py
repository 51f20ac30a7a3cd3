"""Api-version names as Azure spells them, and what follows from a name alone.

Two families exist. Dated api-versions (`2024-10-21`, `2025-04-01-preview`) name
a document of the deployment-scoped API; the v1 API has `v1` (GA) and `preview`
as its api-version values (a later major version would be `v2`). The rules here
turn a name into an importable package name, a channel check and an order, so
nothing else in the pipeline has to know which names exist.
"""

from __future__ import annotations

import math
import re

DATED = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(-preview)?$")
MAJOR = re.compile(r"^v(\d+)$")
#: Non-dated api-versions that mean "the preview of the newest major version".
PREVIEW_NAMES = frozenset({"preview"})

EXPECTED = "YYYY-MM-DD or YYYY-MM-DD-preview (dated), or v<N> / preview (the v1 API)"


def is_valid(api_version: str) -> bool:
    return bool(DATED.match(api_version) or MAJOR.match(api_version) or api_version in PREVIEW_NAMES)


def is_dated(api_version: str) -> bool:
    return DATED.match(api_version) is not None


def is_preview(api_version: str) -> bool:
    """Whether the name itself says preview (`-preview` suffix, or `preview` of the v1 API)."""
    return api_version.endswith("-preview") or api_version in PREVIEW_NAMES


def package_name(api_version: str) -> str:
    """The import name of an api-version's generated package.

    Dated: `2024-10-01-preview` -> `aoai_v2024_10_01_preview`. The v1 API: `v1` ->
    `aoai_v1`, `preview` -> `aoai_v1_preview` (non-dated api-versions exist only in
    the v1 API, so a bare channel name is read as that API's).
    """
    slug = re.sub(r"\W", "_", api_version.replace("-", "_"))
    if is_dated(api_version) or MAJOR.match(api_version):
        return "aoai_" + (slug if slug.startswith("v") else "v" + slug)
    return "aoai_v1_" + slug


def sort_key(api_version: str) -> tuple[float, ...]:
    """Oldest first: dated versions by date (GA before a preview of the same day), then the v1 API
    (`v1`, `v2`, ... and `preview` last, as it previews the newest major version); unknown names last."""
    dated = DATED.match(api_version)
    if dated:
        year, month, day, preview = dated.groups()
        return (0, int(year), int(month), int(day), 1 if preview else 0)
    major = MAJOR.match(api_version)
    if major:
        return (1, int(major.group(1)), 0, 0, 0)
    if api_version in PREVIEW_NAMES:
        return (1, math.inf, 0, 0, 1)
    return (2, math.inf, 0, 0, 0)


def ordered(versions: list[str] | set[str] | tuple[str, ...]) -> list[str]:
    """`versions` oldest first (see `sort_key`); ties broken by name so the order is total."""
    return sorted(versions, key=lambda v: (sort_key(v), v))
