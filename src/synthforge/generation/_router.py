"""The router: a tier's routes in order, failing over only when another route may help.

A route that failed in a way another might not (429, 5xx, timeout) cools down for a while
and is skipped meanwhile (a circuit breaker), so an outage costs one buyer a failover, not
every buyer a timeout. No route is started once the buyer's payment window is too short
to settle afterwards.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass

from ..timing import timed
from ._errors import FinalError, GenerationError, NoRouteAvailable, RateLimited, RetryableError
from ._normalise import normalise
from ._types import GeneratedImage, GenerationRequest, Provider, Route

__all__ = ["FailedAttempt", "Router"]

COOLDOWN_S = 30.0


@dataclass(frozen=True)
class FailedAttempt:
    """One route that did not produce the image, for the ledger."""

    route: Route
    error: GenerationError
    elapsed_ms: int


OnFailure = Callable[[FailedAttempt], Awaitable[None]]


class Router:
    """Serves each tier from its ordered routes; the PNG it returns has the exact asked size."""

    def __init__(
        self,
        routes: Mapping[str, Sequence[Route]],
        providers: Mapping[str, Provider],
        cooldown_s: float = COOLDOWN_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        # routes whose provider is not configured are dropped here, once
        self._routes = {
            tier: tuple(r for r in tier_routes if r.provider in providers)
            for tier, tier_routes in routes.items()
        }
        self._providers = dict(providers)
        self._cooldown_s = cooldown_s
        self._clock = clock
        self._cooling: dict[str, float] = {}  # route name -> when it may be tried again

    def routes(self, tier: str) -> tuple[Route, ...]:
        """The usable routes of `tier`, in the order they are tried."""
        return self._routes.get(tier, ())

    async def generate(
        self,
        tier: str,
        request: GenerationRequest,
        on_failure: OnFailure,
        deadline: float | None = None,
    ) -> GeneratedImage:
        """Try the tier's routes in order; FinalError stops, RetryableError fails over.

        `deadline` (on this router's clock) is when the last route may still be started.
        """
        now = self._clock()
        ready = [r for r in self.routes(tier) if self._cooling.get(r.name, 0.0) <= now]
        for route in ready:
            if deadline is not None and self._clock() >= deadline:
                raise NoRouteAvailable("the payment window is too short to try another route")
            started = time.perf_counter()
            try:
                with timed("generate"):
                    upstream = await self._providers[route.provider].generate(request, route.model)
                with timed("normalise"):
                    png = await asyncio.to_thread(
                        normalise, upstream.data, request.width, request.height
                    )
            except GenerationError as exc:
                exc.route = route.name
                elapsed = int((time.perf_counter() - started) * 1000)
                await on_failure(FailedAttempt(route, exc, elapsed))
                if isinstance(exc, FinalError) or not isinstance(exc, RetryableError):
                    raise
                self._cool(route, exc)
                continue
            self._cooling.pop(route.name, None)
            return GeneratedImage(png, request.width, request.height, upstream, route)
        raise self._exhausted(tier, tried=len(ready))

    def _cool(self, route: Route, error: RetryableError) -> None:
        pause = self._cooldown_s
        if isinstance(error, RateLimited) and error.retry_after is not None:
            pause = max(pause, error.retry_after)
        self._cooling[route.name] = self._clock() + pause

    def _exhausted(self, tier: str, tried: int) -> NoRouteAvailable:
        waits = [self._cooling[r.name] - self._clock() for r in self.routes(tier)
                 if r.name in self._cooling]  # fmt: skip
        return NoRouteAvailable(
            f"no upstream could serve tier {tier!r} ({tried} route(s) tried)",
            retry_after=max(1.0, min(waits)) if waits else None,
        )
