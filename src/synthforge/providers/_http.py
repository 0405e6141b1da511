"""What every HTTP adapter shares: one translation of transport failures and status codes
into typed generation errors, and bounded reading of images (base64 or a URL).

Nothing above an adapter ever sees httpx or a vendor's error JSON.
"""

from __future__ import annotations

import base64
import binascii
import email.utils
import time
from typing import Any

import httpx

from ..generation import (
    BadUpstreamRequest,
    GenerationError,
    RateLimited,
    UpstreamTimeout,
    UpstreamUnavailable,
)

__all__ = [
    "MAX_IMAGE_BYTES",
    "decode_b64_image",
    "download_image",
    "error_for_status",
    "error_object",
    "image_from_item",
    "json_body",
    "retry_after",
    "send",
]

MAX_IMAGE_BYTES = 32 * 1024 * 1024


async def send(client: httpx.AsyncClient, name: str, request: httpx.Request) -> httpx.Response:
    """Send `request`; transport failures become UpstreamTimeout / UpstreamUnavailable."""
    try:
        return await client.send(request)
    except httpx.TimeoutException as exc:
        raise UpstreamTimeout(f"{name} did not answer in time") from exc
    except httpx.TransportError as exc:
        raise UpstreamUnavailable(f"{name} could not be reached ({type(exc).__name__})") from exc


def retry_after(response: httpx.Response) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), if any."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


def error_for_status(name: str, response: httpx.Response) -> GenerationError | None:
    """The typed error for a failed status, or None for 2xx. Content refusals are the
    adapter's to recognise first, since each vendor words them differently."""
    status = response.status_code
    if status < 300:
        return None
    if status == 429:
        return RateLimited(f"{name} is rate limiting", retry_after=retry_after(response))
    if status >= 500:
        return UpstreamUnavailable(f"{name} failed with {status}")
    if status in (401, 403):
        return BadUpstreamRequest(f"{name} rejected the API key ({status})")
    return BadUpstreamRequest(f"{name} rejected the request ({status})")


def json_body(name: str, response: httpx.Response) -> dict[str, Any]:
    """The response's JSON object; anything else is BadUpstreamRequest."""
    try:
        data = response.json()
    except ValueError as exc:
        raise BadUpstreamRequest(f"{name} answered with malformed JSON") from exc
    if not isinstance(data, dict):
        raise BadUpstreamRequest(f"{name} answered with JSON that is not an object")
    return data


def decode_b64_image(name: str, data: object, limit: int = MAX_IMAGE_BYTES) -> bytes:
    """Image bytes from a base64 string (a data: URL prefix is tolerated), size-limited."""
    if not isinstance(data, str) or not data:
        raise BadUpstreamRequest(f"{name} answered without image data")
    if data.startswith("data:"):
        data = data.partition(",")[2]
    if len(data) * 3 // 4 > limit:
        raise BadUpstreamRequest(f"{name} sent an image over {limit} bytes")
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BadUpstreamRequest(f"{name} sent image data that is not base64") from exc


async def download_image(
    client: httpx.AsyncClient,
    name: str,
    url: object,
    *,
    headers: dict[str, str] | None = None,
    limit: int = MAX_IMAGE_BYTES,
    timeout: float | None = None,
) -> bytes:
    """Fetch an image URL the upstream gave us, stopping past `limit` bytes (and `timeout`)."""
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise BadUpstreamRequest(f"{name} answered without a usable image URL")
    request = client.build_request("GET", url, headers=headers)
    try:
        async with client.stream(
            request.method, request.url, headers=request.headers, timeout=timeout
        ) as response:
            failed = error_for_status(name, response)
            if failed is not None:
                raise failed
            chunks, size = [], 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise BadUpstreamRequest(f"{name} sent an image over {limit} bytes")
                chunks.append(chunk)
    except httpx.TimeoutException as exc:
        raise UpstreamTimeout(f"{name}'s image download timed out") from exc
    except httpx.TransportError as exc:
        raise UpstreamUnavailable(f"{name}'s image could not be downloaded") from exc
    return b"".join(chunks)


def error_object(response: httpx.Response) -> dict[str, Any]:
    """The `{"error": {...}}` object Google and OpenAI-style APIs answer with, or {}."""
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return {}
    return error if isinstance(error, dict) else {}


async def image_from_item(
    client: httpx.AsyncClient, name: str, item: dict[str, Any], timeout: float
) -> bytes:
    """An images-API item's bytes: its `b64_json`, else its (often ephemeral) `url`, now."""
    if item.get("b64_json"):
        return decode_b64_image(name, item["b64_json"])
    return await download_image(client, name, item.get("url"), timeout=timeout)
