"""Buying one image-generate-ultra call and showing it to an agent: receipt, link, thumbnail."""

from __future__ import annotations

import asyncio
import base64
import io
import logging
from decimal import Decimal
from typing import Any

import httpx
from mcp.types import CallToolResult, ContentBlock, ImageContent, ResourceLink, TextContent
from PIL import Image

from ..buyer import AsyncClient
from ..catalog import ImageResponse

__all__ = ["THUMBNAIL_PX", "buy_image", "usd"]

logger = logging.getLogger(__name__)

THUMBNAIL_PX = 256
# USDC and the devnet's test token both have 6 decimals; the buyer client assumes the same.
_DECIMALS = 6


def usd(amount: Decimal) -> str:
    """Dollars with at least cents, and every digit a price really has."""
    return f"${amount:.2f}" if amount == round(amount, 2) else f"${amount.normalize():f}"


async def buy_image(
    client: AsyncClient, images: httpx.AsyncClient, options: dict[str, Any]
) -> CallToolResult:
    """Pay for one image and answer with the receipt, a link to the PNG and a thumbnail."""
    result = await client.generate(**options)
    response = result.response
    content: list[ContentBlock] = [
        TextContent(text=receipt(response)),
        ResourceLink(
            uri=response.image_url,
            name=response.image_url.rstrip("/").rsplit("/", 1)[-1] or "image.png",
            title=response.prompt[:80],
            mime_type="image/png",
        ),
    ]
    thumbnail = await _thumbnail(images, response.image_url)
    if thumbnail is not None:
        content.append(thumbnail)
    return CallToolResult(content=content, structured_content=response.model_dump(mode="json"))


def receipt(response: ImageResponse) -> str:
    """One line: what was paid, the settlement, who drew it and how long it took."""
    paid = Decimal(int(response.payment.amount)).scaleb(-_DECIMALS)
    return (
        f"Paid {usd(paid)} on {response.payment.network} · tx {response.payment.transaction} · "
        f"{response.model} ({response.tier}) · {response.width}x{response.height} · "
        f"{response.elapsed_ms} ms · {response.image_url}"
    )


async def _thumbnail(images: httpx.AsyncClient, url: str) -> ImageContent | None:
    # The image is already paid for: a failed preview must never turn the result into an error.
    try:
        answer = await images.get(url)
        answer.raise_for_status()
        png = await asyncio.to_thread(_shrink, answer.content)
    except (httpx.HTTPError, OSError) as exc:  # PIL's UnidentifiedImageError is an OSError
        logger.warning("no thumbnail for %s: %s", url, exc)
        return None
    return ImageContent(data=base64.b64encode(png).decode(), mime_type="image/png")


def _shrink(png: bytes) -> bytes:
    with Image.open(io.BytesIO(png)) as image:
        image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))  # keeps the aspect ratio
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
    return out.getvalue()
