"""`aoai versions`: which api-versions are pinned, which are generated, and what each offers.

Two sources, because the CLI runs in two places: in a checkout the pins under
`specs/` are the truth (a pinned version may not be generated yet); in an installed
wheel there are no pins, only the generated packages, whose `_meta` module records
the pin they were built from and whose `_facade` module what the version offers
(route model, operations, models). The table merges both.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import asdict, dataclass

import click

from aoai.cli._report import reported


@dataclass
class VersionRow:
    api_version: str
    channel: str
    commit: str
    sha256: str
    generated: bool
    package: str | None = None
    route_model: str | None = None  # "dated" | "v1", from the generated metadata
    operations: int | None = None
    models: int | None = None


def _pinned() -> dict[str, VersionRow]:
    """Pins from the checkout's `specs/`, if this process runs from one."""
    try:
        from aoai_codegen.layout import Layout
        from aoai_codegen.pins import known_versions, load_pin
    except ImportError:
        return {}
    try:
        layout = Layout.at()
    except FileNotFoundError:
        return {}
    rows = {}
    for version in known_versions(layout):
        pin = load_pin(layout, version)
        rows[version] = VersionRow(version, pin.channel, pin.commit, pin.sha256, generated=False)
    return rows


def _generated() -> dict[str, VersionRow]:
    """Generated packages importable here, described by their `_meta` modules."""
    from aoai.versions import available_api_versions, package_name

    rows = {}
    for version in available_api_versions():
        meta = importlib.import_module(f"{package_name(version)}._meta")
        try:
            facts = importlib.import_module(f"{package_name(version)}._facade")
        except ImportError:  # generated before the metadata existed
            facts = None
        counts = getattr(facts, "COUNTS", {})
        rows[version] = VersionRow(
            version,
            getattr(meta, "CHANNEL", "?"),
            getattr(meta, "UPSTREAM_COMMIT", "?"),
            getattr(meta, "SPEC_SHA256", "?"),
            generated=True,
            package=package_name(version),
            route_model=getattr(facts, "ROUTE_MODEL", None),
            operations=counts.get("operations"),
            models=counts.get("models"),
        )
    return rows


def collect() -> list[VersionRow]:
    """Pinned and generated versions, oldest first; a generated package wins on details."""
    rows = _pinned()
    for version, row in _generated().items():
        pinned = rows.get(version)
        if pinned is not None and pinned.sha256 != row.sha256:
            row.channel += " (stale: pin changed, run `make generate`)"
        rows[version] = row
    try:  # the generator's order (dated by date, then the v1 API); it ships in the same wheel
        from aoai_codegen.names import ordered

        order = ordered(list(rows))
    except ImportError:
        order = sorted(rows)
    return [rows[v] for v in order]


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the table as JSON.")
def versions(as_json: bool) -> None:
    """List the pinned api-versions: channel, route model, operations, models, upstream commit, generated or not."""
    with reported():
        rows = collect()
    if as_json:
        click.echo(json.dumps([asdict(r) for r in rows], indent=2))
        return
    if not rows:
        click.echo("no pinned or generated api-versions found (run `make generate` in a checkout)")
        return
    header = ("API-VERSION", "CHANNEL", "ROUTES", "OPERATIONS", "MODELS", "COMMIT", "SHA256", "GENERATED")
    table = [header] + [
        (
            r.api_version,
            r.channel,
            r.route_model or "-",
            "-" if r.operations is None else str(r.operations),
            "-" if r.models is None else str(r.models),
            r.commit[:12],
            r.sha256[:12],
            "yes" if r.generated else "no",
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
