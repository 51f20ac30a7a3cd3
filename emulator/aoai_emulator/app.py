"""The ASGI application: one dispatcher that does, in Azure's order, request ids, attempt counting,
auth, fault injection, the route model and api-version (`routing.py`), the operation and the
headers its document requires, the deployment (path or body), body validation, the deployment's
quota (`quotas.py`), the content filter, and finally the handler registered under the operation's
facade name (`handlers.py`), or a 501 naming the operation.

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

from aoai_emulator import auth, error_shapes, errors, faults, quotas, routing, text
from aoai_emulator.bodies import read_body
from aoai_emulator.config import EmulatorConfig
from aoai_emulator.context import Call
from aoai_emulator.control import control
from aoai_emulator.documents import Document, load_documents
from aoai_emulator.handlers import HANDLERS
from aoai_emulator.operations import Operation, match
from aoai_emulator.response_input import prompt_text as response_prompt
from aoai_emulator.spoil import spoil
from aoai_emulator.state import State
from aoai_emulator.wire import CutBody, Reset, SSEResponse, Stall

__all__ = ["HANDLERS", "EmulatorApp"]
TEST_ID_HEADER = "x-aoai-test-id"
#: Where a request's extra reply headers (quota, deployment) are collected on its ASGI scope.
REPLY_HEADERS = "aoai_emulator.reply_headers"
#: The stats key of the request's attempts, on its ASGI scope (only when it is counted).
COUNTER = "aoai_emulator.counter"
REGION = "emulator"


def _prompt_of(name: str, body: dict[str, Any]) -> str:
    """The text the prompt filter reads, by facade name (the same in every api-version)."""
    if name == "chat.completions.create":
        return text.chat_prompt(body.get("messages") or [])
    if name in ("completions.create", "images.generate"):
        prompt = body.get("prompt")
        return prompt if isinstance(prompt, str) else " ".join(p for p in prompt or [] if isinstance(p, str))
    if name == "responses.create":
        return response_prompt(body)
    return ""


def deployment_of(doc: Document, op: Operation) -> tuple[str, str] | None:
    """("path", parameter) or ("body", member) where the operation names its deployment, or None.

    From the package's facts; a document without them (the mirror fallback) is the dated model,
    whose deployment is the `deployment-id` path parameter."""
    facts = doc.facts.get(op.operation_id)
    if facts is None:
        return ("path", "deployment-id") if "{deployment-id}" in op.path else None
    where = facts.get("deployment")
    return (str(where["in"]), str(where["name"])) if where else None


class EmulatorApp:
    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.state = State(plan=faults.FaultPlan(config.fault_plan), quotas=quotas.Quotas(config.quotas))
        self.documents = load_documents()
        self.routes = routing.route_models(self.documents)

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
        routes = routing.model_for(self.routes, path)
        reply = await self.data_plane(request, path, routes)
        if routes is not None and routes.shapes_errors_by_document:
            reply = error_shapes.conform(reply, routing.error_document(routes, request.query_params))
        return reply

    async def data_plane(self, request: Request, path: str, routes: routing.RouteModel | None) -> Any:
        headers = request.headers
        credential = auth.credential_of(headers)
        test_id = headers.get(TEST_ID_HEADER)
        fault_header = headers.get(faults.HEADER)
        # Without a test id, `times=N` still needs a count: attempts are keyed by the fault header then.
        counter = test_id if test_id is not None else f"fault:{fault_header}"
        attempt = 1
        if test_id is not None or fault_header is not None:
            request.scope[COUNTER] = counter
            attempt = self.state.stats.record(
                counter,
                method=request.method,
                path=path,
                auth=credential.kind,
                credential_sha256=credential.sha256,
            )
        key_as_bearer = routes is not None and routes.takes_key_as_bearer
        denied = auth.check(self.config, credential, key_as_bearer=key_as_bearer)
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
        reply = await self.operation(request, path, routes)
        if fault is not None and fault.kind == "cut":
            return self._cut(reply)
        if fault is not None and fault.kind in faults.BODY_KINDS:
            return spoil(reply, fault.kind)
        return reply

    async def operation(self, request: Request, path: str, routes: routing.RouteModel | None) -> Any:
        if routes is None:
            return errors.resource_not_found()
        selected = routing.select(routes, request.query_params)
        if isinstance(selected, Response):
            return selected
        return await self.answer(request, routes, selected, path.removeprefix(routes.server_path))

    async def answer(self, request: Request, routes: routing.RouteModel, doc: Document, path: str) -> Any:
        op, params = match(doc, request.method, path)
        if op is None:
            return errors.resource_not_found()
        refused = routing.header_problem(doc, op.operation_id, request.headers)
        if refused is not None:
            return refused
        name = doc.facade_name(op.operation_id)
        handler = HANDLERS.get(name)
        if handler is None:
            return errors.not_implemented(op.operation_id)
        where = deployment_of(doc, op)
        deployment = params.get(where[1].replace("-", "_"), "") if where and where[0] == "path" else None
        if deployment is not None and deployment not in self.config.deployments:
            return errors.deployment_not_found()
        parsed = await read_body(request, doc, op)
        if isinstance(parsed, Response):
            return parsed
        body, files = parsed
        if where and where[0] == "body" and routes.body_names_deployment and body.get(where[1]) is not None:
            # An optional member left out (modifying an assistant) names no deployment.
            deployment = body[where[1]]
            if not isinstance(deployment, str) or deployment not in self.config.deployments:
                return errors.deployment_not_found()
        if deployment is not None:
            refused = self._meter(request, doc, deployment, (op.operation_id, name), body)
            if refused is not None:
                return refused
        if text.prompt_trips_filter(_prompt_of(name, body), self.config.trigger_word):
            return errors.content_filtered()
        base_url = f"{request.url.scheme}://{request.url.netloc}"
        query = dict(request.query_params)
        model = self.config.deployments.get(deployment or "", "")
        call = Call(doc, op, params, query, body, files, self.config, self.state, base_url, model)
        return await handler(call)

    def _meter(
        self, request: Request, doc: Document, deployment: str, ids: tuple[str, str], body: dict[str, Any]
    ) -> Any:
        """Charge the deployment's quota; Azure's 429 when it is spent. Adds the reply's quota headers
        and notes the deployment in the attempt's stats."""
        headers: list[tuple[bytes, bytes]] = request.scope.setdefault(REPLY_HEADERS, [])
        headers += [(b"x-ms-region", REGION.encode()), (b"x-ms-deployment-name", deployment.encode())]
        counter = request.scope.get(COUNTER)
        if counter is not None:
            self.state.stats.note(counter, deployment=deployment)
        operation_id, name = ids
        admission = self.state.quotas.admit(deployment, quotas.request_tokens(name, body))
        if admission is None:
            return None
        headers += [(k.encode(), v.encode()) for k, v in admission.headers.items()]
        if admission.admitted:
            return None
        seconds = admission.retry_after
        seconds_whole = max(1, math.ceil(seconds))
        message = quotas.throttled_body(operation_id, doc.api_version, admission.exceeded, seconds_whole)
        return errors.error_response(429, message, quotas.retry_headers(seconds))

    @staticmethod
    def _cut(reply: Any) -> Any:
        if isinstance(reply, SSEResponse):
            reply.cut = True
            return reply
        if isinstance(reply, Response):
            return CutBody(reply.status_code, bytes(reply.body), reply.media_type or "application/json")
        return reply
