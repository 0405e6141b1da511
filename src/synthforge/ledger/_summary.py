"""The operator's report: per (endpoint, tier) calls, revenue, wholesale cost and failures."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from ._models import Generation, Payment
from ._records import FAILED, OK, SETTLED, TierSummary

__all__ = ["tier_summaries"]


async def tier_summaries(connection: AsyncConnection) -> list[TierSummary]:
    """One TierSummary per (endpoint, tier) that has any payment, sorted by both."""
    # Sums are computed by the database, never through Python floats: NUMERIC is exact
    # on PostgreSQL; on SQLite amounts are 64-bit integers and costs come back rounded
    # to the column's 6 decimal places.
    settled = Payment.status == SETTLED
    payments = (
        select(
            Payment.endpoint,
            Payment.tier,
            # CASE without ELSE is NULL, which COUNT and SUM skip; no literals to bind
            func.count(case((settled, Payment.id))).label("calls"),
            func.sum(case((settled, Payment.amount))).label("revenue"),
            func.count(case((Payment.status == FAILED, Payment.id))).label("failures"),
        )
        .group_by(Payment.endpoint, Payment.tier)
        .order_by(Payment.endpoint, Payment.tier)
    )
    delivered = and_(Generation.status == OK, settled)
    generations = (
        select(
            Payment.endpoint,
            Payment.tier,
            func.sum(case((delivered, Generation.cost_usd))).label("wholesale_usd"),
            func.count(case((Generation.status == FAILED, Generation.id))).label("failed"),
        )
        .join_from(Generation, Payment, Generation.payment_id == Payment.id)
        .group_by(Payment.endpoint, Payment.tier)
    )
    costs = {
        (row.endpoint, row.tier): (row.wholesale_usd, row.failed)
        for row in await connection.execute(generations)
    }
    summaries = []
    for row in await connection.execute(payments):
        wholesale, failed_attempts = costs.get((row.endpoint, row.tier), (None, 0))
        summaries.append(
            TierSummary(
                endpoint=row.endpoint,
                tier=row.tier,
                calls=row.calls,
                revenue=row.revenue or 0,
                wholesale_usd=wholesale if wholesale is not None else Decimal(0),
                failures=row.failures,
                failed_attempts=failed_attempts,
            )
        )
    return summaries
