"""Hand-built x402 payments: honest ones and each way a payment can be wrong."""

from __future__ import annotations

import secrets
import time
from typing import Any

from eth_account import Account

from synthforge.devnet import DevnetInfo

PRICE = 300_000

EIP712_DOMAIN = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]

TRANSFER_TYPES = {
    "EIP712Domain": EIP712_DOMAIN,
    "TransferWithAuthorization": [
        {"name": "from", "type": "address"},
        {"name": "to", "type": "address"},
        {"name": "value", "type": "uint256"},
        {"name": "validAfter", "type": "uint256"},
        {"name": "validBefore", "type": "uint256"},
        {"name": "nonce", "type": "bytes32"},
    ],
}


def new_nonce() -> str:
    return "0x" + secrets.token_hex(32)


def sign_authorization(
    info: DevnetInfo,
    *,
    key: str | None = None,
    from_: str | None = None,
    to: str | None = None,
    value: int = PRICE,
    valid_after: int = 0,
    valid_before: int | None = None,
    nonce: str | None = None,
    chain_id: int | None = None,
    token: str | None = None,
) -> dict[str, Any]:
    """An `exact` EVM payload: a TransferWithAuthorization signed under USDC's EIP-712 domain."""
    key = key or info.buyer_key
    authorization = {
        "from": from_ or Account.from_key(key).address,
        "to": to or info.pay_to,
        "value": str(value),
        "validAfter": str(valid_after),
        "validBefore": str(valid_before or int(time.time()) + 600),
        "nonce": nonce or new_nonce(),
    }
    message = {
        **authorization,
        "value": value,
        "validAfter": int(authorization["validAfter"]),
        "validBefore": int(authorization["validBefore"]),
        "nonce": bytes.fromhex(authorization["nonce"][2:]),
    }
    typed = {
        "types": TRANSFER_TYPES,
        "primaryType": "TransferWithAuthorization",
        "domain": {
            "name": info.token_name,
            "version": info.token_version,
            "chainId": chain_id or info.chain_id,
            "verifyingContract": token or info.token,
        },
        "message": message,
    }
    signed = Account.sign_typed_data(key, full_message=typed)
    return {"signature": "0x" + signed.signature.hex(), "authorization": authorization}


def requirements(info: DevnetInfo, **changes: Any) -> dict[str, Any]:
    """v2 requirements for $0.30 of the devnet's test USDC to its pay_to."""
    return {
        "scheme": "exact",
        "network": info.network,
        "asset": info.token,
        "amount": str(PRICE),
        "payTo": info.pay_to,
        "maxTimeoutSeconds": 300,
        "extra": {"name": info.token_name, "version": info.token_version},
        **changes,
    }


def v2_body(payload: dict[str, Any], reqs: dict[str, Any]) -> dict[str, Any]:
    return {
        "x402Version": 2,
        "paymentPayload": {"x402Version": 2, "payload": payload, "accepted": dict(reqs)},
        "paymentRequirements": reqs,
    }


def v1_body(
    payload: dict[str, Any], info: DevnetInfo, network: str | None = None
) -> dict[str, Any]:
    """A v1 request: `maxAmountRequired`, scheme and network at the payload's top level."""
    network = network or info.network
    reqs = {
        "scheme": "exact",
        "network": network,
        "maxAmountRequired": str(PRICE),
        "resource": "http://127.0.0.1/v1/image-generate-ultra",
        "description": "test",
        "mimeType": "application/json",
        "payTo": info.pay_to,
        "maxTimeoutSeconds": 300,
        "asset": info.token,
        "extra": {"name": info.token_name, "version": info.token_version},
    }
    return {
        "x402Version": 1,
        "paymentPayload": {
            "x402Version": 1,
            "scheme": "exact",
            "network": network,
            "payload": payload,
        },
        "paymentRequirements": reqs,
    }
