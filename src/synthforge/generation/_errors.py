"""Why a generation failed. Adapters raise these; the router decides by type, never by text.

GenerationError
├── RetryableError          the router fails over to the next route
│   ├── RateLimited         429 (retry_after when the upstream says)
│   ├── UpstreamUnavailable 5xx, connection refused or reset
│   └── UpstreamTimeout     no answer in time
├── FinalError              no failover: the next route would fail the same way
│   ├── ContentRefused      content policy: 422 to the buyer
│   └── BadUpstreamRequest  4xx, bad key, unreadable answer
└── NoRouteAvailable        every route failed or none is configured: 503
"""

from __future__ import annotations

__all__ = [
    "BadUpstreamRequest",
    "ContentRefused",
    "FinalError",
    "GenerationError",
    "NoRouteAvailable",
    "RateLimited",
    "RetryableError",
    "UpstreamTimeout",
    "UpstreamUnavailable",
]


class GenerationError(Exception):
    """Base of every generation failure; `message` is safe to show a buyer."""

    def __init__(self, message: str, *, route: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.route = route


class RetryableError(GenerationError):
    """Another route may succeed."""


class RateLimited(RetryableError):
    """The upstream asked us to slow down."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, route: str | None = None
    ) -> None:
        super().__init__(message, route=route)
        self.retry_after = retry_after


class UpstreamUnavailable(RetryableError):
    """The upstream is down or failing (5xx, connection errors)."""


class UpstreamTimeout(RetryableError):
    """The upstream did not answer in time."""


class FinalError(GenerationError):
    """Trying elsewhere would not help."""


class ContentRefused(FinalError):
    """The upstream refused the prompt or blocked the image on content policy."""


class BadUpstreamRequest(FinalError):
    """The upstream rejected the request (4xx, bad key) or answered nonsense."""


class NoRouteAvailable(GenerationError):
    """No route could serve the tier; `retry_after` is the soonest one may, if known."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, route: str | None = None
    ) -> None:
        super().__init__(message, route=route)
        self.retry_after = retry_after
