"""Api-version names (validity, package names, order) and reading documents as JSON or YAML."""

from __future__ import annotations

import pytest
from aoai.versions import package_name as overlay_package_name
from aoai_codegen.documents import DocumentError, parse_document
from aoai_codegen.names import is_preview, is_valid, ordered, package_name


@pytest.mark.parametrize(
    ("version", "package"),
    [
        ("2024-10-21", "aoai_v2024_10_21"),
        ("2024-10-01-preview", "aoai_v2024_10_01_preview"),
        ("v1", "aoai_v1"),
        ("preview", "aoai_v1_preview"),
        ("v2", "aoai_v2"),
    ],
)
def test_package_names_are_importable_and_the_same_on_both_sides(version: str, package: str) -> None:
    assert package_name(version) == overlay_package_name(version) == package
    assert package.isidentifier()


def test_accepted_names_follow_azure() -> None:
    assert all(is_valid(v) for v in ("2024-10-21", "2025-04-01-preview", "v1", "v2", "preview"))
    assert not any(is_valid(v) for v in ("next", "2024-1-1", "v1-preview", "latest", "2024-10-21-beta"))
    assert [is_preview(v) for v in ("2024-10-21", "2024-10-01-preview", "v1", "preview")] == [
        False,
        True,
        False,
        True,
    ]


def test_order_is_oldest_first_whatever_the_input_order() -> None:
    shuffled = ["preview", "2025-04-01-preview", "v1", "2024-10-21", "2024-10-01-preview", "2024-10-01"]
    assert ordered(shuffled) == [
        "2024-10-01",
        "2024-10-01-preview",
        "2024-10-21",
        "2025-04-01-preview",
        "v1",
        "preview",
    ]


YAML = b"""openapi: 3.1.0
info: {title: t, version: 2025-04-01-preview}
paths:
  /x:
    get:
      responses:
        200:
          description: ok
components:
  schemas:
    switch:
      type: string
      enum: [on, off, yes, no, true]
      example: 2024-10-21
"""


def test_yaml_reads_as_json_would_give_it() -> None:
    document = parse_document(YAML, "inference.yaml")
    assert document["info"]["version"] == "2025-04-01-preview"
    assert list(document["paths"]["/x"]["get"]["responses"]) == ["200"]  # integer keys become strings
    switch = document["components"]["schemas"]["switch"]
    assert switch["enum"] == ["on", "off", "yes", "no", True]  # YAML 1.2 booleans only
    assert switch["example"] == "2024-10-21"  # dates stay the text they were


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"openapi": "3.0.0", "paths": ', "doc.json: not valid JSON"),
        (b"<html>rate limited</html>", "doc.json: expected an OpenAPI 3 document"),
        (b"a: [unclosed", "doc.json: neither JSON nor valid YAML"),
        (
            b'{"swagger": "2.0", "paths": {}}',
            "expected an OpenAPI 3 document (an object with 'openapi' and 'paths')",
        ),
    ],
)
def test_bad_documents_say_which_file_and_what_was_expected(data: bytes, message: str) -> None:
    with pytest.raises(DocumentError) as caught:
        parse_document(data, "doc.json")
    assert message in str(caught.value)
