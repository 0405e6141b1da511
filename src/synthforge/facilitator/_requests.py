"""Facilitator requests: parse untrusted JSON, check the exact-EVM payload, bring v1 to v2.

Everything wrong with a request becomes a `Rejection` carrying an x402 reason code and a
message that names the field; nothing here raises on bad input.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from x402.schemas import PaymentPayload, PaymentRequirements
from x402.schemas.v1 import PaymentPayloadV1, PaymentRequirementsV1

__all__ = [
    "INVALID_NETWORK",
    "INVALID_PAYLOAD",
    "INVALID_REQUIREMENTS",
    "INVALID_VERSION",
    "NETWORK_MISMATCH",
    "UNSUPPORTED_SCHEME",
    "ExactEvmPayload",
    "Normalised",
    "PaymentRequest",
    "Rejection",
    "normalise",
    "parse_request",
]

# x402 reason codes for requests that never reach the chain.
INVALID_PAYLOAD = "invalid_payload"
INVALID_REQUIREMENTS = "invalid_payment_requirements"
INVALID_VERSION = "invalid_x402_version"
INVALID_NETWORK = "invalid_network"
UNSUPPORTED_SCHEME = "unsupported_scheme"
NETWORK_MISMATCH = "network_mismatch"

MAX_BODY_BYTES = 64 * 1024

_Address = Annotated[str, Field(pattern=r"^0x[0-9a-fA-F]{40}$")]
_Uint = Annotated[str, Field(pattern=r"^[0-9]{1,78}$")]


class _Authorization(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    from_: _Address = Field(alias="from")
    to: _Address
    value: _Uint
    valid_after: _Uint = Field(alias="validAfter")
    valid_before: _Uint = Field(alias="validBefore")
    nonce: Annotated[str, Field(pattern=r"^0x[0-9a-fA-F]{64}$")]


class ExactEvmPayload(BaseModel):
    """An EIP-3009 `exact` payload: a signed TransferWithAuthorization."""

    model_config = ConfigDict(extra="forbid")

    signature: Annotated[str, Field(pattern=r"^0x(?:[0-9a-fA-F]{2})+$")]
    authorization: _Authorization


class _RequiredFields(BaseModel):
    """The requirement fields the mechanism does arithmetic or address maths on."""

    amount: _Uint
    asset: _Address
    pay_to: _Address = Field(alias="payTo")


@dataclass(frozen=True)
class Rejection:
    """Why a request was refused before the chain was asked."""

    reason: str
    message: str
    payer: str | None = None


@dataclass(frozen=True)
class PaymentRequest:
    """A well-formed verify/settle request of either protocol version."""

    payload: PaymentPayload | PaymentPayloadV1
    requirements: PaymentRequirements | PaymentRequirementsV1


@dataclass(frozen=True)
class Normalised:
    """A request in v2 form for the SDK mechanism, with what settle serialises on."""

    payload: PaymentPayload
    requirements: PaymentRequirements
    authorization: ExactEvmPayload
    answer_network: str  # the network name the caller used (v1 legacy or CAIP-2)

    @property
    def payer(self) -> str:
        """The authorization's `from`."""
        return self.authorization.authorization.from_

    @property
    def settle_key(self) -> tuple[str, str, str]:
        """One settlement at a time per (token, payer, nonce)."""
        auth = self.authorization.authorization
        return (self.requirements.asset.lower(), auth.from_.lower(), auth.nonce.lower())


def _describe(prefix: str, exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in (prefix, *first["loc"]))
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"


