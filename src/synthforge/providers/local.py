"""An upstream that needs no network or key: procedural abstract art from the prompt and seed.

It does not follow the prompt, and says so: every image is labelled `source="local"`. It
exists so the gateway can be demonstrated, tested and run offline end to end. The output
depends only on (prompt, seed, width, height) and the Pillow/zlib in use, so a replayed
request returns the same bytes.

The soft background (gradient, glows, bokeh, vignette) is painted on a small canvas and
upscaled once: it loses nothing by that, and painting it at full size would cost most of
the time budget. Only the crisp figures on top are drawn at full size.
"""

from __future__ import annotations

import asyncio
import colorsys
import hashlib
import io
import random
import time

from PIL import Image, ImageDraw, ImageFilter

from ..generation._types import GenerationRequest, UpstreamImage

__all__ = ["LocalProvider"]

Colour = tuple[int, int, int]

# Long side of the canvas the scene is painted on before the final upscale.
_CANVAS = 384
# Hue offsets from the base hue: analogous, complementary, triadic, split-complementary.
_SCHEMES = ((0.0, 0.08, -0.08), (0.0, 0.5, 0.04), (0.0, 0.33, 0.67), (0.0, 0.42, 0.58))
# normalise() re-encodes every upstream image, so spend no time compressing it here.
_PNG_LEVEL = 1


class LocalProvider:
    """Renders a deterministic abstract PNG in a worker thread; no upstream involved."""

    name = "local"

    async def generate(self, request: GenerationRequest, upstream_model: str) -> UpstreamImage:
        """Render the image for the request's prompt and seed at exactly its size."""
        seed = request.seed if request.seed is not None else seed_for(request.prompt)
        started = time.perf_counter()
        png = await asyncio.to_thread(render, request.prompt, seed, request.width, request.height)
        elapsed_ms = round((time.perf_counter() - started) * 1000)
        inputs = f"{seed}\0{request.width}x{request.height}\0{request.prompt}"
        request_id = hashlib.sha256(inputs.encode()).hexdigest()[:16]
        return UpstreamImage(
            data=png,
            model=upstream_model,
            source="local",
            seed=seed,
            request_id=f"local-{request_id}",
            elapsed_ms=elapsed_ms,
        )


def seed_for(prompt: str) -> int:
    """The seed used when the buyer gives none: stable per prompt, in [0, 2**32 - 1]."""
    return int.from_bytes(hashlib.sha256(prompt.encode()).digest()[:4], "big")


def render(prompt: str, seed: int, width: int, height: int) -> bytes:
    """Paint the scene for (prompt, seed) and return it as a width x height PNG."""
    digest = hashlib.sha256(f"{seed}\0{prompt}".encode()).digest()
    # Not for security: the generator only chooses colours and shapes, and must be replayable.
    rng = random.Random(int.from_bytes(digest, "big"))  # noqa: S311
    palette = _palette(rng)
    scale = min(1.0, _CANVAS / max(width, height))
    size = (max(8, round(width * scale)), max(8, round(height * scale)))
    scene = _background(rng, palette, size)
    _glows(scene, rng, palette)
    _bokeh(scene, rng, palette)
    scene = _vignette(scene)
    if scene.size != (width, height):
        scene = scene.resize((width, height), Image.Resampling.BICUBIC)
    _shapes(scene, rng, palette)
    out = io.BytesIO()
    scene.save(out, "PNG", compress_level=_PNG_LEVEL)
    return out.getvalue()


def _palette(rng: random.Random) -> list[Colour]:
    """Six colours around one base hue: two dark for the ground, four bright for the light."""
    base = rng.random()
    scheme = rng.choice(_SCHEMES)
    saturation = rng.uniform(0.45, 0.9)
    colours = []
    for i in range(6):
        hue = (base + scheme[i % 3] + rng.uniform(-0.03, 0.03)) % 1.0
        lightness = rng.uniform(0.08, 0.22) if i < 2 else rng.uniform(0.45, 0.75)
        r, g, b = colorsys.hls_to_rgb(hue, lightness, saturation)
        colours.append((round(r * 255), round(g * 255), round(b * 255)))
    return colours


