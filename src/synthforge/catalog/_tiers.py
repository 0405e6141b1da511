"""The tiers of image-generate-ultra: slug -> flagship model -> maker."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_TIER", "TIERS", "Tier"]


@dataclass(frozen=True)
class Tier:
    """One tier: the slug buyers ask for, the model it names and who makes that model."""

    slug: str
    model: str
    maker: str
    summary: str


TIERS: tuple[Tier, ...] = (
    Tier("nano-banana", "nano-banana-pro", "google", "Google Gemini Image 3"),
    Tier("nano-banana-2", "nano-banana-2", "google", "cheaper Google variant"),
    Tier("gpt", "gpt-image-2", "openai", "OpenAI flagship"),
    Tier("gpt-1-5", "gpt-image-1-5", "openai", "OpenAI gpt-image-1.5"),
    Tier("recraft-pro", "recraft-v4-pro", "recraft", "Recraft V4 Pro"),
    Tier("grok-sota", "grok-imagine-image-quality", "xai", "xAI Grok Imagine, quality"),
)
DEFAULT_TIER = TIERS[0]
