"""Listings for document tests: the catalog priced on Base mainnet, no chain needed."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from synthforge.catalog import IMAGE_GENERATE_ULTRA, Endpoint
from synthforge.discovery import Listing, Offer
from synthforge.payments import PaymentTerms, Priced

BASE = "https://gateway.example"
MAINNET = PaymentTerms(
    network="eip155:8453",
    v1_network="base",
    asset="0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
    asset_name="USD Coin",
    asset_version="2",
    decimals=6,
    pay_to="0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
    max_timeout_seconds=300,
)


def listing(
    endpoint: Endpoint = IMAGE_GENERATE_ULTRA,
    prices: Mapping[str, Decimal] | None = None,
    live: set[str] | None = None,
    base: str = BASE,
) -> Listing:
    """`endpoint` for sale at `base`; every tier live unless `live` says which."""
    priced = Priced(endpoint, MAINNET, dict(prices or {}), base + endpoint.path)
    live_tiers = frozenset(t.slug for t in endpoint.tiers) if live is None else frozenset(live)
    return Listing.of(base, [Offer(priced, live_tiers)])
