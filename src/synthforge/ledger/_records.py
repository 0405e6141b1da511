"""The ledger's values as callers see them: plain frozen dataclasses, no database types."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

__all__ = [
    "FAILED",
    "GENERATION_STATUSES",
    "OK",
    "PAYMENT_STATUSES",
    "RESERVED",
    "SETTLED",
    "PaymentKey",
    "PaymentRecord",
    "Reservation",
    "TierSummary",
]

RESERVED = "reserved"
SETTLED = "settled"
FAILED = "failed"
OK = "ok"

PAYMENT_STATUSES = (RESERVED, SETTLED, FAILED)
GENERATION_STATUSES = (OK, FAILED)


@dataclass(frozen=True)
class PaymentKey:
    """What makes a payment unique (always lowercase): one authorization buys one call."""

    network: str
    asset: str
    payer: str
    nonce: str

    def __post_init__(self) -> None:
        # Addresses and hex nonces arrive in whatever case the buyer's wallet wrote them;
        # lowercasing here makes `0xAbC` and `0xabc` one reservation, whoever builds the key.
        for name in ("network", "asset", "payer", "nonce"):
            object.__setattr__(self, name, getattr(self, name).lower())

    @classmethod
    def of(cls, network: str, asset: str, payer: str, nonce: str) -> PaymentKey:
        """The key of a payment as it arrived, in canonical (lowercase) form."""
        return cls(network, asset, payer, nonce)


@dataclass(frozen=True)
class PaymentRecord:
    """One row of `payments`."""

    id: int
    network: str
    asset: str
    payer: str
    nonce: str
    x402_version: int
    endpoint: str
    tier: str
    fingerprint: str
    amount: int
    pay_to: str
    status: str
    http_status: int | None
    response: str | None
    tx_hash: str | None
    error: str | None
    created_at: datetime
    updated_at: datetime

    @property
    def key(self) -> PaymentKey:
        return PaymentKey(self.network, self.asset, self.payer, self.nonce)


@dataclass(frozen=True)
class Reservation:
    """The outcome of `Ledger.reserve`: `created` is False when the payment was already known."""

    created: bool
    payment: PaymentRecord


@dataclass(frozen=True)
class TierSummary:
    """Money in and out for one (endpoint, tier).

    `revenue` is in the token's atomic units; `wholesale_usd` is what the upstreams
    charged for the generations that were delivered and paid for.
    """

    endpoint: str
    tier: str
    calls: int
    revenue: int
    wholesale_usd: Decimal
    failures: int
    failed_attempts: int