def parse_request(body: bytes) -> PaymentRequest | Rejection:
    """Parse a `{x402Version, paymentPayload, paymentRequirements}` body."""
    if len(body) > MAX_BODY_BYTES:
        return Rejection(INVALID_PAYLOAD, f"request body is over {MAX_BODY_BYTES} bytes")
    try:
        data = json.loads(body)
    except ValueError as exc:
        return Rejection(INVALID_PAYLOAD, f"request body is not valid JSON: {exc}")
    if not isinstance(data, dict):
        return Rejection(INVALID_PAYLOAD, "request body must be a JSON object")
    version = data.get("x402Version")
    if type(version) is not int or version not in (1, 2):
        return Rejection(INVALID_VERSION, f"x402Version must be 1 or 2, got {version!r}")
    payload_cls: Any = PaymentPayloadV1 if version == 1 else PaymentPayload
    requirements_cls: Any = PaymentRequirementsV1 if version == 1 else PaymentRequirements
    try:
        payload = payload_cls.model_validate(data.get("paymentPayload"))
    except ValidationError as exc:
        return Rejection(INVALID_PAYLOAD, _describe("paymentPayload", exc))
    try:
        requirements = requirements_cls.model_validate(data.get("paymentRequirements"))
    except ValidationError as exc:
        return Rejection(INVALID_REQUIREMENTS, _describe("paymentRequirements", exc))
    if payload.x402_version != version:
        return Rejection(
            INVALID_VERSION,
            f"paymentPayload.x402Version {payload.x402_version} differs from x402Version {version}",
        )
    return PaymentRequest(payload=payload, requirements=requirements)


def normalise(request: PaymentRequest, network: str, v1_network: str) -> Normalised | Rejection:
    """Check the request against this facilitator's chain and express it in v2 terms."""
    payload, requirements = request.payload, request.requirements
    try:
        evm = ExactEvmPayload.model_validate(payload.payload)
    except ValidationError as exc:
        return Rejection(INVALID_PAYLOAD, _describe("paymentPayload.payload", exc))
    payer = evm.authorization.from_
    if isinstance(requirements, PaymentRequirementsV1):
        amount, amount_field = requirements.max_amount_required, ".maxAmountRequired"
    else:
        amount, amount_field = requirements.amount, ".amount"
    try:
        _RequiredFields.model_validate(
            {"amount": amount, "asset": requirements.asset, "payTo": requirements.pay_to}
        )
    except ValidationError as exc:
        problem = _describe("paymentRequirements", exc).replace(".amount", amount_field)
        return Rejection(INVALID_REQUIREMENTS, problem, payer)
    if requirements.scheme != "exact":
        return Rejection(
            UNSUPPORTED_SCHEME, f"scheme {requirements.scheme!r} is not supported", payer
        )

    if isinstance(payload, PaymentPayloadV1) and isinstance(requirements, PaymentRequirementsV1):
        if payload.scheme != requirements.scheme:
            return Rejection(UNSUPPORTED_SCHEME, "payload and requirements schemes differ", payer)
        if payload.network != requirements.network:
            return Rejection(NETWORK_MISMATCH, "payload and requirements networks differ", payer)
        if requirements.network not in (v1_network, network):
            return Rejection(INVALID_NETWORK, _wrong_network(requirements.network, network), payer)
        extra = requirements.extra
        if isinstance(extra, str):  # some v1 sellers send extra JSON-encoded
            try:
                extra = json.loads(extra)
            except ValueError:
                extra = None
        v2_requirements = PaymentRequirements(
            scheme=requirements.scheme,
            network=network,
            asset=requirements.asset,
            amount=requirements.max_amount_required,
            pay_to=requirements.pay_to,
            max_timeout_seconds=requirements.max_timeout_seconds,
            extra=extra if isinstance(extra, dict) else {},
        )
        v2_payload = PaymentPayload(
            x402_version=2, payload=payload.payload, accepted=v2_requirements
        )
        return Normalised(v2_payload, v2_requirements, evm, str(requirements.network))

    if not (isinstance(payload, PaymentPayload) and isinstance(requirements, PaymentRequirements)):
        return Rejection(
            INVALID_VERSION, "payload and requirements are of different versions", payer
        )
    if requirements.network != network:
        return Rejection(INVALID_NETWORK, _wrong_network(requirements.network, network), payer)
    return Normalised(payload, requirements, evm, network)


def _wrong_network(asked: str, served: str) -> str:
    return f"network {asked!r} is not served here; this facilitator settles on {served}"
