"""The fal adapter against a fake fal (run host + queue host) over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

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
from synthforge.providers.fal import FalProvider, gpt_image_2_size, input_for

from ..fakes.fal import KEY, FakeFal, image_bytes


def ask(width: int = 1024, height: int = 1024, seed: int | None = None) -> GenerationRequest:
    return GenerationRequest(
        "a lighthouse at dusk",
        width,
        height,
        model="nano-banana-pro",
        seed=seed,
        steps=30,
        cfg_scale=7.0,
        negative_prompt="blur",
    )


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


def fal(
    client: httpx.AsyncClient,
    fake: FakeFal,
    *,
    queue: bool = True,
    key: str = KEY,
    timeout_s: float = 10.0,
    **options: Any,
) -> FalProvider:
    return FalProvider(
        client,
        key,
        fake.run_url,
        timeout_s,
        queue_base_url=fake.queue_url,
        use_queue=queue,
        poll_interval_s=0.01,
        **options,
    )


def test_is_a_provider_with_its_vendor_names() -> None:
    provider: Provider = FalProvider(httpx.AsyncClient(), "k")
    assert provider.name == "fal"
    assert FalProvider.key_env == "FAL_KEY"
    assert FalProvider.default_base_url == "https://fal.run"
    assert FalProvider.default_queue_base_url == "https://queue.fal.run"


async def test_queue_submits_polls_fetches_and_downloads(client: httpx.AsyncClient) -> None:
    with FakeFal() as fake:
        image = await fal(client, fake).generate(ask(seed=3), "fal-ai/nano-banana-pro")
    assert image.data == fake.image
    assert (image.model, image.source) == ("fal-ai/nano-banana-pro", "google")
    assert image.seed == 3 and image.request_id == "req-1" and image.elapsed_ms >= 0
    calls = [(r.method, r.path) for r in fake.queue_requests]
    assert calls == [
        ("POST", "/fal-ai/nano-banana-pro"),
        ("GET", "/fal-ai/nano-banana-pro/requests/req-1/status"),
        ("GET", "/fal-ai/nano-banana-pro/requests/req-1/status"),
        ("GET", "/fal-ai/nano-banana-pro/requests/req-1/status"),
        ("GET", "/fal-ai/nano-banana-pro/requests/req-1"),
    ]
    assert all(r.headers["authorization"] == f"Key {KEY}" for r in fake.queue_requests)
    assert fake.queue_requests[0].json == {
        "prompt": "a lighthouse at dusk",
        "aspect_ratio": "1:1",
        "seed": 3,
        "output_format": "png",
        "num_images": 1,
    }
    (download,) = fake.run_requests
    assert download.path == "/files/req-1.png"
    assert "authorization" not in download.headers  # the key stays with fal's API


async def test_sync_api_posts_once_and_downloads(client: httpx.AsyncClient) -> None:
    jpeg = image_bytes(fmt="JPEG")
    with FakeFal(image=jpeg) as fake:
        image = await fal(client, fake, queue=False).generate(ask(), "fal-ai/gpt-image-1.5")
    assert image.data == jpeg and image.source == "openai"
    assert image.seed is None and image.request_id == "sync-req-1"
    assert fake.queue_requests == []
    post, download = fake.run_requests
    assert (post.method, post.path) == ("POST", "/fal-ai/gpt-image-1.5")
    assert post.headers["authorization"] == f"Key {KEY}"
    assert post.json == {
        "prompt": "a lighthouse at dusk",
        "image_size": "1024x1024",
        "output_format": "png",
        "num_images": 1,
    }
    assert "authorization" not in download.headers


@pytest.mark.parametrize(
    ("model", "size", "expected"),
    [
        ("fal-ai/nano-banana-pro", (1024, 768), {"aspect_ratio": "4:3"}),
        ("fal-ai/nano-banana-2", (576, 1024), {"aspect_ratio": "9:16"}),
        ("fal-ai/nano-banana-pro", (1024, 256), {"aspect_ratio": "21:9"}),
        ("xai/grok-imagine-image", (1024, 768), {"aspect_ratio": "3:2"}),
        ("fal-ai/gpt-image-1.5", (1024, 640), {"image_size": "1536x1024"}),
        ("fal-ai/gpt-image-1.5", (600, 1000), {"image_size": "1024x1536"}),
        ("openai/gpt-image-2", (1024, 768), {"image_size": {"width": 1024, "height": 768}}),
        ("openai/gpt-image-2", (512, 512), {"image_size": {"width": 816, "height": 816}}),
        ("openai/gpt-image-2", (1024, 256), {"image_size": {"width": 1408, "height": 480}}),
    ],
)
async def test_sizes_map_to_each_familys_input(
    client: httpx.AsyncClient, model: str, size: tuple[int, int], expected: dict[str, Any]
) -> None:
    with FakeFal() as fake:
        await fal(client, fake).generate(ask(*size, seed=1), model)
    sent = fake.queue_requests[0].json
    assert {k: sent[k] for k in expected} == expected
    assert ("seed" in sent) == ("nano-banana" in model)
    assert not {"steps", "cfg_scale", "negative_prompt"} & set(sent)


@pytest.mark.parametrize("size", [(256, 1024), (1024, 1000), (300, 900), (1024, 1024)])
def test_gpt_image_2_sizes_meet_its_rules(size: tuple[int, int]) -> None:
    out = gpt_image_2_size(*size)
    w, h = out["width"], out["height"]
    assert w % 16 == 0 and h % 16 == 0
    assert w * h >= 655_360 and max(w, h) <= 3 * min(w, h)
    assert w >= size[0] or h >= size[1]


def test_unknown_models_get_an_explicit_size_and_no_seed() -> None:
    arguments = input_for(ask(800, 600, seed=4), "fal-ai/flux/dev")
    assert arguments["image_size"] == {"width": 800, "height": 600} and "seed" not in arguments


async def test_queue_timeout_cancels_the_request(client: httpx.AsyncClient) -> None:
    with FakeFal(mode="stuck") as fake:
        with pytest.raises(UpstreamTimeout):
            await fal(client, fake, timeout_s=0.3).generate(ask(), "fal-ai/nano-banana-pro")
        assert fake.cancelled == ["req-1"]


@pytest.mark.parametrize("queue", [True, False])
async def test_a_hang_is_a_timeout(client: httpx.AsyncClient, queue: bool) -> None:
    with FakeFal(mode="hang") as fake, pytest.raises(UpstreamTimeout):
        await fal(client, fake, queue=queue, timeout_s=0.3).generate(ask(), "fal-ai/nano-banana-2")


@pytest.mark.parametrize("queue", [True, False])
async def test_rate_limit_carries_retry_after(client: httpx.AsyncClient, queue: bool) -> None:
    with FakeFal(mode="rate_limited") as fake, pytest.raises(RateLimited) as caught:
        await fal(client, fake, queue=queue).generate(ask(), "fal-ai/nano-banana-pro")
    assert caught.value.retry_after == 9


@pytest.mark.parametrize("queue", [True, False])
async def test_5xx_is_unavailable(client: httpx.AsyncClient, queue: bool) -> None:
    with FakeFal(mode="down") as fake, pytest.raises(UpstreamUnavailable):
        await fal(client, fake, queue=queue).generate(ask(), "fal-ai/nano-banana-pro")


async def test_bad_key_is_final(client: httpx.AsyncClient) -> None:
    with FakeFal() as fake, pytest.raises(BadUpstreamRequest, match="API key"):
        await fal(client, fake, key="wrong").generate(ask(), "fal-ai/nano-banana-pro")


@pytest.mark.parametrize("queue", [True, False])
@pytest.mark.parametrize("mode", ["refused", "nsfw"])
async def test_content_refusals(client: httpx.AsyncClient, queue: bool, mode: str) -> None:
    with FakeFal(mode=mode) as fake, pytest.raises(ContentRefused):
        await fal(client, fake, queue=queue).generate(ask(), "fal-ai/nano-banana-pro")


async def test_invalid_input_is_a_bad_request_not_a_refusal(client: httpx.AsyncClient) -> None:
    with FakeFal(mode="invalid") as fake, pytest.raises(BadUpstreamRequest, match="422"):
        await fal(client, fake).generate(ask(), "fal-ai/nano-banana-pro")


@pytest.mark.parametrize("queue", [True, False])
async def test_malformed_json_is_final(client: httpx.AsyncClient, queue: bool) -> None:
    with FakeFal(mode="garbage") as fake, pytest.raises(BadUpstreamRequest, match="JSON"):
        await fal(client, fake, queue=queue).generate(ask(), "fal-ai/nano-banana-pro")


async def test_oversized_image_is_refused(client: httpx.AsyncClient) -> None:
    big = image_bytes(128, 128, noise=True)
    assert len(big) > 20_000
    with FakeFal(image=big) as fake, pytest.raises(BadUpstreamRequest, match="over"):
        await fal(client, fake, max_image_bytes=20_000).generate(ask(), "fal-ai/nano-banana-pro")
