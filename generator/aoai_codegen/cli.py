"""`aoai-codegen`: the generator's command line (generate, fetch, diff, add-version)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .fetch import FetchError, fetch
from .generate import GenerationError, generate_version
from .layout import Layout
from .patches import PatchError
from .pins import PinError, known_versions, load_pin

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
@click.pass_obj
def generate(layout: Layout, versions: tuple[str, ...], verbose: bool) -> None:
    """Generate VERSIONS (default: every pinned api-version) into generated/."""
    chosen = list(versions) or known_versions(layout)
    try:
        for version in chosen:
            report = generate_version(layout, version)
            click.echo(report.line())
            if verbose:
                click.echo(report.details())
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
    for version in known_versions(layout):
        pin = load_pin(layout, version)
        state = "generated" if layout.package_dir(version).is_dir() else "not generated"
        click.echo(f"{version}\t{pin.channel}\t{pin.commit[:12]}\t{pin.sha256[:12]}\t{state}")
