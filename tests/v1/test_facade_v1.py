"""Every facade method the issue lists, on `v1` and `preview`, sync and async, key and Entra ID,
over real HTTP against the emulator (the `ctx` fixture runs each test eight ways)."""

from __future__ import annotations

import io
import math
from pathlib import Path

import aoai
import pytest
from aoai.pagination import AsyncPage, SyncPage
from aoai.plain import PlainObject

from tests.v1.flavours import Ctx

SAY_HELLO = [{"role": "user", "content": "Say hello"}]
EXPECTED = "This is an emulated reply to: Say hello"


def _package(ctx: Ctx) -> str:
    return "aoai_v1_preview" if ctx.version == "preview" else "aoai_v1"


def test_chat_plain_streamed_and_folded(ctx: Ctx) -> None:
    c = ctx.client
    reply = ctx(c.chat.completions.create, model="gpt-4o", messages=SAY_HELLO)
    chunks, final, completed = ctx.stream(c.chat.completions.create, model="gpt-4o", messages=SAY_HELLO)
    assert type(reply).__name__ == "AzureCreateChatCompletionResponse"
    assert type(reply).__module__.startswith(_package(ctx))
    assert reply.choices[0].message.content == EXPECTED and reply.model == "gpt-4o-2024-08-06"
    assert {type(chunk).__name__ for chunk in chunks} == {"AzureCreateChatCompletionStreamResponse"}
    text = "".join(ch.choices[0].delta.content or "" for ch in chunks if ch.choices and ch.choices[0].delta)
    assert text == EXPECTED and completed is True
    assert final.choices[0].message.content == EXPECTED and type(final) is type(reply)


def test_the_deployment_is_the_body_model_filled_from_azure_deployment(ctx: Ctx) -> None:
    test_id = ctx.test_id()
    client = ctx.new_client(azure_deployment="gpt-4o-mini", default_headers={"x-aoai-test-id": test_id})
    filled = ctx(client.chat.completions.create, messages=SAY_HELLO)
    chosen = ctx(client.chat.completions.create, model="gpt-4o", messages=SAY_HELLO)
    assert filled.model == "gpt-4o-mini-2024-07-18" and chosen.model == "gpt-4o-2024-08-06"
    requests = ctx.emulator.stats(test_id)["requests"]
    assert [r["path"] for r in requests] == ["/openai/v1/chat/completions"] * 2
    assert [r["deployment"] for r in requests] == ["gpt-4o-mini", "gpt-4o"]
    with pytest.raises(aoai.NotFoundError, match="DeploymentNotFound"):
        ctx(client.chat.completions.create, model="no-such-deployment", messages=SAY_HELLO)
    with pytest.raises(ValueError, match="invalid deployment name 'a/b': it contains a slash"):
        ctx(client.chat.completions.create, model="a/b", messages=SAY_HELLO)
    assert len(ctx.emulator.stats(test_id)["requests"]) == 3  # the refused name was never sent


def test_embeddings_decode_base64_into_the_floats_json_would_give(ctx: Ctx) -> None:
    c = ctx.client
    default = ctx(c.embeddings.create, model="text-embedding-3-small", input=["a", "b"])
    floats = ctx(
        c.embeddings.create, model="text-embedding-3-small", input=["a", "b"], encoding_format="float"
    )
    kept = ctx(c.embeddings.create, model="text-embedding-3-small", input="a", encoding_format="base64")
    assert [len(d.embedding) for d in default.data] == [1536, 1536]
    for ours, theirs in zip(default.data, floats.data, strict=True):
        assert all(
            math.isclose(x, y, rel_tol=1e-6, abs_tol=1e-7)
            for x, y in zip(ours.embedding, theirs.embedding, strict=True)
        )
    assert isinstance(kept.data[0].embedding, str)  # asked for base64: left as sent


