"""registry.json: valid against its own schema, true to the catalog and the prices."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import jsonschema
import pytest

from synthforge.catalog import IMAGE_GENERATE_ULTRA, TIERS, Tier, image_generate_ultra
from synthforge.discovery import REGISTRY_SCHEMA, registry_document

from .listings import BASE, MAINNET, listing

FLUX = Tier("flux-max", "flux-2-max", "bfl", "Black Forest Labs FLUX.2 max")


def _validate(document: dict) -> None:
    jsonschema.Draft202012Validator(
        REGISTRY_SCHEMA, format_checker=jsonschema.FormatChecker()
    ).validate(document)


def test_registry_validates_against_its_schema_and_its_schemas_are_json_schemas():
    jsonschema.Draft202012Validator.check_schema(REGISTRY_SCHEMA)
    document = registry_document(listing())
    _validate(document)
    (endpoint,) = document["endpoints"]
    for schema in (endpoint["input_schema"], endpoint["output_schema"]):
        jsonschema.Draft202012Validator.check_schema(schema)
    # the examples are what the schemas describe
    jsonschema.validate(endpoint["example_request"], endpoint["input_schema"])
    jsonschema.validate(endpoint["example_response"], endpoint["output_schema"])


def test_registry_names_the_endpoint_its_payment_and_every_tier():
    document = registry_document(listing())
    payment = document["payment"]
    assert payment["network"] == "eip155:8453" and payment["network_label"] == "base mainnet"
    assert payment["asset"]["address"] == MAINNET.asset and payment["pay_to"] == MAINNET.pay_to
    (endpoint,) = document["endpoints"]
    assert endpoint["url"] == BASE + "/v1/image-generate-ultra" and endpoint["method"] == "POST"
    assert endpoint["price"] == {
        "usd": "0.30", "display": "$0.30", "amount": "300000",
        "asset": MAINNET.asset, "network": "eip155:8453", "scheme": "exact",
    }  # fmt: skip
    assert [t["slug"] for t in endpoint["tiers"]] == [t.slug for t in TIERS]
    assert [t["default"] for t in endpoint["tiers"]] == [True] + [False] * (len(TIERS) - 1)
    assert endpoint["input_schema"]["properties"]["tier"]["enum"] == [t.slug for t in TIERS]
    assert endpoint["man"] == BASE + "/man/image-generate-ultra"
    assert endpoint["mcp_tool"] == "image_generate_ultra"
    assert document["service"]["documents"]["llms_txt"] == BASE + "/llms.txt"


def test_prices_tiers_and_availability_follow_the_catalog():
    endpoint = image_generate_ultra(tiers=(*TIERS, FLUX), price_usd=Decimal("0.50"))
    document = registry_document(
        listing(endpoint, prices={"gpt": Decimal("0.455")}, live={"gpt", "flux-max"})
    )
    _validate(document)
    (entry,) = document["endpoints"]
    tiers = {t["slug"]: t for t in entry["tiers"]}
    assert tiers["flux-max"]["model"] == "flux-2-max" and tiers["flux-max"]["status"] == "live"
    assert tiers["flux-max"]["price"]["amount"] == "500000"
    assert (
        tiers["gpt"]["price"]["amount"] == "455000" and tiers["gpt"]["price"]["display"] == "$0.455"
    )
    assert tiers["nano-banana"]["status"] == "unavailable"
    assert entry["price"]["display"] == "$0.50" and entry["status"] == "live"
    assert "flux-max" in entry["input_schema"]["properties"]["tier"]["enum"]
    assert entry["input_schema"]["properties"]["model"]["anyOf"][0]["enum"][-1] == "flux-2-max"


def test_an_endpoint_with_no_live_tier_is_unavailable():
    (entry,) = registry_document(listing(live=set()))["endpoints"]
    assert entry["status"] == "unavailable"
    assert {t["status"] for t in entry["tiers"]} == {"unavailable"}


def test_a_catalog_that_breaks_the_registry_shape_is_caught():
    broken = dataclasses.replace(IMAGE_GENERATE_ULTRA, slug="Not A Slug")
    with pytest.raises(jsonschema.ValidationError, match="Not A Slug"):
        _validate(registry_document(listing(broken)))
