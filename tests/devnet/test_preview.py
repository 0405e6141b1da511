"""The devnet described before it starts matches the devnet that then runs."""

from __future__ import annotations

from synthforge.devnet import Devnet, preview_devnet
from synthforge.runtime import payment_terms
from synthforge.settings import DevnetSettings, GatewaySettings


def test_the_preview_is_the_running_devnet(devnet: Devnet):
    preview, running = preview_devnet(), devnet.info
    assert preview.token == running.token
    assert preview.model_dump(exclude={"rpc_url"}) == running.model_dump(exclude={"rpc_url"})
    # what buyers are told to pay: the same token, recipient and network
    gateway = GatewaySettings()
    assert payment_terms(gateway, preview) == payment_terms(gateway, running)


def test_the_preview_names_the_configured_address():
    preview = preview_devnet(DevnetSettings(host="::1", port=8545, chain_id=1337))
    assert preview.rpc_url == "http://[::1]:8545"
    assert (preview.chain_id, preview.network) == (1337, "eip155:1337")
