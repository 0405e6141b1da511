"""The Gemini adapter against a fake generateContent over real HTTP: the request it sends,
the image it reads, and every failure as a typed error."""

from __future__ import annotations

import httpx
import pytest

from synthforge.generation import (
    BadUpstreamRequest,
    ContentRefused,
    GenerationError,
    GenerationRequest,
    RateLimited,
    UpstreamImage,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from synthforge.providers.google import GoogleProvider

from ..fakes.google import Answer, FakeGemini, image_bytes

PRO = "gemini-3-pro-image-preview"
FLASH = "gemini-3.1-flash-image-preview"


def _request(width: int = 1024, height: int = 1024, seed: int | None = None) -> GenerationRequest:
    # steps, cfg_scale and negative_prompt are set to show they are never sent.
    return GenerationRequest(
        "a red fox in fresh snow",
        width,
        height,
        "nano-banana-pro",
        seed=seed,
        steps=30,
        cfg_scale=7.5,
        negative_prompt="blurry",
    )


async def _generate(
    fake: FakeGemini,
    request: GenerationRequest | None = None,
    model: str = PRO,
    key: str | None = None,
    timeout_s: float = 10.0,
) -> UpstreamImage:
    async with httpx.AsyncClient() as client:
        provider = GoogleProvider(client, key or fake.key, fake.url, timeout_s=timeout_s)
        return await provider.generate(request or _request(), model)


async def test_sends_the_documented_request_and_returns_the_final_image():
    with FakeGemini() as fake:
        image = await _generate(fake, _request(1024, 768, seed=7))
    (sent,) = fake.requests
    assert sent.method == "POST"
    assert sent.path == f"/v1beta/models/{PRO}:generateContent"
    assert sent.headers["x-goog-api-key"] == fake.key
    assert sent.headers["content-type"] == "application/json"
    assert sent.json == {
        "contents": [{"parts": [{"text": "a red fox in fresh snow"}]}],
        "generationConfig": {
            "responseModalities": ["IMAGE"],
            "imageConfig": {"aspectRatio": "4:3", "imageSize": "1K"},
        },
    }
    # the final PNG, not the draft "thought" image before it
    assert image.data == image_bytes("PNG")
    assert image.model == PRO and image.source == "google"
    assert image.seed is None  # Nano Banana Pro ignores seeds, so none is sent or claimed
    assert image.request_id == "gemini-resp-7f3a"
    assert isinstance(image.elapsed_ms, int) and image.elapsed_ms >= 0


async def test_jpeg_labelled_png_comes_back_as_the_bytes_sent():
    with FakeGemini(answer="jpeg_as_png") as fake:
        image = await _generate(fake)
    assert image.data == image_bytes("JPEG")


async def test_sizes_map_to_the_nearest_supported_aspect_ratio():
    cases = {
        (1024, 1024): "1:1",
        (1024, 768): "4:3",
        (768, 1024): "3:4",
        (1024, 683): "3:2",
        (683, 1024): "2:3",
        (1000, 800): "5:4",
        (800, 1000): "4:5",
        (1024, 576): "16:9",
        (576, 1024): "9:16",
        (1024, 256): "21:9",
        (256, 1024): "9:16",
        (300, 280): "1:1",
    }
    with FakeGemini() as fake:
        for width, height in cases:
            await _generate(fake, _request(width, height))
    sent = [r.json["generationConfig"]["imageConfig"]["aspectRatio"] for r in fake.requests]
    assert sent == list(cases.values())


async def test_seed_is_sent_only_to_models_that_honour_it():
    with FakeGemini() as fake:
        flash = await _generate(fake, _request(seed=42), model=FLASH)
        wide = await _generate(fake, _request(seed=2**32 - 1), model=FLASH)
        unseeded = await _generate(fake, _request(), model=FLASH)
        pro = await _generate(fake, _request(seed=42), model=PRO)
    configs = [r.json["generationConfig"] for r in fake.requests]
    assert configs[0]["seed"] == 42 and flash.seed == 42
    # Gemini's seed is an int32: the catalog's larger seeds are folded, and reported as sent
    assert configs[1]["seed"] == 2**31 - 1 and wide.seed == 2**31 - 1
    assert "seed" not in configs[2] and unseeded.seed is None
    assert "seed" not in configs[3] and pro.seed is None


@pytest.mark.parametrize(
    ("answer", "error", "message"),
    [
        ("prompt_blocked", ContentRefused, "PROHIBITED_CONTENT"),
        ("image_safety", ContentRefused, "IMAGE_SAFETY"),
        ("text_only", BadUpstreamRequest, "without an image"),
        ("unavailable", UpstreamUnavailable, "503"),
        ("permission_denied", BadUpstreamRequest, "API key"),
        ("invalid_argument", BadUpstreamRequest, "INVALID_ARGUMENT: Unsupported aspect ratio"),
        ("garbage", BadUpstreamRequest, "malformed JSON"),
        ("oversized", BadUpstreamRequest, "over 33554432 bytes"),
    ],
)
async def test_failures_become_typed_errors(
    answer: Answer, error: type[GenerationError], message: str
):
    with FakeGemini(answer=answer) as fake, pytest.raises(error, match=message):
        await _generate(fake)


@pytest.mark.parametrize(
    ("answer", "seconds"), [("rate_limited", 12), ("rate_limited_retry_info", 31)]
)
async def test_rate_limits_carry_the_delay_from_header_or_retry_info(answer: Answer, seconds: int):
    with FakeGemini(answer=answer) as fake, pytest.raises(RateLimited) as raised:
        await _generate(fake)
    assert raised.value.retry_after == seconds


async def test_a_wrong_key_is_named_as_such():
    with FakeGemini() as fake, pytest.raises(BadUpstreamRequest, match="API key") as raised:
        await _generate(fake, key="not-the-key")
    assert "not-the-key" not in raised.value.message


async def test_a_slow_upstream_times_out():
    with FakeGemini(answer="hang", hang_s=1.0) as fake, pytest.raises(UpstreamTimeout):
        await _generate(fake, timeout_s=0.3)


async def test_an_unreachable_upstream_is_unavailable():
    async with httpx.AsyncClient() as client:
        provider = GoogleProvider(client, "k", "http://127.0.0.1:9", timeout_s=2.0)
        with pytest.raises(UpstreamUnavailable):
            await provider.generate(_request(), PRO)
