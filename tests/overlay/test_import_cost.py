"""`import aoai` and constructing a client load neither azure-identity/azure-core nor generated code."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = """
import json, sys
import aoai
c = aoai.AzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version="2024-10-21", api_key="k")
a = aoai.AsyncAzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version="2024-10-21", api_key="k")
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("azure", "aoai_v", "openai")))))
"""


def test_import_and_construct_stay_lean() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == []
