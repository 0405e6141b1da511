"""Generation: the router (tier -> routes, failover), the provider contract, normalisation."""

from ._errors import (
    BadUpstreamRequest,
    ContentRefused,
    FinalError,
    GenerationError,
    NoRouteAvailable,
    RateLimited,
    RetryableError,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from ._normalise import normalise
from ._router import FailedAttempt, Router
from ._types import GeneratedImage, GenerationRequest, Provider, Route, UpstreamImage

__all__ = [
    "BadUpstreamRequest",
    "ContentRefused",
    "FailedAttempt",
    "FinalError",
    "GeneratedImage",
    "GenerationError",
    "GenerationRequest",
    "NoRouteAvailable",
    "Provider",
    "RateLimited",
    "RetryableError",
    "Route",
    "Router",
    "UpstreamImage",
    "UpstreamTimeout",
    "UpstreamUnavailable",
    "normalise",
]
