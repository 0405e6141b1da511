"""A payment's outcome is written once; attempts are recorded; crashes leave findable rows."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from synthforge.ledger import Ledger

from .support import Clock, key, reserve

NEW_YORK = timezone(timedelta(hours=-5))
ANSWER = '{"image_url": "https://img.example/abc.png"}'


async def test_finish_settles_a_reserved_payment(ledger: Ledger, clock: Clock):
    taken = await reserve(ledger)
    later = clock.advance(seconds=3)

    assert await ledger.finish(
        taken.payment.id, status="settled", http_status=200, response=ANSWER, tx_hash="0xfeed"
    )

    stored = await ledger.get_payment(key())
    assert stored is not None
    assert (stored.status, stored.http_status, stored.response) == ("settled", 200, ANSWER)
    assert (stored.tx_hash, stored.error) == ("0xfeed", None)
    assert stored.created_at == taken.payment.created_at
    assert stored.updated_at == later


async def test_a_second_finish_changes_nothing(ledger: Ledger):
    taken = await reserve(ledger)
    assert await ledger.finish(
        taken.payment.id, status="settled", http_status=200, response=ANSWER, tx_hash="0xfeed"
    )
    settled = await ledger.get_payment(key())

    # e.g. a reconciliation pass that thought the request had died
    assert not await ledger.finish(
        taken.payment.id, status="failed", http_status=502, response="{}", error="late"
    )
    assert await ledger.get_payment(key()) == settled


async def test_a_failed_payment_keeps_its_answer_and_reason(ledger: Ledger):
    taken = await reserve(ledger)
    body = '{"error": "content_refused"}'
    assert await ledger.finish(
        taken.payment.id, status="failed", http_status=422, response=body, error="refused"
    )
    assert not await ledger.finish(
        taken.payment.id, status="settled", http_status=200, response=ANSWER, tx_hash="0x1"
    )

    stored = await ledger.get_payment(key())
    assert stored is not None
    assert (stored.status, stored.http_status, stored.response) == ("failed", 422, body)
    assert (stored.tx_hash, stored.error) == (None, "refused")


async def test_finish_of_an_unknown_payment_is_false(ledger: Ledger):
    assert not await ledger.finish(404, status="settled", http_status=200, response=ANSWER)


@pytest.mark.parametrize("status", ["reserved", "ok", "SETTLED"])
async def test_finish_refuses_anything_but_settled_or_failed(ledger: Ledger, status: str):
    taken = await reserve(ledger)
    with pytest.raises(ValueError, match="settled"):
        await ledger.finish(taken.payment.id, status=status, http_status=200, response=ANSWER)
    stored = await ledger.get_payment(key())
    assert stored is not None
    assert stored.status == "reserved"


async def _attempt(ledger: Ledger, payment_id: int, **overrides: object) -> int:
    fields: dict[str, object] = {
        "tier": "ultra",
        "model": "local-procedural",
        "route": "local:local-procedural",
        "upstream_request_id": "req-1",
        "elapsed_ms": 120,
        "cost_usd": Decimal("0.04"),
        "image_key": "ab/cdef.png",
        "status": "ok",
        "error": None,
    }
    fields.update(overrides)
    return await ledger.record_generation(payment_id, **fields)  # type: ignore[arg-type]


async def test_every_attempt_gets_its_own_row(ledger: Ledger):
    taken = await reserve(ledger)
    failed = await _attempt(
        ledger, taken.payment.id, status="failed", cost_usd=Decimal(0), error="429"
    )
    ok = await _attempt(ledger, taken.payment.id)
    assert ok > failed


@pytest.mark.parametrize(
    ("overrides", "error"),
    [({"status": "settled"}, ValueError), ({"cost_usd": 0.04}, TypeError)],
)
async def test_record_generation_refuses_bad_values(
    ledger: Ledger, overrides: dict[str, object], error: type[Exception]
):
    taken = await reserve(ledger)
    with pytest.raises(error):
        await _attempt(ledger, taken.payment.id, **overrides)


async def test_reserved_before_finds_only_old_unfinished_payments(ledger: Ledger, clock: Clock):
    old = await reserve(ledger, "0x01")
    old_settled = await reserve(ledger, "0x02")
    await ledger.finish(old_settled.payment.id, status="settled", http_status=200, response="{}")
    old_failed = await reserve(ledger, "0x03")
    await ledger.finish(old_failed.payment.id, status="failed", http_status=502, response="{}")
    cutoff = clock.advance(minutes=5)
    await reserve(ledger, "0x04")  # taken at the cutoff: possibly still in flight

    assert await ledger.reserved_before(cutoff) == [old.payment]
    # the same instant written in another zone
    assert await ledger.reserved_before(cutoff.astimezone(NEW_YORK)) == [old.payment]
    assert await ledger.reserved_before(old.payment.created_at) == []


async def test_reserved_before_needs_an_aware_cutoff(ledger: Ledger):
    with pytest.raises(ValueError, match="timezone"):
        await ledger.reserved_before(datetime(2025, 1, 1))


async def test_stage_keeps_the_answer_while_reserved_and_only_then(ledger: Ledger):
    taken = await reserve(ledger)
    assert await ledger.stage(taken.payment.id, ANSWER)
    staged = await ledger.get_payment(key())
    assert staged is not None and (staged.status, staged.response) == ("reserved", ANSWER)

    assert await ledger.finish(taken.payment.id, status="failed", http_status=503, response="{}")
    assert not await ledger.stage(taken.payment.id, ANSWER)
    final = await ledger.get_payment(key())
    assert final is not None and final.response == "{}"
