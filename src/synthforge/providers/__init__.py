"""Upstream adapters (venice, fal, google, openai, recraft, xai), `local`, and the routes table."""

from ._base import HttpProvider
from ._registry import ADAPTERS, build_providers
from ._routes import DEFAULT_ROUTES, parse_route, parse_routes
from .local import LocalProvider

__all__ = [
    "ADAPTERS",
    "DEFAULT_ROUTES",
    "HttpProvider",
    "LocalProvider",
    "build_providers",
    "parse_route",
    "parse_routes",
]
