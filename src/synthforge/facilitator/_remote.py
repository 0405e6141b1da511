"""The facilitator seen from the gateway: one protocol, in-process or a remote HTTP service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from x402.http import FacilitatorConfig, HTTPFacilitatorClient
from x402.schemas import PaymentPayload, PaymentRequirements, SettleResponse, VerifyResponse
from x402.schemas.v1 import PaymentPayloadV1, PaymentRequirementsV1

__all__ = [
    "AuthorizationLookup",
    "AuthorizationOutcome",
    "Facilitator",
    "FacilitatorUnavailable",
    "RemoteFacilitator",
]

Payload = PaymentPayload | PaymentPayloadV1
Requirements = PaymentRequirements | PaymentRequirementsV1


class FacilitatorUnavailable(Exception):
    """The facilitator could not give an answer (down, unreachable, broken)."""


class Facilitator(Protocol):
    """What the payment gate needs from a facilitator."""

    async def verify(self, payload: Payload, requirements: Requirements) -> VerifyResponse:
        """Check a payment without moving money.

        Args:
            payload: the buyer's signed payment.
            requirements: what the seller asked for.

        Returns:
            is_valid with a reason code when not.

        Raises:
            FacilitatorUnavailable: no answer could be had.
        """
        ...

    async def settle(self, payload: Payload, requirements: Requirements) -> SettleResponse:
        """Move the money.

        Args:
            payload: the buyer's signed payment, already verified.
            requirements: what the seller asked for.

        Returns:
            success with the transaction hash, or a reason code.

        Raises:
            FacilitatorUnavailable: no answer could be had.
        """
        ...

    async def aclose(self) -> None:
        """Release connections and threads."""
        ...


@dataclass(frozen=True)
class AuthorizationOutcome:
    """What the chain says of one authorization: used or not, and by which transaction."""

    used: bool
    transaction: str | None


@runtime_checkable
class AuthorizationLookup(Protocol):
    """A facilitator that can read the chain: what crash reconciliation needs."""

    async def authorization_outcome(
        self, asset: str, payer: str, nonce: str
    ) -> AuthorizationOutcome:
        """Read an authorization's state.

        Args:
            asset: the token contract.
            payer: the authorizer (the authorization's `from`).
            nonce: the authorization's bytes32 nonce, 0x-hex.

        Returns:
            used, and the transaction that used it when it can be found.
        """
        ...


class RemoteFacilitator:
    """A facilitator service over HTTP (x402.org, CDP, or `synthforge facilitator`)."""

    def __init__(self, url: str, timeout_s: float = 120.0) -> None:
        self.url = url.rstrip("/")
        self._client = HTTPFacilitatorClient(FacilitatorConfig(url=self.url, timeout=timeout_s))

    async def verify(self, payload: Payload, requirements: Requirements) -> VerifyResponse:
        """Verify over HTTP; any transport or protocol failure is FacilitatorUnavailable."""
        try:
            return await self._client.verify(payload, requirements)
        except Exception as exc:
            raise FacilitatorUnavailable(
                f"facilitator verify failed: {type(exc).__name__}"
            ) from exc

    async def settle(self, payload: Payload, requirements: Requirements) -> SettleResponse:
        """Settle over HTTP; any transport or protocol failure is FacilitatorUnavailable."""
        try:
            return await self._client.settle(payload, requirements)
        except Exception as exc:
            raise FacilitatorUnavailable(
                f"facilitator settle failed: {type(exc).__name__}"
            ) from exc

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self._client.aclose()
