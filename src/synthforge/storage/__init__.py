"""Storage: finished PNGs, content-addressed, and the URLs buyers fetch them from."""

from ._errors import StorageError
from ._local import LocalImageStore
from ._types import ImageStore

__all__ = ["ImageStore", "LocalImageStore", "StorageError"]
