"""`stream` overloads: True gives a typed Stream of the version's chunk model, otherwise the completion."""

import aoai
from aoai.streaming import AsyncStream, Stream
from aoai_v1 import models as v1_models
from aoai_v1.typed import AnyResponseStreamEvent
from aoai_v2024_10_21 import models as ga_models
from typing_extensions import assert_type

ga = aoai.AzureOpenAI(api_version="2024-10-21")

streamed = ga.chat.completions.create(messages=[], stream=True)
assert_type(streamed, Stream[ga_models.CreateChatCompletionStreamResponse])
for chunk in streamed:
    assert_type(chunk, ga_models.CreateChatCompletionStreamResponse)
assert_type(ga.chat.completions.create(messages=[], stream=False), ga_models.CreateChatCompletionResponse)
assert_type(ga.chat.completions.create(messages=[]), ga_models.CreateChatCompletionResponse)


def either(flag: bool) -> None:
    result = ga.chat.completions.create(messages=[], stream=flag)
    assert_type(
        result, ga_models.CreateChatCompletionResponse | Stream[ga_models.CreateChatCompletionStreamResponse]
    )


# Legacy completions: the reply schema says each streamed chunk has its shape, so chunks are replies,
# as they are at run time (tests/resources/test_completions.py).
assert_type(ga.completions.create(prompt="p", stream=True), Stream[ga_models.CreateCompletionResponse])

# The Responses API streams its documented events, each its own class (or plain data for a type
# the document does not know); narrowing by class reads the event's own fields.
v1 = aoai.AzureOpenAI(api_version="v1")
events = v1.responses.create(model="d", input="Hi", stream=True)
assert_type(events, Stream[AnyResponseStreamEvent])
for event in events:
    if isinstance(event, v1_models.ResponseTextDeltaEvent):
        assert_type(event.delta, str)


async def asynchronous() -> None:
    client = aoai.AsyncAzureOpenAI(api_version="2024-10-21")
    chunks = await client.chat.completions.create(messages=[], stream=True)
    assert_type(chunks, AsyncStream[ga_models.CreateChatCompletionStreamResponse])
    async for chunk in chunks:
        assert_type(chunk, ga_models.CreateChatCompletionStreamResponse)
