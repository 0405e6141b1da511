"""Each endpoint described once: models, tiers, price, text. Routes and documents derive from it."""

from ._endpoint import Endpoint
from ._image_generate_ultra import IMAGE_GENERATE_ULTRA, ImageRequest, ImageResponse, PaymentReceipt
from ._tiers import DEFAULT_TIER, MODEL_IDS, TIERS, Tier, tier_by_model, tier_by_slug

__all__ = [
    "DEFAULT_TIER",
    "IMAGE_GENERATE_ULTRA",
    "MODEL_IDS",
    "TIERS",
    "Endpoint",
    "ImageRequest",
    "ImageResponse",
    "PaymentReceipt",
    "Tier",
    "tier_by_model",
    "tier_by_slug",
]
