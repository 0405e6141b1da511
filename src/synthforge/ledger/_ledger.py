"""The payment ledger: reservations, generation attempts, outcomes and reports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Row, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from ._engine import create_ledger_engine
from ._migrate import migrate
from ._models import Generation, Payment
from ._records import (
    FAILED,
    GENERATION_STATUSES,
    RESERVED,
    SETTLED,
    PaymentKey,
    PaymentRecord,
    Reservation,
    TierSummary,
)
from ._summary import tier_summaries

__all__ = ["Ledger"]

_Clock = Callable[[], datetime]

_PAYMENT_COLUMNS = tuple(Payment.__table__.columns)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Ledger:
    """Every payment and every upstream attempt, in one database shared by all replicas."""

    def __init__(self, engine: AsyncEngine, clock: _Clock = _utc_now) -> None:
        self._engine = engine
        self._clock = clock

    @classmethod
    async def open(cls, url: str, *, clock: _Clock = _utc_now) -> Ledger:
        """Connect to `url` (creating a SQLite file's directory) and migrate it to head.

        `clock` stamps created_at/updated_at; it must return timezone-aware datetimes.
        """
        engine = create_ledger_engine(url)
        try:
            await migrate(engine)
        except BaseException:
            await engine.dispose()
            raise
        return cls(engine, clock)

    async def close(self) -> None:
        await self._engine.dispose()

    async def reserve(
        self,
        key: PaymentKey,
        *,
        x402_version: int,
        endpoint: str,
        tier: str,
        fingerprint: str,
        amount: int,
        pay_to: str,
    ) -> Reservation:
        """Take the payment for this request, or return the row that already holds it.

        The unique constraint on (network, asset, payer, nonce) decides: of any number of
        concurrent callers, on any number of replicas, exactly one INSERT commits and gets
        `created=True`; every other one fails on the constraint and reads that row.
        """
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise ValueError(f"amount must be a non-negative integer, got {amount!r}")
        now = self._clock()
        statement = (
            insert(Payment)
            .values(
                network=key.network,
                asset=key.asset,
                payer=key.payer,
                nonce=key.nonce,
                x402_version=x402_version,
                endpoint=endpoint,
                tier=tier,
                fingerprint=fingerprint,
                amount=amount,
                pay_to=pay_to,
                status=RESERVED,
                created_at=now,
                updated_at=now,
            )
            .returning(*_PAYMENT_COLUMNS)
        )
        try:
            async with self._engine.begin() as connection:
                row = (await connection.execute(statement)).one()
        except IntegrityError:
            # A new transaction: on PostgreSQL the failed one is aborted, and the
            # winner's row is committed by the time the constraint has rejected ours.
            existing = await self.get_payment(key)
            if existing is None:
                raise
            return Reservation(created=False, payment=existing)
        return Reservation(created=True, payment=_payment(row))

    async def get_payment(self, key: PaymentKey) -> PaymentRecord | None:
        statement = select(*_PAYMENT_COLUMNS).where(
            Payment.network == key.network,
            Payment.asset == key.asset,
            Payment.payer == key.payer,
            Payment.nonce == key.nonce,
        )
        async with self._engine.connect() as connection:
            row = (await connection.execute(statement)).one_or_none()
        return None if row is None else _payment(row)

    async def record_generation(
        self,
        payment_id: int,
        *,
        tier: str,
        model: str,
        route: str,
        upstream_request_id: str | None,
        elapsed_ms: int | None,
        cost_usd: Decimal,
        image_key: str | None,
        status: str,
        error: str | None,
    ) -> int:
        """Record one upstream attempt (failed ones and failovers too); returns its id."""
        if status not in GENERATION_STATUSES:
            raise ValueError(f"generation status must be one of {GENERATION_STATUSES}")
        if not isinstance(cost_usd, Decimal):
            # a float would already carry binary rounding into the books
            raise TypeError(f"cost_usd must be a Decimal, got {cost_usd!r}")
        statement = (
            insert(Generation)
            .values(
                payment_id=payment_id,
                tier=tier,
                model=model,
                route=route,
                upstream_request_id=upstream_request_id,
                elapsed_ms=elapsed_ms,
                cost_usd=cost_usd,
                image_key=image_key,
                status=status,
                error=error,
                created_at=self._clock(),
            )
            .returning(Generation.id)
        )
        async with self._engine.begin() as connection:
            return (await connection.execute(statement)).scalar_one()

    async def finish(
        self,
        payment_id: int,
        *,
        status: str,
        http_status: int,
        response: str,
        tx_hash: str | None = None,
        error: str | None = None,
    ) -> bool:
        """Move a reserved payment to its outcome; False if it had already left "reserved".

        The status condition in the UPDATE makes the first outcome final: a late or
        duplicate finish (another replica, a reconciliation pass) changes nothing.
        """
        if status not in (SETTLED, FAILED):
            raise ValueError(f"a payment finishes as {SETTLED!r} or {FAILED!r}, not {status!r}")
        statement = (
            update(Payment)
            .where(Payment.id == payment_id, Payment.status == RESERVED)
            .values(
                status=status,
                http_status=http_status,
                response=response,
                tx_hash=tx_hash,
                error=error,
                updated_at=self._clock(),
            )
        )
        async with self._engine.begin() as connection:
            result = await connection.execute(statement)
        return result.rowcount == 1

    async def stage(self, payment_id: int, response: str) -> bool:
        """Keep the answer a reserved payment will give once settled.

        Written before settlement, so that a crash between settling and `finish` leaves
        what reconciliation needs to complete the payment instead of losing the image.
        """
        statement = (
            update(Payment)
            .where(Payment.id == payment_id, Payment.status == RESERVED)
            .values(response=response, updated_at=self._clock())
        )
        async with self._engine.begin() as connection:
            result = await connection.execute(statement)
        return result.rowcount == 1

    async def summary(self) -> list[TierSummary]:
        """Calls, revenue, wholesale cost and failures per (endpoint, tier), sorted."""
        async with self._engine.connect() as connection:
            return await tier_summaries(connection)

    async def reserved_before(self, cutoff: datetime) -> list[PaymentRecord]:
        """Payments still "reserved" that were taken before `cutoff`, oldest first.

        At start-up these are requests a crash interrupted; reconciliation decides each.
        """
        if cutoff.tzinfo is None:
            raise ValueError(f"cutoff must be timezone-aware, got {cutoff!r}")
        statement = (
            select(*_PAYMENT_COLUMNS)
            .where(Payment.status == RESERVED, Payment.created_at < cutoff)
            .order_by(Payment.id)
        )
        async with self._engine.connect() as connection:
            rows = (await connection.execute(statement)).all()
        return [_payment(row) for row in rows]


def _payment(row: Row[Any]) -> PaymentRecord:
    return PaymentRecord(**row._asdict())
