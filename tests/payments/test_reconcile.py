"""A crash leaves payments reserved; reconciliation finishes them from what the chain says."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from x402.schemas import PaymentPayload

from synthforge.catalog import ImageRequest
from synthforge.devnet import Devnet, devnet_requirements
from synthforge.facilitator import LocalFacilitator, RemoteFacilitator
from synthforge.ledger import Ledger, PaymentKey
from synthforge.payments import Reconciler, fingerprint

from ..gateway.conftest import encode
from ..gateway.harness import running_gateway
from ..signing import PRICE, sign_authorization

STAGED = {"image_url": "http://127.0.0.1/images/" + "a" * 64 + ".png", "model": "local-procedural"}


async def _crashed(devnet: Devnet, ledger: Ledger, payer: Any, *, settle: bool, stage: bool):
    """A reservation as a crash leaves it: optionally staged, optionally settled on-chain."""
    info = devnet.info
    signed = sign_authorization(info, key="0x" + payer.key.hex())
    request = ImageRequest(prompt="x").model_dump(mode="json")
    auth = signed["authorization"]
    key = PaymentKey.of(info.network, info.token, auth["from"], auth["nonce"])
    taken = await ledger.reserve(
        key,
        x402_version=1, endpoint="image-generate-ultra", tier="nano-banana",
        fingerprint=fingerprint(request, signed["signature"]), amount=PRICE, pay_to=info.pay_to,
    )  # fmt: skip
    if stage:
        await ledger.stage(taken.payment.id, json.dumps(STAGED))
    transaction = None
    if settle:
        requirements = devnet_requirements(info, PRICE)
        payment = PaymentPayload(x402_version=2, payload=signed, accepted=requirements)
        facilitator = LocalFacilitator.from_devnet(info)
        settled = await facilitator.settle(payment, requirements)
        await facilitator.aclose()
        assert settled.success
        transaction = settled.transaction
    header = encode(
        {"x402Version": 1, "scheme": "exact", "network": info.network, "payload": signed}
    )
    return key, header, transaction


async def _reconcile(devnet: Devnet, ledger: Ledger, window: timedelta = timedelta(0)):
    facilitator = LocalFacilitator.from_devnet(devnet.info)
    try:
        return await Reconciler(ledger, facilitator, devnet.info.network, window).run_once()
    finally:
        await facilitator.aclose()


def _retry(devnet: Devnet, home: Path, header: str) -> httpx.Response:
    with running_gateway(devnet, home) as gw:
        return httpx.post(gw.url, json={"prompt": "x"}, headers={"X-PAYMENT": header}, timeout=60)


async def test_settled_before_the_crash_completes_with_the_staged_image(
    devnet: Devnet, tmp_path: Path, payer: Any
):
    ledger = await Ledger.open(f"sqlite+aiosqlite:///{tmp_path / 'ledger.db'}")
    key, header, transaction = await _crashed(devnet, ledger, payer, settle=True, stage=True)

    done = await _reconcile(devnet, ledger)
    record = await ledger.get_payment(key)
    await ledger.close()

    assert done.settled == 1
    assert record is not None and record.status == "settled" and record.tx_hash == transaction
    answer = _retry(devnet, tmp_path, header)  # the buyer's retry after the restart
    assert answer.status_code == 200
    assert answer.json()["image_url"] == STAGED["image_url"]
    assert answer.json()["payment"]["transaction"] == transaction
    assert devnet.balance(payer.address) == 9 * PRICE  # charged once, never again


async def test_interrupted_before_settlement_is_failed_and_free(
    devnet: Devnet, tmp_path: Path, payer: Any
):
    ledger = await Ledger.open(f"sqlite+aiosqlite:///{tmp_path / 'ledger.db'}")
    _, header, _ = await _crashed(devnet, ledger, payer, settle=False, stage=True)

    done = await _reconcile(devnet, ledger)
    await ledger.close()

    assert done.failed == 1
    answer = _retry(devnet, tmp_path, header)
    assert answer.status_code == 503
    assert answer.json()["error"] == "interrupted" and answer.json()["charged"] is False
    assert devnet.balance(payer.address) == 10 * PRICE


async def test_settled_without_a_staged_image_is_flagged_as_charged(
    devnet: Devnet, tmp_path: Path, payer: Any, caplog: pytest.LogCaptureFixture
):
    ledger = await Ledger.open(f"sqlite+aiosqlite:///{tmp_path / 'ledger.db'}")
    _, header, transaction = await _crashed(devnet, ledger, payer, settle=True, stage=False)

    done = await _reconcile(devnet, ledger)
    await ledger.close()

    assert done.charged_without_image == 1
    assert "refund" in caplog.text and str(transaction) in caplog.text
    answer = _retry(devnet, tmp_path, header)
    assert answer.status_code == 502 and answer.json()["charged"] is True


async def test_young_reservations_and_blind_facilitators_are_left_alone(
    devnet: Devnet, tmp_path: Path, payer: Any
):
    ledger = await Ledger.open(f"sqlite+aiosqlite:///{tmp_path / 'ledger.db'}")
    key, _, _ = await _crashed(devnet, ledger, payer, settle=False, stage=False)

    young = await _reconcile(devnet, ledger, window=timedelta(hours=1))
    remote = RemoteFacilitator("http://127.0.0.1:9")
    blind = await Reconciler(ledger, remote, devnet.info.network, timedelta(0)).run_once()
    await remote.aclose()
    record = await ledger.get_payment(key)
    await ledger.close()

    assert (young.settled, young.failed) == (0, 0)
    assert blind.undecided == 1
    assert record is not None and record.status == "reserved"
