"""The money invariants, through the real gateway on a real chain.

1. charged only for an image delivered; 2. one payment buys at most one generation;
3. the same payment sent again returns the same result and is never charged twice.
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from eth_account import Account

from synthforge.devnet import Devnet, anvil_accounts
from synthforge.generation import ContentRefused, UpstreamUnavailable

from ..signing import PRICE, sign_authorization
from .conftest import encode, ledger_rows
from .harness import BrokenStore, CountingProvider, running_gateway


def v1_header(devnet: Devnet, payer: Any, **changes: Any) -> str:
    payload = sign_authorization(devnet.info, key="0x" + payer.key.hex(), **changes)
    return encode(
        {"x402Version": 1, "scheme": "exact", "network": devnet.info.network, "payload": payload}
    )


def gas_sent(devnet: Devnet) -> int:
    return int(devnet.web3.eth.get_transaction_count(devnet.info.facilitator_address))


def test_fifty_concurrent_requests_with_one_payment_generate_once(
    devnet: Devnet, tmp_path: Path, payer: Any
):
    held = threading.Event()
    provider = CountingProvider(gate=held)
    body = {"prompt": "one payment, one image"}
    other = {"prompt": "a different request"}
    header = v1_header(devnet, payer)

    async def storm(url: str) -> list[httpx.Response]:
        async with httpx.AsyncClient(timeout=60) as client:
            requests = [
                client.post(url, json=body if i % 5 else other, headers={"X-PAYMENT": header})
                for i in range(50)
            ]
            tasks = [asyncio.ensure_future(r) for r in requests]
            await asyncio.sleep(0.5)  # let every request reach the gateway before releasing
            held.set()
            return list(await asyncio.gather(*tasks))

    with running_gateway(devnet, tmp_path, providers={"local": provider}) as gw:
        sent_before = gas_sent(devnet)
        answers = asyncio.run(storm(gw.url))

    assert provider.calls == 1
    assert gas_sent(devnet) == sent_before + 1
    assert devnet.balance(payer.address) == 9 * PRICE
    paid = [a for a in answers if a.status_code == 200]
    refused = [a for a in answers if a.status_code == 409]
    assert len(paid) + len(refused) == 50, [a.status_code for a in answers]
    assert len({a.json()["image_url"] for a in paid}) == 1
    assert len({a.json()["payment"]["transaction"] for a in paid}) == 1
    assert all(a.json()["error"] == "payment_reused" for a in refused)
    assert {a.json()["prompt"] for a in paid} in ({body["prompt"]}, {other["prompt"]})
    assert len(ledger_rows(tmp_path, "payments")) == 1


def test_retry_after_a_lost_response_returns_the_same_result_free(
    devnet: Devnet, tmp_path: Path, payer: Any
):
    provider = CountingProvider()
    header = v1_header(devnet, payer)
    with running_gateway(devnet, tmp_path, providers={"local": provider}) as gw:
        first = httpx.post(gw.url, json={"prompt": "x"}, headers={"X-PAYMENT": header}, timeout=60)
        again = httpx.post(gw.url, json={"prompt": "x"}, headers={"X-PAYMENT": header}, timeout=60)
        # spelling the defaults out is the same request
        spelled = httpx.post(
            gw.url, json={"prompt": "x", "width": 1024, "tier": "nano-banana"},
            headers={"X-PAYMENT": header}, timeout=60,
        )  # fmt: skip
        elsewhere = httpx.post(gw.url, json={"prompt": "y"}, headers={"X-PAYMENT": header})
    assert first.status_code == again.status_code == spelled.status_code == 200
    assert first.json() == again.json() == spelled.json()
    assert again.headers["PAYMENT-RESPONSE"] == first.headers["PAYMENT-RESPONSE"]
    assert elsewhere.status_code == 409 and elsewhere.json()["charged"] is False
    assert provider.calls == 1
    assert devnet.balance(payer.address) == 9 * PRICE


def test_a_forged_signature_on_a_settled_nonce_gets_nothing(
    devnet: Devnet, tmp_path: Path, payer: Any
):
    nonce = "0x" + "ab" * 32
    with running_gateway(devnet, tmp_path) as gw:
        paid = httpx.post(
            gw.url,
            json={"prompt": "x"},
            headers={"X-PAYMENT": v1_header(devnet, payer, nonce=nonce)},
            timeout=60,
        )
        # someone who read (payer, nonce) from the chain signs with their own key
        forged = v1_header(devnet, Account.create(), nonce=nonce, from_=payer.address)
        answer = httpx.post(gw.url, json={"prompt": "x"}, headers={"X-PAYMENT": forged})
    assert paid.status_code == 200
    assert answer.status_code == 409 and "image_url" not in answer.text


def _cancel_when_generating(
    devnet: Devnet, payer: Any, nonce: str, provider: CountingProvider, held: threading.Event
) -> None:
    from ..facilitator.test_rejections import _cancel  # the buyer withdraws mid-generation

    assert provider.entered.wait(30)
    info = devnet.info.model_copy(
        update={"buyer_key": "0x" + payer.key.hex(), "buyer_address": payer.address}
    )
    _cancel(devnet, info, nonce)
    held.set()


@pytest.mark.parametrize(
    "failure",
    ["upstream down", "content refused", "storage broken", "facilitator down", "settlement fails"],
)
def test_failures_never_charge_and_the_ledger_says_why(
    devnet: Devnet, tmp_path: Path, payer: Any, failure: str
):
    held = threading.Event()
    provider = CountingProvider()
    options: dict[str, Any] = {"providers": {"local": provider}}
    expected = {
        "upstream down": (503, "upstream_unavailable"),
        "content refused": (422, "content_refused"),
        "storage broken": (503, "storage_unavailable"),
        "facilitator down": (503, "facilitator_unavailable"),
        "settlement fails": (402, None),
    }[failure]
    nonce = "0x" + time.time_ns().to_bytes(32, "big").hex()
    if failure == "upstream down":
        provider.fail_with = UpstreamUnavailable("upstream answered 503")
    elif failure == "content refused":
        provider.fail_with = ContentRefused("the prompt was refused by content policy")
    elif failure == "storage broken":
        options["store_cls"] = BrokenStore
    elif failure == "facilitator down":
        options["facilitator_url"] = "http://127.0.0.1:9"
    else:
        provider.gate = held
        threading.Thread(
            target=_cancel_when_generating, args=(devnet, payer, nonce, provider, held), daemon=True
        ).start()
    with running_gateway(devnet, tmp_path, **options) as gw:
        sent_before = gas_sent(devnet)
        answer = httpx.post(
            gw.url,
            json={"prompt": "x"},
            headers={"X-PAYMENT": v1_header(devnet, payer, nonce=nonce)},
            timeout=60,
        )

    status, code = expected
    assert answer.status_code == status, answer.text
    assert answer.json()["charged"] is False
    if code:
        assert answer.json()["error"] == code
    else:
        assert "settlement failed" in answer.json()["error"]
    assert "image_url" not in answer.json()
    assert devnet.balance(payer.address) == 10 * PRICE
    # settle re-simulates first: even the failed settlement broadcast nothing
    assert gas_sent(devnet) == sent_before
    rows = ledger_rows(tmp_path, "payments")
    if failure == "facilitator down":
        assert rows == []  # never verified, never reserved
    else:
        (row,) = rows
        assert row["status"] == "failed" and row["error"]
        assert row["http_status"] == status


BAD_BODIES = {
    "no prompt": ({}, "prompt"),
    "blank prompt": ({"prompt": "   "}, "prompt"),
    "prompt too long": ({"prompt": "x" * 5001}, "prompt"),
    "width too big": ({"prompt": "x", "width": 1025}, "width"),
    "height too small": ({"prompt": "x", "height": 255}, "height"),
    "width not a number": ({"prompt": "x", "width": "wide"}, "width"),
    "unknown tier": ({"prompt": "x", "tier": "dall-e"}, "tier"),
    "unknown model": ({"prompt": "x", "model": "sdxl"}, "model"),
    "unknown field": ({"prompt": "x", "style": "noir"}, "style"),
    "negative steps": ({"prompt": "x", "steps": -1}, "steps"),
}


@pytest.mark.parametrize("name", list(BAD_BODIES))
def test_bad_body_with_payment_is_400_and_costs_nothing(
    devnet: Devnet, tmp_path: Path, payer: Any, name: str
):
    body, field = BAD_BODIES[name]
    provider = CountingProvider()
    with running_gateway(devnet, tmp_path, providers={"local": provider}) as gw:
        answer = httpx.post(gw.url, json=body, headers={"X-PAYMENT": v1_header(devnet, payer)})
        garbage = httpx.post(
            gw.url, content=b"{not json", headers={"X-PAYMENT": v1_header(devnet, payer)}
        )
    assert answer.status_code == 400 and field in answer.json()["message"]
    assert garbage.status_code == 400 and "JSON" in garbage.json()["message"]
    assert provider.calls == 0
    assert devnet.balance(payer.address) == 10 * PRICE


def test_bad_payments_are_402_with_reason_and_cost_nothing(
    devnet: Devnet, tmp_path: Path, payer: Any
):
    info = devnet.info
    stranger = anvil_accounts()[5]
    key = "0x" + payer.key.hex()
    cases = {
        "not base64": ("%%%", "invalid_payload"),
        "not JSON": (encode("x")[:-2] + "!!", "invalid_payload"),
        "version 3": (encode({"x402Version": 3}), "invalid_x402_version"),
        "no payload": (
            encode({"x402Version": 1, "scheme": "exact", "network": info.network}),
            "invalid_payload",
        ),
        "other network": (
            encode(
                {
                    "x402Version": 1,
                    "scheme": "exact",
                    "network": "base",
                    "payload": sign_authorization(info, key=key),
                }
            ),
            "invalid_network",
        ),
        "amount too low": (v1_header(devnet, payer, value=PRICE - 1), "value_mismatch"),
        "wrong recipient": (v1_header(devnet, payer, to=stranger.address), "recipient_mismatch"),
        "expired": (v1_header(devnet, payer, valid_before=int(time.time()) - 5), "valid_before"),
        "bad signature": (v1_header(devnet, payer, chain_id=1), "signature"),
        "no funds": (v1_header(devnet, Account.create()), "insufficient_balance"),
    }
    provider = CountingProvider()
    with running_gateway(devnet, tmp_path, providers={"local": provider}) as gw:
        sent_before = gas_sent(devnet)
        for name, (header, reason) in cases.items():
            answer = httpx.post(
                gw.url, json={"prompt": "x"}, headers={"X-PAYMENT": header}, timeout=60
            )
            assert answer.status_code == 402, (name, answer.text)
            assert reason in answer.json()["error"], (name, answer.json()["error"])
            assert answer.json()["accepts"][0]["maxAmountRequired"] == str(PRICE)
    assert provider.calls == 0
    assert gas_sent(devnet) == sent_before
    assert devnet.balance(payer.address) == 10 * PRICE
    assert ledger_rows(tmp_path, "payments") == []
