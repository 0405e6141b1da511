"""The discovery documents a running gateway serves: valid, agreeing with each other and
with the 402s, and all following the catalog when it changes."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import jsonschema
from openapi_spec_validator import validate as validate_openapi

from synthforge.catalog import TIERS, Tier, image_generate_ultra
from synthforge.devnet import Devnet

from ..signing import sign_authorization
from .conftest import decode, encode
from .harness import running_gateway

FLUX = Tier("flux-max", "flux-2-max", "bfl", "Black Forest Labs FLUX.2 max")


def _documents(base: str) -> dict[str, httpx.Response]:
    paths = ("/", "/registry.json", "/registry.schema.json", "/llms.txt", "/openapi.json",
             "/docs", "/man/image-generate-ultra", "/man/image-generate-ultra.1")  # fmt: skip
    return {path: httpx.get(base + path) for path in paths}


def test_every_document_is_served_and_valid(devnet: Devnet, tmp_path: Path):
    with running_gateway(devnet, tmp_path) as gw:
        docs = _documents(gw.base)
        missing = httpx.get(gw.base + "/man/image-generate-mega")
    assert {path: r.status_code for path, r in docs.items()} == dict.fromkeys(docs, 200)
    kinds = {path: r.headers["content-type"].split(";")[0] for path, r in docs.items()}
    assert kinds == {
        "/": "text/html", "/registry.json": "application/json",
        "/registry.schema.json": "application/schema+json", "/llms.txt": "text/plain",
        "/openapi.json": "application/json", "/docs": "text/html",
        "/man/image-generate-ultra": "text/plain", "/man/image-generate-ultra.1": "text/troff",
    }  # fmt: skip
    registry = docs["/registry.json"].json()
    jsonschema.Draft202012Validator(docs["/registry.schema.json"].json()).validate(registry)
    assert registry["payment"]["network"] == devnet.info.network
    assert registry["payment"]["asset"]["address"] == devnet.info.token
    assert registry["endpoints"][0]["url"] == gw.url
    validate_openapi(docs["/openapi.json"].json())
    assert "/openapi.json" in docs["/docs"].text
    assert missing.status_code == 404 and "image-generate-ultra" in missing.json()["message"]


def _bazaar_schemas(v2: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    bazaar = v2["extensions"]["bazaar"]
    jsonschema.validate(bazaar["info"], bazaar["schema"])  # the declared example is valid
    properties = bazaar["schema"]["properties"]
    return properties["input"]["properties"]["body"], properties["output"]["properties"]["example"]


def test_the_bazaar_extension_of_every_402_matches_the_registry(devnet: Devnet, tmp_path: Path):
    with running_gateway(devnet, tmp_path, prices={"gpt": Decimal("0.45")}) as gw:
        (entry,) = httpx.get(gw.base + "/registry.json").json()["endpoints"]
        probes = {t.slug: httpx.post(gw.url, json={"prompt": "fox", "tier": t.slug}) for t in TIERS}
        # a refused payment (signed for too little) is a 402 too, with the same extension
        short = sign_authorization(devnet.info, value=1)
        header = encode({"x402Version": 1, "scheme": "exact", "network": devnet.info.network,
                         "payload": short})  # fmt: skip
        refused = httpx.post(gw.url, json={"prompt": "fox"}, headers={"X-PAYMENT": header})
    prices = {t["slug"]: t["price"]["amount"] for t in entry["tiers"]}
    assert prices["gpt"] == "450000"
    for slug, answer in {**probes, "refused": refused}.items():
        assert answer.status_code == 402, answer.text
        v2 = decode(answer.headers["PAYMENT-REQUIRED"])
        assert _bazaar_schemas(v2) == (entry["input_schema"], entry["output_schema"]), slug
        v1 = answer.json()["accepts"][0]
        assert v1["outputSchema"]["input"]["bodyFields"] == entry["input_schema"]
        assert v1["outputSchema"]["output"] == entry["output_schema"]
        if slug != "refused":
            assert v2["accepts"][0]["amount"] == v1["maxAmountRequired"] == prices[slug]
    assert refused.json()["charged"] is False


def _tier_enum(schema: dict[str, Any]) -> list[str]:
    return schema["properties"]["tier"]["enum"]


def test_a_new_tier_and_new_prices_change_every_document_and_the_402(
    devnet: Devnet, tmp_path: Path
):
    endpoint = image_generate_ultra(tiers=(*TIERS, FLUX), price_usd=Decimal("0.50"))
    with running_gateway(
        devnet, tmp_path, endpoint=endpoint, prices={"gpt": Decimal("0.45")}
    ) as gw:
        docs = {path: r.text for path, r in _documents(gw.base).items()}
        registry = httpx.get(gw.base + "/registry.json").json()
        openapi = httpx.get(gw.base + "/openapi.json").json()
        probe = httpx.post(gw.url, json={"prompt": "fox", "tier": "flux-max"})
        payment = sign_authorization(devnet.info, value=500_000)
        header = encode({"x402Version": 1, "scheme": "exact", "network": devnet.info.network,
                         "payload": payment})  # fmt: skip
        paid = httpx.post(gw.url, json={"prompt": "fox", "tier": "flux-max"},
                          headers={"X-PAYMENT": header}, timeout=60)  # fmt: skip
    # the machine-readable documents
    (entry,) = registry["endpoints"]
    tiers = {t["slug"]: t for t in entry["tiers"]}
    assert (
        tiers["flux-max"]["price"]["amount"] == "500000"
        and tiers["flux-max"]["model"] == "flux-2-max"
    )
    assert tiers["gpt"]["price"]["amount"] == "450000" and entry["price"]["display"] == "$0.50"
    request_schema = openapi["components"]["schemas"]["ImageRequest"]
    assert _tier_enum(request_schema) == _tier_enum(entry["input_schema"])
    assert "flux-max" in _tier_enum(request_schema)
    assert "flux-max 0.50" in openapi["paths"]["/v1/image-generate-ultra"]["post"]["description"]
    # the documents people and agents read
    for path in ("/", "/llms.txt", "/man/image-generate-ultra", "/man/image-generate-ultra.1"):
        text = docs[path]
        for needle in ("flux-max", "flux-2-max", "$0.50", "$0.45"):
            assert needle in text.replace("\\-", "-").replace("\\(Do", "$"), (path, needle)
        assert "$0.30" not in text, path
    # the 402 for the new tier, its bazaar schema, and a real payment for it
    assert probe.status_code == 402
    v2 = decode(probe.headers["PAYMENT-REQUIRED"])
    assert v2["accepts"][0]["amount"] == "500000"
    assert "flux-max" in _tier_enum(_bazaar_schemas(v2)[0])
    assert paid.status_code == 200, paid.text
    assert paid.json()["tier"] == "flux-max" and paid.json()["payment"]["amount"] == "500000"
    assert re.fullmatch(r"0x[0-9a-f]{64}", paid.json()["payment"]["transaction"])
