"""Upstream adapters; each implements generation.Provider."""

from .local import LocalProvider

__all__ = ["LocalProvider"]
