"""The devnet: a real anvil with a test USDC that x402 treats as USDC, stopped cleanly."""

from __future__ import annotations

import json
import os
import signal
import socket
from pathlib import Path

import httpx
import pytest
from eth_account import Account
from web3 import Web3

from synthforge.devnet import (
    Devnet,
    PublicKeyOffDevnet,
    anvil_accounts,
    is_public_test_key,
    read_devnet_file,
    refuse_public_key_off_devnet,
)

from ..processes import clean_env, running
from ..signing import PRICE, TRANSFER_TYPES, new_nonce, sign_authorization


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie still answers kill(0); it is gone for every purpose that matters here
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "zombie" not in status.read_text()


def _port_open(url: str) -> bool:
    host, port = url.removeprefix("http://").split(":")
    with socket.socket() as s:
        return s.connect_ex((host, int(port))) == 0


def test_token_is_shaped_like_usdc(devnet: Devnet):
    token, info = devnet.token(), devnet.info
    assert token.functions.name().call() == "USD Coin"
    assert token.functions.version().call() == "2"
    assert token.functions.decimals().call() == 6
    domain_type = (
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    )
    domain = Web3.keccak(
        Web3.keccak(text=domain_type)
        + Web3.keccak(text="USD Coin")
        + Web3.keccak(text="2")
        + info.chain_id.to_bytes(32, "big")
        + bytes(12)
        + bytes.fromhex(info.token[2:])
    )
    assert token.functions.DOMAIN_SEPARATOR().call() == domain
    assert devnet.balance(info.buyer_address) == 1_000_000_000


def _submit(
    devnet: Devnet, payload: dict, sender_key: str, function: str = "transferWithAuthorization"
):
    auth, sig = payload["authorization"], bytes.fromhex(payload["signature"][2:])
    call = getattr(devnet.token().functions, function)(
        auth["from"], auth["to"], int(auth["value"]), int(auth["validAfter"]),
        int(auth["validBefore"]), bytes.fromhex(auth["nonce"][2:]), sig[64], sig[:32], sig[32:64],
    )  # fmt: skip
    sender = Account.from_key(sender_key)
    w3 = devnet.web3
    tx = call.build_transaction(
        {"from": sender.address, "nonce": w3.eth.get_transaction_count(sender.address)}
    )
    return w3.eth.wait_for_transaction_receipt(
        w3.eth.send_raw_transaction(sender.sign_transaction(tx).raw_transaction)
    )


def test_transfer_with_authorization_moves_money_once_with_usdc_revert_strings(devnet: Devnet):
    info, relayer = devnet.info, anvil_accounts()[7]
    payload = sign_authorization(info, nonce=new_nonce())
    before = devnet.balance(info.pay_to)

    assert _submit(devnet, payload, relayer.key)["status"] == 1
    assert devnet.balance(info.pay_to) == before + PRICE
    nonce = bytes.fromhex(payload["authorization"]["nonce"][2:])
    assert devnet.token().functions.authorizationState(info.buyer_address, nonce).call()

    auth, sig = payload["authorization"], bytes.fromhex(payload["signature"][2:])
    replay = devnet.token().functions.transferWithAuthorization(
        auth["from"],
        auth["to"],
        PRICE,
        0,
        int(auth["validBefore"]),
        nonce,
        sig[64],
        sig[:32],
        sig[32:64],
    )
    with pytest.raises(Exception, match="FiatTokenV2: authorization is used or canceled"):
        replay.call({"from": relayer.address})


def test_receive_with_authorization_only_by_the_payee(devnet: Devnet):
    info = devnet.info
    payee = anvil_accounts()[8]
    # a ReceiveWithAuthorization is signed under its own type name
    types = {
        "EIP712Domain": TRANSFER_TYPES["EIP712Domain"],
        "ReceiveWithAuthorization": TRANSFER_TYPES["TransferWithAuthorization"],
    }
    nonce = new_nonce()
    message = {
        "from": info.buyer_address, "to": payee.address, "value": PRICE, "validAfter": 0,
        "validBefore": 2**40, "nonce": bytes.fromhex(nonce[2:]),
    }  # fmt: skip
    domain = {
        "name": "USD Coin",
        "version": "2",
        "chainId": info.chain_id,
        "verifyingContract": info.token,
    }
    signed = Account.sign_typed_data(
        info.buyer_key,
        full_message={
            "types": types,
            "primaryType": "ReceiveWithAuthorization",
            "domain": domain,
            "message": message,
        },
    )
    payload = {
        "signature": "0x" + signed.signature.hex(),
        "authorization": {
            **message,
            "value": str(PRICE),
            "validAfter": "0",
            "validBefore": str(2**40),
            "nonce": nonce,
        },
    }
    with pytest.raises(Exception, match="FiatTokenV2: caller must be the payee"):
        _submit(devnet, payload, anvil_accounts()[7].key, "receiveWithAuthorization")
    before = devnet.balance(payee.address)
    assert _submit(devnet, payload, payee.key, "receiveWithAuthorization")["status"] == 1
    assert devnet.balance(payee.address) == before + PRICE


def test_public_keys_are_refused_off_the_devnet():
    key = anvil_accounts()[2].key
    assert is_public_test_key(key) and is_public_test_key(key.removeprefix("0x").upper())
    refuse_public_key_off_devnet(key, 31337)
    with pytest.raises(PublicKeyOffDevnet, match="chain 8453"):
        refuse_public_key_off_devnet(key, 8453)
    own = Account.create()
    assert not is_public_test_key("0x" + own.key.hex())
    refuse_public_key_off_devnet("0x" + own.key.hex(), 8453)


def test_stopping_the_devnet_leaves_nothing_running():
    chain = Devnet()
    info = chain.start()
    pid = chain.anvil_pid
    assert pid is not None and _alive(pid) and _port_open(info.rpc_url)
    chain.stop()
    assert not _alive(pid)
    assert not _port_open(info.rpc_url)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_devnet_command_describes_itself_and_cleans_up(tmp_path: Path, stop: int):
    home = tmp_path / "state"
    env = clean_env(SYNTHFORGE_HOME=str(home))
    with running(["devnet", "--json"], env, cwd=tmp_path) as child:
        line = child.wait_for(r"(\{.*\})\n").group(1)
        printed = json.loads(line)
        described = read_devnet_file(home / "devnet.json")
        assert described.model_dump() == printed
        for field in (
            "rpc_url",
            "chain_id",
            "network",
            "token",
            "buyer_key",
            "buyer_address",
            "pay_to",
            "facilitator_url",
        ):
            assert printed[field], field
        assert printed["network"] == "eip155:31337"
        assert (home / "devnet.json").stat().st_mode & 0o077 == 0

        supported = httpx.get(printed["facilitator_url"] + "/supported").json()
        assert supported["kinds"][0]["network"] == "eip155:31337"
        w3 = Web3(Web3.HTTPProvider(printed["rpc_url"]))
        assert w3.eth.chain_id == 31337
        anvil_pids = [
            int(p)
            for p in os.listdir("/proc")
            if p.isdigit() and _child_of(int(p), child.process.pid)
        ]

        assert child.stop(stop) == 0, child.output
    assert not (home / "devnet.json").exists()
    assert not _port_open(printed["rpc_url"])
    assert not _port_open(printed["facilitator_url"])
    assert anvil_pids and not any(_alive(p) for p in anvil_pids)


def _child_of(pid: int, parent: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return int(stat.rsplit(")", 1)[1].split()[1]) == parent
