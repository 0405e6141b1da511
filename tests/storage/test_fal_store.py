"""Re-hosting on fal's CDN: two-step upload, the URL it returns, failures as StorageError."""

from __future__ import annotations

import hashlib

import httpx
import pytest

from synthforge.storage import FalImageStore, StorageError

from ..fakes.fal_storage import FalStorage

PNG = b"\x89PNG\r\n\x1a\n" + bytes(100)
NAME = hashlib.sha256(PNG).hexdigest() + ".png"


async def test_upload_returns_the_permanent_fal_url():
    with FalStorage() as fake:
        async with httpx.AsyncClient() as client:
            store = FalImageStore(client, "fal-key-123", fake.url)
            key = await store.put(PNG)
        initiate, upload = fake.server.requests  # type: ignore[union-attr]
    assert key == store.url_for(key) == f"https://v3.fal.media/files/{NAME}"
    assert initiate.headers["authorization"] == "Key fal-key-123"
    assert initiate.query == {"storage_type": "fal-cdn-v3"}
    assert initiate.json == {"file_name": NAME, "content_type": "image/png"}
    assert upload.method == "PUT" and upload.headers["content-type"] == "image/png"
    assert "authorization" not in upload.headers  # the signed URL is the credential
    assert fake.uploaded[NAME] == PNG


@pytest.mark.parametrize("step", ["initiate", "upload"])
async def test_refusals_are_storage_errors(step: str):
    with FalStorage(**{f"refuse_{step}": 401 if step == "initiate" else 500}) as fake:
        async with httpx.AsyncClient() as client:
            with pytest.raises(StorageError, match="fal storage"):
                await FalImageStore(client, "k", fake.url).put(PNG)


async def test_unreachable_or_malformed_is_a_storage_error():
    async with httpx.AsyncClient() as client:
        with pytest.raises(StorageError, match="unreachable"):
            await FalImageStore(client, "k", "http://127.0.0.1:9").put(PNG)
