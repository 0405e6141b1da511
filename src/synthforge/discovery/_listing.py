"""What the gateway sells, priced and placed: the one input of every discovery document."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..catalog import Endpoint, Tier
from ..payments import PaymentTerms, Priced

__all__ = ["SERVICE_DESCRIPTION", "SERVICE_NAME", "Listing", "Offer", "network_label", "usd"]

SERVICE_NAME = "synthforge"
SERVICE_DESCRIPTION = (
    "Pay-per-call media generation over x402: flagship text-to-image models behind one"
    " HTTP endpoint, paid per call in USDC with no account and no API key."
)
_NETWORKS = {"base": "base mainnet", "base-sepolia": "base sepolia"}


def usd(amount: Decimal) -> str:
    """A price as buyers read it: $0.30, $1.25, $0.005."""
    exponent = amount.normalize().as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"${amount:.{places}f}"


def network_label(terms: PaymentTerms) -> str:
    """The network as people say it: base mainnet, base sepolia, or its CAIP-2 id."""
    return _NETWORKS.get(terms.v1_network, terms.network)


@dataclass(frozen=True)
class Offer:
    """One endpoint for sale: its prices under the terms, and which tiers can serve now."""

    priced: Priced
    live_tiers: frozenset[str]

    @property
    def endpoint(self) -> Endpoint:
        """The catalog entry."""
        return self.priced.endpoint

    @property
    def url(self) -> str:
        """Where to POST."""
        return self.priced.resource_url

    @property
    def status(self) -> str:
        """live while any tier can serve, else unavailable."""
        return "live" if self.live_tiers else "unavailable"

    def tier_status(self, tier: Tier) -> str:
        """live when the tier has a route, else unavailable (its calls answer 503)."""
        return "live" if tier.slug in self.live_tiers else "unavailable"

    def price_usd(self, tier: Tier | None = None) -> Decimal:
        """The price of `tier` (default: the default tier)."""
        return self.priced.price_usd(tier or self.endpoint.default_tier)

    def atomic(self, tier: Tier | None = None) -> int:
        """The price of `tier` in the token's atomic units."""
        return self.priced.charge(tier or self.endpoint.default_tier).amount

    def price_label(self) -> str:
        """$0.30, or "from $0.30" when tiers are priced differently."""
        prices = {self.price_usd(t) for t in self.endpoint.tiers}
        cheapest = usd(min(prices))
        return cheapest if len(prices) == 1 else f"from {cheapest}"


@dataclass(frozen=True)
class Listing:
    """Every offer of one gateway, at its public base URL, under one set of terms."""

    base_url: str
    offers: tuple[Offer, ...]

    @classmethod
    def of(cls, base_url: str, offers: Iterable[Offer]) -> Listing:
        """The listing at `base_url` (no trailing slash kept)."""
        offers = tuple(offers)
        if not offers:
            raise ValueError("a listing needs at least one offer")
        return cls(base_url.rstrip("/"), offers)

    @property
    def terms(self) -> PaymentTerms:
        """Network, token and recipient, shared by every offer."""
        return self.offers[0].priced.terms

    def offer(self, slug: str) -> Offer:
        """The offer of the endpoint named `slug` (KeyError if none)."""
        for offer in self.offers:
            if offer.endpoint.slug == slug:
                return offer
        raise KeyError(slug)

    def url(self, path: str) -> str:
        """An absolute URL on this gateway."""
        return self.base_url + path

    def man_url(self, slug: str) -> str:
        """The man page of an endpoint."""
        return self.url(f"/man/{slug}")

    def mcp_config(self) -> dict[str, Any]:
        """The `mcpServers` entry an MCP client reads to run `synthforge mcp` against us."""
        server = {"command": SERVICE_NAME, "args": ["mcp"],
                  "env": {"SYNTHFORGE_BUYER__URL": self.base_url}}  # fmt: skip
        return {"mcpServers": {SERVICE_NAME: server}}
