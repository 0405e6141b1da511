"""The verify-reserve-settle gate: a payment buys one piece of work, exactly once.

    decode + match -> replay? -> verify -> RESERVE -> work -> SETTLE -> record -> answer

A payment already in the ledger is never verified or worked again: the same request gets
the recorded answer (waiting while it is still in progress), another request gets 409.
Work that fails is never settled, so the buyer is not charged for it.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from pydantic import ValidationError
from x402.schemas import PaymentPayload, PaymentRequirements
from x402.schemas.v1 import PaymentPayloadV1, PaymentRequirementsV1

from ..facilitator import ExactEvmPayload, Facilitator, FacilitatorUnavailable
from ..ledger import Ledger, PaymentKey, PaymentRecord
from ..timing import timed
from ._codec import decode_payment
from ._errors import Answer, PaymentRejected
from ._terms import Charge, b64json

__all__ = ["PaymentGate", "PaymentInProgress", "PaymentReused", "fingerprint"]

V2_HEADER, V1_HEADER = "payment-signature", "x-payment"

Payload = PaymentPayload | PaymentPayloadV1
Requirements = PaymentRequirements | PaymentRequirementsV1
# (payment id, monotonic deadline for starting upstream work) -> response fields
Work = Callable[[int, float], Awaitable[dict[str, Any]]]
# settle re-verifies with validBefore >= now + 6 s, and settling itself takes seconds
SETTLE_MARGIN_S = 30.0
AnswerFor = Callable[[Exception], Answer]


class PaymentReused(Exception):
    """This payment already bought a different request."""


class PaymentInProgress(Exception):
    """This payment's request is still being served; retry later for its answer."""


def fingerprint(request: Mapping[str, Any], signature: str) -> str:
    """What a retry must repeat: the request, and the very signature that paid for it.

    The signature is part of it because (payer, nonce) are public once settled: without it,
    anyone could replay them with a junk signature and be handed the stored answer.
    """
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{canonical}\n{signature.lower()}".encode()).hexdigest()


def _receipt_headers(receipt: dict[str, Any]) -> dict[str, str]:
    value = b64json({"success": True, **receipt})
    return {"X-PAYMENT-RESPONSE": value, "PAYMENT-RESPONSE": value}


class PaymentGate:
    """Runs paid work under the money invariants of the design."""

    def __init__(self, facilitator: Facilitator, ledger: Ledger, poll_s: float = 0.05) -> None:
        self._facilitator = facilitator
        self._ledger = ledger
        self._poll_s = poll_s

    @staticmethod
    def has_payment(headers: Mapping[str, str]) -> bool:
        """Whether the request carries a payment header of either version."""
        return V2_HEADER in headers or V1_HEADER in headers

    async def handle(
        self,
        *,
        headers: Mapping[str, str],
        charge: Charge,
        request: Mapping[str, Any],
        endpoint: str,
        tier: str,
        work: Work,
        answer_for: AnswerFor,
    ) -> Answer:
        """Take the payment in `headers` for `request` and run `work` at most once for it."""
        try:
            payload, requirements, evm = self._match(headers, charge)
        except PaymentRejected as exc:
            return answer_for(exc)
        auth = evm.authorization
        key = PaymentKey.of(charge.v2.network, charge.v2.asset, auth.from_, auth.nonce)
        request_print = fingerprint(request, evm.signature)
        try:
            known = await self._ledger.get_payment(key)
            if known is not None:
                return await self._replay(known, key, request_print, charge, answer_for)
            with timed("verify"):
                await self._verify(payload, requirements)
            with timed("reserve"):
                reservation = await self._ledger.reserve(
                    key, x402_version=payload.x402_version, endpoint=endpoint, tier=tier,
                    fingerprint=request_print, amount=charge.amount, pay_to=charge.v2.pay_to,
                )  # fmt: skip
        except Exception as exc:  # nothing reserved, nothing charged
            return answer_for(exc)
        if not reservation.created:  # a concurrent twin reserved it first
            return await self._replay(reservation.payment, key, request_print, charge, answer_for)
        window = int(auth.valid_before) - time.time() - SETTLE_MARGIN_S
        deadline = time.monotonic() + min(window, charge.v2.max_timeout_seconds)
        return await self._run(
            reservation.payment.id, deadline, payload, requirements, charge, work, answer_for
        )

    async def _run(
        self,
        payment_id: int,
        deadline: float,
        payload: Payload,
        requirements: Requirements,
        charge: Charge,
        work: Work,
        answer_for: AnswerFor,
    ) -> Answer:
        try:
            result = await work(payment_id, deadline)
            # staged before settling: a crash after settlement still finds the image
            await self._ledger.stage(payment_id, json.dumps(result))
            with timed("settle"):
                settled = await self._facilitator.settle(payload, requirements)
            if not settled.success:
                raise PaymentRejected(
                    settled.error_reason or "settlement_failed",
                    f"settlement failed: {settled.error_message or settled.error_reason}",
                )
        except Exception as exc:
            answer = answer_for(exc)
            await self._ledger.finish(
                payment_id, status="failed", http_status=answer.status,
                response=json.dumps(answer.body), error=str(exc) or type(exc).__name__,
            )  # fmt: skip
            return answer
        receipt = {
            "transaction": settled.transaction,
            "network": charge.v2.network,
            "payer": settled.payer or "",
            "amount": str(charge.amount),
        }
        body = {**result, "payment": receipt}
        await self._ledger.finish(
            payment_id, status="settled", http_status=200, response=json.dumps(body),
            tx_hash=settled.transaction,
        )  # fmt: skip
        return Answer(200, body, _receipt_headers(receipt))

    def _match(
        self, headers: Mapping[str, str], charge: Charge
    ) -> tuple[Payload, Requirements, ExactEvmPayload]:
        name = V2_HEADER if V2_HEADER in headers else V1_HEADER
        payload = decode_payment(headers[name], name.upper())
        requirements: Requirements
        if isinstance(payload, PaymentPayloadV1):
            if payload.scheme != "exact":
                raise PaymentRejected(
                    "unsupported_scheme", f"scheme {payload.scheme!r} is not accepted"
                )
            if payload.network != charge.v1.network:
                raise PaymentRejected(
                    "invalid_network",
                    f"payment is on {payload.network}; this takes {charge.v1.network}",
                )
            requirements = charge.v1
        else:
            self._match_accepted(payload.accepted, charge.v2)
            requirements = charge.v2
        try:
            evm = ExactEvmPayload.model_validate(payload.payload)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in ("payload", *first["loc"]))
            raise PaymentRejected("invalid_payload", f"{where}: {first['msg']}") from None
        return payload, requirements, evm

    @staticmethod
    def _match_accepted(accepted: PaymentRequirements, ours: PaymentRequirements) -> None:
        pairs = {
            "scheme": (accepted.scheme, ours.scheme),
            "network": (accepted.network, ours.network),
            "asset": (accepted.asset.lower(), ours.asset.lower()),
            "amount": (accepted.amount, ours.amount),
            "payTo": (accepted.pay_to.lower(), ours.pay_to.lower()),
        }
        for name, (theirs, wanted) in pairs.items():
            if theirs != wanted:
                raise PaymentRejected(
                    "invalid_payment_requirements",
                    f"accepted.{name} is {theirs!r}; this request takes {wanted!r}",
                )

    async def _verify(self, payload: Payload, requirements: Requirements) -> None:
        verified = await self._facilitator.verify(payload, requirements)
        if verified.is_valid:
            return
        reason = verified.invalid_reason or "invalid_payment"
        if reason.startswith("unexpected_"):  # the facilitator broke, not the payment
            raise FacilitatorUnavailable(f"facilitator could not verify: {reason}")
        raise PaymentRejected(reason, verified.invalid_message or reason)

    async def _replay(
        self,
        record: PaymentRecord,
        key: PaymentKey,
        request_print: str,
        charge: Charge,
        answer_for: AnswerFor,
    ) -> Answer:
        if record.fingerprint != request_print:
            return answer_for(PaymentReused("this payment already paid for a different request"))
        deadline = time.monotonic() + charge.v2.max_timeout_seconds
        while record.status == "reserved":
            if time.monotonic() > deadline:
                return answer_for(PaymentInProgress("this payment's request is still in progress"))
            await asyncio.sleep(self._poll_s)
            found = await self._ledger.get_payment(key)
            assert found is not None  # rows are never deleted
            record = found
        body = json.loads(record.response or "{}")
        headers = _receipt_headers(body["payment"]) if record.status == "settled" else {}
        return Answer(record.http_status or 500, body, headers)
