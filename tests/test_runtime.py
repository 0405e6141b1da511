"""How a gateway chooses each tier's routes from settings, keys and the defaults."""

from __future__ import annotations

from decimal import Decimal

import pytest

from synthforge.generation import Route
from synthforge.providers import DEFAULT_ROUTES, LocalProvider, parse_route
from synthforge.runtime import LOCAL_ROUTE, tier_routes
from synthforge.settings import ConfigError


class Named:
    def __init__(self, name: str) -> None:
        self.name = name


def test_defaults_put_venice_first_and_cover_every_tier():
    assert set(DEFAULT_ROUTES) == {
        "nano-banana", "nano-banana-2", "gpt", "gpt-1-5", "recraft-pro", "grok-sota"
    }  # fmt: skip
    assert all(routes[0].provider == "venice" for routes in DEFAULT_ROUTES.values())
    assert all(r.cost_usd < Decimal("0.30") for rs in DEFAULT_ROUTES.values() for r in rs)


def test_only_routes_with_a_configured_provider_are_used():
    chosen = tier_routes({}, {"openai": Named("openai")})  # type: ignore[dict-item]
    assert [r.name for r in chosen["gpt"]] == ["openai:gpt-image-2"]
    assert chosen["nano-banana"] == ()


def test_settings_override_the_defaults_and_local_fills_empty_tiers():
    providers = {"xai": Named("xai"), "local": LocalProvider()}
    chosen = tier_routes({"grok-sota": ["xai:grok-imagine-image@0.02"]}, providers)  # type: ignore[dict-item]
    assert chosen["grok-sota"] == (Route("xai", "grok-imagine-image", Decimal("0.02")),)
    assert chosen["gpt"] == (LOCAL_ROUTE,)


def test_bad_route_settings_are_named():
    with pytest.raises(ConfigError, match=r"gateway.routes.gpt: route 'openai-gpt' is not"):
        tier_routes({"gpt": ["openai-gpt"]}, {})
    with pytest.raises(ConfigError, match="unknown tier"):
        tier_routes({"dall-e": ["openai:dall-e-3@0.04"]}, {})
    with pytest.raises(ValueError, match="not a number"):
        parse_route("openai:gpt-image-2@cheap")


def test_prices_name_tiers_by_slug_or_by_their_environment_spelling():
    from synthforge.catalog import IMAGE_GENERATE_ULTRA
    from synthforge.runtime import tier_prices

    # SYNTHFORGE_GATEWAY__PRICES__RECRAFT_PRO arrives as "recraft_pro"
    prices = tier_prices(
        {"recraft_pro": Decimal("0.60"), "gpt": Decimal("0.45")}, IMAGE_GENERATE_ULTRA
    )
    assert prices == {"recraft-pro": Decimal("0.60"), "gpt": Decimal("0.45")}
    with pytest.raises(ConfigError) as caught:
        tier_prices({"flux": Decimal(1), "gpt_1_5": Decimal(0)}, IMAGE_GENERATE_ULTRA)
    assert caught.value.problems == [
        "gateway.prices names unknown tier 'flux'",
        "gateway.prices.gpt_1_5 must be more than 0 (got 0)",
    ]
