"""The local provider: exact-size, replayable, honestly labelled images with no upstream."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image, ImageChops, ImageStat

from synthforge.generation._types import GenerationRequest, Provider
from synthforge.providers import LocalProvider

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def request(
    prompt: str = "a lighthouse at dusk",
    *,
    width: int = 1024,
    height: int = 1024,
    seed: int | None = None,
) -> GenerationRequest:
    return GenerationRequest(prompt, width, height, model="local-art", seed=seed)


def decode(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def mean_difference(a: bytes, b: bytes) -> float:
    """Average per-channel difference, 0 (identical) to 255."""
    diff = ImageChops.difference(decode(a).convert("RGB"), decode(b).convert("RGB"))
    return sum(ImageStat.Stat(diff).mean) / 3


def test_satisfies_the_provider_protocol():
    provider: Provider = LocalProvider()
    assert provider.name == "local"


@pytest.mark.parametrize("size", [(1024, 1024), (1024, 768), (512, 1536), (100, 37)])
async def test_output_is_a_png_of_exactly_the_asked_size(size: tuple[int, int]):
    width, height = size
    image = await LocalProvider().generate(request(width=width, height=height), "art-v1")
    assert image.data.startswith(PNG_SIGNATURE)
    assert decode(image.data).size == size


async def test_same_inputs_give_identical_bytes():
    first = await LocalProvider().generate(request(seed=42), "art-v1")
    again = await LocalProvider().generate(request(seed=42), "art-v1")
    assert first.data == again.data
    assert first.request_id == again.request_id


async def test_another_prompt_gives_a_visibly_different_image():
    cat = await LocalProvider().generate(request("a cat on a mat", seed=1), "art-v1")
    sea = await LocalProvider().generate(request("a stormy sea", seed=1), "art-v1")
    assert mean_difference(cat.data, sea.data) > 10
    assert cat.request_id != sea.request_id


async def test_another_seed_gives_a_visibly_different_image():
    one = await LocalProvider().generate(request(seed=1), "art-v1")
    two = await LocalProvider().generate(request(seed=2), "art-v1")
    assert mean_difference(one.data, two.data) > 10


async def test_reports_the_seed_it_was_given():
    image = await LocalProvider().generate(request(seed=123456), "art-v1")
    assert image.seed == 123456


async def test_without_a_seed_reports_a_stable_one_derived_from_the_prompt():
    first = await LocalProvider().generate(request(), "art-v1")
    again = await LocalProvider().generate(request(), "art-v1")
    other = await LocalProvider().generate(request("a different prompt"), "art-v1")
    assert first.seed is not None
    assert 0 <= first.seed <= 2**32 - 1
    assert first.seed == again.seed
    assert first.data == again.data
    assert other.seed != first.seed


async def test_replaying_the_reported_seed_reproduces_the_image():
    unseeded = await LocalProvider().generate(request(), "art-v1")
    replayed = await LocalProvider().generate(request(seed=unseeded.seed), "art-v1")
    assert replayed.data == unseeded.data


async def test_is_labelled_as_local_art_not_an_upstream_model():
    image = await LocalProvider().generate(request(seed=7), "art-v1")
    assert image.source == "local"
    assert image.model == "art-v1"
    assert image.request_id is not None
    assert re.fullmatch(r"local-[0-9a-f]{16}", image.request_id)
    assert image.elapsed_ms >= 0


async def test_image_has_colour_not_a_flat_fill():
    image = await LocalProvider().generate(request(seed=3), "art-v1")
    stat = ImageStat.Stat(decode(image.data).convert("RGB"))
    assert min(stat.stddev) > 3