def test_responses_create_continue_retrieve_list_and_delete(ctx: Ctx) -> None:
    c = ctx.client
    first = ctx(c.responses.create, model="gpt-4o", input="My name is Ada", instructions="Be brief.")
    again = ctx(c.responses.create, model="gpt-4o", input="What is my name?", previous_response_id=first.id)
    assert type(first).__name__ == "AzureResponse" and type(first).__module__.startswith(_package(ctx))
    assert first.output_text == "This is an emulated reply to: My name is Ada"
    assert again.output_text == (
        "This is an emulated reply to: What is my name? (earlier in this conversation: My name is Ada)"
    )
    fetched = ctx(c.responses.retrieve, first.id)
    assert fetched == first and fetched.output_text == first.output_text
    items = ctx.items(c.responses.input_items.list, first.id)
    # Items decode into the document's base item class; a subtype's own fields ride on it as extras.
    assert [item["content"][0]["text"] for item in items] == ["My name is Ada"]
    deleted = ctx(c.responses.delete, response_id=first.id)
    assert deleted.id == first.id and deleted.deleted is True
    with pytest.raises(aoai.NotFoundError):
        ctx(c.responses.retrieve, first.id)


def test_a_streamed_response_yields_typed_events_and_the_same_response(ctx: Ctx) -> None:
    c = ctx.client
    plain = ctx(c.responses.create, model="gpt-4o", input="Stream me", instructions="Be brief.")
    events, final, completed = ctx.stream(
        c.responses.create, model="gpt-4o", input="Stream me", instructions="Be brief."
    )
    kinds = [type(event).__name__ for event in events]
    assert kinds[0] == "ResponseCreatedEvent" and kinds[-1] == "ResponseCompletedEvent"
    assert "ResponseTextDeltaEvent" in kinds and not any(isinstance(e, PlainObject) for e in events)
    assert [e.sequence_number for e in events] == list(range(len(events)))
    deltas = "".join(e.delta for e in events if type(e).__name__ == "ResponseTextDeltaEvent")
    assert completed is True and deltas == final.output_text == plain.output_text
    assert type(final) is type(plain)
    assert final == ctx(c.responses.retrieve, final.id)  # the very Response the service stored
    unstable = {"id", "created_at"}  # two calls: two responses
    assert {k: v for k, v in final.to_dict().items() if k not in unstable} == {
        k: v for k, v in plain.to_dict().items() if k not in unstable
    }


def test_files_upload_in_every_form_page_download_and_delete(ctx: Ctx, tmp_path: Path) -> None:
    c = ctx.client
    on_disk = tmp_path / "train.jsonl"
    on_disk.write_bytes(b'{"from": "path"}\n')
    uploads = [
        on_disk,
        b'{"from": "bytes"}\n',
        io.BytesIO(b'{"from": "file object"}\n'),
        ("named.jsonl", b'{"from": "tuple"}\n', "application/jsonl"),
    ]
    created = [ctx(c.files.create, file=upload, purpose="assistants") for upload in uploads]
    assert [f.filename for f in created] == ["train.jsonl", "upload", "upload", "named.jsonl"]
    assert [f.bytes_ for f in created] == [17, 18, 24, 18]
    ids = {f.id for f in created}

    listed = ctx.items(c.files.list, limit=1, order="asc")  # one file a page: as many pages as files
    assert ids <= {f.id for f in listed} and len(listed) >= 4
    pages = ctx.pages(c.files.list, limit=1)
    assert len(pages) == len(listed) >= 4 and all(len(page) == 1 for page in pages)
    first = ctx(c.files.list, limit=2)
    assert isinstance(first, AsyncPage if ctx.is_async else SyncPage) and first.has_next_page()

    assert ctx(c.files.retrieve, created[0].id).filename == "train.jsonl"
    assert ctx(c.files.content, created[1].id) == b'{"from": "bytes"}\n'
    target = tmp_path / "out" / "copy.jsonl"
    target.parent.mkdir()
    assert ctx(c.files.write_content, created[2].id, target) == 24
    assert target.read_bytes() == b'{"from": "file object"}\n' and list(target.parent.iterdir()) == [target]
    for f in created:
        assert ctx(c.files.delete, f.id).deleted is True
    assert not ids & {f.id for f in ctx.items(c.files.list)}


def test_models_list_and_retrieve(ctx: Ctx) -> None:
    listed = ctx(ctx.client.models.list)  # a list without a cursor: one whole page
    assert isinstance(listed, AsyncPage if ctx.is_async else SyncPage) and not listed.has_next_page()
    assert {"gpt-4o", "text-embedding-3-small"} <= {m.id for m in listed.data}
    assert [m.id for m in ctx.items(ctx.client.models.list)] == [m.id for m in listed.data]  # iterates items
    model = ctx(ctx.client.models.retrieve, "gpt-4o")
    assert model.id == "gpt-4o" and model.owned_by == "system"


