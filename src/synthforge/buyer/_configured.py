"""The buyer the settings describe: key, seller, limits, journal; the devnet's when unset."""

from __future__ import annotations

from ..devnet import DevnetInfo, read_devnet_file
from ..settings import ConfigError, Settings
from ._client import USDC, AsyncClient

__all__ = ["configured_client"]


def configured_client(settings: Settings) -> tuple[AsyncClient, DevnetInfo | None]:
    """A client from `[buyer]`; without a key, the running devnet's buyer (public key, which
    the client refuses to sign with on any other chain). Returns the devnet too, if used."""
    options = settings.buyer
    key = options.key()
    devnet = read_devnet_file(settings.devnet_file) if settings.devnet_file.is_file() else None
    if key is None and devnet is None:
        raise ConfigError(
            [
                "no buyer wallet: set SYNTHFORGE_BUYER__PRIVATE_KEY or ..._PRIVATE_KEY_FILE, "
                f"or run a devnet (`synthforge serve`) so {settings.devnet_file} exists"
            ]
        )
    assets = dict(USDC)
    if devnet is not None:
        assets[devnet.network] = devnet.token
    client = AsyncClient(
        options.url,
        wallet=key.get_secret_value() if key is not None else devnet.buyer_key,  # type: ignore[union-attr]
        max_per_call=options.max_per_call_usd,
        budget=options.budget_usd,
        journal=options.journal_path(),
        assets=assets,
    )
    return client, devnet if key is None else None
