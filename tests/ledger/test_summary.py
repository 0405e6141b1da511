"""The operator's report adds up: settled calls, revenue, wholesale cost and failures."""

from __future__ import annotations

from decimal import Decimal

from synthforge.ledger import Ledger, TierSummary

from .support import ENDPOINT, PRICE, reserve


async def _attempt(ledger: Ledger, payment_id: int, status: str, cost: str, tier: str) -> None:
    await ledger.record_generation(
        payment_id,
        tier=tier,
        model="model-x",
        route="local:local-procedural",
        upstream_request_id=None,
        elapsed_ms=100,
        cost_usd=Decimal(cost),
        image_key="k.png" if status == "ok" else None,
        status=status,
        error=None if status == "ok" else "upstream said 503",
    )


async def _paid(ledger: Ledger, nonce: str, tier: str, amount: int, outcome: str) -> int:
    payment_id = (await reserve(ledger, nonce, tier=tier, amount=amount)).payment.id
    if outcome != "reserved":
        await ledger.finish(payment_id, status=outcome, http_status=200, response="{}")
    return payment_id


async def test_an_empty_ledger_has_no_rows(ledger: Ledger):
    assert await ledger.summary() == []


async def test_summary_counts_money_only_for_settled_payments(ledger: Ledger):
    # ultra: a failover (one failed attempt, then ok), a clean call, a failed payment
    # whose upstream billed its failure, and a payment still in flight
    first = await _paid(ledger, "0x01", "ultra", PRICE, "settled")
    await _attempt(ledger, first, "failed", "0", "ultra")
    await _attempt(ledger, first, "ok", "0.1", "ultra")
    second = await _paid(ledger, "0x02", "ultra", PRICE, "settled")
    await _attempt(ledger, second, "ok", "0.2", "ultra")
    failed = await _paid(ledger, "0x03", "ultra", PRICE, "failed")
    await _attempt(ledger, failed, "failed", "0.05", "ultra")
    await _attempt(ledger, failed, "failed", "0", "ultra")
    in_flight = await _paid(ledger, "0x04", "ultra", PRICE, "reserved")
    await _attempt(ledger, in_flight, "ok", "0.3", "ultra")
    # fast: amounts a float would round, and nothing failed
    for nonce, amount in (("0x05", 10**18 + 1), ("0x06", 10**18 + 2)):
        payment_id = await _paid(ledger, nonce, "fast", amount, "settled")
        await _attempt(ledger, payment_id, "ok", "0.000001", "fast")

    assert await ledger.summary() == [
        TierSummary(
            endpoint=ENDPOINT,
            tier="fast",
            calls=2,
            revenue=2 * 10**18 + 3,
            wholesale_usd=Decimal("0.000002"),
            failures=0,
            failed_attempts=0,
        ),
        TierSummary(
            endpoint=ENDPOINT,
            tier="ultra",
            calls=2,
            revenue=2 * PRICE,
            # exactly 0.3: floats would give 0.30000000000000004
            wholesale_usd=Decimal("0.3"),
            failures=1,
            failed_attempts=3,
        ),
    ]


async def test_summary_is_sorted_by_endpoint_then_tier(ledger: Ledger):
    for nonce, tier in (("0x01", "b"), ("0x02", "a"), ("0x03", "c")):
        await _paid(ledger, nonce, tier, PRICE, "settled")
    tiers = [(row.endpoint, row.tier) for row in await ledger.summary()]
    assert tiers == [(ENDPOINT, "a"), (ENDPOINT, "b"), (ENDPOINT, "c")]
