"""synthforge: a self-hosted pay-per-call media generation gateway, paid over x402."""

from importlib.metadata import version as _version

from .settings import ConfigError, Settings, load_settings

__version__ = _version("synthforge")

__all__ = ["ConfigError", "Settings", "__version__", "load_settings"]
