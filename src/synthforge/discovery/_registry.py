"""registry.json: every endpoint, machine-readable, with a JSON Schema of its own shape.

The shape is versioned by `registry_version`: fields are only ever added within a version.
"""

from __future__ import annotations

from typing import Any

from ..catalog import Tier
from ._listing import SERVICE_DESCRIPTION, SERVICE_NAME, Listing, Offer, network_label, usd

__all__ = ["DOCUMENT_PATHS", "REGISTRY_SCHEMA", "REGISTRY_VERSION", "registry_document"]

REGISTRY_VERSION = 1

# The paths every gateway serves its documents at.
DOCUMENT_PATHS = {
    "landing": "/",
    "registry": "/registry.json",
    "registry_schema": "/registry.schema.json",
    "llms_txt": "/llms.txt",
    "openapi": "/openapi.json",
    "docs": "/docs",
}


def registry_document(listing: Listing) -> dict[str, Any]:
    """The registry of `listing`, ready for json.dumps."""
    terms = listing.terms
    return {
        "$schema": listing.url(DOCUMENT_PATHS["registry_schema"]),
        "registry_version": REGISTRY_VERSION,
        "service": {
            "name": SERVICE_NAME,
            "description": SERVICE_DESCRIPTION,
            "url": listing.base_url,
            "documents": {name: listing.url(path) for name, path in DOCUMENT_PATHS.items()},
        },
        "payment": {
            "protocol": "x402",
            "x402_versions": [1, 2],
            "scheme": "exact",
            "network": terms.network,
            "network_v1": terms.v1_network,
            "network_label": network_label(terms),
            "asset": {
                "address": terms.asset,
                "symbol": "USDC",
                "decimals": terms.decimals,
                "eip712": {"name": terms.asset_name, "version": terms.asset_version},
            },
            "pay_to": terms.pay_to,
            "max_timeout_seconds": terms.max_timeout_seconds,
            "headers": {
                "required": "PAYMENT-REQUIRED",
                "payment_v2": "PAYMENT-SIGNATURE",
                "payment_v1": "X-PAYMENT",
                "response": "PAYMENT-RESPONSE",
            },
        },
        "endpoints": [_endpoint(listing, offer) for offer in listing.offers],
    }


def _price(offer: Offer, tier: Tier) -> dict[str, Any]:
    amount = offer.price_usd(tier)
    return {
        "usd": f"{amount:f}",
        "display": usd(amount),
        "amount": str(offer.atomic(tier)),
        "asset": offer.priced.terms.asset,
        "network": offer.priced.terms.network,
        "scheme": "exact",
    }


def _endpoint(listing: Listing, offer: Offer) -> dict[str, Any]:
    endpoint = offer.endpoint
    default = endpoint.default_tier
    return {
        "slug": endpoint.slug,
        "title": endpoint.title,
        "summary": endpoint.summary,
        "description": endpoint.description,
        "method": endpoint.method,
        "path": endpoint.path,
        "url": offer.url,
        "status": offer.status,
        "cluster": endpoint.cluster,
        "category": endpoint.category,
        "tags": list(endpoint.tags),
        "price": _price(offer, default),
        "default_tier": default.slug,
        "tiers": [
            {
                "slug": tier.slug,
                "model": tier.model,
                "maker": tier.maker,
                "summary": tier.summary,
                "default": tier == default,
                "status": offer.tier_status(tier),
                "price": _price(offer, tier),
            }
            for tier in endpoint.tiers
        ],
        "input_schema": endpoint.input_schema,
        "output_schema": endpoint.output_schema,
        "example_request": dict(endpoint.example_request),
        "example_response": dict(endpoint.example_response),
        "man": listing.man_url(endpoint.slug),
        "mcp_tool": endpoint.tool_name,
    }


