"""Storage failures."""

__all__ = ["StorageError"]


class StorageError(Exception):
    """The image could not be stored or read back."""
