"""The one translation of upstream HTTP failures into typed errors, against a real server."""

from __future__ import annotations

import asyncio
import base64

import httpx
import pytest
from starlette.responses import JSONResponse, Response

from synthforge.generation import (
    BadUpstreamRequest,
    RateLimited,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from synthforge.providers._http import (
    decode_b64_image,
    download_image,
    error_for_status,
    json_body,
    send,
)

from ..fakes.server import FakeServer, Recorded


async def _answer(request: Recorded) -> Response:
    if request.path == "/429":
        return JSONResponse({"error": "slow down"}, 429, headers={"Retry-After": "7"})
    if request.path == "/503":
        return JSONResponse({"error": "overloaded"}, 503)
    if request.path == "/401":
        return JSONResponse({"error": "bad key"}, 401)
    if request.path == "/hang":
        await asyncio.sleep(2)
    if request.path == "/garbage":
        return Response(b"<html>oops</html>", 200, media_type="text/html")
    if request.path == "/big.png":
        return Response(b"\x89PNG" + bytes(4096), 200, media_type="image/png")
    return JSONResponse({"ok": True})


async def _status_error(url: str, path: str) -> Exception | None:
    async with httpx.AsyncClient(timeout=0.3) as client:
        response = await send(client, "fake", client.build_request("GET", url + path))
        return error_for_status("fake", response)


async def test_statuses_become_typed_errors():
    with FakeServer(_answer) as fake:
        limited = await _status_error(fake.url, "/429")
        down = await _status_error(fake.url, "/503")
        refused_key = await _status_error(fake.url, "/401")
        fine = await _status_error(fake.url, "/ok")
    assert isinstance(limited, RateLimited) and limited.retry_after == 7
    assert isinstance(down, UpstreamUnavailable)
    assert isinstance(refused_key, BadUpstreamRequest) and "API key" in refused_key.message
    assert fine is None


async def test_timeouts_and_dead_hosts_are_retryable():
    with FakeServer(_answer) as fake, pytest.raises(UpstreamTimeout):
        await _status_error(fake.url, "/hang")
    with pytest.raises(UpstreamUnavailable):
        await _status_error("http://127.0.0.1:9", "/")


async def test_malformed_json_and_oversized_images_are_refused():
    with FakeServer(_answer) as fake:
        async with httpx.AsyncClient() as client:
            garbage = await client.get(fake.url + "/garbage")
            with pytest.raises(BadUpstreamRequest, match="malformed JSON"):
                json_body("fake", garbage)
            with pytest.raises(BadUpstreamRequest, match="over 1000 bytes"):
                await download_image(client, "fake", fake.url + "/big.png", limit=1000)
            image = await download_image(client, "fake", fake.url + "/big.png")
    assert image.startswith(b"\x89PNG") and len(image) == 4100


def test_base64_images():
    png = b"\x89PNG\r\n\x1a\n" + bytes(10)
    encoded = base64.b64encode(png).decode()
    assert decode_b64_image("fake", encoded) == png
    assert decode_b64_image("fake", "data:image/png;base64," + encoded) == png
    with pytest.raises(BadUpstreamRequest):
        decode_b64_image("fake", "not base64!!")
    with pytest.raises(BadUpstreamRequest):
        decode_b64_image("fake", None)
    with pytest.raises(BadUpstreamRequest, match="over"):
        decode_b64_image("fake", encoded, limit=4)
