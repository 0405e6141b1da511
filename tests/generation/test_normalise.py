"""normalise(): whatever an upstream sends becomes a bare PNG of exactly the size paid for."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageCms, ImageDraw, PngImagePlugin

from synthforge.generation._errors import BadUpstreamRequest
from synthforge.generation._normalise import normalise

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
RED, GREEN, BLUE, WHITE, YELLOW = (
    (255, 0, 0),
    (0, 255, 0),
    (0, 0, 255),
    (255, 255, 255),
    (255, 255, 0),
)


def encode(image: Image.Image, fmt: str, **params: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def decode(png: bytes) -> Image.Image:
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    image.load()
    return image


def chunk_types(png: bytes) -> list[str]:
    """The PNG's chunk names, read from the bytes rather than through Pillow."""
    types, pos = [], len(PNG_SIGNATURE)
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        types.append(png[pos + 4 : pos + 8].decode("ascii"))
        pos += 12 + length
    return types


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def bilevel_png(width: int, height: int, *, pixel_data: bool = True) -> bytes:
    """A 1-bit black PNG: megapixels of image in kilobytes of file, as a bomb is built."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = (b"\0" + bytes((width + 7) // 8)) * height if pixel_data else b""
    idat = zlib.compress(rows, 9)
    return PNG_SIGNATURE + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def close(actual: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 12) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def test_jpeg_bytes_become_a_png_of_the_asked_size():
    # Upstreams label JPEG as image/png; normalise() reads the bytes, not the label.
    jpeg = encode(Image.new("RGB", (640, 480), (200, 40, 40)), "JPEG", quality=95)
    image = decode(normalise(jpeg, 512, 384))
    assert image.size == (512, 384)
    assert image.mode == "RGB"
    assert close(image.getpixel((256, 192)), (200, 40, 40))


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF", "AVIF"])
def test_every_format_upstreams_return_is_read(fmt: str):
    data = encode(Image.new("RGB", (300, 200), BLUE), fmt)
    image = decode(normalise(data, 150, 100))
    assert image.size == (150, 100)
    assert close(image.getpixel((75, 50)), BLUE, tolerance=30)


def test_a_square_cropped_to_landscape_keeps_the_centre():
    # Rows 0-255 and 1792-2047 are what a centre crop to 4:3 must cut away.
    source = Image.new("RGB", (2048, 2048), GREEN)
    draw = ImageDraw.Draw(source)
    draw.rectangle((0, 0, 2047, 255), RED)
    draw.rectangle((0, 1792, 2047, 2047), RED)
    draw.rectangle((0, 256, 63, 1791), YELLOW)  # left edge: kept, no sideways crop
    draw.rectangle((924, 924, 1123, 1123), WHITE)  # the centre
    image = decode(normalise(encode(source, "PNG"), 1024, 768))
    assert image.size == (1024, 768)
    assert close(image.getpixel((512, 384)), WHITE)
    assert close(image.getpixel((512, 2)), GREEN)
    assert close(image.getpixel((512, 765)), GREEN)
    assert close(image.getpixel((10, 384)), YELLOW)
    assert close(image.getpixel((1020, 384)), GREEN)


def test_small_inputs_are_scaled_up_to_the_asked_size():
    image = decode(normalise(encode(Image.new("RGB", (64, 64), RED), "PNG"), 1024, 1024))
    assert image.size == (1024, 1024)


def test_exif_orientation_is_applied_to_the_pixels():
    # Stored landscape, left red and right blue; orientation 6 displays it turned clockwise.
    stored = Image.new("RGB", (800, 400), RED)
    ImageDraw.Draw(stored).rectangle((400, 0, 799, 399), BLUE)
    exif = Image.Exif()
    exif[0x0112] = 6
    image = decode(normalise(encode(stored, "JPEG", exif=exif, quality=95), 100, 200))
    assert image.size == (100, 200)
    assert close(image.getpixel((50, 20)), RED)
    assert close(image.getpixel((50, 180)), BLUE)


def test_metadata_is_stripped_from_png_input():
    text = PngImagePlugin.PngInfo()
    text.add_text("parameters", "the buyer's secret prompt")
    text.add_itxt("Comment", "more", zip=True)
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = encode(
        Image.new("RGB", (64, 64), RED), "PNG", pnginfo=text, exif=exif, icc_profile=icc
    )
    assert {"tEXt", "iTXt", "eXIf", "iCCP"} <= set(chunk_types(source))
    png = normalise(source, 64, 64)
    assert set(chunk_types(png)) == {"IHDR", "IDAT", "IEND"}
    assert b"secret" not in png.lower()


def test_metadata_is_stripped_from_jpeg_input():
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = encode(Image.new("RGB", (64, 64), RED), "JPEG", exif=exif, icc_profile=icc)
    png = normalise(source, 64, 64)
    assert set(chunk_types(png)) == {"IHDR", "IDAT", "IEND"}
    assert b"SecretCam" not in png


def test_a_broken_icc_profile_does_not_lose_the_image():
    source = encode(Image.new("RGB", (64, 64), RED), "JPEG", icc_profile=b"not a profile")
    image = decode(normalise(source, 32, 32))
    assert close(image.getpixel((16, 16)), RED)


def test_transparency_is_kept_as_rgba():
    source = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(source).ellipse((50, 50, 150, 150), (*BLUE, 255))
    image = decode(normalise(encode(source, "PNG"), 100, 100))
    assert image.mode == "RGBA"
    assert image.getpixel((2, 2))[3] == 0
    assert image.getpixel((50, 50)) == (*BLUE, 255)


def test_palette_transparency_becomes_rgba():
    source = Image.new("P", (64, 64), 0)
    source.putpalette([*RED, *BLUE])
    ImageDraw.Draw(source).rectangle((32, 0, 63, 63), 1)
    image = decode(normalise(encode(source, "PNG", transparency=0), 64, 64))
    assert image.mode == "RGBA"
    assert image.getpixel((10, 32))[3] == 0
    assert image.getpixel((50, 32)) == (*BLUE, 255)


def test_an_alpha_channel_with_nothing_transparent_is_dropped():
    image = decode(normalise(encode(Image.new("RGBA", (64, 64), (*RED, 255)), "PNG"), 64, 64))
    assert image.mode == "RGB"


def test_greyscale_with_alpha_becomes_rgba():
    image = decode(normalise(encode(Image.new("LA", (64, 64), (128, 64)), "PNG"), 32, 32))
    assert image.mode == "RGBA"
    assert close(image.getpixel((16, 16)), (128, 128, 128, 64), tolerance=2)


def test_cmyk_jpeg_becomes_rgb():
    source = encode(Image.new("CMYK", (64, 64), (0, 255, 255, 0)), "JPEG", quality=95)
    image = decode(normalise(source, 32, 32))
    assert image.mode == "RGB"
    assert close(image.getpixel((16, 16)), RED)


def test_sixteen_bit_greyscale_is_scaled_not_clipped():
    source = encode(Image.new("I;16", (64, 64), 40000), "PNG")
    image = decode(normalise(source, 32, 32))
    assert image.mode == "RGB"
    assert close(image.getpixel((16, 16)), (156, 156, 156), tolerance=1)


def test_an_image_over_the_pixel_limit_is_refused():
    bomb = bilevel_png(8000, 8000)  # 64 megapixels in a few kilobytes
    assert len(bomb) < 100_000
    with pytest.raises(BadUpstreamRequest, match="pixel limit"):
        normalise(bomb, 1024, 1024)


def test_the_pixel_limit_is_configurable():
    small = encode(Image.new("RGB", (100, 100), RED), "PNG")
    assert decode(normalise(small, 10, 10, max_pixels=10_000)).size == (10, 10)
    with pytest.raises(BadUpstreamRequest, match="pixel limit"):
        normalise(small, 10, 10, max_pixels=9_999)


def test_pillows_own_bomb_guard_becomes_our_error():
    # Past twice Pillow's limit, Image.open itself raises DecompressionBombError.
    with pytest.raises(BadUpstreamRequest, match="too large"):
        normalise(bilevel_png(20_000, 20_000, pixel_data=False), 1024, 1024)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not an image at all",
        b'{"error": {"message": "quota exceeded"}}',
        b"<html><body>502 Bad Gateway</body></html>",
        PNG_SIGNATURE + b"\0" * 40,
    ],
    ids=["empty", "text", "json", "html", "png-signature-only"],
)
def test_non_image_bytes_are_refused(data: bytes):
    with pytest.raises(BadUpstreamRequest, match="not a supported image"):
        normalise(data, 1024, 1024)


def test_formats_no_upstream_returns_are_refused():
    # Every Pillow parser is attack surface; only the formats upstreams use are opened.
    for fmt in ("BMP", "TIFF", "PPM"):
        with pytest.raises(BadUpstreamRequest, match="not a supported image"):
            normalise(encode(Image.new("RGB", (32, 32), RED), fmt), 32, 32)


def test_a_truncated_image_is_refused():
    png = encode(Image.effect_noise((256, 256), 50).convert("RGB"), "PNG")
    with pytest.raises(BadUpstreamRequest, match="could not be decoded"):
        normalise(png[: len(png) // 2], 128, 128)


def test_a_non_positive_size_is_a_caller_bug():
    with pytest.raises(ValueError, match="positive"):
        normalise(encode(Image.new("RGB", (8, 8)), "PNG"), 0, 8)


def _bare_png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


def test_a_png_already_exact_and_bare_passes_through_unchanged():
    data = _bare_png(320, 240)
    assert normalise(data, 320, 240) == data


def test_a_bare_png_of_another_size_is_still_resized():
    data = _bare_png(320, 240)
    out = normalise(data, 256, 256)
    assert out != data and Image.open(io.BytesIO(out)).size == (256, 256)


def test_a_truncated_bare_png_is_refused():
    data = _bare_png(320, 240)
    idat = data.index(b"IDAT")
    (length,) = struct.unpack(">I", data[idat - 4 : idat])
    # keep the chunk structure and CRCs valid but cut the compressed pixel stream short
    body = data[idat + 4 : idat + 4 + length][: length // 2]
    chunk = struct.pack(">I", len(body)) + b"IDAT" + body
    chunk += struct.pack(">I", zlib.crc32(b"IDAT" + body))
    broken = data[: idat - 4] + chunk + data[idat + 8 + length :]
    with pytest.raises(BadUpstreamRequest):
        normalise(broken, 320, 240)
