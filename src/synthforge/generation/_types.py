"""What flows between the router and the provider adapters."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

__all__ = ["GeneratedImage", "GenerationRequest", "Provider", "Route", "UpstreamImage"]


@dataclass(frozen=True)
class GenerationRequest:
    """A normalised text-to-image request, whatever endpoint it came from."""

    prompt: str
    width: int
    height: int
    model: str  # the catalog's model id, e.g. "nano-banana-pro"
    seed: int | None = None
    steps: int | None = None
    cfg_scale: float | None = None
    negative_prompt: str | None = None


@dataclass(frozen=True)
class UpstreamImage:
    """What an adapter got back: raw image bytes in whatever format the upstream chose."""

    data: bytes
    model: str  # the upstream's own model id
    source: str  # the model's maker: google, openai, recraft, xai, local
    seed: int | None  # the seed used, None where the route ignores seeds
    request_id: str | None
    elapsed_ms: int


@dataclass(frozen=True)
class Route:
    """One way to serve a tier: provider name, the upstream's model id, wholesale cost."""

    provider: str
    model: str
    cost_usd: Decimal

    @property
    def name(self) -> str:
        """`provider:model`, as configured and as recorded in the ledger."""
        return f"{self.provider}:{self.model}"


@dataclass(frozen=True)
class GeneratedImage:
    """A finished generation: an exact-size PNG and everything the ledger and buyer see."""

    png: bytes
    width: int
    height: int
    upstream: UpstreamImage
    route: Route


class Provider(Protocol):
    """An upstream adapter. Adding an upstream is one file implementing this."""

    @property
    def name(self) -> str:
        """The provider's name in routes ("venice", "openai", ...)."""
        ...

    async def generate(self, request: GenerationRequest, upstream_model: str) -> UpstreamImage:
        """Produce one image.

        Args:
            request: what the buyer asked for, already validated.
            upstream_model: the route's model id at this upstream.

        Returns:
            The upstream's image bytes and metadata.

        Raises:
            GenerationError: a subclass that says whether another route may help.
        """
        ...
