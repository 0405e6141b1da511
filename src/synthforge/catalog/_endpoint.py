"""What an endpoint is, for every document and route generated from the catalog."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from pydantic import BaseModel

from ._tiers import Tier

__all__ = ["Endpoint"]


@dataclass(frozen=True, eq=False)
class Endpoint:
    """One paid endpoint: its path, its models, its tiers, its default price and examples.

    The first tier is the default. The schemas are the request and response models' own,
    so a request the documents describe is exactly a request the gateway accepts.
    """

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
    example_request: Mapping[str, Any]
    example_response: Mapping[str, Any]
    method: str = "POST"

    def __post_init__(self) -> None:
        slugs = [t.slug for t in self.tiers]
        if not slugs or len(set(slugs)) != len(slugs):
            raise ValueError(f"{self.slug}: tiers must be non-empty and distinct: {slugs}")

    @property
    def tool_name(self) -> str:
        """The MCP tool this endpoint becomes: its slug with underscores."""
        return self.slug.replace("-", "_")

    @property
    def default_tier(self) -> Tier:
        """The tier a request that names none gets."""
        return self.tiers[0]

    def tier(self, slug: str) -> Tier:
        """The tier named `slug` (KeyError if none)."""
        return self._by_slug[slug]

    def tier_for(self, slug: str, model: str | None) -> Tier:
        """The tier serving a request: its model override's tier, else the tier it names."""
        return self._by_model[model] if model else self._by_slug[slug]

    @cached_property
    def _by_slug(self) -> dict[str, Tier]:
        return {t.slug: t for t in self.tiers}

    @cached_property
    def _by_model(self) -> dict[str, Tier]:
        return {t.model: t for t in reversed(self.tiers)}  # the first tier naming a model wins

    @cached_property
    def input_schema(self) -> dict[str, Any]:
        """The request body's JSON Schema (draft 2020-12), self-contained."""
        return _inlined(self.request_model.model_json_schema())

    @cached_property
    def output_schema(self) -> dict[str, Any]:
        """The 200 response body's JSON Schema (draft 2020-12), self-contained."""
        return _inlined(self.response_model.model_json_schema())


def _inlined(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with its `$defs` written in place of their references.

    Documents embed these schemas inside others (the bazaar extension, OpenAPI, MCP),
    where a `#/$defs/...` pointer would resolve against the wrong root.
    """
    defs = schema.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                rest = {k: walk(v) for k, v in node.items() if k != "$ref"}
                return {**walk(defs[ref.removeprefix("#/$defs/")]), **rest}
            return {k: walk(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    inlined: dict[str, Any] = walk(schema)
    return inlined
