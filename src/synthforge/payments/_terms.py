"""What the gateway charges, on which network, in which token: requirements and the 402.

The unpaid 402 is the hottest path of the server, so each tier's answer (v1 JSON body and
v2 PAYMENT-REQUIRED header) is rendered once and reused.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from x402.schemas import PaymentRequirements
from x402.schemas.v1 import PaymentRequirementsV1

from ..catalog import Endpoint, Tier

__all__ = ["Charge", "PaymentTerms", "Priced", "b64json"]


def b64json(value: Any) -> str:
    """An x402 header value: base64 of compact JSON."""
    return base64.b64encode(json.dumps(value, separators=(",", ":")).encode()).decode()


@dataclass(frozen=True)
class PaymentTerms:
    """Where the money goes: network (CAIP-2 and its v1 name), token, recipient."""

    network: str
    v1_network: str
    asset: str
    asset_name: str
    asset_version: str
    decimals: int
    pay_to: str
    max_timeout_seconds: int

    def atomic(self, usd: Decimal) -> int:
        """`usd` in the token's atomic units (USDC: 6 decimals)."""
        return int((usd * 10**self.decimals).to_integral_exact())


@dataclass(frozen=True)
class Charge:
    """What one tier of one endpoint costs, in both protocol versions."""

    v2: PaymentRequirements
    v1: PaymentRequirementsV1

    @property
    def amount(self) -> int:
        """The price in atomic units."""
        return int(self.v2.amount)


@dataclass
class Priced:
    """An endpoint's tiers priced under the terms, with their 402 answers prepared."""

    endpoint: Endpoint
    terms: PaymentTerms
    prices_usd: dict[str, Decimal]
    resource_url: str
    _unpaid: dict[str, tuple[bytes, str]] = field(default_factory=dict)

    def price_usd(self, tier: Tier) -> Decimal:
        """What one call of `tier` costs, in USD."""
        return self.prices_usd.get(tier.slug, self.endpoint.default_price_usd)

    def charge(self, tier: Tier) -> Charge:
        """The requirements for `tier`."""
        return self._charges[tier.slug]

    @cached_property
    def _charges(self) -> dict[str, Charge]:
        return {t.slug: self._charge_for(t) for t in self.endpoint.tiers}

    def _charge_for(self, tier: Tier) -> Charge:
        t = self.terms
        amount = str(t.atomic(self.price_usd(tier)))
        extra = {"name": t.asset_name, "version": t.asset_version}
        v2 = PaymentRequirements(
            scheme="exact", network=t.network, asset=t.asset, amount=amount, pay_to=t.pay_to,
            max_timeout_seconds=t.max_timeout_seconds, extra=extra,
        )  # fmt: skip
        v1 = PaymentRequirementsV1(
            scheme="exact", network=t.v1_network, max_amount_required=amount,
            resource=self.resource_url, description=self._description(tier),
            mime_type="application/json", output_schema=self._output_schema, pay_to=t.pay_to,
            max_timeout_seconds=t.max_timeout_seconds, asset=t.asset, extra=extra,
        )  # fmt: skip
        return Charge(v2=v2, v1=v1)

    def _description(self, tier: Tier) -> str:
        return f"{self.endpoint.title}, tier {tier.slug} ({tier.model})"

    @cached_property
    def _output_schema(self) -> dict[str, Any]:
        return {
            "input": {"type": "http", "method": self.endpoint.method, "bodyType": "json",
                      "bodyFields": self.endpoint.input_schema},
            "output": self.endpoint.output_schema,
        }  # fmt: skip

    @cached_property
    def _bazaar(self) -> dict[str, Any]:
        from x402.extensions.bazaar import OutputConfig, declare_discovery_extension

        endpoint = self.endpoint
        extension = declare_discovery_extension(
            input=dict(endpoint.example_request),
            input_schema=endpoint.input_schema,
            body_type="json",
            output=OutputConfig(
                example=dict(endpoint.example_response), schema=endpoint.output_schema
            ),
        )
        extension["bazaar"]["info"]["input"]["method"] = self.endpoint.method
        return extension

    def payment_required(self, tier: Tier, error: str | None = None) -> tuple[bytes, str]:
        """The 402 for `tier`: the v1 JSON body and the v2 PAYMENT-REQUIRED header value."""
        if error is None and tier.slug in self._unpaid:
            return self._unpaid[tier.slug]
        charge = self.charge(tier)
        message = error or "payment required"
        v1 = {
            "x402Version": 1,
            "error": message,
            "accepts": [charge.v1.model_dump(by_alias=True, exclude_none=True)],
        }
        v2 = {
            "x402Version": 2,
            "error": message,
            "resource": {
                "url": self.resource_url,
                "description": self._description(tier),
                "mimeType": "application/json",
            },
            "accepts": [charge.v2.model_dump(by_alias=True, exclude_none=True)],
            "extensions": self._bazaar,
        }
        answer = json.dumps(v1, separators=(",", ":")).encode(), b64json(v2)
        if error is None:
            self._unpaid[tier.slug] = answer
        return answer
