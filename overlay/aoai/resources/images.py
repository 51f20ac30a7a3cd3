"""`client.images.generate(...)`: image generation (DALL-E deployments); edits where a version has them.

`generate` is the generic facade method (`_generic`), spelled out so that it exists on every
version, as in the official SDK, and a version without the operation says so by name
(`UnsupportedOperationError`). Other image methods a version declares (`edit`) are found in
its metadata.
"""

from __future__ import annotations

from typing import Any

from aoai.resources._generic import operation_call
from aoai.resources._resource import Resource


class Images(Resource):
    _prefix = "images"

    def generate(self, **params: Any) -> Any:
        """Generate images (`prompt`, `model`, any field of the version's request model, options)."""
        return self._run(operation_call(self, "images.generate", (), params))
