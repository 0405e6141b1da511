"""Why a purchase did not happen (or did not finish).

BuyerError
├── PriceRefused        the seller asks more, or in a token, than this buyer allows
├── BudgetExceeded      paying would take spending past the budget
├── SellerRefused       the seller answered no (400, 402, 409, 422, ...): not charged
└── SellerUnavailable   no answer after retrying with the same payment
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "BudgetExceeded",
    "BuyerError",
    "PriceRefused",
    "SellerRefused",
    "SellerUnavailable",
]


class BuyerError(Exception):
    """Base of the buyer's errors."""


class PriceRefused(BuyerError):
    """No payment option within this buyer's limits; nothing was signed."""


class BudgetExceeded(BuyerError):
    """The budget would be exceeded; nothing was signed."""


class SellerRefused(BuyerError):
    """The seller refused the call; its answer says whether anything was charged."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        detail = body.get("message") or body.get("error") or body
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.body = body


class SellerUnavailable(BuyerError):
    """The seller could not be reached or kept failing; the payment may or may not be spent."""
