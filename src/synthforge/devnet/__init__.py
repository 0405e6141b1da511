"""Local chain for development and tests: anvil + a test USDC (EIP-3009) + funded wallets."""

from ._accounts import (
    DEVNET_CHAIN_ID,
    DevAccount,
    PublicKeyOffDevnet,
    anvil_accounts,
    is_public_test_key,
    refuse_public_key_off_devnet,
)
from ._anvil import AnvilNotFound
from ._devnet import Devnet, DevnetInfo, read_devnet_file
from ._payments import devnet_buyer, devnet_requirements, sign_devnet_payment
from ._preview import preview_devnet

__all__ = [
    "DEVNET_CHAIN_ID",
    "AnvilNotFound",
    "DevAccount",
    "Devnet",
    "DevnetInfo",
    "PublicKeyOffDevnet",
    "anvil_accounts",
    "devnet_buyer",
    "devnet_requirements",
    "is_public_test_key",
    "preview_devnet",
    "read_devnet_file",
    "refuse_public_key_off_devnet",
    "sign_devnet_payment",
]