def test_vector_stores_through_the_generic_facade(ctx: Ctx) -> None:
    c = ctx.client
    store = ctx(c.vector_stores.create, name="docs")
    assert store.name == "docs"
    assert store.id in {s.id for s in ctx.items(c.vector_stores.list, limit=1)}
    assert ctx(c.vector_stores.retrieve, store.id).id == store.id
    assert ctx(c.vector_stores.delete, store.id).deleted is True


def test_images_on_preview_and_the_unemulated_operations_are_typed_errors(ctx: Ctx) -> None:
    c = ctx.client
    if ctx.version == "preview":
        image = ctx(c.images.generate, model="dall-e-3", prompt="a lighthouse")
        assert image.data[0].url or image.data[0].b64_json
    else:
        with pytest.raises(
            aoai.UnsupportedOperationError, match=r"^api-version v1 has no images\.generate\(\)"
        ):
            c.images.generate(model="dall-e-3", prompt="a lighthouse")
    # Evals and fine-tuning are not emulated (501), but the requests reach the service as the document
    # wants them: the emulator answers 400 naming a missing `aoai-evals: preview` before its 501.
    unemulated = [c.evals.list, c.fine_tuning.jobs.list, c.operations.evals.list_evals]
    if ctx.version == "preview":
        unemulated += [c.video.generations.jobs.list, c.operations.video.video_generation_jobs_list]
    for method in unemulated:
        with pytest.raises(aoai.APIStatusError) as caught:
            ctx(method)
        assert caught.value.status_code == 501, caught.value


def test_errors_retries_raw_responses_and_path_checks_as_on_dated_versions(ctx: Ctx) -> None:
    c = ctx.client
    test_id = ctx.test_id()
    fault = {"x-aoai-test-id": test_id, "x-aoai-emulator-fault": "503; times=1"}
    raw = ctx(
        c.responses.with_raw_response.create, model="gpt-4o", input="hi", extra_headers=fault, max_retries=1
    )
    assert raw.status_code == 200 and raw.request_id and raw.parse().output_text.endswith("hi")
    assert ctx.emulator.stats(test_id)["attempts"] == 2
    with pytest.raises(aoai.ServiceUnavailableError):
        ctx(c.models.list, extra_headers={"x-aoai-emulator-fault": "503"}, max_retries=0)
    with pytest.raises(aoai.APITimeoutError):
        ctx(
            c.models.list,
            extra_headers={"x-aoai-emulator-fault": "stall; seconds=2"},
            timeout=0.2,
            max_retries=0,
        )
    with pytest.raises(ValueError, match=r"path segment '\.\.'"):
        ctx(c.files.retrieve, "..")
    with pytest.raises(aoai.BadRequestError) as bad:
        ctx(c.responses.create, model="gpt-4o", input="hi", max_output_tokens=0)
    assert bad.value.param == "max_output_tokens"
    if ctx.auth == "key":
        wrong = ctx.new_client(api_key="wrong-key-1234567890")
        with pytest.raises(aoai.AuthenticationError) as denied:
            ctx(wrong.models.list)
        assert "wrong-key-1234567890" not in str(denied.value) and "wrong-key" not in repr(denied.value)


def test_a_broken_download_leaves_no_file_behind(ctx: Ctx, tmp_path: Path) -> None:
    c = ctx.client
    uploaded = ctx(c.files.create, file=("big.bin", bytes(range(256)) * 1200), purpose="assistants")
    target = tmp_path / "big.bin"
    cut = {"x-aoai-emulator-fault": "cut"}
    with pytest.raises(aoai.APIConnectionError, match="the download broke after"):
        ctx(c.files.write_content, uploaded.id, target, extra_headers=cut, max_retries=0)
    assert list(tmp_path.iterdir()) == []  # neither the target nor the partial file
    assert ctx(c.files.write_content, uploaded.id, target) == 307_200 == target.stat().st_size
    assert list(tmp_path.iterdir()) == [target]
    ctx(c.files.delete, uploaded.id)
