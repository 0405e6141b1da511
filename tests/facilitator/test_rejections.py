"""Every bad payment is refused with its reason code, as a 200, and moves nothing."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from eth_account import Account

from synthforge.devnet import DevnetInfo, anvil_accounts

from ..conftest import FacilitatorProcess
from ..signing import (
    EIP712_DOMAIN,
    PRICE,
    new_nonce,
    requirements,
    sign_authorization,
    v1_body,
    v2_body,
)

STRANGER = anvil_accounts()[5]  # holds ETH, no test USDC
OTHER = anvil_accounts()[6]

Case = Callable[[DevnetInfo], Any]


def _wrong_signature(info: DevnetInfo) -> Any:
    """A well-formed signature, but over another authorization."""
    payload = sign_authorization(info)
    payload["signature"] = sign_authorization(info)["signature"]
    return v2_body(payload, requirements(info))


def _garbage_signature(info: DevnetInfo) -> Any:
    payload = sign_authorization(info)
    payload["signature"] = "0x" + "11" * 65
    return v2_body(payload, requirements(info))


def _missing(path: tuple[str, ...]) -> Case:
    def build(info: DevnetInfo) -> Any:
        body = v2_body(sign_authorization(info), requirements(info))
        node = body
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
        return body

    return build


def _v1_with(info: DevnetInfo, **changes: Any) -> Any:
    body = v1_body(sign_authorization(info), info)
    body["paymentRequirements"].update(changes)
    return body


CASES: dict[str, tuple[Case, str]] = {
    "wrong signature": (_wrong_signature, "invalid_exact_evm_payload_signature"),
    "garbage signature": (_garbage_signature, "invalid_exact_evm_failed_to_verify_signature"),
    "signer is not from": (
        lambda i: v2_body(
            sign_authorization(i, key=OTHER.key, from_=i.buyer_address), requirements(i)
        ),
        "invalid_exact_evm_payload_signature",
    ),
    "amount too low": (
        lambda i: v2_body(sign_authorization(i, value=PRICE - 1), requirements(i)),
        "invalid_exact_evm_payload_authorization_value_mismatch",
    ),
    "wrong recipient": (
        lambda i: v2_body(sign_authorization(i, to=OTHER.address), requirements(i)),
        "invalid_exact_evm_payload_recipient_mismatch",
    ),
    "signed for another token": (
        lambda i: v2_body(sign_authorization(i, token=OTHER.address), requirements(i)),
        "invalid_exact_evm_payload_signature",
    ),
    "asks for a token that is no contract": (
        lambda i: v2_body(
            sign_authorization(i, token=OTHER.address), requirements(i, asset=OTHER.address)
        ),
        "asset_not_deployed_contract",
    ),
    "signed for another chain": (
        lambda i: v2_body(sign_authorization(i, chain_id=8453), requirements(i)),
        "invalid_exact_evm_payload_signature",
    ),
    "asks for another chain": (
        lambda i: v2_body(
            sign_authorization(i, chain_id=8453), requirements(i, network="eip155:8453")
        ),
        "invalid_network",
    ),
    "expired": (
        lambda i: v2_body(
            sign_authorization(i, valid_before=int(time.time()) - 10), requirements(i)
        ),
        "invalid_exact_evm_payload_authorization_valid_before",
    ),
    "not yet valid": (
        lambda i: v2_body(
            sign_authorization(i, valid_after=int(time.time()) + 3600), requirements(i)
        ),
        "invalid_exact_evm_payload_authorization_valid_after",
    ),
    "insufficient balance": (
        lambda i: v2_body(sign_authorization(i, key=STRANGER.key), requirements(i)),
        "invalid_exact_evm_insufficient_balance",
    ),
    "other scheme": (
        lambda i: v2_body(sign_authorization(i), requirements(i, scheme="upto")),
        "unsupported_scheme",
    ),
    "malformed JSON": (lambda i: b'{"x402Version": 2, "paymentPayload": {', "invalid_payload"),
    "not an object": (lambda i: b"[1, 2]", "invalid_payload"),
    "no signature": (_missing(("paymentPayload", "payload", "signature")), "invalid_payload"),
    "no nonce": (
        _missing(("paymentPayload", "payload", "authorization", "nonce")),
        "invalid_payload",
    ),
    "no requirements": (_missing(("paymentRequirements",)), "invalid_payment_requirements"),
    "no payTo": (_missing(("paymentRequirements", "payTo")), "invalid_payment_requirements"),
    "amount not a number": (
        lambda i: v2_body(sign_authorization(i), requirements(i, amount="0.30")),
        "invalid_payment_requirements",
    ),
    "asset not an address": (
        lambda i: v2_body(sign_authorization(i), requirements(i, asset="USDC")),
        "invalid_payment_requirements",
    ),
    "v1 maxAmountRequired not a number": (
        lambda i: _v1_with(i, maxAmountRequired="lots"),
        "invalid_payment_requirements",
    ),
    "payload is a list": (
        lambda i: {**v2_body({}, requirements(i)), "paymentPayload": [1]},
        "invalid_payload",
    ),
    "x402Version 3": (
        lambda i: {**v2_body(sign_authorization(i), requirements(i)), "x402Version": 3},
        "invalid_x402_version",
    ),
    "v1 on an unknown network": (
        lambda i: v1_body(sign_authorization(i), i, network="base"),
        "invalid_network",
    ),
}


def _snapshot(f: FacilitatorProcess) -> tuple[int, ...]:
    info = f.info
    return (
        f.chain.balance(info.buyer_address),
        f.chain.balance(info.pay_to),
        f.chain.balance(STRANGER.address),
        f.gas_transactions(),
    )


@pytest.mark.parametrize("name", list(CASES))
def test_bad_payment_is_refused_and_moves_nothing(facilitator: FacilitatorProcess, name: str):
    build, reason = CASES[name]
    body = build(facilitator.info)
    before = _snapshot(facilitator)

    verified = facilitator.post("/verify", body)
    settled = facilitator.post("/settle", body)

    assert verified.status_code == 200 and settled.status_code == 200
    assert verified.json()["isValid"] is False
    assert verified.json()["invalidReason"] == reason, verified.json()
    assert settled.json()["success"] is False
    assert settled.json()["errorReason"] == reason, settled.json()
    assert settled.json()["transaction"] == ""
    assert _snapshot(facilitator) == before


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("no nonce", "paymentPayload.payload.authorization.nonce"),
        ("no payTo", "paymentRequirements.payTo"),
        ("amount not a number", "paymentRequirements.amount"),
        ("v1 maxAmountRequired not a number", "paymentRequirements.maxAmountRequired"),
    ],
)
def test_bad_field_is_named(facilitator: FacilitatorProcess, name: str, field: str):
    body = CASES[name][0](facilitator.info)
    assert field in facilitator.post("/verify", body).json()["invalidMessage"]


def test_reused_nonce_is_refused(facilitator: FacilitatorProcess):
    info = facilitator.info
    body = v2_body(sign_authorization(info), requirements(info))
    assert facilitator.post("/settle", body).json()["success"] is True
    again = v2_body(
        sign_authorization(info, nonce=body["paymentPayload"]["payload"]["authorization"]["nonce"]),
        requirements(info),
    )
    before = _snapshot(facilitator)

    verified = facilitator.post("/verify", again).json()
    settled = facilitator.post("/settle", again).json()

    assert verified["invalidReason"] == "invalid_exact_evm_nonce_already_used"
    assert settled["errorReason"] == "invalid_exact_evm_nonce_already_used"
    assert _snapshot(facilitator) == before


def test_cancelled_authorization_is_refused(facilitator: FacilitatorProcess):
    info, chain = facilitator.info, facilitator.chain
    nonce = new_nonce()
    body = v2_body(sign_authorization(info, nonce=nonce), requirements(info))
    _cancel(chain, info, nonce)
    before = _snapshot(facilitator)

    assert facilitator.post("/verify", body).json()["invalidReason"] == (
        "invalid_exact_evm_nonce_already_used"
    )
    assert facilitator.post("/settle", body).json()["errorReason"] == (
        "invalid_exact_evm_nonce_already_used"
    )
    assert _snapshot(facilitator) == before


def _cancel(chain: Any, info: DevnetInfo, nonce: str) -> None:
    typed = {
        "types": {
            "EIP712Domain": EIP712_DOMAIN,
            "CancelAuthorization": [
                {"name": "authorizer", "type": "address"},
                {"name": "nonce", "type": "bytes32"},
            ],
        },
        "primaryType": "CancelAuthorization",
        "domain": {
            "name": info.token_name,
            "version": info.token_version,
            "chainId": info.chain_id,
            "verifyingContract": info.token,
        },
        "message": {"authorizer": info.buyer_address, "nonce": bytes.fromhex(nonce[2:])},
    }
    signed = Account.sign_typed_data(info.buyer_key, full_message=typed)
    call = chain.token().functions.cancelAuthorization(
        info.buyer_address,
        bytes.fromhex(nonce[2:]),
        signed.v,
        signed.r.to_bytes(32, "big"),
        signed.s.to_bytes(32, "big"),
    )
    buyer = Account.from_key(info.buyer_key)
    tx = call.build_transaction(
        {"from": buyer.address, "nonce": chain.web3.eth.get_transaction_count(buyer.address)}
    )
    tx_hash = chain.web3.eth.send_raw_transaction(buyer.sign_transaction(tx).raw_transaction)
    assert chain.web3.eth.wait_for_transaction_receipt(tx_hash)["status"] == 1
    assert (
        chain.token()
        .functions.authorizationState(info.buyer_address, bytes.fromhex(nonce[2:]))
        .call()
    )


def test_rejection_json_is_exactly_the_x402_shape(facilitator: FacilitatorProcess):
    body = json.loads(json.dumps(_wrong_signature(facilitator.info)))
    answer = facilitator.post("/verify", body).json()
    assert set(answer) <= {"isValid", "invalidReason", "invalidMessage", "payer"}
    assert answer["payer"] == facilitator.info.buyer_address
