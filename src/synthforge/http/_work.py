"""The paid work of image-generate-ultra: generate through the router, store, record."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..catalog import ImageRequest, Tier
from ..generation import FailedAttempt, GenerationRequest, Router
from ..ledger import Ledger
from ..storage import ImageStore, StorageError
from ..timing import timed

__all__ = ["ImageWork"]


@dataclass(frozen=True)
class ImageWork:
    """Generates one image for a reserved payment and records every attempt."""

    router: Router
    store: ImageStore
    ledger: Ledger

    async def __call__(
        self, request: ImageRequest, tier: Tier, payment_id: int, deadline: float
    ) -> dict[str, Any]:
        """The response fields for `request`, payment excluded (the gate adds it)."""

        async def record_failure(attempt: FailedAttempt) -> None:
            error = f"{type(attempt.error).__name__}: {attempt.error}"
            await self.ledger.record_generation(
                payment_id, tier=tier.slug, model=attempt.route.model, route=attempt.route.name,
                upstream_request_id=None, elapsed_ms=attempt.elapsed_ms, cost_usd=Decimal(0),
                image_key=None, status="failed", error=error,
            )  # fmt: skip

        generation = GenerationRequest(
            prompt=request.prompt, width=request.width, height=request.height, model=tier.model,
            seed=request.seed, steps=request.steps, cfg_scale=request.cfg_scale,
            negative_prompt=request.negative_prompt,
        )  # fmt: skip
        image = await self.router.generate(tier.slug, generation, record_failure, deadline)
        upstream, route = image.upstream, image.route
        key: str | None = None
        stored_error: str | None = None
        try:
            with timed("store"):
                key = await self.store.put(image.png)
        except StorageError as exc:
            stored_error = f"storage failed: {exc}"
            raise
        finally:
            # the upstream was paid whether or not the image could be stored
            await self.ledger.record_generation(
                payment_id, tier=tier.slug, model=upstream.model, route=route.name,
                upstream_request_id=upstream.request_id, elapsed_ms=upstream.elapsed_ms,
                cost_usd=route.cost_usd, image_key=key, status="ok", error=stored_error,
            )  # fmt: skip
        return {
            "image_url": self.store.url_for(key),
            "model": upstream.model,
            "width": image.width,
            "height": image.height,
            "tier": tier.slug,
            "prompt": request.prompt,
            "seed": upstream.seed,
            "elapsed_ms": upstream.elapsed_ms,
            "venice_request_id": upstream.request_id,
            "source": upstream.source,
            "route": route.name,
            "upstream_request_id": upstream.request_id,
            "cost": float(route.cost_usd),
        }
