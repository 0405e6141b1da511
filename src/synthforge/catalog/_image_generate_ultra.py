"""image-generate-ultra: the endpoint of the man page, described once."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator

from ._endpoint import Endpoint
from ._tiers import TIERS, Tier

__all__ = [
    "IMAGE_GENERATE_ULTRA",
    "ImageRequest",
    "ImageResponse",
    "PaymentReceipt",
    "image_generate_ultra",
]


class ImageRequest(BaseModel):
    """A text-to-image request; unknown fields are refused by name.

    `tier` and `model` are plain strings here; `image_generate_ultra` narrows them to the
    endpoint's tiers, so the schema's enums and the validation come from the same list.
    """

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
    tier: str = Field(TIERS[0].slug, description="Model shorthand.")
    model: str | None = Field(None, description="Override the model; takes precedence over tier.")
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


def _one_of(values: Sequence[str]) -> Any:
    """`Literal[*values]`, built at run time from the catalog."""
    return cast(Any, Literal)[tuple(values)]


def _request_model(tiers: Sequence[Tier]) -> type[ImageRequest]:
    models = tuple(dict.fromkeys(t.model for t in tiers))
    shorthand = ", ".join(f"{t.slug}={t.model}" for t in tiers)
    return create_model(
        "ImageRequest",
        __base__=ImageRequest,
        __module__=__name__,
        tier=(
            _one_of([t.slug for t in tiers]),
            Field(tiers[0].slug, description=f"Model shorthand: {shorthand}. "
                  f"Default {tiers[0].slug}."),
        ),
        model=(
            _one_of(models) | None,
            Field(None, description="Override the model; takes precedence over tier. "
                  f"Allowed: {', '.join(models)}."),
        ),
    )  # fmt: skip


def image_generate_ultra(
    tiers: Sequence[Tier] = TIERS, price_usd: Decimal = Decimal("0.30")
) -> Endpoint:
    """The endpoint over `tiers` (the first is the default) at `price_usd` per call."""
    tiers = tuple(tiers)
    default = tiers[0]
    return Endpoint(
        slug="image-generate-ultra",
        path="/v1/image-generate-ultra",
        title="Image generate (ultra)",
        summary="flagship text-to-image",
        description=(
            "Image generate (ultra) / flagship text-to-image / Google nano-banana-pro"
            " (Gemini Image 3) / OpenAI gpt-image-2 / Recraft V4 Pro / xAI Grok SOTA. Top"
            " proprietary models for the highest quality output. Output is capped to"
            " 1024x1024 to keep wholesale within retail. Returns a permanent PNG URL."
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
        request_model=_request_model(tiers),
        response_model=ImageResponse,
        tiers=tiers,
        default_price_usd=price_usd,
        example_request={"prompt": "a red fox in fresh snow, golden hour", "tier": default.slug},
        example_response={
            "image_url": "https://synthforge.example/images/"
            "3f6c8e1a9b2d4c7e5f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6a.png",
            "model": default.model,
            "width": 1024,
            "height": 1024,
            "tier": default.slug,
            "prompt": "a red fox in fresh snow, golden hour",
            "seed": 421337,
            "elapsed_ms": 8450,
            "venice_request_id": "req_9f2c1d",
            "source": default.maker,
            "route": f"venice:{default.model}",
            "upstream_request_id": "req_9f2c1d",
            "cost": 0.18,
            "payment": {
                "transaction": "0x" + "5c" * 32,
                "network": "eip155:8453",
                "payer": "0x" + "a1" * 20,
                "amount": str(int(price_usd * 10**6)),
            },
        },
    )


IMAGE_GENERATE_ULTRA = image_generate_ultra()