_STRING = {"type": "string", "minLength": 1}
_URL = {"type": "string", "pattern": "^https?://"}
_PRICE = {
    "type": "object",
    "required": ["usd", "display", "amount", "asset", "network", "scheme"],
    "additionalProperties": False,
    "properties": {
        "usd": {"type": "string", "pattern": r"^\d+(\.\d+)?$"},
        "display": {"type": "string", "pattern": r"^\$\d+\.\d{2,}$"},
        "amount": {"type": "string", "pattern": r"^[1-9]\d*$"},
        "asset": _STRING,
        "network": {"type": "string", "pattern": "^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$"},
        "scheme": {"const": "exact"},
    },
}
_TIER = {
    "type": "object",
    "required": ["slug", "model", "maker", "summary", "default", "status", "price"],
    "additionalProperties": False,
    "properties": {
        "slug": _STRING,
        "model": _STRING,
        "maker": _STRING,
        "summary": {"type": "string"},
        "default": {"type": "boolean"},
        "status": {"enum": ["live", "unavailable"]},
        "price": {"$ref": "#/$defs/price"},
    },
}
_JSON_SCHEMA = {"type": "object", "description": "A JSON Schema, draft 2020-12."}
_ENDPOINT = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "slug", "title", "summary", "description", "method", "path", "url", "status",
        "cluster", "category", "tags", "price", "default_tier", "tiers", "input_schema",
        "output_schema", "example_request", "example_response", "man", "mcp_tool",
    ],
    "properties": {
        "slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "title": _STRING,
        "summary": _STRING,
        "description": _STRING,
        "method": {"enum": ["GET", "POST", "PUT", "PATCH", "DELETE"]},
        "path": {"type": "string", "pattern": "^/"},
        "url": _URL,
        "status": {"enum": ["live", "unavailable"]},
        "cluster": _STRING,
        "category": _STRING,
        "tags": {"type": "array", "items": _STRING, "uniqueItems": True},
        "price": {"$ref": "#/$defs/price"},
        "default_tier": _STRING,
        "tiers": {"type": "array", "items": {"$ref": "#/$defs/tier"}, "minItems": 1},
        "input_schema": _JSON_SCHEMA,
        "output_schema": _JSON_SCHEMA,
        "example_request": {"type": "object"},
        "example_response": {"type": "object"},
        "man": _URL,
        "mcp_tool": {"type": "string", "pattern": "^[a-z0-9_]+$"},
    },
}  # fmt: skip

REGISTRY_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "registry.schema.json",
    "title": "synthforge registry",
    "description": f"Version {REGISTRY_VERSION} of the shape of a synthforge /registry.json.",
    "type": "object",
    "required": ["registry_version", "service", "payment", "endpoints"],
    "additionalProperties": False,
    "properties": {
        "$schema": _URL,
        "registry_version": {"const": REGISTRY_VERSION},
        "service": {
            "type": "object",
            "required": ["name", "description", "url", "documents"],
            "additionalProperties": False,
            "properties": {
                "name": _STRING,
                "description": _STRING,
                "url": _URL,
                "documents": {
                    "type": "object",
                    "required": list(DOCUMENT_PATHS),
                    "additionalProperties": _URL,
                },
            },
        },
        "payment": {
            "type": "object",
            "required": [
                "protocol", "x402_versions", "scheme", "network", "network_v1", "network_label",
                "asset", "pay_to", "max_timeout_seconds", "headers",
            ],
            "additionalProperties": False,
            "properties": {
                "protocol": {"const": "x402"},
                "x402_versions": {"type": "array", "items": {"enum": [1, 2]}, "minItems": 1},
                "scheme": {"const": "exact"},
                "network": _STRING,
                "network_v1": _STRING,
                "network_label": _STRING,
                "asset": {
                    "type": "object",
                    "required": ["address", "symbol", "decimals", "eip712"],
                    "additionalProperties": False,
                    "properties": {
                        "address": {"type": "string", "pattern": "^0x[0-9a-fA-F]{40}$"},
                        "symbol": _STRING,
                        "decimals": {"type": "integer", "minimum": 0},
                        "eip712": {
                            "type": "object",
                            "required": ["name", "version"],
                            "properties": {"name": _STRING, "version": _STRING},
                        },
                    },
                },
                "pay_to": {"type": "string", "pattern": "^0x[0-9a-fA-F]{40}$"},
                "max_timeout_seconds": {"type": "integer", "minimum": 1},
                "headers": {"type": "object", "additionalProperties": _STRING},
            },
        },
        "endpoints": {"type": "array", "items": {"$ref": "#/$defs/endpoint"}, "minItems": 1},
    },
    "$defs": {"price": _PRICE, "tier": _TIER, "endpoint": _ENDPOINT},
}  # fmt: skip
