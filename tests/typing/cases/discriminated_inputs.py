"""A discriminated base (TypeSpec's `ItemParam`, `Tool`; the dated data sources) takes any subtype's dict."""

import aoai
from aoai.streaming import Stream
from aoai_v1 import models as v1_models
from aoai_v1.typed import AnyResponseStreamEvent
from typing_extensions import assert_type

v1 = aoai.AzureOpenAI(api_version="v1")
reply = v1.responses.create(
    model="d",
    input=[
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]},
        {"type": "function_call_output", "call_id": "c1", "output": "42"},
    ],
    tools=[{"type": "function", "name": "f", "parameters": {}, "strict": True}],
)
assert_type(reply, v1_models.AzureResponse)
events = v1.responses.create(model="d", input="Hi", stream=True)
assert_type(events, Stream[AnyResponseStreamEvent])

# A key no subtype declares is refused (use extra_body for fields a document lacks).
v1.responses.create(model="d", input=[{"type": "message", "role": "user", "content": [], "colour": "red"}])  # type: ignore[list-item]  # pyright: ignore[reportCallIssue, reportArgumentType]

ga = aoai.AzureOpenAI(api_version="2024-10-21")
ga.chat.completions.create(
    messages=[{"role": "user", "content": "Hi"}],
    data_sources=[
        {
            "type": "azure_search",
            "parameters": {
                "endpoint": "https://search.example",
                "index_name": "docs",
                "authentication": {"type": "api_key", "key": "..."},
            },
        }
    ],
)
