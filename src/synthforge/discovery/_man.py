"""Man pages: one per endpoint, in the seed's sections, as plain text and as roff for man(1).

Everything on the page comes from the listing: the catalog entry, its prices under the
payment terms, and the gateway's public URL.
"""

from __future__ import annotations

import json

from ._examples import curl_command, example_prompt, generate_command
from ._fields import fields
from ._listing import SERVICE_NAME, Listing, Offer, network_label, usd
from ._man_roff import roff_of
from ._man_text import Block, Code, Heading, ManPage, Para, Section, Table, text_of
from ._registry import DOCUMENT_PATHS

__all__ = ["man_page", "render_man", "render_roff"]

_COUNTS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def render_man(listing: Listing, slug: str) -> str:
    """The man page of endpoint `slug` as plain text (KeyError for an unknown slug)."""
    return text_of(man_page(listing, slug))


def render_roff(listing: Listing, slug: str) -> str:
    """The man page of endpoint `slug` as roff for man(1) (KeyError for an unknown slug)."""
    return roff_of(man_page(listing, slug))


def man_page(listing: Listing, slug: str) -> ManPage:
    """The page of endpoint `slug`, laid out by neither text nor roff yet."""
    offer = listing.offer(slug)
    endpoint = offer.endpoint
    terms = listing.terms
    examples = _examples(listing, offer)
    return ManPage(
        name=endpoint.slug,
        source=SERVICE_NAME,
        summary=f"{endpoint.title} / {endpoint.summary}",
        trail=f"{SERVICE_NAME} / {endpoint.category} / {endpoint.slug}",
        banner=(
            f"PRICE / CALL  {offer.price_label()}  USDC · {network_label(terms)} · scheme: exact",
            f"METHOD {endpoint.method}   CLUSTER {endpoint.cluster}   "
            f"CATEGORY {endpoint.category}   STATUS {offer.status}",
        ),
        sections=(
            Section("SYNOPSIS", _synopsis(offer)),
            Section("DESCRIPTION", _description(offer)),
            Section("INPUT", _input(offer), "request schema"),
            Section("OUTPUT", _output(offer), "response shape"),
            Section(
                "EXAMPLES", examples, f"{_COUNTS.get(_count(examples), 'several')} ways to call"
            ),
            Section("METADATA", (_metadata(listing, offer),)),
            Section("ADJACENT", _adjacent(listing, offer), "other endpoints of this gateway"),
            Section("SEE ALSO", (_see_also(listing, offer),)),
        ),
    )


def _body(offer: Offer) -> str:
    return json.dumps(dict(offer.endpoint.example_request), ensure_ascii=False)


def _synopsis(offer: Offer) -> tuple[Block, ...]:
    method = offer.endpoint.method
    pad = " " * (len(method) + 1)
    return (
        Code((
            f"{method} {offer.url}",
            f"{pad}Content-Type:      application/json",
            f"{pad}PAYMENT-SIGNATURE: <signed payment, x402 v2>   (or X-PAYMENT: <x402 v1>)",
            f"{pad}{_body(offer)}",
        )),
        Para(
            "↳ first call → 402 Payment Required, with the payment requirements in the"
            " PAYMENT-REQUIRED header (x402 v2) and in the JSON body (x402 v1). Sign a USDC"
            " transferWithAuthorization (EIP-3009) for the price and retry the same request"
            " with the PAYMENT-SIGNATURE header (v2) or X-PAYMENT (v1). The 200 answer"
            " carries the settlement in PAYMENT-RESPONSE (X-PAYMENT-RESPONSE for v1)."
        ),
    )  # fmt: skip


def _description(offer: Offer) -> tuple[Block, ...]:
    endpoint = offer.endpoint
    default = endpoint.default_tier
    rows = tuple(
        (
            tier.slug + (" *" if tier == default else ""),
            tier.model,
            tier.maker,
            usd(offer.price_usd(tier)),
            offer.tier_status(tier),
            tier.summary,
        )
        for tier in endpoint.tiers
    )
    blocks: list[Block] = [
        Para(endpoint.description),
        Para(
            f'Tiers: send "tier" to choose one, or "model" to name its model. The default'
            f" tier, marked with *, is {default.slug} ({default.model}): a request naming"
            " neither gets it."
        ),
        Table(rows, ("TIER", "MODEL", "MAKER", "PRICE", "STATUS", "ABOUT")),
    ]
    if offer.live_tiers != {t.slug for t in endpoint.tiers}:
        blocks.append(
            Para("An unavailable tier has no upstream configured: its calls answer 503, unpaid.")
        )
    blocks.append(
        Para(
            f"Each call is paid on its own, {offer.price_label()} in USDC on"
            f" {network_label(offer.priced.terms)}, and settled only once the result is"
            ' delivered. A failed call is never charged (its error says "charged": false);'
            " the same payment sent again for the same request returns the same answer and is"
            " charged once."
        )
    )
    return tuple(blocks)


def _input(offer: Offer) -> tuple[Block, ...]:
    rows = tuple(
        (f.path, f.type_code, "required" if f.required else "optional", f.explained())
        for f in fields(offer.endpoint.input_schema)
    )
    return (
        Para("The JSON body; unknown properties are refused by name."),
        Table(rows, ("PROPERTY", "TYPE", "REQ?", "DESCRIPTION")),
    )


