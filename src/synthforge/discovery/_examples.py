"""The ways to call an endpoint, written once for every document that shows them."""

from __future__ import annotations

import json
import shlex

from ..catalog import IMAGE_GENERATE_ULTRA
from ._listing import Listing, Offer

__all__ = ["curl_command", "example_prompt", "generate_command"]


def example_prompt(offer: Offer) -> str:
    """The prompt of the endpoint's example request."""
    return str(offer.endpoint.example_request.get("prompt", "a red fox in fresh snow"))


def curl_command(offer: Offer) -> str:
    """The unpaid first call with curl: the example body to the real URL (answers 402)."""
    body = json.dumps(dict(offer.endpoint.example_request), ensure_ascii=False)
    return (
        f"curl -i -X {offer.endpoint.method} {shlex.quote(offer.url)} \\\n"
        "  -H 'Content-Type: application/json' \\\n"
        f"  -d {shlex.quote(body)}"
    )


def generate_command(listing: Listing, offer: Offer) -> str | None:
    """The paying `synthforge generate` call; None where the buyer CLI cannot buy it."""
    if offer.endpoint.path != IMAGE_GENERATE_ULTRA.path:
        return None
    prompt = example_prompt(offer)
    # double quotes read better and are safe unless the prompt has shell metacharacters
    quoted = f'"{prompt}"' if not set(prompt) & set('"$`\\!') else shlex.quote(prompt)
    return (
        f"synthforge generate --tier {shlex.quote(offer.endpoint.default_tier.slug)}"
        f" --out fox.png --url {shlex.quote(listing.base_url)} {quoted}"
    )
