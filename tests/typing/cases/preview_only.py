"""What only a preview has is refused on GA: a field of a shared request, and a whole API."""

import aoai
from aoai_v2025_04_01_preview import models as preview_models
from typing_extensions import assert_type

ga = aoai.AzureOpenAI(api_version="2024-10-21")
preview = aoai.AzureOpenAI(api_version="2025-04-01-preview")

# `reasoning_effort` is declared by 2025-04-01-preview's chat request, not by 2024-10-21's.
preview.chat.completions.create(messages=[{"role": "user", "content": "Hi"}], reasoning_effort="low")
ga.chat.completions.create(messages=[{"role": "user", "content": "Hi"}], reasoning_effort="low")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]

# The assistants API exists in the previews only.
assert_type(preview.assistants.retrieve("asst_1"), preview_models.AssistantObject)
ga.assistants.retrieve("asst_1")  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
