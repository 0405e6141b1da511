"""The Venice adapter against a fake Venice over real HTTP: body shape, answers, failures."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from synthforge.generation import (
    BadUpstreamRequest,
    ContentRefused,
    GenerationRequest,
    RateLimited,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from synthforge.generation._types import Provider
from synthforge.providers.venice import VeniceProvider, nearest_ratio, request_body

from ..fakes.venice import FIELDS, KEY, FakeVenice, image_bytes


def ask(
    width: int = 1024,
    height: int = 1024,
    *,
    seed: int | None = None,
    steps: int | None = None,
    cfg_scale: float | None = None,
    negative_prompt: str | None = None,
) -> GenerationRequest:
    return GenerationRequest(
        "a lighthouse at dusk",
        width,
        height,
        model="nano-banana-pro",
        seed=seed,
        steps=steps,
        cfg_scale=cfg_scale,
        negative_prompt=negative_prompt,
    )


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


def venice(
    client: httpx.AsyncClient,
    fake: FakeVenice,
    *,
    key: str = KEY,
    timeout_s: float = 10.0,
    max_image_bytes: int = 32 * 1024 * 1024,
) -> VeniceProvider:
    return VeniceProvider(client, key, fake.url, timeout_s, max_image_bytes=max_image_bytes)


def test_is_a_provider_with_its_vendor_names() -> None:
    provider: Provider = VeniceProvider(httpx.AsyncClient(), "k")
    assert provider.name == "venice"
    assert VeniceProvider.key_env == "VENICE_API_KEY"
    assert VeniceProvider.default_base_url == "https://api.venice.ai"


async def test_flagship_model_returns_the_base64_image(client: httpx.AsyncClient) -> None:
    with FakeVenice() as fake:
        image = await venice(client, fake).generate(ask(seed=7), "nano-banana-pro")
    assert image.data == fake.image
    assert image.model == "nano-banana-pro"
    assert image.source == "google"
    assert image.seed is None  # Nano Banana Pro ignores seeds at Venice
    assert image.request_id == "generate-image-1234567890"
    assert image.elapsed_ms >= 0
    (sent,) = fake.requests
    assert (sent.method, sent.path) == ("POST", "/api/v1/image/generate")
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    assert sent.json == {
        "model": "nano-banana-pro",
        "prompt": "a lighthouse at dusk",
        "aspect_ratio": "1:1",
        "resolution": "1K",
        "format": "png",
        "return_binary": False,
        "safe_mode": False,
        "hide_watermark": True,
        "variants": 1,
    }


async def test_returns_whatever_format_venice_sent(client: httpx.AsyncClient) -> None:
    jpeg = image_bytes(fmt="JPEG")
    with FakeVenice(image=jpeg) as fake:
        image = await venice(client, fake).generate(ask(), "grok-imagine-image-quality")
    assert image.data == jpeg and image.source == "xai"


@pytest.mark.parametrize(
    ("model", "size", "ratio"),
    [
        ("nano-banana-pro", (1024, 576), "16:9"),
        ("nano-banana-pro", (768, 1024), "3:4"),
        ("nano-banana-pro", (1024, 768), "3:2"),  # no 4:3 at Venice: 3:2 is nearest
        ("nano-banana-pro", (1024, 256), "21:9"),
        ("grok-imagine-image-quality", (1024, 440), "16:9"),
        ("grok-imagine-image-quality", (800, 1000), "3:4"),
        ("gpt-image-1-5", (1024, 576), "3:2"),
        ("gpt-image-1.5", (576, 1024), "2:3"),
        ("recraft-v4-pro", (512, 512), "1:1"),
    ],
)
async def test_sizes_map_to_the_models_nearest_aspect_ratio(
    client: httpx.AsyncClient, model: str, size: tuple[int, int], ratio: str
) -> None:
    with FakeVenice() as fake:
        await venice(client, fake).generate(ask(*size), model)
    assert fake.requests[0].json["aspect_ratio"] == ratio


@pytest.mark.parametrize(
    ("model", "resolution", "source"),
    [
        ("nano-banana-2", "1K", "google"),
        ("gpt-image-2", "1K", "openai"),
        ("gpt-image-1-5", None, "openai"),
        ("recraft-v4-pro", None, "recraft"),
        ("grok-imagine-image-quality", "1K", "xai"),
    ],
)
async def test_flagship_bodies_hold_only_known_honoured_fields(
    client: httpx.AsyncClient, model: str, resolution: str | None, source: str
) -> None:
    full = ask(seed=5, steps=30, cfg_scale=6.5, negative_prompt="blur")
    with FakeVenice() as fake:
        image = await venice(client, fake).generate(full, model)
    body = fake.requests[0].json
    assert set(body) <= FIELDS
    assert body.get("resolution") == resolution
    assert not {"width", "height", "steps", "cfg_scale", "negative_prompt"} & set(body)
    assert image.source == source


async def test_seed_goes_only_where_venice_honours_it(client: httpx.AsyncClient) -> None:
    with FakeVenice() as fake:
        provider = venice(client, fake)
        ignored = await provider.generate(ask(seed=5), "gpt-image-2")
        honoured = await provider.generate(ask(seed=5), "nano-banana-2")
        big = await provider.generate(ask(seed=2**32 - 1), "nano-banana-2")
        chosen = await provider.generate(ask(), "nano-banana-2")
    sent = [r.json for r in fake.requests]
    assert "seed" not in sent[0] and ignored.seed is None
    assert sent[1]["seed"] == 5 and honoured.seed == 5
    # Venice takes seeds below 10**9 only: the seed sent is the seed reported.
    assert sent[2]["seed"] == (2**32 - 1) % 10**9 and big.seed == sent[2]["seed"]
    assert "seed" not in sent[3] and chosen.seed == 424242  # echoed back by Venice


async def test_open_models_take_pixels_and_every_sampling_knob(client: httpx.AsyncClient) -> None:
    full = ask(1000, 600, seed=9, steps=30, cfg_scale=6.5, negative_prompt="blur")
    with FakeVenice() as fake:
        image = await venice(client, fake).generate(full, "qwen-image")
    body = fake.requests[0].json
    assert (body["width"], body["height"]) == (1000, 600)
    assert (body["seed"], body["steps"], body["cfg_scale"]) == (9, 30, 6.5)
    assert body["negative_prompt"] == "blur"
    assert "aspect_ratio" not in body and "resolution" not in body
    assert image.seed == 9 and image.source == "qwen"


def test_nearest_ratio_compares_shapes_symmetrically() -> None:
    ratios = ("1:1", "2:1", "1:2")
    assert nearest_ratio(1000, 999, ratios) == "1:1"
    assert nearest_ratio(1024, 256, ratios) == "2:1"
    assert nearest_ratio(256, 1024, ratios) == "1:2"
    assert request_body(ask(1001, 1001), "qwen-image")["width"] == 1008  # a multiple of 8


async def test_rate_limit_carries_retry_after(client: httpx.AsyncClient) -> None:
    with FakeVenice(mode="rate_limited") as fake, pytest.raises(RateLimited) as caught:
        await venice(client, fake).generate(ask(), "nano-banana-pro")
    assert caught.value.retry_after == 12


@pytest.mark.parametrize("mode", ["down", "no_balance"])
async def test_outages_and_an_empty_balance_are_retryable(
    client: httpx.AsyncClient, mode: str
) -> None:
    with FakeVenice(mode=mode) as fake, pytest.raises(UpstreamUnavailable):
        await venice(client, fake).generate(ask(), "nano-banana-pro")


async def test_a_hang_is_a_timeout(client: httpx.AsyncClient) -> None:
    with FakeVenice(mode="hang") as fake, pytest.raises(UpstreamTimeout):
        await venice(client, fake, timeout_s=0.3).generate(ask(), "nano-banana-pro")


async def test_bad_key_is_final(client: httpx.AsyncClient) -> None:
    with FakeVenice() as fake, pytest.raises(BadUpstreamRequest, match="API key"):
        await venice(client, fake, key="wrong").generate(ask(), "nano-banana-pro")


async def test_content_violation_header_is_a_refusal(client: httpx.AsyncClient) -> None:
    with FakeVenice(mode="violation") as fake, pytest.raises(ContentRefused):
        await venice(client, fake).generate(ask(), "nano-banana-pro")


async def test_malformed_json_is_final(client: httpx.AsyncClient) -> None:
    with FakeVenice(mode="garbage") as fake, pytest.raises(BadUpstreamRequest, match="JSON"):
        await venice(client, fake).generate(ask(), "nano-banana-pro")


async def test_an_unknown_field_would_be_a_400(client: httpx.AsyncClient) -> None:
    # The fake enforces Venice's field list, so the tests above prove the bodies pass it.
    with FakeVenice() as fake:
        response = await client.post(
            f"{fake.url}/api/v1/image/generate",
            json={"model": "nano-banana-pro", "prompt": "x", "n": 1},
            headers={"Authorization": f"Bearer {KEY}"},
        )
    assert response.status_code == 400 and "n" in response.json()["error"]


async def test_oversized_image_is_refused(client: httpx.AsyncClient) -> None:
    big = image_bytes(128, 128, noise=True)
    assert len(big) > 20_000
    with FakeVenice(image=big) as fake, pytest.raises(BadUpstreamRequest, match="over"):
        await venice(client, fake, max_image_bytes=20_000).generate(ask(), "nano-banana-pro")
