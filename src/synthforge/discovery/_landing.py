"""The landing page at /: server-rendered HTML, no build step, no external resources."""

from __future__ import annotations

import html
import json

from ._examples import curl_command, generate_command
from ._fields import Field, fields
from ._landing_assets import FAVICON, SCRIPT, STYLE
from ._listing import SERVICE_DESCRIPTION, SERVICE_NAME, Listing, Offer, network_label, usd
from ._registry import DOCUMENT_PATHS

__all__ = ["render_landing"]


def _e(value: object) -> str:
    return html.escape(str(value))


def render_landing(listing: Listing) -> str:
    """The landing page of `listing` as one HTML document."""
    cards = "\n".join(_card(listing, offer) for offer in listing.offers)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{_e(SERVICE_NAME)}: pay-per-call text-to-image over x402</title>
<meta name="description" content="{_e(SERVICE_DESCRIPTION)}">
<link rel="icon" href="{FAVICON}">
<style>{STYLE}</style>
</head>
<body>
{_header(listing)}
<main class="wrap">
{_paying(listing)}
<h2 id="endpoints">Endpoints</h2>
{cards}
</main>
{_footer(listing)}
<script>{SCRIPT}</script>
</body>
</html>
"""


def _doc(listing: Listing, name: str) -> str:
    return _e(listing.url(DOCUMENT_PATHS[name]))


def _header(listing: Listing) -> str:
    return f"""<header class="site">
<div class="wrap">
<p class="eyebrow">x402 · USDC on {_e(network_label(listing.terms))}</p>
<h1 id="service">{_e(SERVICE_NAME)}</h1>
<p class="lede">{_e(SERVICE_DESCRIPTION)}</p>
<nav aria-label="Documents">
<a href="#paying">How paying works</a>
<a href="#endpoints">Endpoints</a>
<a href="{_doc(listing, "llms_txt")}">llms.txt</a>
<a href="{_doc(listing, "registry")}">registry.json</a>
</nav>
</div>
</header>"""


def _paying(listing: Listing) -> str:
    terms = listing.terms
    return f"""<section id="paying" aria-labelledby="paying-title">
<h2 id="paying-title">How paying works</h2>
<ol class="steps">
<li><strong>Ask.</strong> Send the request with no payment. The answer is
<code>402 Payment Required</code> with the price and terms: base64 JSON in the
<code>PAYMENT-REQUIRED</code> header (x402 v2), and the same terms as JSON in the body
(x402 v1).</li>
<li><strong>Sign.</strong> Sign a USDC <code>transferWithAuthorization</code> (EIP-3009) of
exactly that price to the recipient below. It is an off-chain signature: no gas, and no money
moves yet.</li>
<li><strong>Retry.</strong> Send the same request again with the signed payment in the
<code>PAYMENT-SIGNATURE</code> header (v2) or <code>X-PAYMENT</code> (v1). The gateway
generates the image, settles the transfer and answers <code>200</code> with the result and a
<code>PAYMENT-RESPONSE</code> receipt. A call that fails is never settled.</li>
</ol>
<dl class="terms">
<dt>Network</dt><dd class="network">{_network(listing)}</dd>
<dt>Token</dt><dd class="token">USDC <code class="addr">{_e(terms.asset)}</code></dd>
<dt>Pay to</dt><dd class="pay-to"><code class="addr">{_e(terms.pay_to)}</code></dd>
<dt>Signature valid</dt><dd>{_e(terms.max_timeout_seconds)} s</dd>
</dl>
<p class="note">No account and no API key. The <code>synthforge</code> CLI and MCP server
below do all three steps for you, within the budget you set.</p>
</section>"""


def _network(listing: Listing) -> str:
    terms = listing.terms
    label = network_label(terms)
    # an unnamed network's label is already its CAIP-2 id
    return _e(label) if label == terms.network else f"{_e(label)} <code>{_e(terms.network)}</code>"


def _card(listing: Listing, offer: Offer) -> str:
    endpoint = offer.endpoint
    slug = _e(endpoint.slug)
    tags = "".join(f"<li>{_e(tag)}</li>" for tag in endpoint.tags)
    return f"""<article class="endpoint" id="endpoint-{slug}" data-slug="{slug}"
 data-status="{_e(offer.status)}">
