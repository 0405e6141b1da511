"""An MCP server that lets a coding agent buy from the catalog within a cap and a budget."""

from ._image import THUMBNAIL_PX
from ._server import SERVER_NAME, WALLET_TOOL, WalletReport, build_server, tool_name

__all__ = [
    "SERVER_NAME",
    "THUMBNAIL_PX",
    "WALLET_TOOL",
    "WalletReport",
    "build_server",
    "tool_name",
]
