"""The buyer's payment header: base64 JSON, v1 (`X-PAYMENT`) or v2 (`PAYMENT-SIGNATURE`)."""

from __future__ import annotations

import base64
import binascii
import json

from pydantic import ValidationError
from x402.schemas import PaymentPayload
from x402.schemas.v1 import PaymentPayloadV1

from ._errors import PaymentRejected

__all__ = ["MAX_HEADER_BYTES", "decode_payment"]

MAX_HEADER_BYTES = 16 * 1024


def decode_payment(value: str, header: str) -> PaymentPayload | PaymentPayloadV1:
    """Decode one payment header value; PaymentRejected names what is wrong with it."""
    if len(value) > MAX_HEADER_BYTES:
        raise PaymentRejected("invalid_payload", f"{header} is over {MAX_HEADER_BYTES} bytes")
    padded = value.strip() + "=" * (-len(value.strip()) % 4)
    # standard alphabet per the spec; some clients send the URL-safe one
    alphabet = b"-_" if ("-" in padded or "_" in padded) else None
    try:
        raw = base64.b64decode(padded, altchars=alphabet, validate=True)
    except (binascii.Error, ValueError):
        raise PaymentRejected("invalid_payload", f"{header} is not base64") from None
    try:
        data = json.loads(raw)
    except ValueError:
        raise PaymentRejected("invalid_payload", f"{header} is not base64 of JSON") from None
    if not isinstance(data, dict):
        raise PaymentRejected("invalid_payload", f"{header} must hold a JSON object")
    version = data.get("x402Version")
    if type(version) is not int or version not in (1, 2):
        raise PaymentRejected(
            "invalid_x402_version", f"{header}: x402Version must be 1 or 2, got {version!r}"
        )
    model = PaymentPayloadV1 if version == 1 else PaymentPayload
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise PaymentRejected("invalid_payload", f"{header}: {where}: {first['msg']}") from None
