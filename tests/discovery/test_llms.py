"""llms.txt: the llmstxt.org layout, how to pay, and each endpoint with price and links."""

from __future__ import annotations

import re
from decimal import Decimal

from synthforge.catalog import TIERS, Tier, image_generate_ultra
from synthforge.discovery import render_llms_txt

from .listings import BASE, MAINNET, listing


def test_layout_is_an_h1_a_summary_then_sections_of_links():
    text = render_llms_txt(listing())
    lines = text.splitlines()
    assert lines[0] == "# synthforge"
    assert lines[2].startswith("> ")
    sections = [line for line in lines if line.startswith("## ")]
    assert sections == ["## How to pay (x402, scheme exact)", "## Endpoints", "## Documents",
                        "## Optional"]  # fmt: skip
    links = re.findall(r"\]\(([^)]+)\)", text)
    assert links and all(link.startswith(BASE + "/") for link in links)
    for path in ("/registry.json", "/openapi.json", "/docs", "/man/image-generate-ultra"):
        assert BASE + path in links


def test_paying_is_explained_with_both_header_versions_and_the_real_terms():
    text = render_llms_txt(listing())
    for needle in ("402 Payment Required", "PAYMENT-REQUIRED", "PAYMENT-SIGNATURE", "X-PAYMENT",
                   "transferWithAuthorization", "EIP-3009", "base mainnet", "eip155:8453",
                   MAINNET.asset, MAINNET.pay_to, '"charged": false'):  # fmt: skip
        assert needle in text, needle


def test_each_endpoint_line_has_url_price_tiers_and_schema_pointer():
    endpoint = image_generate_ultra(
        tiers=(*TIERS, Tier("flux-max", "flux-2-max", "bfl", "FLUX.2 max")),
        price_usd=Decimal("0.25"),
    )
    text = render_llms_txt(listing(endpoint, prices={"gpt": Decimal("0.45")}, live={"gpt"}))
    entry = text.split("## Endpoints", 1)[1].split("## Documents", 1)[0]
    assert f"POST {BASE}/v1/image-generate-ultra" in entry
    assert "from $0.25 USDC per call" in entry
    assert "`gpt` = gpt-image-2 (OpenAI flagship), $0.45" in entry
    assert "`flux-max` = flux-2-max (FLUX.2 max), $0.25, unavailable now" in entry
    assert "required `prompt`" in entry and "`image_url`" in entry
    assert f"{BASE}/registry.json" in entry
