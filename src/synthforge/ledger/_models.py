"""The ledger's tables as typed declarative models; migration 0001 creates exactly these."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ._types import TokenAmount, UtcDateTime

__all__ = ["Base", "Generation", "Payment"]


class Base(DeclarativeBase):
    pass


class Payment(Base):
    """One x402 payment, reserved before any upstream is called."""

    __tablename__ = "payments"
    __table_args__ = (
        # The reservation: a second request carrying the same signed authorization
        # collides here, in the database, whichever gateway replica it reached.
        UniqueConstraint("network", "asset", "payer", "nonce", name="uq_payments_key"),
        CheckConstraint("status IN ('reserved', 'settled', 'failed')", name="ck_payments_status"),
        # start-up reconciliation looks for old rows still reserved
        Index("ix_payments_status_created_at", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network: Mapped[str] = mapped_column(String)
    asset: Mapped[str] = mapped_column(String)
    payer: Mapped[str] = mapped_column(String)
    nonce: Mapped[str] = mapped_column(String)
    x402_version: Mapped[int]
    endpoint: Mapped[str] = mapped_column(String)
    tier: Mapped[str] = mapped_column(String)
    fingerprint: Mapped[str] = mapped_column(String)
    amount: Mapped[int] = mapped_column(TokenAmount)
    pay_to: Mapped[str] = mapped_column(String)
    status: Mapped[str] = mapped_column(String)
    http_status: Mapped[int | None]
    response: Mapped[str | None] = mapped_column(Text)
    tx_hash: Mapped[str | None] = mapped_column(String)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Generation(Base):
    """One attempt at an upstream, failovers and failures included."""

    __tablename__ = "generations"
    __table_args__ = (CheckConstraint("status IN ('ok', 'failed')", name="ck_generations_status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(
        ForeignKey("payments.id", name="fk_generations_payment_id_payments"), index=True
    )
    tier: Mapped[str] = mapped_column(String)
    model: Mapped[str] = mapped_column(String)
    route: Mapped[str] = mapped_column(String)
    upstream_request_id: Mapped[str | None] = mapped_column(String)
    elapsed_ms: Mapped[int | None]
    cost_usd: Mapped[Decimal] = mapped_column(Numeric(12, 6))
    image_key: Mapped[str | None] = mapped_column(String)
    status: Mapped[str] = mapped_column(String)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
