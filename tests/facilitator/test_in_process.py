"""The gateway's way in: LocalFacilitator called directly, no HTTP, same guarantees."""

from __future__ import annotations

import asyncio

from synthforge.devnet import Devnet, devnet_requirements, sign_devnet_payment
from synthforge.facilitator import LocalFacilitator

from ..signing import PRICE


async def test_in_process_verify_and_settle_once(devnet: Devnet):
    info = devnet.info
    facilitator = LocalFacilitator.from_devnet(info)
    await facilitator.start()
    requirements = devnet_requirements(info, PRICE)
    payment = await sign_devnet_payment(info, requirements)
    paid_before = devnet.balance(info.pay_to)
    try:
        verified = await facilitator.verify(payment, requirements)
        settles = await asyncio.gather(
            *(facilitator.settle(payment, requirements) for _ in range(5))
        )
    finally:
        await facilitator.aclose()

    assert verified.is_valid and verified.payer == info.buyer_address
    assert [s.success for s in settles].count(True) == 1
    assert devnet.balance(info.pay_to) == paid_before + PRICE
