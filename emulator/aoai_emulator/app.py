"""The ASGI application: one dispatcher that does, in Azure's order, request ids, attempt counting,
auth, fault injection, api-version and route lookup, deployment lookup, body validation, the
deployment's quota (`quotas.py`), the content filter, and finally the operation's handler.

It is a plain ASGI callable (Starlette only for Request/Response) because faults need to do what
routers cannot: reset a connection, stall, or cut a body half-way.
"""

from __future__ import annotations

import math
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from aoai_emulator import auth, errors, faults, quotas, text
from aoai_emulator.assistants import HANDLERS as OBJECT_HANDLERS
from aoai_emulator.bodies import read_body
from aoai_emulator.config import EmulatorConfig
from aoai_emulator.context import Call
from aoai_emulator.control import control
from aoai_emulator.documents import load_documents
from aoai_emulator.inference import HANDLERS as INFERENCE_HANDLERS
from aoai_emulator.operations import match
from aoai_emulator.spoil import spoil
from aoai_emulator.state import State
from aoai_emulator.wire import CutBody, Reset, SSEResponse, Stall

HANDLERS = {**INFERENCE_HANDLERS, **OBJECT_HANDLERS}
TEST_ID_HEADER = "x-aoai-test-id"
#: Where a request's extra reply headers (quota, deployment) are collected on its ASGI scope.
REPLY_HEADERS = "aoai_emulator.reply_headers"
REGION = "emulator"


def _prompt_of(operation_id: str, body: dict[str, Any]) -> str:
    if operation_id == "ChatCompletions_Create":
        return text.chat_prompt(body.get("messages") or [])
    if operation_id in ("Completions_Create", "ImageGenerations_Create"):
        prompt = body.get("prompt")
        return prompt if isinstance(prompt, str) else " ".join(p for p in prompt or [] if isinstance(p, str))
    return ""


class EmulatorApp:
    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.state = State(plan=faults.FaultPlan(config.fault_plan), quotas=quotas.Quotas(config.quotas))
        self.documents = load_documents()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["type"] != "http":
            return
        ids = [
            (b"apim-request-id", str(uuid.uuid4()).encode()),
            (b"x-request-id", str(uuid.uuid4()).encode()),
        ]
        scope[REPLY_HEADERS] = ids  # the dispatcher adds the quota headers here

        async def send_with_ids(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *ids]}
            await send(message)

        request = Request(scope, receive)
        reply = await self.dispatch(request)
        await reply(scope, receive, send_with_ids)

    async def dispatch(self, request: Request) -> Any:
        path = request.url.path
        if path.startswith("/_emulator/"):
            return await control(request, self.config, self.state)
        if not path.startswith("/openai/"):
            return errors.resource_not_found()
        headers = request.headers
        credential = auth.credential_of(headers)
        test_id = headers.get(TEST_ID_HEADER)
        fault_header = headers.get(faults.HEADER)
        # Without a test id, `times=N` still needs a count: attempts are keyed by the fault header then.
        counter = test_id if test_id is not None else f"fault:{fault_header}"
        attempt = 1
        if test_id is not None or fault_header is not None:
            attempt = self.state.stats.record(
                counter,
                method=request.method,
                path=path,
                auth=credential.kind,
                credential_sha256=credential.sha256,
            )
        denied = auth.check(self.config, credential)
        if denied is not None:
            return errors.unauthorized(denied)
        try:
            fault = faults.decide(fault_header, attempt, self.state.plan)
        except faults.FaultSpecError as exc:
            return errors.bad_request(str(exc), param=faults.HEADER)
        if fault is not None:
            self.state.stats.note(counter, fault=fault.kind)
            if fault.status is not None:
                return errors.injected_status(fault.status, fault.headers())
            if fault.kind == "reset":
                return Reset()
            if fault.kind == "stall":
                return Stall(fault.stall_seconds(self.config.stall_seconds))
        reply = await self.operation(request, path.removeprefix("/openai"))
        if fault is not None and fault.kind == "cut":
            return self._cut(reply)
        if fault is not None and fault.kind in faults.BODY_KINDS:
            return spoil(reply, fault.kind)
        return reply

    async def operation(self, request: Request, path: str) -> Any:
        doc = self.documents.get(request.query_params.get("api-version", ""))
        if doc is None:
            return errors.resource_not_found()
        op, params = match(doc, request.method, path)
        if op is None:
            return errors.resource_not_found()
        model = ""
        if "deployment_id" in params:
            model = self.config.deployments.get(params["deployment_id"], "")
            if not model:
                return errors.deployment_not_found()
        parsed = await read_body(request, doc, op)
        if isinstance(parsed, Response):
            return parsed
        body, files = parsed
        if "deployment_id" in params:
            refused = self._meter(request, params["deployment_id"], op.operation_id, body)
            if refused is not None:
                return refused
        if text.prompt_trips_filter(_prompt_of(op.operation_id, body), self.config.trigger_word):
            return errors.content_filtered()
        handler = HANDLERS.get(op.operation_id)
        if handler is None:
            return errors.not_implemented(op.operation_id)
        base_url = f"{request.url.scheme}://{request.url.netloc}"
        query = dict(request.query_params)
        call = Call(doc, op, params, query, body, files, self.config, self.state, base_url, model)
        return await handler(call)

    def _meter(self, request: Request, deployment: str, operation_id: str, body: dict[str, Any]) -> Any:
        """Charge the deployment's quota; Azure's 429 when it is spent. Adds the reply's quota headers."""
        headers: list[tuple[bytes, bytes]] = request.scope.setdefault(REPLY_HEADERS, [])
        headers += [(b"x-ms-region", REGION.encode()), (b"x-ms-deployment-name", deployment.encode())]
        admission = self.state.quotas.admit(deployment, quotas.request_tokens(operation_id, body))
        if admission is None:
            return None
        headers += [(k.encode(), v.encode()) for k, v in admission.headers.items()]
        if admission.admitted:
            return None
        seconds = admission.retry_after
        version = request.query_params.get("api-version", "")
        message = quotas.throttled_body(operation_id, version, admission.exceeded, max(1, math.ceil(seconds)))
        return errors.error_response(429, message, quotas.retry_headers(seconds))

    @staticmethod
    def _cut(reply: Any) -> Any:
        if isinstance(reply, SSEResponse):
            reply.cut = True
            return reply
        if isinstance(reply, Response):
            return CutBody(reply.status_code, bytes(reply.body), reply.media_type or "application/json")
        return reply
