"""`import aoai` and constructing a client load neither azure-identity/azure-core, generated code,
nor the connection pool (httpcore2, SSL context), nor attrs (the models): the first request does.
Nor the typed facade (`aoai_typing` and `aoai.types` are for type checkers), the bulk runner and
its progress bar (tqdm), nor the pacer unless a client asks for pacing.

For every generated api-version (the list comes from the pins, so a version added later is
covered with no edit): construction finds the package without importing it.
"""

from __future__ import annotations

import json
import subprocess
import sys

from aoai.versions import package_name
from aoai_codegen.layout import Layout
from aoai_codegen.pins import known_versions

from tests.conftest import ROOT

SCRIPT = """
import json, sys
import aoai
versions = json.loads(sys.argv[1])
for version in versions:
    aoai.AzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version=version, api_key="k")
    aoai.AsyncAzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version=version, api_key="k")
print(json.dumps(sorted(m for m in sys.modules if m.startswith(
    ("azure", "aoai_v", "aoai_typing", "aoai.types", "openai", "tqdm", "aoai.bulk", "aoai.pacing", "httpcore", "attr")
))))
"""

PACED = """
import json, sys
import aoai
c = aoai.AzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version="2024-10-21", api_key="k", pacing=True)
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("tqdm", "aoai.bulk", "aoai.pacing")))))
"""


def test_import_and_construct_stay_lean_for_every_version() -> None:
    versions = known_versions(Layout.at(ROOT))
    assert len(versions) >= 5
    for version in versions:
        assert (ROOT / "generated" / package_name(version)).is_dir(), f"{version} not generated"
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(versions)], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == []


def test_pacing_loads_only_the_pacer() -> None:
    out = subprocess.run([sys.executable, "-c", PACED], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == ["aoai.pacing", "aoai.pacing.cost", "aoai.pacing.pacer", "aoai.pacing.state"]


def test_the_pool_is_made_at_the_first_request_and_only_once() -> None:
    """Threads racing on a sync client's first requests share one pool."""
    import threading

    from aoai._transports import DeferredTransport

    made: list[object] = []

    class Counting(DeferredTransport):
        @property
        def transport(self):  # type: ignore[no-untyped-def]
            made.append(super().transport)
            return made[-1]

    transport = Counting()
    assert transport._made is None
    barrier = threading.Barrier(8)

    def first_use() -> None:
        barrier.wait()
        _ = transport.transport

    threads = [threading.Thread(target=first_use) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert len(made) == 8 and len({id(m) for m in made}) == 1
    assert made[0] is transport._made
    transport.close()


def test_closing_an_unused_client_makes_no_pool() -> None:
    import aoai

    client = aoai.AzureOpenAI(
        azure_endpoint="https://x.openai.azure.com", api_version="2024-10-21", api_key="k"
    )
    client.close()
    assert client.http_client._transport._made is None
