"""The tiers of image-generate-ultra: slug -> flagship model -> maker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

__all__ = [
    "DEFAULT_TIER",
    "MODEL_IDS",
    "TIERS",
    "ModelId",
    "Tier",
    "TierSlug",
    "tier_by_model",
    "tier_by_slug",
]

TierSlug = Literal["nano-banana", "nano-banana-2", "gpt", "gpt-1-5", "recraft-pro", "grok-sota"]
ModelId = Literal[
    "nano-banana-pro",
    "nano-banana-2",
    "gpt-image-2",
    "gpt-image-1-5",
    "recraft-v4-pro",
    "grok-imagine-image-quality",
]
MODEL_IDS: tuple[str, ...] = get_args(ModelId)


@dataclass(frozen=True)
class Tier:
    """One tier: the slug buyers ask for, the model it names and who makes that model."""

    slug: str
    model: str
    maker: str
    summary: str


TIERS: tuple[Tier, ...] = (
    Tier("nano-banana", "nano-banana-pro", "google", "Google Gemini Image 3 (default)"),
    Tier("nano-banana-2", "nano-banana-2", "google", "cheaper Google variant"),
    Tier("gpt", "gpt-image-2", "openai", "OpenAI flagship"),
    Tier("gpt-1-5", "gpt-image-1-5", "openai", "OpenAI gpt-image-1.5"),
    Tier("recraft-pro", "recraft-v4-pro", "recraft", "Recraft V4 Pro"),
    Tier("grok-sota", "grok-imagine-image-quality", "xai", "xAI Grok Imagine, quality"),
)
DEFAULT_TIER = TIERS[0]
assert tuple(t.slug for t in TIERS) == get_args(TierSlug)
assert tuple(t.model for t in TIERS) == MODEL_IDS

_BY_SLUG = {t.slug: t for t in TIERS}
_BY_MODEL = {t.model: t for t in TIERS}


def tier_by_slug(slug: str) -> Tier:
    """The tier named `slug` (KeyError if none)."""
    return _BY_SLUG[slug]


def tier_by_model(model: str) -> Tier:
    """The tier whose model is `model` (KeyError if none)."""
    return _BY_MODEL[model]
