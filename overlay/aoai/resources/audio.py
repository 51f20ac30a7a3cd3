"""`client.audio.transcriptions.create(...)` and `client.audio.translations.create(...)` (multipart).

Every `response_format` works: json and verbose_json decode into the version's models,
text, srt and vtt come back as `str` (the reply's content type decides, see `_parse`).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from aoai.errors import UnsupportedOperationError
from aoai.resources._body import json_body, multipart_fields
from aoai.resources._call import Call, pop_options
from aoai.resources._files import file_part
from aoai.resources._parse import parse_response, request_model
from aoai.resources._resource import Resource, build_request, deployment_arguments, multipart_request_body


class _AudioTask(Resource):
    _label = ""  # the facade method, e.g. "audio.transcriptions.create"

    def create(self, **params: Any) -> Any:
        """`file` (path, bytes, binary file object or (name, data)), `model`, the version's fields, options."""
        options = pop_options(params)
        model = params.pop("model", None)
        if "file" not in params:
            raise TypeError(f"{self._label}() missing required keyword: file")
        part = file_part(params.pop("file"))
        client = self._client
        operation = self._facade(self._label)
        module = operation.module
        body_type = request_model(module)
        if body_type is None:
            raise UnsupportedOperationError(
                f"{self._label}() of api-version {client.api_version} has no body"
            )
        checked = json_body(
            body_type, {"file": None, **params}, operation=self._label, api_version=client.api_version
        )
        checked.pop("file")
        files = [("file", part), *multipart_fields(checked)]
        request = build_request(
            client,
            module,
            **deployment_arguments(client, operation, model),
            body=multipart_request_body(files),
        )
        return self._run(Call(request, options, partial(parse_response, module)))


class Transcriptions(_AudioTask):
    _label = "audio.transcriptions.create"


class Translations(_AudioTask):
    _label = "audio.translations.create"


class Audio(Resource):
    """`client.audio`: `transcriptions` and `translations`."""

    @property
    def transcriptions(self) -> Transcriptions:
        return self._child(Transcriptions)

    @property
    def translations(self) -> Translations:
        return self._child(Translations)
