"""Paid requests served by real adapters against fakes of the upstreams, through the gateway."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from synthforge.catalog import TIERS, ImageResponse
from synthforge.devnet import Devnet
from synthforge.providers import DEFAULT_ROUTES

from ..fakes import venice as fake_venice
from ..fakes.openai import FakeOpenAI
from ..fakes.venice import FakeVenice
from ..signing import PRICE
from .conftest import ledger_rows
from .harness import running_gateway
from .test_money import v1_header

MAKERS = {"nano-banana": "google", "nano-banana-2": "google", "gpt": "openai",
          "gpt-1-5": "openai", "recraft-pro": "recraft", "grok-sota": "xai"}  # fmt: skip


def test_every_tier_is_served_by_its_default_route(devnet: Devnet, tmp_path: Path, payer: Any):
    assert len(TIERS) == 6
    with FakeVenice() as venice, running_gateway_with(devnet, tmp_path, venice=venice.url) as gw:
        answers = {
            tier.slug: httpx.post(
                gw.url,
                json={"prompt": "a fox", "tier": tier.slug, "width": 768, "height": 512},
                headers={"X-PAYMENT": v1_header(devnet, payer)},
                timeout=60,
            )
            for tier in TIERS
        }
        models_asked = [r.json["model"] for r in venice.server.requests]  # type: ignore[union-attr]
    for tier in TIERS:
        answer = answers[tier.slug]
        assert answer.status_code == 200, (tier.slug, answer.text)
        result = ImageResponse.model_validate(answer.json())
        route = DEFAULT_ROUTES[tier.slug][0]
        assert result.route == route.name and result.model == route.model
        assert result.source == MAKERS[tier.slug] == tier.maker
        assert (result.width, result.height, result.tier) == (768, 512, tier.slug)
        assert result.venice_request_id == result.upstream_request_id == "generate-image-1234567890"
        assert result.cost == float(route.cost_usd)
    assert models_asked == [DEFAULT_ROUTES[t.slug][0].model for t in TIERS]
    assert devnet.balance(payer.address) == 4 * PRICE


def test_a_down_first_route_fails_over_and_charges_once(devnet: Devnet, tmp_path: Path, payer: Any):
    with (
        FakeVenice(mode="down") as venice,
        FakeOpenAI() as openai,
        running_gateway_with(devnet, tmp_path, venice=venice.url, openai=openai.url) as gw,
    ):
        answer = httpx.post(
            gw.url, json={"prompt": "a fox", "tier": "gpt"},
            headers={"X-PAYMENT": v1_header(devnet, payer)}, timeout=60,
        )  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert answer.json()["route"] == "openai:gpt-image-2" and answer.json()["source"] == "openai"
    assert answer.json()["cost"] == 0.21
    assert devnet.balance(payer.address) == 9 * PRICE
    attempts = [(g["route"], g["status"]) for g in ledger_rows(tmp_path, "generations")]
    assert attempts == [("venice:gpt-image-2", "failed"), ("openai:gpt-image-2", "ok")]


def test_a_content_refusal_does_not_fail_over_and_costs_nothing(
    devnet: Devnet, tmp_path: Path, payer: Any
):
    with (
        FakeVenice(mode="violation") as venice,
        FakeOpenAI() as openai,
        running_gateway_with(devnet, tmp_path, venice=venice.url, openai=openai.url) as gw,
    ):
        answer = httpx.post(
            gw.url, json={"prompt": "something forbidden", "tier": "gpt"},
            headers={"X-PAYMENT": v1_header(devnet, payer)}, timeout=60,
        )  # fmt: skip
        openai_calls = len(openai.requests)
    assert answer.status_code == 422 and answer.json()["error"] == "content_refused"
    assert answer.json()["charged"] is False
    assert openai_calls == 0
    assert devnet.balance(payer.address) == 10 * PRICE
    (payment,) = ledger_rows(tmp_path, "payments")
    assert payment["status"] == "failed" and payment["http_status"] == 422


def running_gateway_with(devnet: Devnet, home: Path, **urls: str) -> Any:
    keys = {"venice": fake_venice.KEY, "openai": FakeOpenAI.key}
    return running_gateway(devnet, home, upstreams={p: (u, keys[p]) for p, u in urls.items()})
