"""A buyer pays POST /v1/image-generate-ultra on the devnet and gets exactly what was paid for."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
from PIL import Image
from x402.http.clients import x402HttpxClient

from synthforge.catalog import ImageResponse
from synthforge.devnet import Devnet, devnet_buyer

from ..signing import PRICE, sign_authorization
from .conftest import decode, encode, ledger_rows
from .harness import CountingProvider, running_gateway


def test_probe_gets_402_with_both_protocol_versions(devnet: Devnet, tmp_path: Path):
    with running_gateway(devnet, tmp_path) as gw:
        answer = httpx.post(gw.url, content=b"{ }", headers={"Content-Type": "application/json"})
    assert answer.status_code == 402
    v1 = answer.json()
    assert v1["x402Version"] == 1 and "prompt" in v1["error"]
    (req,) = v1["accepts"]
    info = devnet.info
    assert req["scheme"] == "exact" and req["network"] == info.network
    assert req["maxAmountRequired"] == str(PRICE) and req["asset"] == info.token
    assert req["payTo"] == info.pay_to and req["resource"] == gw.url
    assert req["extra"] == {"name": "USD Coin", "version": "2"}
    assert req["maxTimeoutSeconds"] >= 120
    v2 = decode(answer.headers["PAYMENT-REQUIRED"])
    assert v2["x402Version"] == 2 and v2["resource"]["url"] == gw.url
    assert v2["accepts"][0]["amount"] == str(PRICE)
    bazaar = v2["extensions"]["bazaar"]
    assert bazaar["info"]["input"]["method"] == "POST"
    assert "prompt" in bazaar["schema"]["properties"]["input"]["properties"]["body"]["properties"]


def test_invalid_body_is_named_in_the_402(devnet: Devnet, tmp_path: Path):
    with running_gateway(devnet, tmp_path) as gw:
        answer = httpx.post(gw.url, json={"prompt": "fox", "width": 2000, "colour": "red"})
    assert answer.status_code == 402
    assert "width" in answer.json()["error"] and "colour" in answer.json()["error"]
    assert "invalid_request" in decode(answer.headers["PAYMENT-REQUIRED"])["error"]


def test_tier_price_is_what_the_402_asks(devnet: Devnet, tmp_path: Path):
    from decimal import Decimal

    with running_gateway(devnet, tmp_path, prices={"grok-sota": Decimal("0.10")}) as gw:
        grok = httpx.post(gw.url, json={"prompt": "fox", "tier": "grok-sota"}).json()
        by_model = httpx.post(gw.url, json={"prompt": "fox", "model": "grok-imagine-image-quality"})
        default = httpx.post(gw.url, json={"prompt": "fox"}).json()
    assert grok["accepts"][0]["maxAmountRequired"] == "100000"
    assert by_model.json()["accepts"][0]["maxAmountRequired"] == "100000"
    assert default["accepts"][0]["maxAmountRequired"] == str(PRICE)


async def test_sdk_buyer_pays_and_gets_the_png(devnet: Devnet, tmp_path: Path):
    info, provider = devnet.info, CountingProvider()
    body = {"prompt": "a red fox in fresh snow", "tier": "gpt", "width": 1024, "height": 768}
    with running_gateway(devnet, tmp_path, providers={"local": provider}) as gw:
        buyer_before, seller_before = (
            devnet.balance(info.buyer_address),
            devnet.balance(info.pay_to),
        )
        async with x402HttpxClient(devnet_buyer(info), timeout=60) as client:
            answer = await client.post(gw.url, json=body)
            assert answer.status_code == 200, answer.text
            png = (await client.get(answer.json()["image_url"])).content

    result = ImageResponse.model_validate(answer.json())
    assert (result.width, result.height, result.tier) == (1024, 768, "gpt")
    assert result.source == "local" and result.route == "local:local-procedural"
    assert result.prompt == body["prompt"] and result.payment.amount == str(PRICE)
    assert result.payment.payer == info.buyer_address
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (1024, 768)
    assert devnet.balance(info.buyer_address) == buyer_before - PRICE
    assert devnet.balance(info.pay_to) == seller_before + PRICE
    assert provider.calls == 1
    phases = {part.split(";")[0].strip() for part in answer.headers["Server-Timing"].split(",")}
    assert phases == {"verify", "reserve", "generate", "normalise", "store", "settle"}
    receipt = decode(answer.headers["PAYMENT-RESPONSE"])
    assert (
        receipt["transaction"]
        == result.payment.transaction
        == decode(answer.headers["X-PAYMENT-RESPONSE"])["transaction"]
    )
    (payment,) = ledger_rows(tmp_path, "payments")
    assert payment["status"] == "settled" and payment["tx_hash"] == result.payment.transaction
    (generation,) = ledger_rows(tmp_path, "generations")
    assert generation["status"] == "ok" and generation["route"] == "local:local-procedural"


def test_hand_built_v1_x_payment_works(devnet: Devnet, tmp_path: Path, payer):
    info = devnet.info
    body = {"prompt": "a lighthouse", "width": 512, "height": 512}
    with running_gateway(devnet, tmp_path) as gw:
        v1 = {
            "x402Version": 1,
            "scheme": "exact",
            "network": info.network,
            "payload": sign_authorization(info, key="0x" + payer.key.hex()),
        }
        answer = httpx.post(gw.url, json=body, headers={"X-PAYMENT": encode(v1)}, timeout=60)
    assert answer.status_code == 200, answer.text
    assert answer.json()["width"] == 512
    assert devnet.balance(payer.address) == 9 * PRICE
    assert "X-PAYMENT-RESPONSE" in answer.headers


def test_images_are_served_immutable_and_unknown_keys_are_404(devnet: Devnet, tmp_path: Path):
    with running_gateway(devnet, tmp_path) as gw:
        header = encode(
            {"x402Version": 1, "scheme": "exact", "network": devnet.info.network,
             "payload": sign_authorization(devnet.info)}
        )  # fmt: skip
        url = httpx.post(gw.url, json={"prompt": "x"}, headers={"X-PAYMENT": header}, timeout=60)
        image = httpx.get(url.json()["image_url"])
        missing = httpx.get(gw.base + "/images/" + "0" * 64 + ".png")
        traversal = httpx.get(gw.base + "/images/..%2F..%2Fledger.db.png")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert "immutable" in image.headers["cache-control"]
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    assert traversal.status_code == 404
