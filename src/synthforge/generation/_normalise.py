"""Turn whatever an upstream sent into a clean PNG of exactly the size the buyer paid for.

Upstreams mislabel formats (JPEG sent as image/png), answer with a size near the one asked,
rotate by EXIF instead of by pixels, attach EXIF, text chunks and ICC profiles, and a broken
or hostile one could send a decompression bomb. Everything here trusts the bytes, never the
label, and nothing but pixels leaves.

Synchronous on purpose: decoding and resizing are CPU-bound, the caller runs this in a thread.
"""

from __future__ import annotations

import io
import struct
import zlib
from typing import cast

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from ._errors import BadUpstreamRequest

__all__ = ["normalise"]

# The formats image upstreams actually return. Every other Pillow parser stays out of reach
# of upstream bytes (EPS would even start Ghostscript, TIFF has the longest CVE list).
_FORMATS = ("PNG", "JPEG", "WEBP", "GIF", "AVIF")
# What a corrupt or truncated file makes Pillow raise while decoding.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError)
_ORIENTATION = 0x0112
_SIDEWAYS = (5, 6, 7, 8)  # EXIF orientations that swap width and height

# PNG size and encode time at 1024x1024, zlib 1.2.13, on a 2-core box:
#   level                       1               3               6               9
#   local provider art     252 KB   27 ms  222 KB   34 ms  175 KB   65 ms  159 KB  550 ms
#   a real photo (JPEG)*  1.67 MB   72 ms 1.61 MB  110 ms 1.50 MB  336 ms 1.48 MB  877 ms
#   a noisy photo (JPEG)  2.02 MB   89 ms 2.01 MB  114 ms 1.87 MB  211 ms 1.87 MB  207 ms
# (* a 720x477 camera JPEG scaled up; the noisy one is synthetic grain, a worst case.)
# Upstreams mostly return photographic images, where level 6 costs three times the CPU of
# level 3 for 7% fewer bytes and level 9 is pathological. On a small box that CPU is the
# scarce thing; level 3 keeps most of the saving over level 1 on smooth images.
_DEFAULT_LEVEL = 3

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_BARE_CHUNKS = (b"IHDR", b"IDAT", b"IEND")


def normalise(
    data: bytes,
    width: int,
    height: int,
    *,
    max_pixels: int = 40_000_000,
    compress_level: int = _DEFAULT_LEVEL,
) -> bytes:
    """Decode any supported image, centre-crop and resize it to width x height, encode a bare PNG.

    Args:
        data: the upstream's bytes, whatever format it claimed.
        width: the output width in pixels.
        height: the output height in pixels.
        max_pixels: refuse larger inputs before decoding a single pixel.
        compress_level: zlib level for the PNG, 0 (none) to 9 (smallest, slowest).

    Returns:
        A PNG in RGB, or RGBA when the input has real transparency, with no metadata.

    Raises:
        BadUpstreamRequest: the bytes are not a supported image, are corrupt, or too large.
    """
    if width < 1 or height < 1:
        raise ValueError(f"output size must be positive, got {width}x{height}")
    if _bare_png(data, width, height):
        return _checked(data)
    image = _open(data, max_pixels)
    try:
        _draft(image, width, height)
        ImageOps.exif_transpose(image, in_place=True)
        image = _to_rgb(image)
        image = ImageOps.fit(image, (width, height), Image.Resampling.LANCZOS)
    except _DECODE_ERRORS as exc:
        raise BadUpstreamRequest(f"upstream image could not be decoded: {exc}") from exc
    return _encode(image, compress_level)


