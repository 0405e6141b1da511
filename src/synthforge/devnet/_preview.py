"""A fresh devnet described before it starts: its accounts are anvil's fixed ones and its token
is the minter's first deployment, so every address is known in advance."""

from __future__ import annotations

import rlp
from eth_utils.address import to_canonical_address, to_checksum_address
from eth_utils.crypto import keccak

from ..settings import DevnetSettings
from . import _token
from ._accounts import anvil_accounts
from ._devnet import BUYER, FACILITATOR, MINTER, PAY_TO, DevnetInfo

__all__ = ["create_address", "preview_devnet"]


def create_address(deployer: str, nonce: int) -> str:
    """The address of the contract `deployer` creates with its transaction number `nonce`."""
    return to_checksum_address(keccak(rlp.encode([to_canonical_address(deployer), nonce]))[12:])


def preview_devnet(settings: DevnetSettings | None = None) -> DevnetInfo:
    """What `Devnet(settings).start()` will describe, without starting anything.

    `rpc_url` names the configured host and port; with port 0, anvil picks the real one.
    """
    s = settings or DevnetSettings()
    accounts = anvil_accounts()
    minter = accounts[MINTER].address
    host = f"[{s.host}]" if ":" in s.host else s.host
    return DevnetInfo(
        rpc_url=f"http://{host}:{s.port}",
        chain_id=s.chain_id,
        network=f"eip155:{s.chain_id}",
        token=create_address(minter, 0),  # the token is the minter's first transaction
        token_name=_token.TOKEN_NAME,
        token_version=_token.TOKEN_VERSION,
        decimals=_token.TOKEN_DECIMALS,
        buyer_key=accounts[BUYER].key,
        buyer_address=accounts[BUYER].address,
        pay_to=accounts[PAY_TO].address,
        facilitator_key=accounts[FACILITATOR].key,
        facilitator_address=accounts[FACILITATOR].address,
        minter_address=minter,
    )
