"""anvil's public test accounts, their roles on the devnet, and the guard that keeps them there."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from eth_account import Account

__all__ = [
    "DEVNET_CHAIN_ID",
    "PUBLIC_TEST_MNEMONIC",
    "DevAccount",
    "PublicKeyOffDevnet",
    "anvil_accounts",
    "is_public_test_key",
    "refuse_public_key_off_devnet",
]

# Published in every Foundry and Hardhat manual: whatever these keys hold is anyone's.
PUBLIC_TEST_MNEMONIC = "test test test test test test test test test test test junk"
DEVNET_CHAIN_ID = 31337
ACCOUNT_COUNT = 10


class PublicKeyOffDevnet(Exception):
    """A public test key was about to be used on a chain other than the devnet."""


@dataclass(frozen=True)
class DevAccount:
    """One of anvil's deterministic accounts."""

    address: str
    key: str


@cache
def anvil_accounts() -> tuple[DevAccount, ...]:
    """anvil's ten default accounts, derived from the public mnemonic."""
    Account.enable_unaudited_hdwallet_features()
    accounts = []
    for index in range(ACCOUNT_COUNT):
        account = Account.from_mnemonic(
            PUBLIC_TEST_MNEMONIC, account_path=f"m/44'/60'/0'/0/{index}"
        )
        accounts.append(DevAccount(address=account.address, key="0x" + account.key.hex()))
    return tuple(accounts)


@cache
def _public_keys() -> frozenset[str]:
    return frozenset(a.key.removeprefix("0x").lower() for a in anvil_accounts())


def is_public_test_key(key: str) -> bool:
    """Whether `key` is one of anvil's published keys."""
    return key.removeprefix("0x").lower() in _public_keys()


def refuse_public_key_off_devnet(key: str, chain_id: int) -> None:
    """Raise unless `key` is private or the chain is the devnet's."""
    if chain_id != DEVNET_CHAIN_ID and is_public_test_key(key):
        raise PublicKeyOffDevnet(
            f"refusing to use a public devnet test key on chain {chain_id}: "
            "anyone can spend from it; configure a key of your own"
        )
