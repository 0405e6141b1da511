"""The `synthforge` command: one Typer app, a module per subcommand."""

from __future__ import annotations

import logging

import typer

from ._demo import demo
from ._devnet import devnet
from ._facilitator import facilitator
from ._generate import generate, wallet
from ._ledger import ledger
from ._man import man_command
from ._mcp import mcp_command
from ._routes import routes
from ._serve import serve_command

__all__ = ["app", "main"]

app = typer.Typer(
    name="synthforge",
    help="Pay-per-call media generation gateway, paid over x402.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("serve")(serve_command)
app.command()(generate)
app.command()(wallet)
app.command("mcp")(mcp_command)
app.command()(ledger)
app.command()(routes)
app.command()(demo)
app.command()(devnet)
app.command()(facilitator)
app.command("man")(man_command)


def main() -> None:
    """Entry point of the console script."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()
