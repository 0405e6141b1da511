"""Buy one call from an x402 seller: read the 402, sign, retry with the same payment."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

import httpx
from x402 import x402Client
from x402.schemas import PaymentRequired

__all__ = ["BuyError", "Purchase", "buy", "quote"]


class BuyError(Exception):
    """The seller's answer did not allow a purchase (not a 402, bad requirements, ...)."""


@dataclass(frozen=True)
class Purchase:
    """The seller's final answer to a paid call, and the payment header that paid for it."""

    status: int
    body: dict[str, Any]
    payment_header: str
    receipt: dict[str, Any] | None


def _decode(value: str) -> Any:
    return json.loads(base64.b64decode(value + "=" * (-len(value) % 4)))


async def quote(client: httpx.AsyncClient, url: str, body: dict[str, Any]) -> PaymentRequired:
    """What the seller asks for this call (its v2 PAYMENT-REQUIRED), without paying."""
    answer = await client.post(url, json=body)
    if answer.status_code != 402:
        raise BuyError(
            f"expected 402 Payment Required, got {answer.status_code}: {answer.text[:300]}"
        )
    header = answer.headers.get("PAYMENT-REQUIRED")
    if header is None:
        raise BuyError("the 402 carries no PAYMENT-REQUIRED header (x402 v2)")
    required = PaymentRequired.model_validate(_decode(header))
    if required.error and required.error.startswith("invalid_request"):
        raise BuyError(f"the seller would refuse this request: {required.error}")
    return required


async def buy(
    client: httpx.AsyncClient, url: str, body: dict[str, Any], signer: x402Client
) -> Purchase:
    """Pay for one call and return the seller's answer."""
    required = await quote(client, url, body)
    payload = await signer.create_payment_payload(required)
    header = base64.b64encode(
        json.dumps(payload.model_dump(by_alias=True, exclude_none=True)).encode()
    ).decode()
    answer = await client.post(url, json=body, headers={"PAYMENT-SIGNATURE": header})
    receipt = answer.headers.get("PAYMENT-RESPONSE")
    return Purchase(
        status=answer.status_code,
        body=answer.json(),
        payment_header=header,
        receipt=_decode(receipt) if receipt else None,
    )
