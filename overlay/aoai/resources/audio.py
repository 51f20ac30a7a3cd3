"""`client.audio.transcriptions.create(...)` and `client.audio.translations.create(...)` (multipart).

The generic facade method does it all (`_bind`: the `file` field from a path, bytes, a binary
file object or `(name, data)`; the other fields as text parts); `create` is spelled out so it
exists on every version and a version without it says so by name. Every `response_format`
works: json and verbose_json decode into the version's models, text, srt and vtt come back
as `str` (the reply's content type decides, see `_parse`). `speech` is found in the metadata
where a version has it.
"""

from __future__ import annotations

from typing import Any

from aoai.resources._generic import operation_call
from aoai.resources._resource import Resource


class _AudioTask(Resource):
    def create(self, **params: Any) -> Any:
        """`file` (path, bytes, binary file object or (name, data)), `model`, the version's fields, options."""
        return self._run(operation_call(self, f"{self._prefix}.create", (), params))


class Transcriptions(_AudioTask):
    _prefix = "audio.transcriptions"


class Translations(_AudioTask):
    _prefix = "audio.translations"


class Audio(Resource):
    """`client.audio`: `transcriptions` and `translations`."""

    _prefix = "audio"

    @property
    def transcriptions(self) -> Transcriptions:
        return self._child(Transcriptions)

    @property
    def translations(self) -> Translations:
        return self._child(Translations)
