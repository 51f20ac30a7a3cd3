"""The models API of the v1 routes: the emulator's deployments, listed and retrieved.

On the v1 API a request's `model` names a deployment, so the deployments are what a caller can
put there; each is reported with the document's model schema (`objects.build`), `owned_by`
`system` and `created` the moment the emulator started.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from aoai_emulator import errors
from aoai_emulator.context import Call
from aoai_emulator.objects import answer_of, build


def _model(call: Call, name: str) -> dict[str, Any]:
    values = {"id": name, "object": "model", "created": call.state.started, "owned_by": "system"}
    return build(call.doc, answer_of(call.doc, "models.retrieve"), values)


async def listing(call: Call) -> Response:
    data = [_model(call, name) for name in call.config.deployments]
    return JSONResponse({"object": "list", "data": data})


async def retrieve(call: Call) -> Response:
    name = call.params["model"]
    if name not in call.config.deployments:
        return errors.error_response(
            404,
            errors.error_body(
                "model_not_found",
                f"The model '{name}' does not exist; deployments: {', '.join(call.config.deployments)}.",
                param="model",
                type_="invalid_request_error",
            ),
        )
    return JSONResponse(_model(call, name))


HANDLERS = {"models.list": listing, "models.retrieve": retrieve}
