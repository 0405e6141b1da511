"""Shared fixtures: a real anvil devnet and a real facilitator process in front of it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from eth_account import Account

from synthforge.devnet import Devnet, DevnetInfo

from .processes import Child, clean_env, running
from .signing import PRICE


@pytest.fixture(scope="session")
def devnet() -> Iterator[Devnet]:
    with Devnet() as chain:
        yield chain


@dataclass
class FacilitatorProcess:
    url: str
    child: Child
    info: DevnetInfo
    chain: Devnet

    def post(self, path: str, body: object) -> httpx.Response:
        if isinstance(body, bytes | str):
            return httpx.post(self.url + path, content=body, timeout=30)
        return httpx.post(self.url + path, json=body, timeout=30)

    def get(self, path: str) -> httpx.Response:
        return httpx.get(self.url + path, timeout=30)

    def gas_transactions(self) -> int:
        """Transactions the facilitator's gas key has sent so far."""
        return int(self.chain.web3.eth.get_transaction_count(self.info.facilitator_address))


@pytest.fixture(scope="session")
def facilitator(
    devnet: Devnet, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FacilitatorProcess]:
    """`synthforge facilitator` as an operator runs it: env config, gas key in a file."""
    info = devnet.info
    key_file = tmp_path_factory.mktemp("keys") / "facilitator.key"
    key_file.write_text(info.facilitator_key + "\n")
    env = clean_env(
        SYNTHFORGE_FACILITATOR__NETWORK=info.network,
        SYNTHFORGE_FACILITATOR__RPC_URL=info.rpc_url,
        SYNTHFORGE_FACILITATOR__PRIVATE_KEY_FILE=str(key_file),
        SYNTHFORGE_FACILITATOR__PORT="0",
    )
    with running(["facilitator"], env, cwd=tmp_path_factory.mktemp("cwd")) as child:
        url = child.wait_for(r"on (http://127\.0\.0\.1:\d+)").group(1)
        yield FacilitatorProcess(url=url, child=child, info=info, chain=devnet)
        assert child.stop() == 0, child.output
        assert info.facilitator_key.removeprefix("0x") not in child.output


@pytest.fixture
def payer(devnet: Devnet) -> Any:
    """A fresh account holding exactly 10 calls' worth of test USDC, and ETH for gas."""
    account = Account.create()
    devnet.fund(account.address, 10 * PRICE)
    # ETH too, so the payer can send transactions of its own (a cancelAuthorization)
    devnet.web3.provider.make_request("anvil_setBalance", [account.address, hex(10**18)])  # type: ignore[arg-type]
    return account


@pytest.fixture
def project_root() -> Path:
    return Path(__file__).resolve().parents[1]
