"""An MCP server that lets an agent buy from the catalog, paying within a cap and a budget.

    tools/list -> the catalog's request and response schemas, as they are
    tools/call -> validate with the catalog model -> pay (AsyncClient) -> receipt + image

A refused or failed purchase is a tool result with isError, never a protocol error, so the
agent reads what happened and, above all, whether anything was charged.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import httpx
from mcp.server.context import ServerRequestContext
from mcp.server.lowlevel import Server
from mcp.shared.exceptions import MCPError
from mcp.types import (
    INVALID_PARAMS,
    CallToolRequestParams,
    CallToolResult,
    ListToolsResult,
    PaginatedRequestParams,
    TextContent,
    Tool,
    ToolAnnotations,
)
from pydantic import BaseModel, Field, ValidationError

from ..buyer import (
    AsyncClient,
    BudgetExceeded,
    BuyerError,
    PriceRefused,
    SellerRefused,
    SellerUnavailable,
)
from ..catalog import IMAGE_GENERATE_ULTRA, Endpoint
from ..devnet import PublicKeyOffDevnet
from ._image import buy_image, usd

__all__ = ["SERVER_NAME", "WALLET_TOOL", "WalletReport", "build_server", "tool_name"]

SERVER_NAME = "synthforge"
WALLET_TOOL = "wallet_status"

Buy = Callable[[AsyncClient, httpx.AsyncClient, dict[str, Any]], Awaitable[CallToolResult]]
# One paid tool per catalog endpoint: adding an endpoint is one line here and its `Buy`.
_PAID: tuple[tuple[Endpoint, Buy], ...] = ((IMAGE_GENERATE_ULTRA, buy_image),)


class WalletReport(BaseModel):
    """What wallet_status answers; amounts are USD as decimal strings, to keep every digit."""

    address: str = Field(description="The paying address.")
    spent_usd: str = Field(description="Spent so far, all processes sharing the journal.")
    budget_usd: str | None = Field(description="The session budget; null when unlimited.")
    remaining_usd: str | None = Field(description="Budget left; null when unlimited.")
    max_per_call_usd: str = Field(description="The most one call may cost.")


def tool_name(endpoint: Endpoint) -> str:
    """The tool an endpoint becomes: its slug with underscores (image_generate_ultra)."""
    return endpoint.tool_name


def build_server(client: AsyncClient, *, images: httpx.AsyncClient) -> Server[Any]:
    """A server whose paid tools spend through `client`; `images` fetches thumbnails."""
    paid = {tool_name(endpoint): (endpoint, buy) for endpoint, buy in _PAID}
    tools = [_paid_tool(endpoint) for endpoint, _ in _PAID] + [_wallet_tool()]

    async def list_tools(
        ctx: ServerRequestContext[Any], params: PaginatedRequestParams | None
    ) -> ListToolsResult:
        return ListToolsResult(tools=tools)

    async def call_tool(
        ctx: ServerRequestContext[Any], params: CallToolRequestParams
    ) -> CallToolResult:
        if params.name == WALLET_TOOL:
            return _wallet(client)
        if params.name not in paid:
            raise MCPError(INVALID_PARAMS, f"unknown tool {params.name!r}")
        endpoint, buy = paid[params.name]
        try:
            request = endpoint.request_model.model_validate(params.arguments or {})
        except ValidationError as exc:
            return _error(f"Invalid arguments, nothing was paid: {_fields(exc)}")
        try:
            return await buy(client, images, request.model_dump(exclude_unset=True))
        except Exception as exc:  # only the known failures become results; the rest re-raise
            return _refusal(exc)

    return Server(
        SERVER_NAME,
        instructions=(
            "Paid tools: each call pays the seller in USDC over x402, automatically, within "
            "a per-call cap and a session budget. Call wallet_status to see what is left."
        ),
        on_list_tools=list_tools,
        on_call_tool=call_tool,
    )


def _paid_tool(endpoint: Endpoint) -> Tool:
    return Tool(
        name=tool_name(endpoint),
        title=endpoint.title,
        description=f"{endpoint.description} Costs money: pays the seller on every call.",
        input_schema=endpoint.input_schema,
        output_schema=endpoint.output_schema,
        annotations=ToolAnnotations(
            read_only_hint=False,
            destructive_hint=False,
            idempotent_hint=False,
            open_world_hint=True,
        ),
    )


def _wallet_tool() -> Tool:
    return Tool(
        name=WALLET_TOOL,
        title="Wallet status",
        description="The paying address, the spend so far, the budget left and the per-call cap.",
        input_schema={"type": "object", "properties": {}, "additionalProperties": False},
        output_schema=WalletReport.model_json_schema(),
        annotations=ToolAnnotations(read_only_hint=True, open_world_hint=False),
    )


def _wallet(client: AsyncClient) -> CallToolResult:
    status = client.wallet_status()
    left = (
        None if status.budget_usd is None else max(Decimal(0), status.budget_usd - status.spent_usd)
    )
    report = WalletReport(
        address=status.address,
        spent_usd=str(status.spent_usd),
        budget_usd=None if status.budget_usd is None else str(status.budget_usd),
        remaining_usd=None if left is None else str(left),
        max_per_call_usd=str(status.max_per_call_usd),
    )
    budget = (
        "no budget set"
        if status.budget_usd is None or left is None
        else f"{usd(left)} left of the {usd(status.budget_usd)} budget"
    )
    text = (
        f"Wallet {status.address}: spent {usd(status.spent_usd)}, {budget}, "
        f"at most {usd(status.max_per_call_usd)} per call."
    )
    return CallToolResult(content=[TextContent(text=text)], structured_content=report.model_dump())


def _refusal(exc: Exception) -> CallToolResult:
    """Say what failed and whether it cost anything; re-raise what is not a known failure."""
    match exc:
        case BudgetExceeded():
            return _error(f"Not bought, over the budget: {exc}. Nothing was signed or charged.")
        case PriceRefused():
            return _error(f"Not bought, price refused: {exc}. Nothing was signed or charged.")
        case SellerRefused() if exc.body.get("charged") is False:
            return _error(f"The seller refused ({exc}); it says charged: false, nothing was paid.")
        case SellerRefused():
            return _error(
                f"The seller refused ({exc}) without saying charged: false; "
                "check wallet_status before calling again."
            )
        case SellerUnavailable():
            return _error(
                f"The seller did not answer ({exc}). The payment was signed and MAY have been "
                "charged; check wallet_status before calling again, a new call pays again."
            )
        case PublicKeyOffDevnet():
            return _error(f"Not bought: {exc}. Nothing was signed or charged.")
        case httpx.TransportError():
            # failures after signing are retried inside the client: this one came before
            return _error(f"The seller could not be reached ({exc}). Nothing was charged.")
        case ValidationError():
            return _error(f"Paid, but the seller's answer is not a valid result: {_fields(exc)}")
        case BuyerError():
            return _error(f"Not bought: {exc}. Check wallet_status for what was charged.")
    raise exc


def _error(text: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(text=text)], is_error=True)


def _fields(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'arguments'}: {e['msg']}" for e in exc.errors()
    )
