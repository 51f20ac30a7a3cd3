"""The issue's probe: chat and embeddings on every pinned version have concrete types."""

import aoai
from aoai_v1 import models as v1_models
from aoai_v2024_10_21 import models as ga_models
from aoai_v2024_10_21.params import ChatCompletionRequestUserMessageParam
from typing_extensions import assert_type

ga = aoai.AzureOpenAI(api_version="2024-10-21")
v1 = aoai.AzureOpenAI(api_version="v1")

reply = ga.chat.completions.create(model="d", messages=[{"role": "user", "content": "Hi"}], temperature=0.2)
assert_type(reply, ga_models.CreateChatCompletionResponse)
content = reply.choices[0].message.content
assert_type(content, str | None)

# A message may be a plain dict (its TypedDict), the generated model, or a mix.
message: ChatCompletionRequestUserMessageParam = {"role": "user", "content": "Hi"}
model_message = ga_models.ChatCompletionRequestUserMessage(
    content="Hi", role=ga_models.ChatCompletionRequestUserMessageRole.USER
)
ga.chat.completions.create(
    messages=[message, model_message], tools=[{"type": "function", "function": {"name": "f"}}]
)

# The v1 route model: the deployment is the body's own `model`.
assert_type(
    v1.chat.completions.create(model="d", messages=[{"role": "user", "content": "Hi"}]),
    v1_models.AzureCreateChatCompletionResponse,
)

assert_type(ga.embeddings.create(model="e", input=["a", "b"]), ga_models.EmbeddingsCreateResponse200)
assert_type(v1.embeddings.create(model="e", input="a"), v1_models.CreateEmbeddingResponse)
