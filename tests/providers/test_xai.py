"""The xAI adapter against a fake xAI over real HTTP: wire shape, ratios, failures."""

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
from synthforge.providers.xai import XaiProvider, xai_aspect_ratio

from ..fakes.xai import KEY, UNSUPPORTED, Answer, FakeXai


def _request(width: int = 1024, height: int = 1024, seed: int | None = None) -> GenerationRequest:
    return GenerationRequest(
        prompt="a fox in the snow",
        width=width,
        height=height,
        model="grok-imagine-image-quality",
        seed=seed,
        steps=30,
        cfg_scale=7.0,
        negative_prompt="blur",
    )


async def _generate(
    fake: FakeXai,
    request: GenerationRequest | None = None,
    model: str = "grok-imagine-image-quality",
    key: str = KEY,
    timeout_s: float = 30.0,
) -> UpstreamImage:
    async with httpx.AsyncClient() as client:
        provider = XaiProvider(client, key, fake.url, timeout_s)
        return await provider.generate(request or _request(), model)


async def test_base64_answer_and_the_documented_request():
    with FakeXai() as fake:
        image = await _generate(fake, _request(seed=42))
    sent = fake.requests[0]
    assert (sent.method, sent.path) == ("POST", "/v1/images/generations")
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    # exactly these: no size/quality/style (rejected), no seed/steps/cfg/negative (unknown)
    assert sent.json == {
        "model": "grok-imagine-image-quality",
        "prompt": "a fox in the snow",
        "n": 1,
        "response_format": "b64_json",
        "aspect_ratio": "1:1",
        "resolution": "1k",
    }
    assert not set(UNSUPPORTED) & set(sent.json)
    assert Image.open(io.BytesIO(image.data)).format == "JPEG"
    assert (image.source, image.model, image.seed) == ("xai", "grok-imagine-image-quality", None)
    assert image.request_id and len(image.request_id) == 36  # the x-request-id header
    assert image.elapsed_ms >= 0


async def test_url_answer_is_downloaded_at_once():
    with FakeXai(answer="url") as fake:
        image = await _generate(fake, _request(1024, 576), model="grok-imagine-image")
    assert [r.method for r in fake.requests] == ["POST", "GET"]
    assert fake.requests[0].json["model"] == "grok-imagine-image"
    assert Image.open(io.BytesIO(image.data)).size == (1024, 576)


@pytest.mark.parametrize(
    ("width", "height", "ratio"),
    [
        (1024, 1024, "1:1"),
        (256, 256, "1:1"),
        (1024, 576, "16:9"),
        (576, 1024, "9:16"),
        (1024, 768, "4:3"),
        (768, 1024, "3:4"),
        (1024, 683, "3:2"),
        (683, 1024, "2:3"),
        (1024, 512, "2:1"),
        (1000, 950, "1:1"),
        (1024, 448, "20:9"),
    ],
)
async def test_aspect_ratio_is_the_nearest_documented_one(width, height, ratio):
    assert xai_aspect_ratio(width, height) == ratio
    with FakeXai() as fake:
        await _generate(fake, _request(width, height))
    assert fake.requests[0].json["aspect_ratio"] == ratio


async def test_rate_limit_carries_retry_after():
    with FakeXai(answer="rate_limited") as fake, pytest.raises(RateLimited) as caught:
        await _generate(fake)
    assert caught.value.retry_after == 7


async def test_server_errors_are_unavailable():
    with FakeXai(answer="overloaded") as fake, pytest.raises(UpstreamUnavailable):
        await _generate(fake)


async def test_a_slow_answer_times_out():
    with FakeXai(answer="hang") as fake, pytest.raises(UpstreamTimeout):
        await _generate(fake, timeout_s=0.3)


async def test_a_wrong_key_is_final():
    # xAI answers a wrong key with 400 and "Incorrect API key provided", not 401
    with FakeXai() as fake, pytest.raises(BadUpstreamRequest, match="API key") as caught:
        await _generate(fake, key="not-the-key")
    assert not isinstance(caught.value, ContentRefused)


async def test_a_key_without_credit_is_final():
    with FakeXai(answer="no_credit") as fake, pytest.raises(BadUpstreamRequest, match="403"):
        await _generate(fake)


@pytest.mark.parametrize("answer", ["refuse", "blocked"])
async def test_moderation_is_content_refused(answer: Answer):
    with FakeXai(answer=answer) as fake, pytest.raises(ContentRefused):
        await _generate(fake)


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
    with FakeXai(answer=answer) as fake, pytest.raises(BadUpstreamRequest, match=message):
        await _generate(fake)
