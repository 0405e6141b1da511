"""The upstream adapters synthforge ships: adding one is a file and a line here."""

from __future__ import annotations

import httpx

from ..generation import Provider
from ..settings import ProviderKeys, ProvidersSettings
from ._base import HttpProvider
from .fal import FalProvider
from .google import GoogleProvider
from .openai import OpenAIProvider
from .recraft import RecraftProvider
from .venice import VeniceProvider
from .xai import XaiProvider

__all__ = ["ADAPTERS", "build_providers"]

ADAPTERS: dict[str, type[HttpProvider]] = {
    VeniceProvider.name: VeniceProvider,
    FalProvider.name: FalProvider,
    GoogleProvider.name: GoogleProvider,
    OpenAIProvider.name: OpenAIProvider,
    RecraftProvider.name: RecraftProvider,
    XaiProvider.name: XaiProvider,
}


def build_providers(
    settings: ProvidersSettings, keys: ProviderKeys, client: httpx.AsyncClient
) -> dict[str, Provider]:
    """An adapter for every upstream whose key is configured."""
    built: dict[str, Provider] = {}
    for name, adapter in ADAPTERS.items():
        key = keys.get(name)
        if key:
            options = getattr(settings, name)
            built[name] = adapter(client, key, options.base_url, options.timeout_s)
    return built
