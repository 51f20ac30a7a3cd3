"""Pin a new api-version in one step: fetch, hash, carry the patches over, generate; commit only on success.

Everything happens in a staging copy of specs/ and of the cache first; the real
specs/<version>/ gets its patches and then, last, its pin.json only when the
document was fetched, every carried patch was tried and the package generated
strictly. So an offline run, a bad commit or a failing generation leaves no
half-written pin behind: the repository is as it was.

Carried patches are tried on the new document one by one (`Patch.check`) and each
is reported in one line: it applies (copied), it is redundant (the document already
says what it writes) or it is stale (it no longer applies); only the first are copied.

Which bytes get pinned: the mirror copy if the mirror has one, else the download
from the pinned commit. A mirror copy is confirmed against upstream (both must be
byte-identical) unless `trust_mirror` says the mirror is the authority, because
a pin made from an unconfirmed local file would vouch for bytes nobody checked.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from . import names
from .documents import DocumentError, parse_document
from .fetch import FetchError, _write_atomically, download
from .generate import GenerationError, Report, generate_version
from .layout import Layout
from .patches import Check, Patch, PatchError, load_patches
from .pins import CHANNELS, Pin, known_versions, load_pin

REPOSITORY = "Azure/azure-rest-api-specs"
COMMIT_RE = re.compile(r"^[0-9a-f]{40}$")


class AddVersionError(Exception):
    """The new version cannot be pinned; nothing was written."""


@attrs.frozen
class PatchOutcome:
    name: str
    origin: str  # the api-version whose patch it is
    check: Check  # applies, redundant (the document already says it) or stale

    @property
    def applied(self) -> bool:
        return self.check.state == "applies"

    def line(self) -> str:
        """One line: the patch, where it came from, and for a dropped one the operation and pointer that failed."""
        head = f"patch {self.name} (from {self.origin})"
        if self.applied:
            return f"{head}: applies"
        label = "REDUNDANT" if self.check.state == "redundant" else "DROPPED"
        failure = self.check.failure
        where = (
            f"operation {failure.index} ({failure.op} {failure.pointer}): {failure.why}" if failure else ""
        )
        return f"{head}: {label}: {where}; not copied"


@attrs.frozen
class Added:
    pin: Pin
    source: str
    previous: str | None
    patches: list[PatchOutcome]
    report: Report


def default_path(api_version: str, channel: str) -> str:
    """Where Azure keeps the document: the inference folder for dated versions, OpenAI.v1 for the v1 API."""
    if names.is_dated(api_version):
        folder = "stable" if channel == "ga" else "preview"
        return f"specification/cognitiveservices/data-plane/AzureOpenAI/inference/{folder}/{api_version}/inference.json"
    return f"specification/ai/data-plane/OpenAI.v1/azure-v1-{api_version}-generated.json"


def default_url(repository: str, commit: str, path: str) -> str:
    return f"https://raw.githubusercontent.com/{repository}/{commit}/{path}"


def previous_version(layout: Layout, channel: str, exclude: str) -> str | None:
    """The version to carry patches from: the newest pinned one of the same family (dated or the v1 API)
    and channel, else of the same family, else the newest pinned one."""
    pinned = names.ordered([v for v in known_versions(layout) if v != exclude])
    family = [v for v in pinned if names.is_dated(v) == names.is_dated(exclude)]
    same = [v for v in family if load_pin(layout, v).channel == channel]
    choice = same or family or pinned
    return choice[-1] if choice else None


def _check_arguments(layout: Layout, api_version: str, channel: str, commit: str) -> None:
    if not names.is_valid(api_version):
        raise AddVersionError(f"api-version {api_version!r}: expected {names.EXPECTED}")
    if channel not in CHANNELS:
        raise AddVersionError(f"--channel {channel!r}: expected one of {', '.join(CHANNELS)}")
    if names.is_preview(api_version) != (channel == "preview"):
        raise AddVersionError(
            f"api-version {api_version!r} and --channel {channel!r} disagree "
            "(preview versions end in -preview, or are the v1 API's `preview`)"
        )
    if not COMMIT_RE.match(commit):
        raise AddVersionError(f"--commit {commit!r}: expected a full 40-character lowercase hex commit sha")
    if layout.pin_file(api_version).exists():
        raise AddVersionError(
            f"{api_version} is already pinned ({layout.pin_file(api_version)}); remove that pin to re-pin it"
        )


def _obtain(layout: Layout, api_version: str, path: str, url: str, trust_mirror: bool) -> tuple[bytes, str]:
    mirrored = layout.mirror_file(api_version, path)
    local = mirrored.read_bytes() if mirrored is not None and mirrored.is_file() else None
    if local is not None and trust_mirror:
        return local, str(mirrored)
    try:
        remote = download(url)
    except FetchError as exc:
        if local is not None:
            raise AddVersionError(
                f"{mirrored} exists but cannot be confirmed against upstream: {exc}. "
                "Pass --trust-mirror to pin the mirror copy as it is."
            ) from exc
        hint = "is the network up? is the commit/path right? (or put the document in the mirror and pass --trust-mirror)"
        raise AddVersionError(f"{exc}; {hint}") from exc
    if local is not None and local != remote:
        raise AddVersionError(
            f"{mirrored} differs from {url}: mirror sha256 {hashlib.sha256(local).hexdigest()} ({len(local)} bytes), "
            f"upstream sha256 {hashlib.sha256(remote).hexdigest()} ({len(remote)} bytes); fix or remove the mirror copy"
        )
    return remote, url if local is None else f"{mirrored} (confirmed against {url})"


def _parse(data: bytes, source: str) -> dict[str, Any]:
    try:
        return parse_document(data, source)
    except DocumentError as exc:
        raise AddVersionError(str(exc)) from exc


def _carry_patches(
    layout: Layout, staged: Layout, api_version: str, previous: str | None, document: dict[str, Any]
) -> list[PatchOutcome]:
    """Try the previous version's patches (and any already written for this version) in name order."""
    own = {p.name: p for p in load_patches(layout, api_version)}
    theirs = {p.name: p for p in load_patches(layout, previous)} if previous else {}
    candidates: dict[str, tuple[Patch, str]] = {n: (p, previous or "") for n, p in theirs.items()}
    candidates.update({n: (p, api_version) for n, p in own.items()})
    outcomes = []
    staged.patches_dir(api_version).mkdir(parents=True, exist_ok=True)
    for name in sorted(candidates):
        patch, origin = candidates[name]
        check, patched = patch.check(document)
        if origin == api_version and check.state != "applies":
            raise AddVersionError(f"{check.line()} (this version's own patch must apply)")
        outcomes.append(PatchOutcome(name, origin, check))
        if check.state == "applies":
            document = patched
            shutil.copyfile(patch.path, staged.patches_dir(api_version) / name)
    return outcomes


