"""Azure-shaped error bodies, one builder per situation, so every path answers the same way.

Shapes follow what Azure sends (see ../shared/azure-captures/err_404_*.json): `{"error": {...}}`
with `code` and `message`, plus `type`/`param` where Azure includes them.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse

SAFE = {"filtered": False, "severity": "safe"}


def error_body(
    code: str, message: str, *, param: str | None = None, type_: str | None = None, **extra: Any
) -> dict:
    error: dict[str, Any] = {"code": code, "message": message}
    if param is not None or type_ is not None:
        error["param"] = param
        error["type"] = type_
    error.update(extra)
    return {"error": error}


def error_response(status: int, body: dict, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers=headers)


def resource_not_found() -> JSONResponse:
    """What Azure answers for an unknown path or an unknown/missing api-version."""
    return error_response(404, {"error": {"code": "404", "message": "Resource not found"}})


def deployment_not_found() -> JSONResponse:
    return error_response(
        404,
        {
            "error": {
                "type": "invalid_request_error",
                "code": "DeploymentNotFound",
                "message": "The API deployment for this resource does not exist. If you created the deployment "
                "within the last 5 minutes, please wait a moment and try again.",
            }
        },
    )


def unauthorized(message: str) -> JSONResponse:
    return error_response(401, {"error": {"code": "401", "message": message}})


def bad_request(message: str, *, param: str | None = None, code: str = "BadRequest") -> JSONResponse:
    return error_response(400, error_body(code, message, param=param, type_="invalid_request_error"))


def not_implemented(operation_id: str) -> JSONResponse:
    return error_response(
        501,
        error_body(
            "NotImplemented",
            f"The operation '{operation_id}' is not emulated by aoai-emulator.",
            type_="not_implemented",
        ),
    )


def not_found_object(kind: str, object_id: str) -> JSONResponse:
    return error_response(
        404,
        error_body(
            "NotFound", f"No {kind} found with id '{object_id}'.", param=None, type_="invalid_request_error"
        ),
    )


def content_filter_result(category: str = "violence", severity: str = "medium") -> dict[str, Any]:
    """Azure's per-category result with one category filtered."""
    result: dict[str, Any] = {name: dict(SAFE) for name in ("hate", "self_harm", "sexual", "violence")}
    result[category] = {"filtered": True, "severity": severity}
    result["jailbreak"] = {"filtered": False, "detected": False}
    return result


def content_filtered(param: str = "prompt") -> JSONResponse:
    """The 400 Azure answers when the prompt trips the content filter."""
    return error_response(
        400,
        {
            "error": {
                "message": "The response was filtered due to the prompt triggering Azure OpenAI's content "
                "management policy. Please modify your prompt and retry. To learn more about our content "
                "filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
                "type": None,
                "param": param,
                "code": "content_filter",
                "status": 400,
                "innererror": {
                    "code": "ResponsibleAIPolicyViolation",
                    "content_filter_result": content_filter_result(),
                },
            }
        },
    )


_STATUS_TEXT = {
    408: ("Timeout", "The operation was timeout."),
    429: (
        "429",
        "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version have exceeded "
        "token rate limit of your current pricing tier. Please retry after 1 second.",
    ),
    500: ("InternalServerError", "The server had an error while processing your request. Sorry about that!"),
    502: ("BadGateway", "Bad gateway."),
    503: (
        "ServiceUnavailable",
        "The service is temporarily unable to process your request. Please try again.",
    ),
    504: ("GatewayTimeout", "The gateway did not receive a response in time."),
}


def injected_status(status: int, headers: dict[str, str]) -> JSONResponse:
    code, message = _STATUS_TEXT[status]
    return error_response(status, {"error": {"code": code, "message": message}}, headers)
