"""`aoai-codegen`: the generator's command line (generate, fetch, diff, add-version)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from . import names
from .add_version import AddVersionError, add_version
from .diff import diff_surfaces
from .fetch import FetchError, fetch
from .generate import GenerationError, generate_all
from .layout import Layout
from .patches import PatchError
from .pins import CHANNELS, PinError, known_versions, load_pin
from .render import FORMATS, render
from .surface import SurfaceError, extract_surface, package_for

EXPECTED = (FetchError, GenerationError, PatchError, PinError)


@click.group()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None, help="Project root.")
@click.pass_context
def main(ctx: click.Context, root: Path | None) -> None:
    """Pinned Azure OpenAI documents -> generated client packages."""
    ctx.obj = Layout.at(root)


@main.command()
@click.argument("versions", nargs=-1)
@click.option("-v", "--verbose", is_flag=True, help="Also list the patches and the folded schemas.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Versions generated at once (default: CPUs).",
)
@click.pass_obj
def generate(layout: Layout, versions: tuple[str, ...], verbose: bool, jobs: int | None) -> None:
    """Generate VERSIONS (default: every pinned api-version) into generated/."""
    chosen = list(versions) or known_versions(layout)
    started = time.perf_counter()
    try:
        for report in generate_all(layout, chosen, jobs):
            click.echo(report.line())
            if verbose:
                click.echo(report.details())
        if len(chosen) > 1:
            click.echo(f"{len(chosen)} api-versions generated in {time.perf_counter() - started:.2f} s")
    except EXPECTED as exc:
        click.echo(f"aoai-codegen: {exc}", err=True)
        sys.exit(1)


@main.command("fetch")
@click.argument("versions", nargs=-1)
@click.pass_obj
def fetch_cmd(layout: Layout, versions: tuple[str, ...]) -> None:
    """Resolve and verify the pinned documents (cache, mirror, upstream)."""
    try:
        for version in list(versions) or known_versions(layout):
            fetched = fetch(layout, load_pin(layout, version))
            click.echo(f"{version}: ok from {fetched.source}")
    except EXPECTED as exc:
        click.echo(f"aoai-codegen: {exc}", err=True)
        sys.exit(1)


@main.command("versions")
@click.pass_obj
def versions_cmd(layout: Layout) -> None:
    """List pinned api-versions."""
    for version in names.ordered(known_versions(layout)):
        pin = load_pin(layout, version)
        state = "generated" if layout.package_dir(version).is_dir() else "not generated"
        click.echo(f"{version}\t{pin.channel}\t{pin.commit[:12]}\t{pin.sha256[:12]}\t{state}")


@main.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--fail-on",
    type=click.Choice(["breaking", "never"]),
    default="never",
    show_default=True,
    help="Exit 1 when a breaking change is found.",
)
@click.pass_obj
def diff_cmd(layout: Layout, old: str, new: str, fmt: str, fail_on: str) -> None:
    """Diff the public surfaces of OLD and NEW (pinned api-versions or generated package folders).

    Exit status: 0 done, 1 breaking changes found with --fail-on breaking, 2 bad input.
    """
    try:
        surfaces = [extract_surface(package_for(layout.generated, layout.specs, ref)) for ref in (old, new)]
    except SurfaceError as exc:
        click.echo(f"aoai-codegen diff: {exc}", err=True)
        sys.exit(2)
    for surface in surfaces:
        for problem in surface.problems:
            click.echo(f"aoai-codegen diff: warning: {surface.package}: {problem}", err=True)
    result = diff_surfaces(*surfaces)
    click.echo(render(result, fmt), nl=False)
    sys.exit(1 if fail_on == "breaking" and result.breaking else 0)


@main.command("add-version")
@click.argument("api_version")
@click.option("--channel", type=click.Choice(CHANNELS), required=True)
@click.option("--commit", required=True, help="Full sha of the Azure/azure-rest-api-specs commit to pin.")
@click.option(
    "--path", "spec_path", default=None, help="Document path in the repository (default: the usual one)."
)
@click.option("--url", default=None, help="Download URL (default: raw.githubusercontent.com at the commit).")
@click.option(
    "--trust-mirror", is_flag=True, help="Pin the SPECS_MIRROR copy without confirming it upstream."
)
@click.pass_obj
def add_version_cmd(
    layout: Layout,
    api_version: str,
    channel: str,
    commit: str,
    spec_path: str | None,
    url: str | None,
    trust_mirror: bool,
) -> None:
    """Pin API_VERSION, carry the previous version's patches over, generate, and diff the two, oldest first."""
    try:
        added = add_version(
            layout,
            api_version,
            channel=channel,
            commit=commit,
            path=spec_path,
            url=url,
            trust_mirror=trust_mirror,
            echo=click.echo,
        )
    except (AddVersionError, *EXPECTED) as exc:
        click.echo(f"aoai-codegen add-version: {exc}", err=True)
        sys.exit(1)
    click.echo(added.report.line())
    click.echo(f"pinned {layout.pin_file(api_version)}")
    if added.previous is None:
        return
    older, newer = names.ordered([added.previous, api_version])
    try:
        surfaces = [extract_surface(package_for(layout.generated, layout.specs, v)) for v in (older, newer)]
    except SurfaceError as exc:
        click.echo(f"no diff against {added.previous}: {exc}", err=True)
        return
    click.echo("")
    click.echo(render(diff_surfaces(*surfaces), "text"), nl=False)
