"""Helpers for ledger tests: a settable clock, a payment key, a reservation with defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from synthforge.ledger import Ledger, PaymentKey, Reservation

ENDPOINT = "image-generate-ultra"
NETWORK = "eip155:84532"
ASSET = "0x036CbD53842c5426634e7929541eC2318f3dCF7e"
PAYER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
PAY_TO = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
PRICE = 300_000  # $0.30 in USDC's atomic units


@dataclass
class Clock:
    """Time that moves only when a test moves it."""

    now: datetime = field(default_factory=lambda: datetime(2025, 1, 1, 12, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def key(nonce: str = "0x01") -> PaymentKey:
    return PaymentKey.of(NETWORK, ASSET, PAYER, nonce)


async def reserve(
    ledger: Ledger,
    nonce: str = "0x01",
    *,
    tier: str = "ultra",
    amount: int = PRICE,
    fingerprint: str = "f" * 64,
) -> Reservation:
    return await ledger.reserve(
        key(nonce),
        x402_version=2,
        endpoint=ENDPOINT,
        tier=tier,
        fingerprint=fingerprint,
        amount=amount,
        pay_to=PAY_TO,
    )
