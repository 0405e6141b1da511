"""The buyer's client: pays once, retries safely, keeps its cap and its budget."""

from __future__ import annotations

import asyncio
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from synthforge.buyer import (
    AsyncClient,
    BudgetExceeded,
    Client,
    PriceRefused,
    SellerRefused,
)
from synthforge.devnet import Devnet

from ..fakes.dropping_proxy import DroppingProxy
from ..gateway.conftest import ledger_rows
from ..gateway.harness import CountingProvider, running_gateway
from ..signing import PRICE


def _client(devnet: Devnet, url: str, payer: Any, journal: Path, **limits: Any) -> AsyncClient:
    return AsyncClient(
        url, wallet="0x" + payer.key.hex(), journal=journal,
        assets={devnet.info.network: devnet.info.token}, **limits,
    )  # fmt: skip


async def test_pays_once_and_gets_the_image(devnet: Devnet, tmp_path: Path, payer: Any):
    with running_gateway(devnet, tmp_path / "gw") as gw:
        async with _client(devnet, gw.base, payer, tmp_path / "spend.db") as client:
            result = await client.generate("a fox", tier="gpt", width=640, height=480)
            status = client.wallet_status()
    assert (result.response.width, result.response.tier) == (640, "gpt")
    assert result.response.payment.payer == payer.address
    assert devnet.balance(payer.address) == 9 * PRICE
    assert status.spent_usd == Decimal("0.30") and status.address == payer.address


async def test_a_lost_answer_is_retried_with_the_same_payment(
    devnet: Devnet, tmp_path: Path, payer: Any
):
    provider = CountingProvider()
    with (
        running_gateway(devnet, tmp_path / "gw", providers={"local": provider}) as gw,
        DroppingProxy(gw.base) as proxy,
    ):
        async with _client(devnet, proxy.url, payer, tmp_path / "spend.db") as client:
            result = await client.generate("a fox")
            spent = client.wallet_status().spent_usd
        dropped = proxy.dropped
    assert dropped == 1  # the first answer really was lost
    assert result.response.image_url
    assert provider.calls == 1
    assert devnet.balance(payer.address) == 9 * PRICE  # one payment, not two
    assert len(ledger_rows(tmp_path / "gw", "payments")) == 1
    assert spent == Decimal("0.30")


async def test_the_budget_holds_across_clients_and_refuses_before_signing(
    devnet: Devnet, tmp_path: Path, payer: Any
):
    journal = tmp_path / "spend.db"
    with running_gateway(devnet, tmp_path / "gw") as gw:
        first = _client(devnet, gw.base, payer, journal, budget=Decimal("0.50"))
        second = _client(devnet, gw.base, payer, journal, budget=Decimal("0.50"))
        outcomes = await asyncio.gather(
            first.generate("one"), second.generate("two"), return_exceptions=True
        )
        await first.aclose()
        await second.aclose()
    refused = [o for o in outcomes if isinstance(o, BudgetExceeded)]
    assert len(refused) == 1 and "budget" in str(refused[0])
    assert devnet.balance(payer.address) == 9 * PRICE
    assert len(ledger_rows(tmp_path / "gw", "payments")) == 1  # the refused one never paid


async def test_a_price_over_the_cap_is_refused_unsigned(devnet: Devnet, tmp_path: Path, payer: Any):
    with running_gateway(devnet, tmp_path / "gw") as gw:
        async with _client(
            devnet, gw.base, payer, tmp_path / "spend.db", max_per_call=Decimal("0.10")
        ) as client:
            with pytest.raises(PriceRefused, match=r"asks \$0.3"):
                await client.generate("a fox")
            spent = client.wallet_status().spent_usd
    assert spent == 0 and devnet.balance(payer.address) == 10 * PRICE


async def test_an_invalid_request_is_refused_before_paying(
    devnet: Devnet, tmp_path: Path, payer: Any
):
    with running_gateway(devnet, tmp_path / "gw") as gw:
        async with _client(devnet, gw.base, payer, tmp_path / "spend.db") as client:
            with pytest.raises(SellerRefused, match="width"):
                await client.generate("a fox", width=5000)
            spent = client.wallet_status().spent_usd
    assert spent == 0 and devnet.balance(payer.address) == 10 * PRICE


def test_the_blocking_client(devnet: Devnet, tmp_path: Path, payer: Any):
    with running_gateway(devnet, tmp_path / "gw") as gw, Client(
        gw.base, wallet="0x" + payer.key.hex(), journal=tmp_path / "spend.db",
        assets={devnet.info.network: devnet.info.token},
    ) as client:  # fmt: skip
        result = client.generate("a fox", seed=7)
    assert result.response.seed == 7
    assert devnet.balance(payer.address) == 9 * PRICE


async def test_a_v1_only_seller_is_paid_with_x_payment(devnet: Devnet, tmp_path: Path, payer: Any):
    with (
        running_gateway(devnet, tmp_path / "gw") as gw,
        DroppingProxy(gw.base, drops=0, strip=("payment-required",)) as v1_only,
    ):
        async with _client(devnet, v1_only.url, payer, tmp_path / "spend.db") as client:
            quote = await client.quote("/v1/image-generate-ultra", {"prompt": "a fox"})
            result = await client.generate("a fox")
    assert quote.v1_network == devnet.info.network  # it read the v1 body, not the v2 header
    assert result.response.payment.amount == str(PRICE)
    assert devnet.balance(payer.address) == 9 * PRICE
    (payment,) = ledger_rows(tmp_path / "gw", "payments")
    assert payment["x402_version"] == 1


def test_a_keystore_wallet_is_read_with_its_password(tmp_path: Path, monkeypatch: Any):
    from eth_account import Account

    from synthforge.settings import ConfigError, load_settings

    account = Account.create()
    keystore = tmp_path / "wallet.json"
    keystore.write_text(json.dumps(Account.encrypt(account.key, "correct horse")))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SYNTHFORGE_BUYER__KEYSTORE_FILE", str(keystore))
    monkeypatch.setenv("SYNTHFORGE_BUYER__KEYSTORE_PASSWORD", "correct horse")
    key = load_settings().buyer.key()
    assert key is not None and Account.from_key(key.get_secret_value()).address == account.address
    monkeypatch.setenv("SYNTHFORGE_BUYER__KEYSTORE_PASSWORD", "wrong")
    with pytest.raises(ConfigError, match="wrong password"):
        load_settings().buyer.key()


async def test_a_definitive_failure_is_not_retried_and_not_counted(
    devnet: Devnet, tmp_path: Path, payer: Any
):
    from synthforge.buyer import SellerUnavailable
    from synthforge.generation import UpstreamUnavailable

    down = CountingProvider(fail_with=UpstreamUnavailable("every upstream is down"))
    with (
        running_gateway(devnet, tmp_path / "gw", providers={"local": down}) as gw,
        DroppingProxy(gw.base, drops=0) as proxy,
    ):
        async with _client(devnet, proxy.url, payer, tmp_path / "spend.db") as client:
            with pytest.raises(SellerUnavailable, match="503"):
                await client.generate("a fox")
            spent = client.wallet_status().spent_usd
        asked = proxy.paid_requests
    assert asked == 1  # "charged": false is final: no second ask
    assert spent == 0 and devnet.balance(payer.address) == 10 * PRICE