def _output(offer: Offer) -> tuple[Block, ...]:
    rows = tuple((f.path, f.type_code, f.explained()) for f in fields(offer.endpoint.output_schema))
    example = json.dumps(dict(offer.endpoint.example_response), indent=2, ensure_ascii=False)
    return (
        Para("The 200 answer's JSON body, every field always present (|null: may be null)."),
        Table(rows, ("FIELD", "TYPE", "DESCRIPTION")),
        Heading("for example"),
        Code(tuple(example.splitlines())),
    )


def _count(blocks: tuple[Block, ...]) -> int:
    return sum(isinstance(b, Heading) for b in blocks)


def _examples(listing: Listing, offer: Offer) -> tuple[Block, ...]:
    endpoint = offer.endpoint
    prompt = example_prompt(offer)
    ask = f"use the {endpoint.tool_name} tool: {prompt}"
    blocks: list[Block] = [
        Heading("EXAMPLE 1 · curl"),
        Code(tuple(curl_command(offer).splitlines())),
        Para(
            "The first response is 402 Payment Required with the payment requirements; sign"
            " them and retry with PAYMENT-SIGNATURE (or X-PAYMENT)."
        ),
        Heading("EXAMPLE 2 · mcp"),
        Para("Add the server once to the MCP client's configuration, then ask for an image:"),
        Code((*json.dumps(listing.mcp_config(), indent=2).splitlines(), "", f'"{ask}"')),
        Para(
            f"synthforge mcp serves the tool {endpoint.tool_name} and pays from the buyer"
            " wallet (SYNTHFORGE_BUYER__PRIVATE_KEY or _PRIVATE_KEY_FILE) within"
            " max_per_call_usd and budget_usd: the agent just calls the tool by name."
        ),
    ]  # fmt: skip
    # the buyer CLI and Python client buy exactly the endpoints the CLI can
    generate = generate_command(listing, offer)
    if generate is not None:
        blocks += _buyer_examples(listing, offer, generate, prompt)
    return tuple(blocks)


def _buyer_examples(listing: Listing, offer: Offer, generate: str, prompt: str) -> list[Block]:
    tier = offer.endpoint.default_tier.slug
    return [
        Heading("EXAMPLE 3 · synthforge generate"),
        Code((generate,)),
        Para("Add --dry-run to see the price and pay nothing."),
        Heading("EXAMPLE 4 · python"),
        Code((
            "from pathlib import Path",
            "from synthforge.buyer import Client",
            "",
            "# KEY: the buyer wallet's private key",
            f"with Client({listing.base_url!r}, wallet=KEY, journal=Path('spend.db')) as client:",
            f"    result = client.generate({prompt!r}, tier={tier!r})",
            "    print(result.response.image_url, result.response.payment.transaction)",
        )),
    ]  # fmt: skip


def _metadata(listing: Listing, offer: Offer) -> Table:
    endpoint = offer.endpoint
    terms = listing.terms
    default = endpoint.default_tier
    live = sum(t.slug in offer.live_tiers for t in endpoint.tiers)
    return Table((
        ("tags", " · ".join(endpoint.tags)),
        ("method", f"{endpoint.method} {endpoint.path}"),
        ("cluster", endpoint.cluster),
        ("category", endpoint.category),
        ("status", f"{offer.status} ({live} of {len(endpoint.tiers)} tiers live)"),
        ("mcp tool", endpoint.tool_name),
        ("price", f"{offer.price_label()} USDC per call; default tier {default.slug}"
                  f" {usd(offer.price_usd())} = {offer.atomic()} atomic units"),
        ("network", f"{network_label(terms)} ({terms.network}; x402 v1: {terms.v1_network}),"
                    " scheme exact"),
        ("asset", f"{terms.asset} ({terms.asset_name}, version {terms.asset_version},"
                  f" {terms.decimals} decimals)"),
        ("pay to", terms.pay_to),
        ("valid for", f"{terms.max_timeout_seconds} s per signed payment"),
    ))  # fmt: skip


def _adjacent(listing: Listing, offer: Offer) -> tuple[Block, ...]:
    others = [o for o in listing.offers if o is not offer]
    if not others:
        return (Para(f"None: {offer.endpoint.slug} is the only endpoint this gateway sells."),)
    rows = tuple(
        (
            o.endpoint.slug,
            o.price_label(),
            f"{o.endpoint.title} / {o.endpoint.summary}. {listing.man_url(o.endpoint.slug)}",
        )
        for o in others
    )
    return (Table(rows, ("ENDPOINT", "PRICE", "DESCRIPTION")),)


def _see_also(listing: Listing, offer: Offer) -> Table:
    man = listing.man_url(offer.endpoint.slug)
    return Table((
        ("synthforge(1)", "synthforge --help; synthforge man --install puts this page in man(1)"),
        ("x402", "https://x402.org, the payment protocol"),
        ("landing page", listing.url(DOCUMENT_PATHS["landing"])),
        ("llms.txt", listing.url(DOCUMENT_PATHS["llms_txt"])),
        ("registry.json", listing.url(DOCUMENT_PATHS["registry"])),
        ("openapi.json", listing.url(DOCUMENT_PATHS["openapi"])),
        ("docs", listing.url(DOCUMENT_PATHS["docs"])),
        ("this page", f"{man} (roff: {man}.1)"),
    ))  # fmt: skip
