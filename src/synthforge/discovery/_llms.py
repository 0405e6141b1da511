"""llms.txt: the plain-text index agents read first (the llmstxt.org layout).

An H1, a one-paragraph summary, how to pay in a few lines, then link lists: the
endpoints (each with its price, tiers and man page) and the machine-readable documents.
"""

from __future__ import annotations

import json

from ._listing import SERVICE_DESCRIPTION, SERVICE_NAME, Listing, Offer, network_label, usd
from ._registry import DOCUMENT_PATHS

__all__ = ["render_llms_txt"]


def render_llms_txt(listing: Listing) -> str:
    """The llms.txt of `listing`."""
    terms = listing.terms
    lines = [
        f"# {SERVICE_NAME}",
        "",
        f"> {SERVICE_DESCRIPTION}",
        "",
        "## How to pay (x402, scheme exact)",
        "",
        "1. POST the JSON body. The first answer is `402 Payment Required`: the price and payee"
        " are base64 JSON in the `PAYMENT-REQUIRED` header (x402 v2) and in the JSON body"
        " (x402 v1, `accepts`). An invalid body is named in the 402's `error`: fix it before"
        " paying.",
        "2. Sign a USDC `transferWithAuthorization` (EIP-3009) for exactly that amount to"
        f" `payTo`, on {network_label(terms)} (`{terms.network}`), token `{terms.asset}`.",
        "3. Send the same request again with the signed payload, base64 JSON, in"
        " `PAYMENT-SIGNATURE` (v2) or `X-PAYMENT` (v1). A 200 carries the settlement in"
        " `PAYMENT-RESPONSE`.",
        '4. A failure answers `"charged": false` and moves no money. Retrying with the same'
        " payment returns the same answer and is never charged twice.",
        "",
        f"Payee: `{terms.pay_to}`. Payment window: {terms.max_timeout_seconds} s.",
        "",
        "## Endpoints",
        "",
    ]
    for offer in listing.offers:
        lines += _endpoint(listing, offer)
    lines += [
        "## Documents",
        "",
        f"- [registry.json]({listing.url(DOCUMENT_PATHS['registry'])}): every endpoint with"
        " method, URL, prices in USD and atomic units, tiers, input and output JSON Schemas",
        f"- [OpenAPI]({listing.url(DOCUMENT_PATHS['openapi'])}): OpenAPI 3.1, the 402 and"
        " every error documented",
        f"- [API docs]({listing.url(DOCUMENT_PATHS['docs'])}): interactive OpenAPI docs",
        f"- [Landing page]({listing.url(DOCUMENT_PATHS['landing'])}): the same, for people",
        "",
        "## Optional",
        "",
        "- MCP: `synthforge mcp` serves each endpoint as a tool ("
        + ", ".join(f"`{o.endpoint.tool_name}`" for o in listing.offers)
        + ") that pays automatically within a per-call cap and a budget.",
        "- CLI and Python client (the `synthforge` package): `synthforge generate` or"
        " `synthforge.buyer.Client` pay the same way.",
        "",
    ]
    return "\n".join(lines)


def _endpoint(listing: Listing, offer: Offer) -> list[str]:
    endpoint = offer.endpoint
    tiers = "; ".join(
        f"`{t.slug}` = {t.model} ({t.summary}), {usd(offer.price_usd(t))}"
        + ("" if offer.tier_status(t) == "live" else ", unavailable now")
        for t in endpoint.tiers
    )
    required = endpoint.input_schema.get("required", [])
    return [
        f"- [{endpoint.slug}]({listing.man_url(endpoint.slug)}): {endpoint.summary}."
        f" `{endpoint.method} {offer.url}`, {offer.price_label()} USDC per call,"
        f" status {offer.status}.",
        f"  - Tiers (field `tier`, default `{endpoint.default_tier.slug}`): {tiers}.",
        f"  - Body: JSON, required {', '.join(f'`{r}`' for r in required) or 'nothing'};"
        f" example `{json.dumps(dict(endpoint.example_request))}`.",
        f"  - Returns: {', '.join(f'`{p}`' for p in endpoint.output_schema['properties'])}.",
        f"  - Schemas: `input_schema` and `output_schema` of `{endpoint.slug}` in"
        f" {listing.url(DOCUMENT_PATHS['registry'])}; man page {listing.man_url(endpoint.slug)}.",
        "",
    ]
