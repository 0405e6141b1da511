"""A local chain for development and tests: anvil, a test USDC and funded wallets."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import TracebackType
from typing import Any

from pydantic import BaseModel
from web3 import Web3

from ..settings import DevnetSettings
from . import _token
from ._accounts import anvil_accounts
from ._anvil import AnvilProcess, find_anvil

__all__ = ["Devnet", "DevnetInfo", "read_devnet_file"]

# Roles of anvil's accounts on the devnet.
MINTER, FACILITATOR, BUYER, PAY_TO = 0, 1, 2, 3


class DevnetInfo(BaseModel):
    """What a running devnet tells other commands and tools (`.synthforge/devnet.json`).

    Every key in here is one of anvil's public test keys.
    """

    rpc_url: str
    chain_id: int
    network: str
    token: str
    token_name: str
    token_version: str
    decimals: int
    buyer_key: str
    buyer_address: str
    pay_to: str
    facilitator_key: str
    facilitator_address: str
    minter_address: str
    facilitator_url: str | None = None


def read_devnet_file(path: Path) -> DevnetInfo:
    """The description a running `synthforge devnet` wrote."""
    return DevnetInfo.model_validate_json(path.read_text())


class Devnet:
    """anvil with a freshly deployed test USDC and a funded buyer; a context manager."""

    def __init__(self, settings: DevnetSettings | None = None) -> None:
        self._settings = settings or DevnetSettings()
        self._anvil: AnvilProcess | None = None
        self._info: DevnetInfo | None = None
        self._w3: Web3 | None = None

    def start(self) -> DevnetInfo:
        """Start anvil, deploy the token, fund the buyer; returns the description."""
        s = self._settings
        self._anvil = AnvilProcess(find_anvil(s.anvil_path), s.host, s.port, s.chain_id)
        try:
            rpc_url = self._anvil.start()
            w3 = Web3(Web3.HTTPProvider(rpc_url, request_kwargs={"timeout": 30}))
            accounts = anvil_accounts()
            token = _token.deploy_token(w3, accounts[MINTER].key)
            if s.buyer_funds:
                _token.mint(w3, token, accounts[MINTER].key, accounts[BUYER].address, s.buyer_funds)
        except BaseException:
            self.stop()
            raise
        self._w3 = w3
        self._info = DevnetInfo(
            rpc_url=rpc_url,
            chain_id=s.chain_id,
            network=f"eip155:{s.chain_id}",
            token=token,
            token_name=_token.TOKEN_NAME,
            token_version=_token.TOKEN_VERSION,
            decimals=_token.TOKEN_DECIMALS,
            buyer_key=accounts[BUYER].key,
            buyer_address=accounts[BUYER].address,
            pay_to=accounts[PAY_TO].address,
            facilitator_key=accounts[FACILITATOR].key,
            facilitator_address=accounts[FACILITATOR].address,
            minter_address=accounts[MINTER].address,
        )
        return self._info

    def stop(self) -> None:
        """Stop anvil; the chain and everything on it are gone."""
        anvil, self._anvil = self._anvil, None
        if anvil is not None:
            anvil.stop()
        self._w3 = None

    @property
    def info(self) -> DevnetInfo:
        """The running devnet's description."""
        if self._info is None or self._anvil is None:
            raise RuntimeError("the devnet is not running")
        return self._info

    @property
    def web3(self) -> Web3:
        """A web3 connection to the devnet's RPC."""
        if self._w3 is None:
            raise RuntimeError("the devnet is not running")
        return self._w3

    @property
    def anvil_pid(self) -> int | None:
        """anvil's process id while the devnet runs."""
        return self._anvil.pid if self._anvil else None

    def token(self) -> Any:
        """The test USDC as a web3 contract."""
        return _token.token_contract(self.web3, self.info.token)

    def balance(self, address: str) -> int:
        """Test USDC held by `address`, atomic units."""
        return int(self.token().functions.balanceOf(Web3.to_checksum_address(address)).call())

    def fund(self, address: str, amount: int) -> None:
        """Mint `amount` atomic units of test USDC to `address`."""
        _token.mint(self.web3, self.info.token, anvil_accounts()[MINTER].key, address, amount)

    def write(self, path: Path, facilitator_url: str | None = None) -> DevnetInfo:
        """Write the description to `path` (owner-readable only) and return it."""
        info = self.info.model_copy(update={"facilitator_url": facilitator_url})
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(info.model_dump(), indent=2) + "\n")
        os.chmod(tmp, 0o600)
        tmp.replace(path)
        return info

    def __enter__(self) -> Devnet:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
