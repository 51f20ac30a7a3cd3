"""Handlers for the inference operations (chat, completions, embeddings, images, audio)."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from aoai_emulator import audio
from aoai_emulator.chat import chat_chunks, chat_response, plan_chat
from aoai_emulator.completions import completion_chunks, plan_completion
from aoai_emulator.context import Call
from aoai_emulator.embeddings import embeddings_response, invalid_field
from aoai_emulator.errors import bad_request
from aoai_emulator.images import images_response
from aoai_emulator.wire import SSEResponse

Reply = Any


def _include_usage(body: dict[str, Any]) -> bool:
    return bool((body.get("stream_options") or {}).get("include_usage"))


async def chat_completions(call: Call) -> Reply:
    plan = plan_chat(call.body, call.model, call.config.trigger_word)
    if call.body.get("stream"):
        return SSEResponse(chat_chunks(plan, _include_usage(call.body)))
    return JSONResponse(chat_response(plan))


async def completions(call: Call) -> Reply:
    response = plan_completion(call.body, call.model, call.config.trigger_word)
    if call.body.get("stream"):
        return SSEResponse(completion_chunks(response, _include_usage(call.body)))
    return JSONResponse(response)


async def embeddings(call: Call) -> Reply:
    refused = invalid_field(call.body, call.model)
    if refused is not None:
        return bad_request(refused[1], param=refused[0])
    return JSONResponse(embeddings_response(call.body, call.model))


async def image_generations(call: Call) -> Reply:
    return JSONResponse(images_response(call.body, call.state.images, call.base_url))


async def _audio(call: Call, task: str) -> Reply:
    filename, data = call.files.get("file", ("audio.wav", b""))
    content = audio.transcript(task, filename, data, call.body.get("prompt"))
    body, media_type = audio.render(task, content, call.body.get("response_format"))
    return Response(body, media_type=media_type)


async def transcriptions(call: Call) -> Reply:
    return await _audio(call, "transcribe")


async def translations(call: Call) -> Reply:
    return await _audio(call, "translate")


async def speech(call: Call) -> Reply:
    data, media_type = audio.speech(call.body.get("input", ""), call.body.get("response_format"))
    return Response(data, media_type=media_type)


#: By facade name: one handler answers the operation in every api-version and route model.
HANDLERS = {
    "chat.completions.create": chat_completions,
    "completions.create": completions,
    "embeddings.create": embeddings,
    "images.generate": image_generations,
    "audio.transcriptions.create": transcriptions,
    "audio.translations.create": translations,
    "audio.speech.create": speech,
}
