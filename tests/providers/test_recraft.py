"""The Recraft adapter against a fake Recraft over real HTTP: wire shape, sizes, failures."""

from __future__ import annotations

import io

import httpx
import pytest
from PIL import Image

from synthforge.generation import (
    BadUpstreamRequest,
    ContentRefused,
    GenerationRequest,
    RateLimited,
    UpstreamImage,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from synthforge.providers.recraft import RecraftProvider, recraft_size

from ..fakes.recraft import KEY, Answer, FakeRecraft


def _request(
    width: int = 1024, height: int = 1024, seed: int | None = None, negative: str | None = None
) -> GenerationRequest:
    return GenerationRequest(
        prompt="a lighthouse at dusk",
        width=width,
        height=height,
        model="recraft-v4-pro",
        seed=seed,
        steps=30,
        cfg_scale=7.0,
        negative_prompt=negative,
    )


async def _generate(
    fake: FakeRecraft,
    request: GenerationRequest | None = None,
    model: str = "recraftv4_pro",
    key: str = KEY,
    timeout_s: float = 30.0,
) -> UpstreamImage:
    async with httpx.AsyncClient() as client:
        provider = RecraftProvider(client, key, fake.url, timeout_s)
        return await provider.generate(request or _request(), model)


async def test_base64_answer_and_the_documented_request():
    request = _request(seed=42, negative="blur")
    with FakeRecraft() as fake:
        image = await _generate(fake, request)
    sent = fake.requests[0]
    assert (sent.method, sent.path) == ("POST", "/v1/images/generations")
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    # no seed, steps, cfg or negative prompt: V4 Pro has none of them
    assert sent.json == {
        "prompt": "a lighthouse at dusk",
        "model": "recraftv4_pro",
        "size": "2048x2048",
        "n": 1,
        "response_format": "b64_json",
    }
    assert Image.open(io.BytesIO(image.data)).size == (2048, 2048)
    assert (image.source, image.model, image.seed) == ("recraft", "recraftv4_pro", None)
    assert image.request_id and len(image.request_id) == 36  # the answer's image_id
    assert image.elapsed_ms >= 0


async def test_url_answer_is_downloaded_at_once():
    with FakeRecraft(answer="url") as fake:
        image = await _generate(fake, _request(1024, 576))
    assert [r.method for r in fake.requests] == ["POST", "GET"]
    assert Image.open(io.BytesIO(image.data)).size == (2688, 1536)


@pytest.mark.parametrize(
    ("model", "width", "height", "size"),
    [
        ("recraftv4_pro", 1024, 576, "2688x1536"),
        ("recraftv4_pro", 576, 1024, "1536x2688"),
        ("recraftv4_pro", 1024, 768, "2432x1792"),
        ("recraftv4_pro", 1024, 512, "3072x1536"),
        ("recraftv4_pro", 800, 1000, "1792x2304"),
        ("recraftv4_1_pro", 1000, 1000, "2048x2048"),
        ("recraftv4", 1024, 1024, "1024x1024"),
        ("recraftv4", 1024, 576, "1344x768"),
        ("recraftv4", 768, 1024, "896x1216"),
        ("recraftv4_1", 1024, 683, "1280x832"),
        ("recraftv3", 1024, 576, "1820x1024"),
        ("recraftv3", 600, 1000, "1024x1707"),
        ("recraftv3", 256, 256, "1024x1024"),
        ("recraftv9_future", 1024, 576, "16:9"),
    ],
)
async def test_size_is_the_family_size_nearest_the_asked_shape(model, width, height, size):
    assert recraft_size(model, width, height) == size
    with FakeRecraft() as fake:
        await _generate(fake, _request(width, height), model=model)
    assert fake.requests[0].json["size"] == size


async def test_v3_takes_the_negative_prompt():
    with FakeRecraft() as fake:
        await _generate(fake, _request(seed=7, negative="blur"), model="recraftv3")
    assert fake.requests[0].json["negative_prompt"] == "blur"
    assert "seed" not in fake.requests[0].json


async def test_rate_limit_carries_retry_after():
    with FakeRecraft(answer="rate_limited") as fake, pytest.raises(RateLimited) as caught:
        await _generate(fake)
    assert caught.value.retry_after == 7


async def test_server_errors_are_unavailable():
    with FakeRecraft(answer="overloaded") as fake, pytest.raises(UpstreamUnavailable):
        await _generate(fake)


async def test_a_slow_answer_times_out():
    with FakeRecraft(answer="hang") as fake, pytest.raises(UpstreamTimeout):
        await _generate(fake, timeout_s=0.3)


async def test_a_wrong_key_is_final():
    with FakeRecraft() as fake, pytest.raises(BadUpstreamRequest, match="API key"):
        await _generate(fake, key="not-the-key")


async def test_a_moderation_refusal_is_content_refused():
    with FakeRecraft(answer="refuse") as fake, pytest.raises(ContentRefused):
        await _generate(fake)


async def test_other_rejections_are_not_refusals():
    with FakeRecraft(answer="bad_size") as fake, pytest.raises(BadUpstreamRequest) as caught:
        await _generate(fake)
    assert not isinstance(caught.value, ContentRefused)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("garbage", "malformed JSON"),
        ("no_image", "without an image"),
        ("oversized", "over"),
        ("oversized_url", "over"),
    ],
)
async def test_unusable_answers_are_bad_requests(answer: Answer, message: str):
    with FakeRecraft(answer=answer) as fake, pytest.raises(BadUpstreamRequest, match=message):
        await _generate(fake)
