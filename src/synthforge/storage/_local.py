"""Images as files in one directory, named by the sha256 of their bytes.

Content addressing makes `put` idempotent and the files immutable, so they can be served
with long cache lifetimes and a replayed generation stores nothing new.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import secrets
from pathlib import Path

from ._errors import StorageError

__all__ = ["LocalImageStore"]

_KEY = re.compile(r"[0-9a-f]{64}")


class LocalImageStore:
    """Content-addressed PNG files under `directory`, served below `base_url`/images/."""

    def __init__(self, directory: Path, base_url: str) -> None:
        self.directory = directory
        self.base_url = base_url.rstrip("/")

    async def put(self, png: bytes) -> str:
        """Write the PNG unless it is already there; return its sha256 key."""
        key = hashlib.sha256(png).hexdigest()
        await asyncio.to_thread(self._write, key, png)
        return key

    def url_for(self, key: str) -> str:
        """The URL the gateway serves this image at."""
        _check(key)
        return f"{self.base_url}/images/{key}.png"

    def path_for(self, key: str) -> Path:
        """The file holding this image; refuses anything but a sha256 hex key."""
        _check(key)
        return self.directory / f"{key}.png"

    def _write(self, key: str, png: bytes) -> None:
        """Atomically create the file: readers see the whole image or no file at all."""
        path = self.path_for(key)
        # A random name, not the key: two writers of the same image must not share a temp file.
        temp = self.directory / f".{key}.{secrets.token_hex(8)}.tmp"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            if path.exists():
                return
            # os.open honours the umask, unlike mkstemp's fixed 0600: a web server may serve these.
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            with os.fdopen(fd, "wb") as file:
                file.write(png)
                # Flushed to disk before the rename: after a crash the key must never name a
                # truncated file, because put() would then skip rewriting it forever.
                file.flush()
                os.fsync(file.fileno())
            os.replace(temp, path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
            # strerror only ("Permission denied"): str(exc) would carry the absolute path.
            reason = exc.strerror or type(exc).__name__
            raise StorageError(f"could not store image {key[:12]}: {reason}") from exc


def _check(key: str) -> None:
    """Refuse keys that are not 64 lowercase hex digits, so no key can reach outside the store."""
    if not _KEY.fullmatch(key):
        raise StorageError("image key must be 64 lowercase hex digits")
