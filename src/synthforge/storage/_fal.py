"""Re-host finished PNGs on fal's storage, as the original service does ("fal-hosted PNG URL").

Two steps over fal's REST API: initiate an upload (`file_name`, `content_type`) to get an
`upload_url` and the permanent `file_url`, then PUT the bytes to `upload_url`. The key this
store hands out is the `file_url` itself.
"""

from __future__ import annotations

import hashlib

import httpx

from ._errors import StorageError

__all__ = ["FalImageStore"]

DEFAULT_REST_URL = "https://rest.fal.ai"


class FalImageStore:
    """An ImageStore whose URLs are fal CDN URLs."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        api_key: str,
        rest_url: str = DEFAULT_REST_URL,
        timeout_s: float = 60.0,
    ) -> None:
        self._client = client
        self._key = api_key
        self._rest = rest_url.rstrip("/")
        self._timeout = timeout_s

    async def put(self, png: bytes) -> str:
        """Upload `png`; returns its permanent URL (the key of this store)."""
        name = hashlib.sha256(png).hexdigest() + ".png"
        try:
            initiated = await self._client.post(
                f"{self._rest}/storage/upload/initiate",
                params={"storage_type": "fal-cdn-v3"},
                json={"file_name": name, "content_type": "image/png"},
                headers={"Authorization": f"Key {self._key}"},
                timeout=self._timeout,
            )
            if initiated.status_code != 200:
                raise StorageError(f"fal storage refused the upload ({initiated.status_code})")
            target = initiated.json()
            upload_url, file_url = target.get("upload_url"), target.get("file_url")
            if not isinstance(upload_url, str) or not isinstance(file_url, str):
                raise StorageError("fal storage answered without upload_url and file_url")
            uploaded = await self._client.put(
                upload_url,
                content=png,
                headers={"Content-Type": "image/png"},
                timeout=self._timeout,
            )
            if uploaded.status_code >= 300:
                raise StorageError(f"fal storage upload failed ({uploaded.status_code})")
        except httpx.HTTPError as exc:
            raise StorageError(f"fal storage unreachable ({type(exc).__name__})") from exc
        except ValueError as exc:
            raise StorageError("fal storage answered with malformed JSON") from exc
        return file_url

    def url_for(self, key: str) -> str:
        """The key is already the URL."""
        return key
