"""What an endpoint is, for every document and route generated from the catalog."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel

from ._tiers import Tier

__all__ = ["Endpoint"]


@dataclass(frozen=True)
class Endpoint:
    """One paid endpoint: its path, its models, its tiers and its default price."""

    slug: str
    path: str
    title: str
    summary: str
    description: str
    cluster: str
    category: str
    tags: tuple[str, ...]
    request_model: type[BaseModel]
    response_model: type[BaseModel]
    tiers: tuple[Tier, ...]
    default_price_usd: Decimal
    method: str = "POST"
