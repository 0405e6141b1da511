"""`synthforge mcp` as an agent runs it: a child process over stdio, paying a real gateway."""

from __future__ import annotations

import base64
import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from pathlib import Path

from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.types import CallToolResult, ImageContent, ResourceLink, TextContent
from PIL import Image

from synthforge.catalog import IMAGE_GENERATE_ULTRA, TIERS, ImageResponse
from synthforge.devnet import Devnet

from ..gateway.harness import CountingProvider, running_gateway
from ..processes import SYNTHFORGE
from ..signing import PRICE

TOOL = "image_generate_ultra"


@asynccontextmanager
async def mcp_session(
    devnet: Devnet, home: Path, seller: str = "http://127.0.0.1:9", **buyer: str
) -> AsyncIterator[ClientSession]:
    """`synthforge mcp` configured by environment only, with the devnet's buyer paying."""
    devnet.write(home / "devnet.json")
    env = {
        "SYNTHFORGE_HOME": str(home),
        "SYNTHFORGE_BUYER__URL": seller,
        "SYNTHFORGE_BUYER__JOURNAL": str(home / "spend.db"),
        **{f"SYNTHFORGE_BUYER__{name.upper()}": value for name, value in buyer.items()},
    }
    command = StdioServerParameters(
        command=SYNTHFORGE[0], args=[*SYNTHFORGE[1:], "mcp"], env=env, cwd=home
    )
    log = home / "mcp.stderr"
    try:
        with log.open("w") as errlog:
            async with (
                stdio_client(command, errlog=errlog) as (read, write),
                ClientSession(read, write) as session,
            ):
                await session.initialize()
                yield session
    except Exception as exc:
        exc.add_note(f"synthforge mcp said on stderr:\n{log.read_text()}")
        raise


def _text(result: CallToolResult) -> str:
    return " ".join(block.text for block in result.content if isinstance(block, TextContent))


async def test_lists_the_catalog_tool_and_the_wallet(devnet: Devnet, tmp_path: Path) -> None:
    async with mcp_session(devnet, tmp_path) as session:
        tools = {tool.name: tool for tool in (await session.list_tools()).tools}
        invalid = await session.call_tool(TOOL, {"prompt": "a fox", "width": 5000})

    assert set(tools) == {TOOL, "wallet_status"}
    image = tools[TOOL]
    assert image.input_schema == IMAGE_GENERATE_ULTRA.input_schema
    assert {"prompt", "width", "height", "tier", "seed"} <= set(image.input_schema["properties"])
    assert image.input_schema["properties"]["tier"]["enum"] == [t.slug for t in TIERS]
    assert image.input_schema["required"] == ["prompt"]
    assert image.description is not None
    assert IMAGE_GENERATE_ULTRA.description in image.description
    assert invalid.is_error and "width" in _text(invalid) and "nothing was paid" in _text(invalid)


async def test_a_call_pays_once_and_shows_receipt_link_and_thumbnail(
    devnet: Devnet, tmp_path: Path
) -> None:
    info, provider = devnet.info, CountingProvider()
    arguments = {"prompt": "a red fox in fresh snow", "tier": "gpt", "width": 1024, "height": 512}
    with running_gateway(devnet, tmp_path / "gw", providers={"local": provider}) as gw:
        before = devnet.balance(info.buyer_address)
        async with mcp_session(devnet, tmp_path, gw.base, budget_usd="1.00") as session:
            result = await session.call_tool(TOOL, arguments)
            wallet = await session.call_tool("wallet_status", {})
        after = devnet.balance(info.buyer_address)

    assert not result.is_error, _text(result)
    assert before - after == PRICE == 300_000
    assert provider.calls == 1
    response = ImageResponse.model_validate(result.structured_content)
    assert (response.width, response.height, response.tier) == (1024, 512, "gpt")
    assert response.payment.payer == info.buyer_address
    text, link, thumbnail = result.content
    assert isinstance(text, TextContent) and isinstance(link, ResourceLink)
    assert isinstance(thumbnail, ImageContent)
    assert "$0.30" in text.text and response.payment.transaction in text.text
    assert response.model in text.text and f"{response.elapsed_ms} ms" in text.text
    assert link.uri == response.image_url and link.mime_type == "image/png"
    preview = Image.open(io.BytesIO(base64.b64decode(thumbnail.data)))
    assert thumbnail.mime_type == "image/png" and preview.format == "PNG"
    assert preview.size == (256, 128)

    assert not wallet.is_error and wallet.structured_content is not None
    status = wallet.structured_content
    assert status["address"] == info.buyer_address
    assert Decimal(status["spent_usd"]) == Decimal("0.30")
    assert Decimal(status["remaining_usd"]) == Decimal("0.70")
    assert "$0.30" in _text(wallet)


async def test_a_call_over_budget_is_an_error_and_moves_nothing(
    devnet: Devnet, tmp_path: Path
) -> None:
    info, provider = devnet.info, CountingProvider()
    with running_gateway(devnet, tmp_path / "gw", providers={"local": provider}) as gw:
        before = devnet.balance(info.buyer_address)
        async with mcp_session(devnet, tmp_path, gw.base, budget_usd="0.10") as session:
            result = await session.call_tool(TOOL, {"prompt": "a red fox"})
            wallet = await session.call_tool("wallet_status", {})
        after = devnet.balance(info.buyer_address)

    assert result.is_error
    assert "budget" in _text(result) and "Nothing was signed or charged" in _text(result)
    assert result.structured_content is None
    assert after == before and provider.calls == 0
    assert wallet.structured_content is not None
    assert Decimal(wallet.structured_content["spent_usd"]) == 0