def _bare_png(data: bytes, width: int, height: int) -> bool:
    """Already what we would produce: 8-bit RGB PNG of exactly this size, pixels only.

    Then re-encoding would cost tens of milliseconds to change nothing. Only IHDR, IDAT and
    IEND chunks with good CRCs qualify; anything carrying metadata takes the full path.
    """
    if not data.startswith(_PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return False
    w, h, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", data[16:29])
    if (w, h, depth, colour, interlace) != (width, height, 8, 2, 0):
        return False
    offset = len(_PNG_SIGNATURE)
    while offset + 12 <= len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        end = offset + 12 + length
        if kind not in _BARE_CHUNKS or end > len(data):
            return False
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(data[offset + 4 : end - 4]) != crc:
            return False
        if kind == b"IEND":
            return bool(end == len(data))
        offset = end
    return False


def _checked(data: bytes) -> bytes:
    """`data`, once every pixel has decoded (a truncated IDAT fails here)."""
    try:
        with Image.open(io.BytesIO(data), formats=("PNG",)) as image:
            image.load()
    except _DECODE_ERRORS as exc:
        raise BadUpstreamRequest(f"upstream image could not be decoded: {exc}") from exc
    return data


def _open(data: bytes, max_pixels: int) -> Image.Image:
    """Identify the format and read the header only; refuse what is not an image or too big."""
    try:
        image = Image.open(io.BytesIO(data), formats=_FORMATS)
    except Image.DecompressionBombError as exc:
        raise BadUpstreamRequest(f"upstream image is too large: {exc}") from exc
    except (UnidentifiedImageError, *_DECODE_ERRORS) as exc:
        raise BadUpstreamRequest(
            "upstream answer is not a supported image (PNG, JPEG, WebP, GIF or AVIF)"
        ) from exc
    # Image.open has read only the header, so this costs nothing even for a bomb.
    pixels = image.width * image.height
    if pixels > max_pixels:
        raise BadUpstreamRequest(
            f"upstream image is {image.width}x{image.height}, over the {max_pixels} pixel limit"
        )
    return image


def _draft(image: Image.Image, width: int, height: int) -> None:
    """Let a JPEG decode at 1/2, 1/4 or 1/8 scale when that still covers the output size."""
    if image.format != "JPEG":
        return
    if image.getexif().get(_ORIENTATION) in _SIDEWAYS:
        width, height = height, width
    # draft() keeps both sides >= the asked size, so the centre crop still has enough pixels.
    image.draft(None, (width, height))


def _to_rgb(image: Image.Image) -> Image.Image:
    """RGB, or RGBA where some pixel is not fully opaque; colours moved to sRGB."""
    if image.mode.startswith("I") or image.mode == "F":
        image = _to_8bit(image)
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        image = _to_srgb(image, icc)
    if image.has_transparency_data:
        rgba = image.convert("RGBA")
        alpha = rgba.getchannel("A")
        if alpha.histogram()[255] < alpha.width * alpha.height:
            return rgba
        image = rgba
    return image if image.mode == "RGB" else image.convert("RGB")


def _to_8bit(image: Image.Image) -> Image.Image:
    """16-bit and 32-bit greyscale to L by scaling; Pillow's own convert would clip at 255."""
    if image.mode.startswith("I;16"):
        image = image.convert("I")
        scale = 1 / 256
    else:
        # "I" and "F" carry no declared range: treat anything past 255 as 16-bit data.
        # One band, so getextrema() is a (low, high) pair.
        _, high = cast("tuple[float, float]", image.getextrema())
        scale = 1 / 256 if high > 255 else 1.0
    return image.point(lambda v: v * scale).convert("L")


def _to_srgb(image: Image.Image, icc: bytes) -> Image.Image:
    """Apply the embedded profile before it is dropped, so P3 and CMYK colours stay true."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "sRGB" in ImageCms.getProfileDescription(source):
            return image
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A broken profile is common and harmless: the naive conversion is close enough.
        return image
    assert converted is not None  # only None when converting in place
    return converted


def _encode(image: Image.Image, compress_level: int) -> bytes:
    """PNG with pixels only: no EXIF, text, ICC profile, tRNS or physical size."""
    # The PNG writer copies icc_profile and transparency out of .info; start it empty.
    image.info = {}
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=compress_level)
    return out.getvalue()
