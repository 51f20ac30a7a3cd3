"""The token estimate without a tokenizer lands in the right range for inputs of known size."""

from __future__ import annotations

import httpx2
import pytest
from aoai.pacing.cost import Cost, estimate_body, estimate_request

# Token counts under OpenAI's cl100k/o200k tokenizers (both give these for plain English).
FOX = "The quick brown fox jumps over the lazy dog."  # 10 tokens
HELLO = "Hello world"  # 2 tokens


@pytest.mark.parametrize(("text", "tokens"), [(FOX, 10), (HELLO, 2), (FOX * 20, 200)])
def test_prompt_estimate_within_a_third_of_the_real_count(text: str, tokens: int) -> None:
    # An embeddings body: the prompt is the text plus 3 tokens of priming.
    estimated = estimate_body({"input": text}).tokens - 3
    assert tokens * 0.66 <= estimated <= tokens * 1.5


def test_chat_counts_messages_framing_and_max_tokens_times_n() -> None:
    body = {
        "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": FOX}],
        "max_tokens": 100,
    }
    one = estimate_body(body)
    # OpenAI's accounting for this chat: 10 + 3 ("Be brief.") + 3 per message + 3 = 22 prompt tokens.
    assert 22 <= one.tokens - 100 <= 33
    assert estimate_body({**body, "n": 3}).tokens == one.tokens + 200
    # Whatever the output field is called in a version: the largest max_..._tokens counts.
    assert estimate_body({**body, "max_tokens": None, "max_completion_tokens": 50}).tokens == one.tokens - 50


def test_token_ids_count_one_each_and_data_urls_nothing() -> None:
    assert estimate_body({"input": [[1, 2, 3, 4], [5, 6]]}).tokens == 6 + 3
    image = {
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "image_url", "image_url": {"url": "data:image/png;base64," + "A" * 100_000}}
                ],
            }
        ]
    }
    assert estimate_body(image).tokens < 30


def test_non_json_bodies_cost_one_request_and_no_tokens() -> None:
    multipart = httpx2.Request("POST", "https://r/x", files={"file": ("a.wav", b"RIFF....")})
    assert estimate_request(multipart) == Cost(requests=1, tokens=0)
    broken = httpx2.Request(
        "POST", "https://r/x", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert estimate_request(broken) == Cost()
    assert estimate_body(["not", "an", "object"]) == Cost()
    ok = httpx2.Request("POST", "https://r/x", json={"input": HELLO, "max_tokens": 7})
    assert estimate_request(ok) == Cost(requests=1, tokens=estimate_body({"input": HELLO}).tokens + 7)
