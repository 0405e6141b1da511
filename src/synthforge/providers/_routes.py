"""Which upstream routes serve each tier, in order, with their wholesale cost.

Defaults follow the reference price list (late 2026), Venice first as the original service
does; prices change, so operators override them in `[gateway.routes]` as ordered
"provider:model@cost" strings, e.g. gpt = ["openai:gpt-image-2@0.21"].
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from ..generation import Route

__all__ = ["DEFAULT_ROUTES", "parse_route", "parse_routes"]


def parse_route(spec: str) -> Route:
    """`provider:model@cost` as a Route; ValueError says what is wrong."""
    target, at, cost = spec.rpartition("@")
    provider, colon, model = target.partition(":")
    if not (at and colon and provider and model):
        raise ValueError(f"route {spec!r} is not provider:model@cost")
    try:
        usd = Decimal(cost)
    except InvalidOperation:
        raise ValueError(f"route {spec!r}: cost {cost!r} is not a number") from None
    if usd < 0:
        raise ValueError(f"route {spec!r}: cost is negative")
    return Route(provider, model, usd)


def parse_routes(config: Mapping[str, Sequence[str]]) -> dict[str, tuple[Route, ...]]:
    """Routes per tier from settings; every bad entry is named in one ValueError."""
    routes: dict[str, tuple[Route, ...]] = {}
    problems = []
    for tier, specs in config.items():
        parsed = []
        for spec in specs:
            try:
                parsed.append(parse_route(spec))
            except ValueError as exc:
                problems.append(f"gateway.routes.{tier}: {exc}")
        routes[tier] = tuple(parsed)
    if problems:
        raise ValueError("; ".join(problems))
    return routes


def _routes(*specs: str) -> tuple[Route, ...]:
    return tuple(parse_route(spec) for spec in specs)


DEFAULT_ROUTES: dict[str, tuple[Route, ...]] = {
    "nano-banana": _routes(
        "venice:nano-banana-pro@0.18",
        "fal:fal-ai/nano-banana-pro@0.15",
        "google:gemini-3-pro-image-preview@0.134",
    ),
    "nano-banana-2": _routes(
        "venice:nano-banana-2@0.10",
        "fal:fal-ai/nano-banana-2@0.08",
        "google:gemini-3.1-flash-image-preview@0.067",
    ),
    "gpt": _routes(
        "venice:gpt-image-2@0.27",
        "fal:openai/gpt-image-2@0.22",
        "openai:gpt-image-2@0.21",
    ),
    "gpt-1-5": _routes(
        "venice:gpt-image-1-5@0.26",
        "fal:fal-ai/gpt-image-1.5@0.133",
        "openai:gpt-image-1.5@0.133",
    ),
    "recraft-pro": _routes("venice:recraft-v4-pro@0.29", "recraft:recraftv4_pro@0.21"),
    "grok-sota": _routes(
        "venice:grok-imagine-image-quality@0.06", "xai:grok-imagine-image-quality@0.05"
    ),
}
