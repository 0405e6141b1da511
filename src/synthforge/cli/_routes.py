"""`synthforge routes`: each tier's routes, whether their key is set, cost and margin."""

from __future__ import annotations

from decimal import Decimal

from rich.table import Table

from ..catalog import IMAGE_GENERATE_ULTRA
from ..providers import ADAPTERS, DEFAULT_ROUTES, parse_routes
from ..runtime import LOCAL_ROUTE
from ..settings import load_provider_keys
from ._common import ConfigOption, console, fail, settings_from

THIN_MARGIN = Decimal("0.10")


def routes(config: ConfigOption = None) -> None:
    """Show the routes of every tier in the order they are tried, and their margin."""
    settings = settings_from(config)
    keys = load_provider_keys()
    try:
        table_config = {**DEFAULT_ROUTES, **parse_routes(settings.gateway.routes)}
    except ValueError as exc:
        fail([str(exc)])
    local = settings.gateway.network is None or settings.gateway.local_provider
    table = Table(title="synthforge routes (tried top to bottom)")
    for column in ("tier", "price", "route", "key", "cost", "margin"):
        table.add_column(
            column, justify="right" if column in ("price", "cost", "margin") else "left"
        )
    warnings = []
    for tier in IMAGE_GENERATE_ULTRA.tiers:
        price = settings.gateway.prices.get(tier.slug, IMAGE_GENERATE_ULTRA.default_price_usd)
        rows = list(table_config.get(tier.slug, ()))
        usable = [r for r in rows if keys.get(r.provider)]
        if not usable and local:
            rows.append(LOCAL_ROUTE)
        if not usable and not local:
            warnings.append(f"tier {tier.slug} has no route with a key: its calls will answer 503")
        for index, route in enumerate(rows):
            margin = (price - route.cost_usd) / price if price else Decimal(0)
            adapter = ADAPTERS.get(route.provider)
            present = route.provider == "local" or bool(keys.get(route.provider))
            key = "yes" if present else f"no ({adapter.key_env if adapter else 'unknown provider'})"
            if present and margin < THIN_MARGIN:
                warnings.append(f"{tier.slug} via {route.name}: margin {margin:.0%} is under 10%")
            table.add_row(
                tier.slug if index == 0 else "", f"${price:.2f}" if index == 0 else "",
                route.name, key, f"${route.cost_usd:.3f}", f"{margin:.0%}",
            )  # fmt: skip
    console.print(table)
    for warning in warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}")
