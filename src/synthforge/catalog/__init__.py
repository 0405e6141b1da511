"""Each endpoint described once: models, tiers, price, text. Routes and documents derive from it."""

from ._endpoint import Endpoint
from ._image_generate_ultra import (
    IMAGE_GENERATE_ULTRA,
    ImageRequest,
    ImageResponse,
    PaymentReceipt,
    image_generate_ultra,
)
from ._tiers import DEFAULT_TIER, TIERS, Tier

__all__ = [
    "DEFAULT_TIER",
    "IMAGE_GENERATE_ULTRA",
    "TIERS",
    "Endpoint",
    "ImageRequest",
    "ImageResponse",
    "PaymentReceipt",
    "Tier",
    "image_generate_ultra",
]
