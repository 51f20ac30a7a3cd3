"""`import aoai` and constructing a client load neither azure-identity/azure-core nor generated code,
nor the bulk runner and its progress bar (tqdm), nor the pacer unless a client asks for pacing."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = """
import json, sys
import aoai
c = aoai.AzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version="2024-10-21", api_key="k")
a = aoai.AsyncAzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version="2024-10-21", api_key="k")
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("azure", "aoai_v", "openai", "tqdm", "aoai.bulk", "aoai.pacing")))))
"""

PACED = """
import json, sys
import aoai
c = aoai.AzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version="2024-10-21", api_key="k", pacing=True)
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("tqdm", "aoai.bulk", "aoai.pacing")))))
"""


def test_import_and_construct_stay_lean() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == []


def test_pacing_loads_only_the_pacer() -> None:
    out = subprocess.run([sys.executable, "-c", PACED], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == ["aoai.pacing", "aoai.pacing.cost", "aoai.pacing.pacer", "aoai.pacing.state"]
