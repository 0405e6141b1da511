"""The base of HTTP adapters: a shared client, the key, the base URL, the timeout."""

from __future__ import annotations

from typing import ClassVar

import httpx

from ..generation import GenerationRequest, UpstreamImage

__all__ = ["HttpProvider"]


class HttpProvider:
    """Subclass with `name`, `key_env`, `default_base_url` and one `generate` method."""

    name: ClassVar[str]
    key_env: ClassVar[str]  # the vendor's usual environment variable, for messages
    default_base_url: ClassVar[str]

    def __init__(
        self,
        client: httpx.AsyncClient,
        api_key: str,
        base_url: str | None = None,
        timeout_s: float = 120.0,
    ) -> None:
        self._client = client
        self._key = api_key
        self._base = (base_url or self.default_base_url).rstrip("/")
        self._timeout = timeout_s

    async def generate(self, request: GenerationRequest, upstream_model: str) -> UpstreamImage:
        """One image from this upstream (see generation.Provider)."""
        raise NotImplementedError
