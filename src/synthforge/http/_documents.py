"""The discovery documents as routes: rendered once per app, served as bytes.

GET /                     landing page (HTML)
GET /registry.json        every endpoint, machine-readable; /registry.schema.json its shape
GET /llms.txt             the index agents read first
GET /man/{slug}           a man page as text; /man/{slug}.1 as roff for man(1)
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Response

from ..discovery import (
    REGISTRY_SCHEMA,
    Listing,
    registry_document,
    render_landing,
    render_llms_txt,
    render_man,
    render_roff,
)
from ._errors import failure

__all__ = ["add_document_routes"]

_CACHE = {"Cache-Control": "public, max-age=300"}
_TEXT = "text/plain; charset=utf-8"
_REGISTRY_REF = {"$ref": "#/components/schemas/Registry"}  # put there by the OpenAPI builder


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, indent=2, ensure_ascii=False).encode()


def add_document_routes(app: FastAPI, listing: Listing) -> None:
    """Serve `listing`'s documents from `app`."""
    landing = render_landing(listing).encode()
    registry = _json_bytes(registry_document(listing))
    registry_schema = _json_bytes(REGISTRY_SCHEMA)
    llms = render_llms_txt(listing).encode()
    pages = {
        offer.endpoint.slug: render_man(listing, offer.endpoint.slug).encode()
        for offer in listing.offers
    }
    roff = {
        f"{offer.endpoint.slug}.1": render_roff(listing, offer.endpoint.slug).encode()
        for offer in listing.offers
    }

    @app.get(
        "/",
        summary="Landing page",
        response_class=Response,
        responses={200: {"content": {"text/html": {}}}},
    )
    async def landing_page() -> Response:
        return Response(landing, media_type="text/html; charset=utf-8", headers=_CACHE)

    @app.get(
        "/registry.json",
        summary="Every endpoint, price and schema",
        response_class=Response,
        responses={200: {"content": {"application/json": {"schema": _REGISTRY_REF}}}},
    )
    async def registry_json() -> Response:
        return Response(registry, media_type="application/json", headers=_CACHE)

    @app.get(
        "/registry.schema.json",
        summary="The JSON Schema of registry.json",
        response_class=Response,
        responses={200: {"content": {"application/schema+json": {}}}},
    )
    async def registry_schema_json() -> Response:
        return Response(registry_schema, media_type="application/schema+json", headers=_CACHE)

    @app.get(
        "/llms.txt",
        summary="The index agents read first",
        response_class=Response,
        responses={200: {"content": {"text/plain": {}}}},
    )
    async def llms_txt() -> Response:
        return Response(llms, media_type=_TEXT, headers=_CACHE)

    @app.get(
        "/man/{page}",
        summary="A man page: text, or roff when the name ends in .1",
        response_class=Response,
        responses={
            200: {"content": {"text/plain": {}, "text/troff": {}}},
            404: {"description": "No such page"},
        },
    )
    async def man_page(page: str) -> Response:
        if page in pages:
            return Response(pages[page], media_type=_TEXT, headers=_CACHE)
        if page in roff:
            return Response(roff[page], media_type="text/troff; charset=utf-8", headers=_CACHE)
        answer = failure(404, "not_found", f"no man page {page!r}; pages: {', '.join(pages)}")
        return Response(_json_bytes(answer.body), 404, media_type="application/json")
