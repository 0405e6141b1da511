"""One authorization moves the money once and costs one transaction, however often it is sent."""

from __future__ import annotations

import asyncio

import httpx

from ..conftest import FacilitatorProcess
from ..signing import PRICE, requirements, sign_authorization, v1_body, v2_body


def test_settling_twice_in_a_row_moves_money_once(facilitator: FacilitatorProcess):
    info, chain = facilitator.info, facilitator.chain
    body = v2_body(sign_authorization(info), requirements(info))
    paid_before, sent_before = chain.balance(info.pay_to), facilitator.gas_transactions()

    first = facilitator.post("/settle", body).json()
    second = facilitator.post("/settle", body).json()

    assert first["success"] is True
    assert second["success"] is False
    assert second["errorReason"] == "invalid_exact_evm_nonce_already_used"
    assert chain.balance(info.pay_to) == paid_before + PRICE
    assert facilitator.gas_transactions() == sent_before + 1


async def _settle_many(url: str, body: dict, times: int) -> list[dict]:
    async with httpx.AsyncClient(timeout=60) as client:
        answers = await asyncio.gather(
            *(client.post(url + "/settle", json=body) for _ in range(times))
        )
    assert all(a.status_code == 200 for a in answers)
    return [a.json() for a in answers]


def test_ten_concurrent_settles_of_one_payment_broadcast_once(facilitator: FacilitatorProcess):
    info, chain = facilitator.info, facilitator.chain
    for body in (
        v2_body(sign_authorization(info), requirements(info)),
        v1_body(sign_authorization(info), info),
    ):
        buyer_before, paid_before = chain.balance(info.buyer_address), chain.balance(info.pay_to)
        sent_before = facilitator.gas_transactions()

        answers = asyncio.run(_settle_many(facilitator.url, body, 10))

        winners = [a for a in answers if a["success"]]
        assert len(winners) == 1, answers
        losers = [a for a in answers if not a["success"]]
        assert {a["errorReason"] for a in losers} == {"invalid_exact_evm_nonce_already_used"}
        assert all(a["transaction"] == "" for a in losers)
        assert chain.balance(info.buyer_address) == buyer_before - PRICE
        assert chain.balance(info.pay_to) == paid_before + PRICE
        assert facilitator.gas_transactions() == sent_before + 1


def test_different_payments_settle_concurrently(facilitator: FacilitatorProcess):
    info, chain = facilitator.info, facilitator.chain
    bodies = [v2_body(sign_authorization(info), requirements(info)) for _ in range(8)]
    paid_before, sent_before = chain.balance(info.pay_to), facilitator.gas_transactions()

    async def settle_all() -> list[dict]:
        async with httpx.AsyncClient(timeout=60) as client:
            answers = await asyncio.gather(
                *(client.post(facilitator.url + "/settle", json=b) for b in bodies)
            )
        return [a.json() for a in answers]

    answers = asyncio.run(settle_all())

    assert all(a["success"] for a in answers), answers
    assert len({a["transaction"] for a in answers}) == 8
    assert chain.balance(info.pay_to) == paid_before + 8 * PRICE
    assert facilitator.gas_transactions() == sent_before + 8
