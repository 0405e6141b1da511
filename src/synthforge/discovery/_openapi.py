"""The OpenAPI 3.1 document: the framework's routes, with the paid operations described fully.

The paid routes read their body themselves (the unpaid 402 must not wait for validation),
so the framework cannot see their request and response shapes: they are written here from
the catalog, with the 402 and its requirements, the payment headers and every error.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

from ._listing import SERVICE_DESCRIPTION, SERVICE_NAME, Listing, Offer, network_label
from ._registry import REGISTRY_SCHEMA

__all__ = ["PAID_STATUSES", "openapi_document"]

_REF = "#/components/schemas/"
_JSON = "application/json"

# What a paid call can answer, and why.
PAID_STATUSES: dict[int, str] = {
    200: "Paid and generated: the response, with the settlement in PAYMENT-RESPONSE.",
    400: "A payment was sent with an invalid body; nothing was verified or charged.",
    402: "Payment required: no payment, or the payment was refused; nothing was charged.",
    409: "The payment was already used for another request, or is still in progress.",
    422: "The upstream refused the prompt (content policy); nothing was charged.",
    502: "The upstream failed in a way retrying will not fix; nothing was charged.",
    503: "No route, the facilitator or storage is unavailable now; nothing was charged.",
}
_ERRORS = {400: "invalid_request", 409: "payment_reused", 422: "content_refused",
           502: "upstream_error", 503: "upstream_unavailable"}  # fmt: skip

_ERROR = {
    "type": "object",
    "description": "Every failure: a code, a message, and that the buyer was not charged.",
    "required": ["error", "message", "charged"],
    "properties": {
        "error": {"type": "string", "description": "Machine-readable reason."},
        "message": {"type": "string", "description": "What went wrong, naming the field."},
        "charged": {"const": False, "description": "Always false: no money moved."},
        "route": {"type": "string", "description": "The upstream route, when one answered."},
    },
}
_REQUIREMENTS_V1 = {
    "type": "object",
    "description": "x402 v1 payment requirements (one accepted way to pay).",
    "required": ["scheme", "network", "maxAmountRequired", "resource", "payTo", "asset",
                 "maxTimeoutSeconds"],
    "properties": {
        "scheme": {"const": "exact"},
        "network": {"type": "string"},
        "maxAmountRequired": {"type": "string", "pattern": "^[0-9]+$"},
        "resource": {"type": "string"},
        "description": {"type": "string"},
        "mimeType": {"type": "string"},
        "outputSchema": {"type": "object"},
        "payTo": {"type": "string"},
        "maxTimeoutSeconds": {"type": "integer"},
        "asset": {"type": "string"},
        "extra": {"type": "object"},
    },
}  # fmt: skip
_PAYMENT_REQUIRED = {
    "type": "object",
    "description": "The x402 v1 402 body. The v2 form is base64 JSON in PAYMENT-REQUIRED.",
    "required": ["x402Version", "error", "accepts"],
    "properties": {
        "x402Version": {"const": 1},
        "error": {"type": "string", "description": "Why: payment required, or the refusal."},
        "accepts": {
            "type": "array",
            "minItems": 1,
            "items": {"$ref": _REF + "PaymentRequirementsV1"},
        },
        "charged": {"const": False},
    },
}  # fmt: skip
_BASE64_HEADER = {"type": "string", "pattern": "^[A-Za-z0-9+/=]+$"}


def openapi_document(listing: Listing, generated: Mapping[str, Any]) -> dict[str, Any]:
    """`generated` (the framework's document) completed with `listing`'s paid operations."""
    doc = copy.deepcopy(dict(generated))
    terms = listing.terms
    doc["info"] = {
        "title": SERVICE_NAME,
        "version": doc.get("info", {}).get("version", "1"),
        "description": (
            f"{SERVICE_DESCRIPTION}\n\nPaid operations answer **402 Payment Required** first."
            " Sign a USDC `transferWithAuthorization` (EIP-3009, x402 scheme `exact`) on"
            f" {network_label(terms)} ({terms.network}) to {terms.pay_to}, then retry the same"
            " request with `PAYMENT-SIGNATURE` (x402 v2) or `X-PAYMENT` (v1). A retry with the"
            " same payment returns the same answer and is never charged twice."
        ),
    }
    doc["servers"] = [{"url": listing.base_url}]
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    _strip_framework_validation(doc, schemas)
    for name, schema in (("Error", _ERROR), ("PaymentRequirementsV1", _REQUIREMENTS_V1),
                         ("PaymentRequired", _PAYMENT_REQUIRED)):  # fmt: skip
        _hoist(name, schema, schemas)
    _hoist("Registry", REGISTRY_SCHEMA, schemas, prefix="Registry")
    for offer in listing.offers:
        endpoint = offer.endpoint
        operation = _paid_operation(offer, schemas)
        doc.setdefault("paths", {}).setdefault(endpoint.path, {})[endpoint.method.lower()] = (
            operation
        )
    return doc


def _paid_operation(offer: Offer, schemas: dict[str, Any]) -> dict[str, Any]:
    endpoint = offer.endpoint
    request = _hoist(endpoint.input_schema.get("title", "Request"), endpoint.input_schema, schemas)
    prices = ", ".join(f"{t.slug} {offer.price_usd(t)}" for t in endpoint.tiers)
    return {
        "operationId": endpoint.tool_name,
        "summary": f"{endpoint.title}: {endpoint.summary} ({offer.price_label()} per call)",
        "description": f"{endpoint.description}\n\nPrice per call in USD by tier: {prices}.",
        "tags": ["paid"],
        "parameters": [
            _payment_parameter("PAYMENT-SIGNATURE", "x402 v2 payment: base64 JSON PaymentPayload."),
            _payment_parameter("X-PAYMENT", "x402 v1 payment: base64 JSON payment payload."),
        ],
        "requestBody": {
            "required": True,
            "content": {_JSON: {"schema": request, "example": dict(endpoint.example_request)}},
        },
        "responses": {str(status): _response(offer, status, schemas) for status in PAID_STATUSES},
    }


def _response(offer: Offer, status: int, schemas: dict[str, Any]) -> dict[str, Any]:
    endpoint, why = offer.endpoint, PAID_STATUSES[status]
    headers: dict[str, Any] = {}
    if status == 200:
        output = endpoint.output_schema
        schema = _hoist(output.get("title", "Response"), output, schemas)
        example: Any = dict(endpoint.example_response)
        headers["PAYMENT-RESPONSE"] = _header("base64 JSON settlement: transaction, payer.")
        headers["X-PAYMENT-RESPONSE"] = _header("The same settlement, for x402 v1 clients.")
    elif status == 402:
        schema = {"$ref": _REF + "PaymentRequired"}
        example = json.loads(offer.priced.payment_required(endpoint.default_tier)[0])
        headers["PAYMENT-REQUIRED"] = _header(
            "base64 JSON x402 v2 PaymentRequired: accepts (scheme, network, asset, amount,"
            " payTo, maxTimeoutSeconds, extra), resource, and the bazaar discovery extension."
        )
    else:
        schema = {"$ref": _REF + "Error"}
        example = {"error": _ERRORS[status], "message": why, "charged": False}
        if status in (409, 503):
            headers["Retry-After"] = {
                "description": "Seconds to wait before retrying.",
                "required": False,
                "schema": {"type": "string", "pattern": "^[0-9]+$"},
            }
    answer: dict[str, Any] = {
        "description": why,
        "content": {_JSON: {"schema": schema, "example": example}},
    }
    if headers:
        answer["headers"] = headers
    return answer


def _header(description: str) -> dict[str, Any]:
    return {"description": description, "required": True, "schema": _BASE64_HEADER}


def _payment_parameter(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "header", "required": False, "description": description,
            "schema": {"type": "string"}}  # fmt: skip


def _hoist(
    name: str, schema: Mapping[str, Any], schemas: dict[str, Any], prefix: str = ""
) -> dict[str, str]:
    """Put a JSON Schema and its `$defs` under components; returns a reference to it."""
    own = copy.deepcopy(dict(schema))
    defs = own.pop("$defs", {})
    for key in ("$schema", "$id"):
        own.pop(key, None)
    rename = {f"#/$defs/{d}": f"{_REF}{prefix}{d[:1].upper()}{d[1:]}" for d in defs}
    for def_name, definition in defs.items():
        _add(
            rename[f"#/$defs/{def_name}"].removeprefix(_REF), _rewrite(definition, rename), schemas
        )
    _add(name, _rewrite(own, rename), schemas)
    return {"$ref": _REF + name}


def _add(name: str, schema: Any, schemas: dict[str, Any]) -> None:
    if name in schemas and schemas[name] != schema:
        raise ValueError(f"two different schemas are both named {name!r}")
    schemas[name] = schema


def _rewrite(node: Any, rename: Mapping[str, str]) -> Any:
    if isinstance(node, dict):
        return {k: rename.get(v, v) if k == "$ref" else _rewrite(v, rename)
                for k, v in node.items()}  # fmt: skip
    if isinstance(node, list):
        return [_rewrite(item, rename) for item in node]
    return node


def _strip_framework_validation(doc: dict[str, Any], schemas: dict[str, Any]) -> None:
    """Drop the framework's 422 answers: no route here validates through the framework."""
    for operations in doc.get("paths", {}).values():
        for operation in operations.values():
            operation.get("responses", {}).pop("422", None)
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
