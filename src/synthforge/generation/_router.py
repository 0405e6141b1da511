"""The router: a tier's routes in order, failing over only when another route may help."""

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
        self, routes: Mapping[str, Sequence[Route]], providers: Mapping[str, Provider]
    ) -> None:
        # routes whose provider is not configured are dropped here, once
        self._routes = {
            tier: tuple(r for r in tier_routes if r.provider in providers)
            for tier, tier_routes in routes.items()
        }
        self._providers = dict(providers)

    def routes(self, tier: str) -> tuple[Route, ...]:
        """The usable routes of `tier`, in the order they are tried."""
        return self._routes.get(tier, ())

    async def generate(
        self, tier: str, request: GenerationRequest, on_failure: OnFailure
    ) -> GeneratedImage:
        """Try the tier's routes in order; FinalError stops, RetryableError fails over."""
        retry_after: list[float] = []
        for route in self.routes(tier):
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
                if isinstance(exc, RateLimited) and exc.retry_after is not None:
                    retry_after.append(exc.retry_after)
                continue
            return GeneratedImage(png, request.width, request.height, upstream, route)
        tried = len(self.routes(tier))
        raise NoRouteAvailable(
            f"no upstream could serve tier {tier!r} ({tried} route(s) tried)",
            retry_after=min(retry_after) if retry_after else None,
        )
