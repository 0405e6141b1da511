"""The one place failures become HTTP answers. Every failure says the buyer was not charged."""

from __future__ import annotations

import json
import logging
from typing import Any

from ..catalog import Tier
from ..facilitator import FacilitatorUnavailable
from ..generation import ContentRefused, GenerationError, NoRouteAvailable
from ..payments import Answer, PaymentInProgress, PaymentRejected, PaymentReused, Priced
from ..storage import StorageError

__all__ = ["answer_for", "failure"]

logger = logging.getLogger("synthforge.http")


def failure(
    status: int, code: str, message: str, retry_after: float | None = None, **extra: Any
) -> Answer:
    """A JSON error answer; the buyer was not charged for it."""
    headers = {"Retry-After": str(max(1, round(retry_after)))} if retry_after else {}
    return Answer(status, {"error": code, "message": message, "charged": False, **extra}, headers)


def answer_for(exc: Exception, priced: Priced, tier: Tier) -> Answer:
    """The answer for a failure while serving a paid request of `tier`."""
    if isinstance(exc, PaymentRejected):
        body, header = priced.payment_required(tier, f"{exc.reason}: {exc.message}")
        return Answer(402, {**json.loads(body), "charged": False}, {"PAYMENT-REQUIRED": header})
    if isinstance(exc, PaymentReused):
        return failure(409, "payment_reused", str(exc))
    if isinstance(exc, PaymentInProgress):
        return failure(409, "payment_in_progress", str(exc), retry_after=5)
    if isinstance(exc, FacilitatorUnavailable):
        return failure(503, "facilitator_unavailable", "payment facilitator unavailable", 5)
    if isinstance(exc, ContentRefused):
        return failure(422, "content_refused", exc.message, route=exc.route)
    if isinstance(exc, NoRouteAvailable):
        return failure(503, "upstream_unavailable", exc.message, retry_after=exc.retry_after or 10)
    if isinstance(exc, GenerationError):  # BadUpstreamRequest and anything else upstream
        return failure(502, "upstream_error", exc.message, route=exc.route)
    if isinstance(exc, StorageError):
        return failure(503, "storage_unavailable", "the image could not be stored", 10)
    logger.exception("unexpected failure serving a paid request", exc_info=exc)
    return failure(500, "internal_error", "unexpected server error")
