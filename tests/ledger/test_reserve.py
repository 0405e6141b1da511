"""A payment is reserved once: duplicates, however concurrent, get the existing row."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from synthforge.ledger import Ledger, PaymentKey, Reservation

from .support import ASSET, ENDPOINT, NETWORK, PAY_TO, PAYER, PRICE, Clock, key, reserve, sqlite_url

RACERS = 50
FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)


def test_a_key_is_lowercase_however_it_was_written():
    written = PaymentKey("EIP155:84532", ASSET, PAYER, "0xABCDEF")
    assert written == PaymentKey.of(NETWORK.lower(), ASSET.lower(), PAYER.lower(), "0xabcdef")
    assert written.asset == ASSET.lower()
    assert written.payer == PAYER.lower()


async def test_reserve_stores_a_reserved_payment(ledger: Ledger, clock: Clock):
    reservation = await reserve(ledger, "0xAB", tier="ultra", fingerprint="a" * 64)

    assert reservation.created
    payment = reservation.payment
    assert payment.key == PaymentKey(NETWORK, ASSET, PAYER, "0xab")
    assert (payment.x402_version, payment.endpoint, payment.tier) == (2, ENDPOINT, "ultra")
    assert (payment.fingerprint, payment.amount, payment.pay_to) == ("a" * 64, PRICE, PAY_TO)
    assert payment.status == "reserved"
    assert (payment.http_status, payment.response, payment.tx_hash, payment.error) == (None,) * 4
    assert payment.created_at == payment.updated_at == clock.now
    assert payment.created_at.tzinfo is not None
    assert await ledger.get_payment(key("0xab")) == payment


async def test_the_same_payment_again_returns_the_first_reservation(ledger: Ledger):
    first = await reserve(ledger, "0xab", fingerprint="a" * 64)
    # a retry, possibly of a different request and with the key written in other case
    again = await reserve(ledger, "0xAB", fingerprint="b" * 64, amount=1)

    assert not again.created
    assert again.payment == first.payment
    assert again.payment.fingerprint == "a" * 64


async def test_different_nonces_are_different_payments(ledger: Ledger):
    one, two = await reserve(ledger, "0x01"), await reserve(ledger, "0x02")
    assert one.created and two.created
    assert one.payment.id != two.payment.id


async def test_an_unknown_payment_is_none(ledger: Ledger):
    assert await ledger.get_payment(key("0x404")) is None


async def test_amounts_keep_every_atomic_unit(ledger: Ledger):
    # 18-decimal tokens: a float would round this to 1e18
    big = 10**18 + 1
    taken = await reserve(ledger, amount=big)
    assert taken.payment.amount == big
    stored = await ledger.get_payment(key())
    assert stored is not None
    assert stored.amount == big


@pytest.mark.parametrize("amount", [-1, 0.3, True])
async def test_an_amount_that_is_not_a_whole_count_is_refused(ledger: Ledger, amount: object):
    with pytest.raises(ValueError, match="amount"):
        await reserve(ledger, amount=amount)  # type: ignore[arg-type]
    assert await ledger.get_payment(key()) is None


def _exactly_one_winner(results: list[Reservation]) -> None:
    assert sum(r.created for r in results) == 1
    winner = next(r.payment for r in results if r.created)
    assert all(r.payment == winner for r in results)


async def test_fifty_concurrent_reservations_on_one_ledger_create_one_row(ledger: Ledger):
    results = await asyncio.gather(
        *(reserve(ledger, "0xrace", fingerprint=f"{i:064x}") for i in range(RACERS))
    )

    _exactly_one_winner(results)
    assert len(await ledger.reserved_before(FAR_FUTURE)) == 1


async def test_fifty_concurrent_reservations_across_two_ledgers_create_one_row(db_path: Path):
    # two gateway replicas sharing one database file, each with its own engine and pool
    a = await Ledger.open(sqlite_url(db_path))
    b = await Ledger.open(sqlite_url(db_path))
    try:
        results = await asyncio.gather(
            *(reserve(a if i % 2 else b, "0xrace", fingerprint=f"{i:064x}") for i in range(RACERS))
        )
        _exactly_one_winner(results)
        assert await a.reserved_before(FAR_FUTURE) == await b.reserved_before(FAR_FUTURE)
        assert len(await a.reserved_before(FAR_FUTURE)) == 1
    finally:
        await a.close()
        await b.close()


async def test_concurrent_reservations_of_different_payments_all_succeed(db_path: Path):
    a = await Ledger.open(sqlite_url(db_path))
    b = await Ledger.open(sqlite_url(db_path))
    try:
        results = await asyncio.gather(
            *(reserve(a if i % 2 else b, f"0x{i:02x}") for i in range(RACERS))
        )
        assert all(r.created for r in results)
        assert len({r.payment.id for r in results}) == RACERS
    finally:
        await a.close()
        await b.close()
