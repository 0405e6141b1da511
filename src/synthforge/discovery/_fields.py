"""A request or response JSON Schema flattened into field rows, for every table of fields.

Nested objects become dotted rows after their parent (`payment.amount`); a nullable field
(`anyOf: [X, null]`) is one row whose constraints come from X.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Field", "fields"]

Schema = Mapping[str, Any]
_NO_DEFAULT = object()


@dataclass(frozen=True)
class Field:
    """One property: its dotted path, JSON types, whether required, and what it accepts."""

    path: str
    types: tuple[str, ...]
    required: bool
    description: str
    choices: tuple[str, ...]
    bounds: Mapping[str, Any]  # minimum, maximum, minLength, maxLength where stated
    raw_default: Any = _NO_DEFAULT

    @property
    def type(self) -> str:
        """The types in words: integer, string or null."""
        return " or ".join(self.types)

    @property
    def type_code(self) -> str:
        """The types tersely, an enumerated type as `enum`: enum|null, integer."""
        return "|".join("enum" if self.choices and t != "null" else t for t in self.types)

    @property
    def default(self) -> str | None:
        """The default as written in JSON; None when there is none, or it is null."""
        if self.raw_default is _NO_DEFAULT or self.raw_default is None:
            return None
        return _text(self.raw_default)

    @property
    def range(self) -> str | None:
        """The numeric range or length limits in words: 256 to 1024, ≤ 2000 chars."""
        for low_key, high_key, unit in (("minimum", "maximum", ""),
                                        ("minLength", "maxLength", " chars")):  # fmt: skip
            low, high = self.bounds.get(low_key), self.bounds.get(high_key)
            if low is not None and high is not None:
                return f"{low} to {high}{unit}"
            if high is not None:
                return f"≤ {high}{unit}"
            if low is not None:
                return f"≥ {low}{unit}"
        return None

    def explained(self) -> str:
        """The description, then each stated limit and the default it does not already say."""
        told = self.description.strip()
        facts = []
        if self.choices and not all(c in told for c in self.choices):
            facts.append("One of: " + " · ".join(self.choices) + ".")
        facts += _sentences(self.bounds)
        if self.raw_default is not _NO_DEFAULT:
            facts.append(f"Default {_text(self.raw_default)}.")
        return " ".join([told, *(f for f in facts if f not in told)]).strip()


def fields(schema: Schema) -> list[Field]:
    """Every property of `schema`, each object followed by its own properties."""
    return list(_walk(schema, ""))


def _walk(schema: Schema, prefix: str) -> Iterator[Field]:
    required = set(schema.get("required", ()))
    for name, node in schema.get("properties", {}).items():
        branches = list(node.get("anyOf", [node]))
        path = prefix + name
        bounds = {
            key: branch[key]
            for branch in branches
            for key in ("minimum", "maximum", "minLength", "maxLength")
            if key in branch
        }
        yield Field(
            path=path,
            types=tuple(dict.fromkeys(_kind(b) for b in branches)),
            required=name in required,
            description=str(node.get("description", "")),
            choices=tuple(_text(v) for b in branches for v in b.get("enum", ())),
            bounds=bounds,
            raw_default=node.get("default", _NO_DEFAULT),
        )
        for branch in branches:
            if "properties" in branch:
                yield from _walk(branch, path + ".")


def _kind(node: Schema) -> str:
    kind = node.get("type")
    if isinstance(kind, list):
        return " or ".join(str(k) for k in kind)
    if kind == "array":
        return f"array of {_kind(node.get('items', {}))}"
    if kind is None and "properties" in node:
        return "object"
    if kind is None and "const" in node:
        return "const"
    return str(kind or "any")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _sentences(bounds: Mapping[str, Any]) -> list[str]:
    low, high = bounds.get("minimum"), bounds.get("maximum")
    found = []
    if low is not None and high is not None:
        found.append(f"Range [{low}, {high}].")
    elif low is not None or high is not None:
        found.append(f"At least {low}." if low is not None else f"At most {high}.")
    low, high = bounds.get("minLength"), bounds.get("maxLength")
    if low is not None and high is not None:
        found.append(f"Length {low} to {high} characters.")
    elif low is not None or high is not None:
        found.append(
            f"At least {low} characters." if low is not None else f"At most {high} characters."
        )
    return found
