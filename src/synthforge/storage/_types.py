"""The storage contract: where finished PNGs go and how buyers fetch them."""

from __future__ import annotations

from typing import Protocol

__all__ = ["ImageStore"]


class ImageStore(Protocol):
    """Keeps finished PNGs and names the URL each is served at."""

    async def put(self, png: bytes) -> str:
        """Store one image; storing the same bytes again is harmless.

        Args:
            png: the normalised PNG, exactly as the buyer will download it.

        Returns:
            The key the image is stored under, for `url_for` and the ledger.

        Raises:
            StorageError: the image could not be stored.
        """
        ...

    def url_for(self, key: str) -> str:
        """The public URL of a stored image.

        Args:
            key: a key returned by `put`.

        Returns:
            An absolute URL the buyer can fetch the PNG from.

        Raises:
            StorageError: the key is not one this store could have issued.
        """
        ...