def _background(rng: random.Random, palette: list[Colour], size: tuple[int, int]) -> Image.Image:
    """A linear gradient between the two dark colours at a random angle."""
    ramp = Image.linear_gradient("L").rotate(rng.uniform(0, 360), Image.Resampling.BILINEAR)
    # Rotating leaves black corners; the inner square of the ramp is clean.
    ramp = ramp.crop((48, 48, 208, 208)).resize(size, Image.Resampling.BILINEAR)
    return Image.composite(
        Image.new("RGB", size, palette[1]), Image.new("RGB", size, palette[0]), ramp
    )


def _glows(scene: Image.Image, rng: random.Random, palette: list[Colour]) -> None:
    """Large soft radial lights in the bright colours, as if the scene were lit from within."""
    width, height = scene.size
    # radial_gradient() reaches 255 only in its corners (181 at the edge midpoints): rescale
    # so the light fades out exactly at the circle, squared for a soft shoulder.
    falloff = Image.radial_gradient("L")
    for _ in range(rng.randint(3, 5)):
        w = round(width * rng.uniform(0.5, 1.3))
        h = round(w * rng.uniform(0.6, 1.4))
        strength = rng.uniform(0.35, 0.75)
        mask = falloff.point(lambda v, s=strength: 255 * s * max(0.0, 1 - v / 181) ** 2)
        mask = mask.resize((w, h), Image.Resampling.BILINEAR)
        x = round(rng.uniform(-0.3, 1.0) * width)
        y = round(rng.uniform(-0.3, 1.0) * height)
        scene.paste(rng.choice(palette[2:]), (x, y, x + w, y + h), mask)


def _bokeh(scene: Image.Image, rng: random.Random, palette: list[Colour]) -> None:
    """Out-of-focus discs: drawn crisp, then blurred as a layer."""
    width, height = scene.size
    layer = Image.new("RGBA", scene.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(rng.randint(8, 18)):
        r = rng.uniform(0.02, 0.09) * max(width, height)
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        draw.ellipse((x - r, y - r, x + r, y + r), (*rng.choice(palette[2:]), rng.randint(40, 110)))
    layer = layer.filter(ImageFilter.GaussianBlur(max(width, height) / 90))
    scene.paste(layer, (0, 0), layer)


def _shapes(image: Image.Image, rng: random.Random, palette: list[Colour]) -> None:
    """A few translucent geometric figures in focus, drawn at full size with smooth edges."""
    width, height = image.size
    span = max(width, height)
    for _ in range(rng.randint(3, 6)):
        colour = rng.choice(palette[2:])
        x, y = rng.uniform(0.1, 0.9) * width, rng.uniform(0.1, 0.9) * height
        radius = max(2, round(rng.uniform(0.06, 0.22) * span))
        mask = _shape_mask(rng, radius, max(2, span // 160))
        # paste() with a mask blends, and clips what falls outside the image.
        image.paste(colour, (round(x) - radius, round(y) - radius), mask)


def _shape_mask(rng: random.Random, radius: int, line: int) -> Image.Image:
    """One figure's coverage, 2x supersampled so edges are antialiased, scaled by opacity."""
    size = 4 * radius
    mask = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(mask)
    fill = rng.randint(50, 130)
    kind = rng.randrange(4)
    if kind == 0:
        draw.ellipse((0, 0, size - 1, size - 1), fill)
    elif kind == 1:
        draw.ellipse((0, 0, size - 1, size - 1), outline=fill, width=2 * line)
    elif kind == 2:
        centre = (size / 2, size / 2, size / 2 - 1)
        draw.regular_polygon(centre, rng.randint(3, 6), rng.uniform(0, 360), fill=fill)
    else:
        draw.rounded_rectangle((0, size * 0.2, size - 1, size * 0.8), size // 8, fill)
    return mask.reduce(2)


def _vignette(scene: Image.Image) -> Image.Image:
    """Darken the corners a little so the eye stays in the middle."""
    edge = Image.radial_gradient("L").resize(scene.size, Image.Resampling.BILINEAR)
    # Only the outer part of the radius darkens, at most to 45%.
    shade = edge.point(lambda v: max(0, v - 110) * 0.8)
    return Image.composite(Image.new("RGB", scene.size, (0, 0, 0)), scene, shade)
