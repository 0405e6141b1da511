"""LocalImageStore: content-addressed, atomic, idempotent files with no way out of the folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from synthforge.storage import ImageStore, LocalImageStore, StorageError

PNG = b"\x89PNG\r\n\x1a\n" + b"pretend pixels"
OTHER = b"\x89PNG\r\n\x1a\n" + b"other pixels"


@pytest.fixture
def store(tmp_path: Path) -> LocalImageStore:
    return LocalImageStore(tmp_path / "images", "https://gen.example.com/")


def test_satisfies_the_image_store_protocol(store: LocalImageStore):
    satisfied: ImageStore = store
    assert satisfied is store


async def test_the_key_is_the_sha256_of_the_bytes(store: LocalImageStore):
    key = await store.put(PNG)
    assert key == hashlib.sha256(PNG).hexdigest()
    assert store.path_for(key).read_bytes() == PNG


async def test_the_directory_is_created_when_missing(tmp_path: Path):
    store = LocalImageStore(tmp_path / "a" / "b", "http://127.0.0.1:8000")
    key = await store.put(PNG)
    assert (tmp_path / "a" / "b" / f"{key}.png").read_bytes() == PNG


async def test_storing_the_same_bytes_twice_keeps_one_file(store: LocalImageStore):
    first = await store.put(PNG)
    again = await store.put(PNG)
    assert first == again
    # No temp files left behind either.
    assert [p.name for p in store.directory.iterdir()] == [f"{first}.png"]


async def test_different_bytes_get_different_files(store: LocalImageStore):
    one, two = await store.put(PNG), await store.put(OTHER)
    assert one != two
    assert sorted(p.name for p in store.directory.iterdir()) == sorted([f"{one}.png", f"{two}.png"])


async def test_an_existing_file_is_not_rewritten(store: LocalImageStore):
    key = await store.put(PNG)
    path = store.path_for(key)
    written = path.stat().st_mtime_ns
    await store.put(PNG)
    assert path.stat().st_mtime_ns == written


async def test_url_shape(store: LocalImageStore):
    key = await store.put(PNG)
    assert store.url_for(key) == f"https://gen.example.com/images/{key}.png"


def test_url_without_a_trailing_slash_in_the_base(tmp_path: Path):
    store = LocalImageStore(tmp_path, "http://127.0.0.1:8000")
    key = "ab" * 32
    assert store.url_for(key) == f"http://127.0.0.1:8000/images/{key}.png"


@pytest.mark.parametrize(
    "key",
    [
        "../../etc/passwd",
        "../" + "a" * 61,
        "/" + "a" * 63,
        "A" * 64,  # uppercase: two names for one image
        "a" * 63,
        "a" * 65,
        "a" * 64 + "\n",
        "a" * 32 + "/" + "a" * 31,
        "",
    ],
)
def test_keys_that_are_not_sha256_hex_are_refused(store: LocalImageStore, key: str):
    with pytest.raises(StorageError):
        store.path_for(key)
    with pytest.raises(StorageError):
        store.url_for(key)


async def test_an_unwritable_directory_raises_storage_error_without_the_path(tmp_path: Path):
    # A file where the directory should be: fails even for root, unlike chmod.
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"")
    store = LocalImageStore(blocker / "images", "http://127.0.0.1:8000")
    with pytest.raises(StorageError) as raised:
        await store.put(PNG)
    assert str(tmp_path) not in str(raised.value)
    assert "blocker" not in str(raised.value)


async def test_a_failed_write_leaves_neither_the_image_nor_a_temp_file(
    store: LocalImageStore, monkeypatch: pytest.MonkeyPatch
):
    def disk_full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr("synthforge.storage._local.os.replace", disk_full)
    with pytest.raises(StorageError, match="No space left on device"):
        await store.put(PNG)
    assert list(store.directory.iterdir()) == []