def add_version(
    layout: Layout,
    api_version: str,
    *,
    channel: str,
    commit: str,
    path: str | None = None,
    url: str | None = None,
    repository: str = REPOSITORY,
    trust_mirror: bool = False,
    echo: Callable[[str], None] = lambda _: None,
) -> Added:
    _check_arguments(layout, api_version, channel, commit)
    path = path or default_path(api_version, channel)
    url = url or default_url(repository, commit, path)
    data, source = _obtain(layout, api_version, path, url, trust_mirror)
    document = _parse(data, source)
    pin = Pin(
        api_version, channel, repository, commit, path, url, hashlib.sha256(data).hexdigest(), len(data)
    )
    echo(f"fetched {api_version} from {source}: sha256 {pin.sha256}, {pin.size} bytes")
    previous = previous_version(layout, channel, api_version)
    with tempfile.TemporaryDirectory(prefix="aoai-add-version-") as scratch:
        staged = attrs.evolve(layout, specs=Path(scratch) / "specs", cache=Path(scratch) / "cache")
        _write_atomically(staged.pin_file(api_version), pin.to_json().encode())
        _write_atomically(staged.cache_file(api_version, path), data)
        outcomes = _carry_patches(layout, staged, api_version, previous, document)
        for outcome in outcomes:
            echo(outcome.line())
        try:
            report = generate_version(staged, api_version)
        except (GenerationError, PatchError, FetchError) as exc:
            dropped = [o.name for o in outcomes if not o.applied]
            raise AddVersionError(
                f"{exc}\nnothing was pinned. Patches dropped: {', '.join(dropped) or 'none'}. Write the fixes as "
                f"{layout.patches_dir(api_version)}/NN-name.json and run add-version again."
            ) from exc
        target = layout.patches_dir(api_version)
        target.mkdir(parents=True, exist_ok=True)
        for patch_file in sorted(staged.patches_dir(api_version).glob("*.json")):
            if not (target / patch_file.name).exists():
                shutil.copyfile(patch_file, target / patch_file.name)
        _write_atomically(layout.cache_file(api_version, path), data)
        _write_atomically(layout.pin_file(api_version), pin.to_json().encode())  # last: the commit point
    return Added(pin=pin, source=source, previous=previous, patches=outcomes, report=report)
