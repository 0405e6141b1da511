"""The devnet's test USDC: compiled from TestUSDC.vy with Vyper, deployed and minted."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from eth_account import Account
from web3 import Web3

__all__ = ["TOKEN_DECIMALS", "TOKEN_NAME", "TOKEN_SYMBOL", "TOKEN_VERSION", "TokenArtifact"]

# The EIP-712 domain of USDC on Base: x402 clients sign against name + version.
TOKEN_NAME = "USD Coin"  # noqa: S105 - "token" as in ERC-20
TOKEN_SYMBOL = "USDC"  # noqa: S105
TOKEN_VERSION = "2"  # noqa: S105
TOKEN_DECIMALS = 6
_GAS = 3_000_000


@dataclass(frozen=True)
class TokenArtifact:
    """ABI and bytecode of the compiled test USDC."""

    abi: list[dict[str, Any]]
    bytecode: str


@cache
def compiled_token() -> TokenArtifact:
    """Compile TestUSDC.vy once per process (offline, about half a second)."""
    import vyper  # heavy: only when a devnet is actually started

    source = resources.files(__package__).joinpath("TestUSDC.vy").read_text()
    out = vyper.compile_code(source, output_formats=["abi", "bytecode"])
    return TokenArtifact(abi=out["abi"], bytecode=out["bytecode"])


def _send(w3: Web3, key: str, call: Any) -> Any:
    """Sign and send a web3 constructor or function call; wait for its receipt."""
    account = Account.from_key(key)
    tx = call.build_transaction(
        {
            "from": account.address,
            "nonce": w3.eth.get_transaction_count(account.address, "pending"),
            "gas": _GAS,
            "gasPrice": w3.eth.gas_price,
        }
    )
    tx_hash = w3.eth.send_raw_transaction(account.sign_transaction(tx).raw_transaction)
    receipt = w3.eth.wait_for_transaction_receipt(tx_hash, timeout=30, poll_latency=0.01)
    if receipt["status"] != 1:
        raise RuntimeError(f"devnet transaction {tx_hash.hex()} reverted")
    return receipt


def deploy_token(w3: Web3, deployer_key: str) -> str:
    """Deploy a fresh test USDC; the deployer becomes its minter. Returns its address."""
    artifact = compiled_token()
    contract = w3.eth.contract(abi=artifact.abi, bytecode=artifact.bytecode)
    receipt = _send(w3, deployer_key, contract.constructor(TOKEN_NAME, TOKEN_SYMBOL, TOKEN_VERSION))
    return str(receipt["contractAddress"])


def token_contract(w3: Web3, token: str) -> Any:
    """A web3 contract object for the test USDC at `token`."""
    return w3.eth.contract(address=Web3.to_checksum_address(token), abi=compiled_token().abi)


def mint(w3: Web3, token: str, minter_key: str, to: str, amount: int) -> None:
    """Mint `amount` atomic units of test USDC to `to`."""
    call = token_contract(w3, token).functions.mint(Web3.to_checksum_address(to), amount)
    _send(w3, minter_key, call)
