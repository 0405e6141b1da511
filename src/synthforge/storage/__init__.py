"""Storage: finished PNGs, content-addressed, and the URLs buyers fetch them from."""

from ._errors import StorageError
from ._fal import FalImageStore
from ._local import LocalImageStore
from ._types import ImageStore

__all__ = ["FalImageStore", "ImageStore", "LocalImageStore", "StorageError"]
