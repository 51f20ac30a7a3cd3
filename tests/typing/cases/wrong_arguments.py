"""Mistakes a checker must catch: each expected error is ignored by code, and an ignore that stops
being needed fails the run (mypy `warn_unused_ignores`, pyright `reportUnnecessaryTypeIgnoreComment`)."""

import aoai

ga = aoai.AzureOpenAI(api_version="2024-10-21")
messages = [{"role": "user", "content": "Hi"}]

# A misspelled keyword.
ga.chat.completions.create(messages=[], temperatur=0.2)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
ga.embeddings.create(inputs=["a"])  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]

# A value of the wrong type, or outside the enum.
ga.chat.completions.create(messages=[], temperature="hot")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
ga.images.generate(prompt="p", size="1x1")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
ga.chat.completions.create(messages=[{"role": "captain", "content": "Hi"}])  # type: ignore[list-item]  # pyright: ignore[reportCallIssue, reportArgumentType]

# A required parameter left out.
ga.chat.completions.create(model="d")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]

# A per-call option of the wrong type.
ga.embeddings.create(input="a", max_retries="2")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
