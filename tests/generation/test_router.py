"""The router: ordered failover on retryable errors only, a circuit breaker, the deadline."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from PIL import Image

from synthforge.generation import (
    ContentRefused,
    FailedAttempt,
    GenerationError,
    GenerationRequest,
    NoRouteAvailable,
    RateLimited,
    Route,
    Router,
    UpstreamImage,
    UpstreamUnavailable,
)

REQUEST = GenerationRequest(prompt="a fox", width=512, height=384, model="gpt-image-2")


def _jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 20)).save(out, "JPEG")
    return out.getvalue()


@dataclass
class Stub:
    name: str
    fail_with: GenerationError | None = None
    calls: int = 0

    async def generate(self, request: GenerationRequest, upstream_model: str) -> UpstreamImage:
        self.calls += 1
        if self.fail_with is not None:
            raise self.fail_with
        return UpstreamImage(_jpeg(1024, 1024), upstream_model, "openai", None, "req-1", 5)


@dataclass
class Clock:
    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Failures:
    seen: list[FailedAttempt] = field(default_factory=list)

    async def __call__(self, attempt: FailedAttempt) -> None:
        self.seen.append(attempt)


def _router(first: Stub, second: Stub, clock: Clock) -> Router:
    routes = {
        "gpt": [
            Route(first.name, "gpt-image-2", Decimal("0.26")),
            Route(second.name, "gpt-image-2", Decimal("0.21")),
        ]
    }
    return Router(routes, {first.name: first, second.name: second}, cooldown_s=30, clock=clock)


async def test_fails_over_on_retryable_errors_and_returns_the_exact_size():
    first, second, failures = Stub("venice", UpstreamUnavailable("503")), Stub("openai"), Failures()
    image = await _router(first, second, Clock()).generate("gpt", REQUEST, failures)
    assert image.route.name == "openai:gpt-image-2" and image.route.cost_usd == Decimal("0.21")
    assert Image.open(io.BytesIO(image.png)).size == (512, 384)
    assert [f.route.name for f in failures.seen] == ["venice:gpt-image-2"]


async def test_a_content_refusal_is_final():
    first, second = Stub("venice", ContentRefused("blocked")), Stub("openai")
    with pytest.raises(ContentRefused) as refused:
        await _router(first, second, Clock()).generate("gpt", REQUEST, Failures())
    assert second.calls == 0 and refused.value.route == "venice:gpt-image-2"


async def test_a_failed_route_cools_down_then_is_tried_again():
    clock = Clock()
    first, second = Stub("venice", UpstreamUnavailable("503")), Stub("openai")
    router = _router(first, second, clock)
    await router.generate("gpt", REQUEST, Failures())
    await router.generate("gpt", REQUEST, Failures())
    assert first.calls == 1 and second.calls == 2  # skipped while cooling
    clock.now += 31
    first.fail_with = None
    image = await router.generate("gpt", REQUEST, Failures())
    assert image.route.provider == "venice" and first.calls == 2


async def test_every_route_cooling_fails_fast_with_the_soonest_retry():
    clock = Clock()
    first = Stub("venice", RateLimited("429", retry_after=120))
    second = Stub("openai", UpstreamUnavailable("503"))
    router = _router(first, second, clock)
    with pytest.raises(NoRouteAvailable):
        await router.generate("gpt", REQUEST, Failures())
    clock.now += 10
    with pytest.raises(NoRouteAvailable) as again:
        await router.generate("gpt", REQUEST, Failures())
    assert (first.calls, second.calls) == (1, 1)  # nothing was tried the second time
    assert again.value.retry_after == pytest.approx(20)  # openai's 30 s cooldown, 10 s gone


async def test_no_route_is_started_past_the_deadline():
    clock = Clock()
    first, second = Stub("venice"), Stub("openai")
    with pytest.raises(NoRouteAvailable, match="payment window"):
        await _router(first, second, clock).generate("gpt", REQUEST, Failures(), deadline=999.0)
    assert first.calls == 0


async def test_routes_of_unconfigured_providers_are_dropped():
    router = Router({"gpt": [Route("venice", "m", Decimal(1))]}, {})
    assert router.routes("gpt") == ()
    with pytest.raises(NoRouteAvailable):
        await router.generate("gpt", REQUEST, Failures())
