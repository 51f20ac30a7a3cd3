"""The pinned documents as schemathesis sees them, and the known gaps between them and the emulator.

Why this module: every relaxation of the conformance check is named here with its reason
and, where it is a defect rather than a document gap, the regression test that pins it.
Nothing else is relaxed.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {
    "2024-10-21": "aoai_v2024_10_21",
    "2024-10-01-preview": "aoai_v2024_10_01_preview",
    "v1": "aoai_v1",
    "preview": "aoai_v1_preview",
}

#: The v1 API names the deployment in the body's `model`: each case gets a real one for its route
#: (a made-up one is a 404 DeploymentNotFound, which the v1 tests check on their own).
BODY_DEPLOYMENTS = (
    ("/chat/", "gpt-4o-mini"),
    ("/embeddings", "text-embedding-3-small"),
    ("/images/", "dall-e-3"),
    ("/responses", "gpt-4o"),
)

#: deployment per route, so each operation reaches its real handler (the emulator checks the kind).
DEPLOYMENTS = (
    ("/audio/speech", "tts"),
    ("/audio/", "whisper"),
    ("/images/", "dall-e-3"),
    ("/embeddings", "text-embedding-3-small"),
    ("/chat/", "gpt-4o-mini"),
    ("/completions", "gpt-35-turbo-instruct"),
)

#: Document gap (the emulator's side is pinned by test_regression_embeddings_odd_but_valid_bodies_are_not_a_500
#: and test_regression_embeddings_dimensions_are_bounded): the embeddings operation documents no error
#: response, yet Azure refuses a null `input` and a `dimensions` outside 1..the model's size with a 400,
#: as the emulator now does. Cases outside those limits are not generated. 1536 is the size of the
#: deployment used here (text-embedding-3-small).
MAX_DIMENSIONS = 1536
EMBEDDINGS = "/deployments/{deployment-id}/embeddings"


def avoids_embeddings_defect(case: Any) -> bool:
    body = case.body
    if not isinstance(body, dict) or body.get("input") is None:
        return False
    dimensions = body.get("dimensions")
    return not (isinstance(dimensions, int) and not 1 <= dimensions <= MAX_DIMENSIONS)


#: Emulator drift (test_regression_speech_content_type_is_documented): audio/mpeg, documented octet-stream.
SPEECH = "/deployments/{deployment-id}/audio/speech"


def document_path(version: str) -> Path:
    return ROOT / "generated" / PACKAGES[version] / "openapi.json"


def deployment_for(path: str) -> str | None:
    if "{deployment-id}" not in path:
        return None
    return next(name for fragment, name in DEPLOYMENTS if fragment in path)


def body_deployment_for(path: str) -> str | None:
    return next((name for fragment, name in BODY_DEPLOYMENTS if path.startswith(fragment)), None)


def with_body_deployment(case: Any) -> Any:
    deployment = body_deployment_for(case.operation.path)
    if deployment is not None and isinstance(case.body, dict) and "model" in case.body:
        case.body["model"] = deployment
    return case


def is_emulated(version: str, label: str) -> bool:
    """Whether the emulator has a handler for the operation (the rest answer 501, tested elsewhere)."""
    from aoai_emulator.app import HANDLERS
    from aoai_emulator.documents import load_documents
    from aoai_emulator.operations import match

    doc = load_documents()[version]
    method, path = label.split(" ", 1)
    op, _ = match(doc, method, path.replace("{", "").replace("}", ""))
    return op is not None and doc.facade_name(op.operation_id) in HANDLERS


def references_objects(path: str) -> bool:
    """Routes addressing an assistant/thread/run/vector store by an id the fuzzer made up."""
    return any(p.startswith("{") and p != "{deployment-id}" for p in path.split("/")) or path.endswith(
        "/threads/runs"
    )


@cache
def schema(version: str) -> Any:
    import schemathesis

    document = json.loads(document_path(version).read_text())
    return schemathesis.openapi.from_dict(document)


def operations(version: str) -> list[str]:
    """The labels (`POST /files`) of the operations the emulator answers (all, in the dated documents)."""
    if not document_path(version).is_file():
        return []
    labels = [result.ok().label for result in schema(version).get_all_operations()]
    return [label for label in labels if is_emulated(version, label)]


def is_azure_error(body: bytes) -> bool:
    try:
        parsed = json.loads(body)
    except ValueError:
        return False
    return isinstance(parsed, dict) and isinstance(parsed.get("error"), dict) and "message" in parsed["error"]
