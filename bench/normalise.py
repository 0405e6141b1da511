"""Normalisation cost: upstream images in -> the exact-size bare PNG out.

1024x1024 and 2048x2048 inputs as JPEG, PNG and WebP (photo-like content, rendered here),
each normalised to 1024x1024, next to the naive way: decode, resize, Pillow's default
`save(format="PNG")`. Usage: python bench/normalise.py [REPEATS]
"""

from __future__ import annotations

import io
import statistics
import sys
import time

from PIL import Image, ImageDraw, ImageFilter

from synthforge.generation import normalise

FORMATS = ("JPEG", "PNG", "WEBP")
SIZES = (1024, 2048)


def _photo_like(side: int) -> Image.Image:
    """Gradients, shapes, blur and grain: compresses like a photograph, not like flat art."""
    image = Image.linear_gradient("L").resize((side, side)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(40):
        x, y, r = (i * 97) % side, (i * 211) % side, side // (6 + i % 9)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=((i * 53) % 255, (i * 29) % 255, 180))
    image = image.filter(ImageFilter.GaussianBlur(side / 200))
    grain = Image.effect_noise((side, side), 24).convert("RGB")
    return Image.blend(image, grain, 0.12)


def _encoded(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **({"quality": 90} if fmt in ("JPEG", "WEBP") else {}))
    return out.getvalue()


def _naive(data: bytes) -> bytes:
    image = (
        Image.open(io.BytesIO(data)).convert("RGB").resize((1024, 1024), Image.Resampling.LANCZOS)
    )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _time(fn: object, data: bytes, repeats: int) -> tuple[float, int]:
    assert callable(fn)
    result = fn(data)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn(data)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(result)


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    print(f"input -> 1024x1024 PNG, median of {repeats} (ms, output bytes)")
    header = ("input", "in bytes", "normalise", "bytes", "Pillow default", "bytes")
    print("".join(f"{h:<16}" if i == 0 else f"{h:>15}" for i, h in enumerate(header)))
    for side in SIZES:
        source = _photo_like(side)
        for fmt in FORMATS:
            data = _encoded(source, fmt)
            ours_ms, ours_bytes = _time(lambda d: normalise(d, 1024, 1024), data, repeats)
            naive_ms, naive_bytes = _time(_naive, data, repeats)
            cells = (len(data), ours_ms, ours_bytes, naive_ms, naive_bytes)
            row = "".join(f"{c:>15,}" if isinstance(c, int) else f"{c:>15.1f}" for c in cells)
            print(f"{f'{side}x{side} {fmt}':<16}{row}")


if __name__ == "__main__":
    main()
