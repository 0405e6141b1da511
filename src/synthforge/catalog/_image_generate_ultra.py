"""image-generate-ultra: the endpoint of the man page, described once."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ._endpoint import Endpoint
from ._tiers import DEFAULT_TIER, TIERS, ModelId, Tier, TierSlug, tier_by_model, tier_by_slug

__all__ = ["IMAGE_GENERATE_ULTRA", "ImageRequest", "ImageResponse", "PaymentReceipt"]


class ImageRequest(BaseModel):
    """A text-to-image request; unknown fields are refused by name."""

    model_config = ConfigDict(extra="forbid")

    prompt: str = Field(
        min_length=1, max_length=5000, description="Image description. Up to 5000 chars."
    )
    width: int = Field(
        1024, ge=256, le=1024, description="Output width in pixels. Range [256, 1024]."
    )
    height: int = Field(
        1024, ge=256, le=1024, description="Output height in pixels. Range [256, 1024]."
    )
    tier: TierSlug = Field(
        "nano-banana",
        description="Model shorthand: "
        + ", ".join(f"{t.slug}={t.model}" for t in TIERS)
        + f". Default {DEFAULT_TIER.slug}.",
    )
    model: ModelId | None = Field(
        None, description="Override the model; takes precedence over tier."
    )
    steps: int | None = Field(None, ge=1, le=150, description="Diffusion steps; depends on model.")
    cfg_scale: float | None = Field(
        None, ge=0, le=30, description="Classifier-free guidance scale."
    )
    seed: int | None = Field(None, ge=0, le=2**32 - 1, description="Random seed.")
    negative_prompt: str | None = Field(None, max_length=2000, description="Negative prompt.")

    @field_validator("prompt")
    @classmethod
    def _not_blank(cls, prompt: str) -> str:
        if not prompt.strip():
            raise ValueError("prompt must not be blank")
        return prompt

    def chosen_tier(self) -> Tier:
        """The tier that serves this request: the model override's tier, else `tier`."""
        return tier_by_model(self.model) if self.model else tier_by_slug(self.tier)


class PaymentReceipt(BaseModel):
    """The settlement that paid for a response."""

    transaction: str = Field(description="Settlement transaction hash.")
    network: str = Field(description="Network the payment settled on (CAIP-2).")
    payer: str = Field(description="Address that paid.")
    amount: str = Field(description="Amount paid, in the token's atomic units.")


class ImageResponse(BaseModel):
    """The man page's response fields, plus route, upstream id, cost and payment."""

    image_url: str = Field(description="Permanent PNG URL of the generated image.")
    model: str = Field(description="Underlying provider model ID that produced the image.")
    width: int = Field(description="Pixel width of the returned image, capped at 1024.")
    height: int = Field(description="Pixel height of the returned image, capped at 1024.")
    tier: str = Field(description="Tier slug selected for this call.")
    prompt: str = Field(description="Text prompt that was sent to the underlying model.")
    seed: int | None = Field(description="Random seed used, when the provider exposes one.")
    elapsed_ms: int = Field(description="Wall-clock milliseconds spent generating upstream.")
    venice_request_id: str | None = Field(description="Upstream request ID for tracing.")
    source: str = Field(description="Upstream provider tag (google, openai, recraft, xai, local).")
    route: str = Field(description="The upstream route that served the request.")
    upstream_request_id: str | None = Field(description="Upstream request ID for tracing.")
    cost: float = Field(description="Wholesale cost of the generation in USD.")
    payment: PaymentReceipt


IMAGE_GENERATE_ULTRA = Endpoint(
    slug="image-generate-ultra",
    path="/v1/image-generate-ultra",
    title="Image generate (ultra)",
    summary="flagship text-to-image",
    description=(
        "Image generate (ultra) / flagship text-to-image / Google nano-banana-pro (Gemini Image 3)"
        " / OpenAI gpt-image-2 / Recraft V4 Pro / xAI Grok SOTA. Top proprietary models for the"
        " highest quality output. Output is capped to 1024x1024 to keep wholesale within retail."
        " Returns a permanent PNG URL."
    ),
    cluster="synthforge",
    category="image-generation",
    tags=(
        "image-generation",
        "text-to-image",
        "nano-banana-pro",
        "gpt-image-2",
        "recraft-v4-pro",
        "grok-imagine",
        "flagship-models",
    ),
    request_model=ImageRequest,
    response_model=ImageResponse,
    tiers=TIERS,
    default_price_usd=Decimal("0.30"),
)
