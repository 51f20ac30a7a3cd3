"""The emulator's own endpoints under `/_emulator/`: the managed-identity token endpoint, attempt
stats, reset, served images and a health check. None of them needs an API key."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from aoai_emulator import auth, errors
from aoai_emulator.config import EmulatorConfig
from aoai_emulator.documents import load_documents
from aoai_emulator.state import State


async def control(request: Request, config: EmulatorConfig, state: State) -> Response:
    path = request.url.path.removeprefix("/_emulator")
    method = request.method
    if path == "/identity" and method == "GET":
        query = request.query_params
        resource = query.get("resource") or query.get("scope")
        status, body = auth.identity_reply(config, request.headers.get("x-identity-header"), resource)
        return JSONResponse(body, status_code=status)
    if path == "/stats" and method == "GET":
        test_id = request.query_params.get("test_id")
        if test_id is None:
            return JSONResponse({"test_ids": state.stats.all_ids()})
        return JSONResponse(state.stats.get(test_id))
    if path == "/quotas" and method == "GET":
        return JSONResponse(state.quotas.stats())
    if path == "/reset" and method == "POST":
        state.stats.reset()
        state.objects.reset()
        return JSONResponse({"reset": True})
    if path.startswith("/images/") and method == "GET":
        image = state.images.get(path.removeprefix("/images/").removesuffix(".png"))
        return Response(image, media_type="image/png") if image else errors.resource_not_found()
    if path == "/loop":  # the `redirect` fault's target: a redirect to itself, for ever
        return Response(status_code=307, headers={"location": "/_emulator/loop"})
    if path == "/health" and method == "GET":
        return JSONResponse({"status": "ok", "api_versions": sorted(load_documents())})
    return errors.resource_not_found()
