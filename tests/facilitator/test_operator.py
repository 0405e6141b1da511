"""What an operator sees: configuration named at once, keys guarded, secrets never echoed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from eth_account import Account
from x402.schemas import PaymentPayload, PaymentRequirements

from synthforge.devnet import Devnet
from synthforge.facilitator import LocalFacilitator
from synthforge.settings import DevnetSettings

from ..processes import SYNTHFORGE, clean_env
from ..signing import requirements, sign_authorization, v2_body

SECRET_PATH = "/v2/operator-secret-token"


def _facilitator(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SYNTHFORGE, "facilitator", "--port", "0"],
        env=clean_env(**env),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_configuration_is_reported_all_at_once(tmp_path: Path):
    done = _facilitator(tmp_path)
    assert done.returncode == 2
    assert "facilitator.network is not set" in done.stderr
    assert "facilitator.rpc_url is not set" in done.stderr
    assert "no gas key" in done.stderr
    assert "Traceback" not in done.stderr


def test_public_devnet_key_is_refused_on_another_chain(tmp_path: Path):
    with Devnet(DevnetSettings(chain_id=8453, buyer_funds=0)) as fake_base:
        key = fake_base.info.facilitator_key
        done = _facilitator(
            tmp_path,
            SYNTHFORGE_FACILITATOR__NETWORK="eip155:8453",
            SYNTHFORGE_FACILITATOR__RPC_URL=fake_base.info.rpc_url,
            SYNTHFORGE_FACILITATOR__PRIVATE_KEY=key,
        )
    assert done.returncode == 2
    assert "refusing to use a public devnet test key on chain 8453" in done.stderr
    assert key.removeprefix("0x") not in done.stderr + done.stdout


def test_node_on_another_chain_than_configured_is_refused(tmp_path: Path, devnet: Devnet):
    done = _facilitator(
        tmp_path,
        SYNTHFORGE_FACILITATOR__NETWORK="eip155:8453",
        SYNTHFORGE_FACILITATOR__RPC_URL=devnet.info.rpc_url,
        SYNTHFORGE_FACILITATOR__PRIVATE_KEY="0x" + Account.create().key.hex(),
    )
    assert done.returncode == 2
    assert "serves chain 31337, not eip155:8453" in done.stderr


def test_unreachable_rpc_is_reported_without_its_secret(tmp_path: Path):
    key = "0x" + Account.create().key.hex()
    done = _facilitator(
        tmp_path,
        SYNTHFORGE_FACILITATOR__NETWORK="eip155:8453",
        SYNTHFORGE_FACILITATOR__RPC_URL="http://127.0.0.1:9" + SECRET_PATH,
        SYNTHFORGE_FACILITATOR__PRIVATE_KEY=key,
    )
    assert done.returncode == 2
    assert "cannot reach the RPC node" in done.stderr
    assert "operator-secret-token" not in done.stderr + done.stdout
    assert key[2:] not in done.stderr + done.stdout


async def test_rpc_errors_during_verify_never_echo_the_rpc_url(
    devnet: Devnet, caplog: pytest.LogCaptureFixture
):
    info = devnet.info
    # anvil answers 404 on any path but /, and web3 puts the whole URL in that error
    facilitator = LocalFacilitator(
        network=info.network, rpc_url=info.rpc_url + SECRET_PATH, private_key=info.facilitator_key
    )
    body = v2_body(sign_authorization(info), requirements(info))
    payload = PaymentPayload.model_validate(body["paymentPayload"])
    reqs = PaymentRequirements.model_validate(body["paymentRequirements"])
    try:
        verified = await facilitator.verify(payload, reqs)
        settled = await facilitator.settle(payload, reqs)
    finally:
        await facilitator.aclose()

    assert verified.is_valid is False and settled.success is False
    everything = verified.model_dump_json() + settled.model_dump_json() + caplog.text
    assert "404" in everything  # the failure is reported ...
    assert "operator-secret-token" not in everything  # ... without the secret