<header class="card-head">
<div>
<h3>{_e(endpoint.title)}</h3>
<p class="route"><span class="method">{_e(endpoint.method)}</span>
<code class="path">{_e(endpoint.path)}</code></p>
</div>
<div class="badges">
<span class="price">{_e(offer.price_label())}</span><span class="per">per call</span>
<span class="status {_e(offer.status)}">{_e(offer.status)}</span>
</div>
</header>
<p class="summary">{_e(endpoint.summary)}</p>
<p class="description">{_e(endpoint.description)}</p>
<ul class="tags" aria-label="Tags">{tags}</ul>
<h4>Tiers</h4>
<div class="scroll">{_tiers(offer)}</div>
<h4>Input <span class="sub">JSON request body</span></h4>
<div class="scroll">{_fields_table("input", fields(endpoint.input_schema))}</div>
<h4>Output <span class="sub">JSON body of a 200</span></h4>
<div class="scroll">{_fields_table("output", fields(endpoint.output_schema))}</div>
<h4>Try it</h4>
{_examples(listing, offer)}
<details>
<summary>Example response</summary>
<pre class="response"><code>{_e(json.dumps(dict(endpoint.example_response), indent=2))}</code></pre>
</details>
<p class="note">Full reference: <a href="{_e(listing.man_url(endpoint.slug))}">man page</a>
· MCP tool <code>{_e(endpoint.tool_name)}</code></p>
</article>"""


def _tiers(offer: Offer) -> str:
    default = offer.endpoint.default_tier
    rows = []
    for tier in offer.endpoint.tiers:
        status = offer.tier_status(tier)
        mark = ' <span class="default-mark">default</span>' if tier == default else ""
        rows.append(
            f'<tr data-tier="{_e(tier.slug)}" data-status="{_e(status)}"'
            f' data-default="{str(tier == default).lower()}">'
            f'<td class="tier-slug"><code>{_e(tier.slug)}</code>{mark}</td>'
            f'<td class="tier-model"><code>{_e(tier.model)}</code> '
            f'<span class="sub">{_e(tier.maker)} · {_e(tier.summary)}</span></td>'
            f'<td class="tier-price">{_e(usd(offer.price_usd(tier)))}</td>'
            f'<td class="tier-status"><span class="pill {_e(status)}">{_e(status)}</span></td>'
            "</tr>"
        )
    head = "<th>Tier</th><th>Model · maker</th><th>Price</th><th>Status</th>"
    return (
        f'<table class="tiers"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _values(field: Field) -> str:
    parts = []
    if field.default is not None:
        parts.append(f"<span>default <code>{_e(field.default)}</code></span>")
    if field.range is not None:
        parts.append(f"<span>range <code>{_e(field.range)}</code></span>")
    if field.choices:
        choices = " ".join(f"<code>{_e(c)}</code>" for c in field.choices)
        parts.append(f"<span>one of {choices}</span>")
    return " ".join(parts)


def _fields_table(kind: str, rows: list[Field]) -> str:
    with_values = any(_values(field) for field in rows)
    body = []
    for field in rows:
        values = f'<td class="values">{_values(field)}</td>' if with_values else ""
        body.append(
            f'<tr data-field="{_e(field.path)}">'
            f'<td class="field-name"><code>{_e(field.path)}</code></td>'
            f'<td class="field-type">{_e(field.type)}</td>'
            f'<td class="field-required">{"required" if field.required else "optional"}</td>'
            f'<td class="field-description">{_e(field.description)}</td>{values}</tr>'
        )
    values_head = "<th>Values</th>" if with_values else ""
    head = f"<th>Field</th><th>Type</th><th>Required</th><th>Description</th>{values_head}"
    return (
        f'<table class="fields {kind}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _mcp_example(listing: Listing) -> str:
    return json.dumps(listing.mcp_config(), indent=2)


def _example(slug: str, kind: str, title: str, text: str, note: str) -> str:
    target = f"example-{slug}-{kind}"
    return f"""<div class="example-head"><h5>{title}</h5>
<button class="copy" type="button" data-target="{target}">Copy</button></div>
<pre class="example" data-kind="{kind}" id="{target}"><code>{_e(text)}</code></pre>
<p class="note">{note}</p>"""


def _examples(listing: Listing, offer: Offer) -> str:
    endpoint = offer.endpoint
    slug = _e(endpoint.slug)
    generate = generate_command(listing, offer)
    return "\n".join(
        [
            _example(
                slug, "curl", "curl", curl_command(offer),
                "The first call answers <code>402</code> with the terms to sign.",
            ),
            *([_example(
                slug, "cli", "Command line", generate,
                "Pays from the buyer key in <code>SYNTHFORGE_BUYER__PRIVATE_KEY_FILE</code>"
                " (or a keystore) and saves the PNG.",
            )] if generate else []),
            _example(
                slug, "mcp", "MCP client configuration", _mcp_example(listing),
                f"Adds the tool <code>{_e(endpoint.tool_name)}</code>; ask for an image and"
                " the server pays per call, within the buyer's budget.",
            ),
        ]
    )  # fmt: skip


def _footer(listing: Listing) -> str:
    man = "".join(
        f'<li><a href="{_e(listing.man_url(o.endpoint.slug))}">man {_e(o.endpoint.slug)}</a>'
        " &ndash; the endpoint's reference as a man page</li>"
        for o in listing.offers
    )
    return f"""<footer class="site">
<div class="wrap">
<h2>For programs and agents</h2>
<ul class="documents">
<li><a href="{_doc(listing, "llms_txt")}">llms.txt</a> &ndash; the index agents read first</li>
<li><a href="{_doc(listing, "registry")}">registry.json</a> &ndash; every endpoint, price and schema
(<a href="{_doc(listing, "registry_schema")}">its JSON Schema</a>)</li>
<li><a href="{_doc(listing, "openapi")}">openapi.json</a> &ndash; the OpenAPI 3.1 document</li>
<li><a href="{_doc(listing, "docs")}">docs</a> &ndash; interactive API reference</li>
{man}
</ul>
<p>{_e(SERVICE_NAME)} · x402 v1 and v2 · scheme exact · {_e(network_label(listing.terms))}</p>
</div>
</footer>"""
