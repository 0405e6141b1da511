"""Asking an upstream for the right shape: nearest ratio or size, gpt-image-2's free sizes.

Ratios are compared on a log scale, so 2:1 and 1:2 are equally far from 1:1. The gateway
centre-crops and resizes afterwards: an adapter only needs the nearest shape, big enough.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

__all__ = ["gpt_image_2_size", "nearest_ratio", "nearest_size"]

# gpt-image-2 takes any WxH: sides multiples of 16, ratio within 3:1, at least 655,360 px.
_GPT2_STEP = 16
_GPT2_MAX_RATIO = 3
_GPT2_MIN_PIXELS = 655_360


def _log_ratio(width: float, height: float) -> float:
    return math.log(width / height)


def nearest_ratio(width: int, height: int, ratios: Iterable[str]) -> str:
    """The ratio ("16:9", "19.5:9" or "1024x768") nearest width:height."""
    wanted = _log_ratio(width, height)

    def distance(ratio: str) -> float:
        w, h = ratio.replace("x", ":").split(":")
        return abs(_log_ratio(float(w), float(h)) - wanted)

    return min(ratios, key=distance)


def nearest_size(width: int, height: int, sizes: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """The (w, h) whose shape is nearest width:height."""
    wanted = _log_ratio(width, height)
    return min(sizes, key=lambda size: abs(_log_ratio(*size) - wanted))


def gpt_image_2_size(width: int, height: int) -> tuple[int, int]:
    """The smallest valid gpt-image-2 size covering width x height at (nearly) its shape."""
    # Beyond 3:1, widen the short side: the gateway crops the excess afterwards.
    width = max(width, math.ceil(height / _GPT2_MAX_RATIO))
    height = max(height, math.ceil(width / _GPT2_MAX_RATIO))
    scale = max(1.0, math.sqrt(_GPT2_MIN_PIXELS / (width * height)))
    w = _GPT2_STEP * math.ceil(width * scale / _GPT2_STEP)
    h = _GPT2_STEP * math.ceil(height * scale / _GPT2_STEP)
    # Rounding up may tip a 3:1 shape just past the limit; even it out by one step.
    if w > _GPT2_MAX_RATIO * h:
        h += _GPT2_STEP
    if h > _GPT2_MAX_RATIO * w:
        w += _GPT2_STEP
    return w, h
