"""The OpenAI adapter against a fake Images API over real HTTP: the request it sends, the
size chosen per model, the image it reads, and every failure as a typed error."""

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
from synthforge.providers.openai import OpenAIProvider, size_for

from ..fakes.openai import Answer, FakeOpenAI, png_bytes, size_problem


def _request(width: int = 1024, height: int = 1024, seed: int | None = None) -> GenerationRequest:
    # seed, steps, cfg_scale and negative_prompt are set to show they are never sent.
    return GenerationRequest(
        "a lighthouse at dusk",
        width,
        height,
        "gpt",
        seed=seed,
        steps=30,
        cfg_scale=7.5,
        negative_prompt="blurry",
    )


async def _generate(
    fake: FakeOpenAI,
    request: GenerationRequest | None = None,
    model: str = "gpt-image-1.5",
    key: str | None = None,
    timeout_s: float = 10.0,
) -> UpstreamImage:
    async with httpx.AsyncClient() as client:
        provider = OpenAIProvider(client, key or fake.key, fake.url, timeout_s=timeout_s)
        return await provider.generate(request or _request(), model)


async def test_sends_the_documented_request_and_returns_the_image():
    with FakeOpenAI() as fake:
        image = await _generate(fake, _request(seed=99))
    (sent,) = fake.requests
    assert sent.method == "POST" and sent.path == "/v1/images/generations"
    assert sent.headers["authorization"] == f"Bearer {fake.key}"
    assert sent.json == {
        "model": "gpt-image-1.5",
        "prompt": "a lighthouse at dusk",
        "n": 1,
        "size": "1024x1024",
        "quality": "high",
        "output_format": "png",
    }
    assert image.data == png_bytes()
    assert image.model == "gpt-image-1.5" and image.source == "openai"
    assert image.seed is None  # GPT Image has no seed, so none is sent or claimed
    assert image.request_id == "req_5b1c0e9f"
    assert isinstance(image.elapsed_ms, int) and image.elapsed_ms >= 0


@pytest.mark.parametrize(
    ("model", "cases"),
    [
        (
            "gpt-image-1.5",
            {
                (1024, 1024): "1024x1024",
                (1024, 900): "1024x1024",
                (1024, 768): "1536x1024",
                (768, 1024): "1024x1536",
                (1024, 256): "1536x1024",
                (256, 1024): "1024x1536",
            },
        ),
        ("gpt-image-1-mini", {(1024, 683): "1536x1024"}),
        (
            "gpt-image-2",
            {
                (1024, 1024): "1024x1024",
                (1024, 768): "1024x768",
                (1000, 750): "1008x752",
                (512, 512): "816x816",  # raised to the 655,360-pixel floor
                (1024, 256): "1408x480",  # widened to 3:1, then raised to the floor
                (256, 1024): "480x1408",
            },
        ),
    ],
)
async def test_sizes_per_model(model: str, cases: dict[tuple[int, int], str]):
    with FakeOpenAI() as fake:
        for width, height in cases:
            await _generate(fake, _request(width, height), model=model)
    assert [r.json["size"] for r in fake.requests] == list(cases.values())


def test_every_gpt_image_2_size_is_valid_and_covers_the_request():
    for width in range(256, 1025, 16):
        for height in range(256, 1025, 16):
            w, h = size_for(width, height, "gpt-image-2")
            assert size_problem("gpt-image-2", f"{w}x{h}") is None
            assert w >= width and h >= height


@pytest.mark.parametrize(
    ("answer", "error", "message"),
    [
        ("moderation_blocked", ContentRefused, "moderation_blocked"),
        ("content_policy_violation", ContentRefused, "content_policy_violation"),
        ("invalid_value", BadUpstreamRequest, "invalid_value: Invalid value"),
        ("server_error", UpstreamUnavailable, "500"),
        ("garbage", BadUpstreamRequest, "malformed JSON"),
        ("no_data", BadUpstreamRequest, "without an image"),
        ("oversized", BadUpstreamRequest, "over 33554432 bytes"),
    ],
)
async def test_failures_become_typed_errors(
    answer: Answer, error: type[GenerationError], message: str
):
    with FakeOpenAI(answer=answer) as fake, pytest.raises(error, match=message):
        await _generate(fake)


@pytest.mark.parametrize(("answer", "seconds"), [("rate_limited", 9), ("rate_limited_ms", 2.5)])
async def test_rate_limits_carry_the_delay(answer: Answer, seconds: float):
    with FakeOpenAI(answer=answer) as fake, pytest.raises(RateLimited) as raised:
        await _generate(fake)
    assert raised.value.retry_after == seconds


async def test_a_wrong_key_is_named_as_such():
    with FakeOpenAI() as fake, pytest.raises(BadUpstreamRequest, match="API key") as raised:
        await _generate(fake, key="sk-wrong")
    assert "sk-wrong" not in raised.value.message


async def test_a_slow_upstream_times_out():
    with FakeOpenAI(answer="hang", hang_s=1.0) as fake, pytest.raises(UpstreamTimeout):
        await _generate(fake, timeout_s=0.3)


async def test_an_unreachable_upstream_is_unavailable():
    async with httpx.AsyncClient() as client:
        provider = OpenAIProvider(client, "k", "http://127.0.0.1:9", timeout_s=2.0)
        with pytest.raises(UpstreamUnavailable):
            await provider.generate(_request(), "gpt-image-2")
