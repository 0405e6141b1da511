"""The official x402 SDK, as resource server and buyer, pays via `synthforge facilitator`."""

from __future__ import annotations

from x402.http import FacilitatorConfig, HTTPFacilitatorClient

from synthforge.devnet import devnet_requirements, sign_devnet_payment

from ..conftest import FacilitatorProcess
from ..signing import PRICE, sign_authorization, v1_body


async def test_sdk_buyer_pays_and_sdk_client_verifies_and_settles(facilitator: FacilitatorProcess):
    info, chain = facilitator.info, facilitator.chain
    requirements = devnet_requirements(info, PRICE)
    payment = await sign_devnet_payment(info, requirements)  # the SDK's x402Client signs
    before = chain.balance(info.buyer_address), chain.balance(info.pay_to)

    async with HTTPFacilitatorClient(FacilitatorConfig(url=facilitator.url)) as client:
        verified = await client.verify(payment, requirements)
        assert verified.is_valid, verified
        assert verified.payer == info.buyer_address
        # verify moves nothing
        assert (chain.balance(info.buyer_address), chain.balance(info.pay_to)) == before
        settled = await client.settle(payment, requirements)

    assert settled.success, settled
    assert settled.network == info.network
    assert settled.payer == info.buyer_address
    assert chain.balance(info.buyer_address) == before[0] - PRICE
    assert chain.balance(info.pay_to) == before[1] + PRICE
    receipt = chain.web3.eth.get_transaction_receipt(settled.transaction)
    assert receipt["status"] == 1
    assert receipt["to"] == info.token
    assert receipt["from"] == info.facilitator_address


def test_supported_lists_this_chain_for_both_versions(facilitator: FacilitatorProcess):
    answer = facilitator.get("/supported")
    assert answer.status_code == 200
    body = answer.json()
    assert {(k["x402Version"], k["scheme"], k["network"]) for k in body["kinds"]} == {
        (2, "exact", facilitator.info.network),
        (1, "exact", facilitator.info.network),
    }
    assert body["signers"] == {"eip155:*": [facilitator.info.facilitator_address]}


def test_v1_payment_verifies_and_settles(facilitator: FacilitatorProcess):
    info, chain = facilitator.info, facilitator.chain
    body = v1_body(sign_authorization(info), info)
    before = chain.balance(info.pay_to)

    verified = facilitator.post("/verify", body)
    assert verified.status_code == 200
    assert verified.json() == {"isValid": True, "payer": info.buyer_address}

    settled = facilitator.post("/settle", body).json()
    assert settled["success"] is True, settled
    assert settled["network"] == info.network
    assert settled["transaction"].startswith("0x") and len(settled["transaction"]) == 66
    assert chain.balance(info.pay_to) == before + PRICE
