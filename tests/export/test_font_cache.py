"""Parsed fonts kept between runs (export.font_cache): used when they match the font file,
ignored and rebuilt when damaged or stale, never in the way when the folder is read-only."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from export import font_cache
from export.font_cache import CachedFace, load_font
from export.fonts import font_dirs

SAMPLE = "政府信息公开ABCl1"


@pytest.fixture
def font_file(tmp_path: Path) -> Path:
    """A private copy of a Chinese TrueType collection (its mtime is ours to change)."""
    found = [p for folder in font_dirs() if folder.is_dir() for p in folder.rglob("uming.ttc")]
    if not found:
        pytest.skip("fonts-arphic-uming missing")
    return Path(shutil.copy(found[0], tmp_path / "uming.ttc"))


def _entries() -> list[Path]:
    return list((font_cache.cache_dir() / font_cache.FOLDER).glob("*.marshal"))


def test_the_second_load_comes_from_the_cache_and_measures_and_subsets_alike(font_file: Path) -> None:
    parsed = load_font("a", font_file, 0)
    assert not isinstance(parsed.face, CachedFace) and len(_entries()) == 1
    cached = load_font("b", font_file, 0)
    assert isinstance(cached.face, CachedFace)
    assert cached.stringWidth(SAMPLE, 16) == parsed.stringWidth(SAMPLE, 16)
    codes = [ord(ch) for ch in SAMPLE]
    assert cached.face.makeSubset(codes) == TTFontFace(str(font_file)).makeSubset(codes)
    assert set(vars(cached)) == set(vars(TTFont("c", str(font_file))))  # what TTFont.__init__ sets


def test_a_subset_of_a_cached_face_does_not_copy_the_glyph_table(font_file: Path) -> None:
    """reportlab takes the whole glyph table (17 MB for UMing) for every subset of 256 glyphs;
    a cached face hands it a view of the mapped file that reads only the glyphs sliced out."""
    load_font("a", font_file, 0)
    face = load_font("b", font_file, 0).face
    table = face.get_table("glyf")
    assert not isinstance(table, bytes)
    start, length = face.get_table_pos("glyf")
    assert len(table) == length and table[10:20] == face._ttf_data[start + 10:start + 20]


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", None], ids=["empty", "garbage", "truncated"])
def test_a_damaged_entry_is_ignored_and_rebuilt(font_file: Path, damage: bytes | None) -> None:
    load_font("a", font_file, 0)
    entry = _entries()[0]
    good = entry.read_bytes()
    entry.write_bytes(good[: len(good) // 2] if damage is None else damage)
    again = load_font("b", font_file, 0)
    assert not isinstance(again.face, CachedFace)  # parsed afresh …
    assert again.stringWidth(SAMPLE, 16) > 0
    assert entry.read_bytes() == good  # … and stored again


def test_a_changed_font_file_is_parsed_again(font_file: Path) -> None:
    load_font("a", font_file, 0)
    stat = font_file.stat()
    os.utime(font_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert not isinstance(load_font("b", font_file, 0).face, CachedFace)
    assert len(_entries()) == 2


def test_a_cache_folder_that_cannot_be_written_only_costs_time(font_file: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = font_file.parent / "blocked"
    blocked.write_text("a file where the folder should be")
    monkeypatch.setattr(font_cache, "cache_dir", lambda: blocked)
    assert load_font("a", font_file, 0).stringWidth(SAMPLE, 16) > 0
    assert load_font("b", font_file, 0).stringWidth(SAMPLE, 16) > 0


def test_an_intact_entry_of_another_shape_is_ignored(font_file: Path) -> None:
    import hashlib
    import marshal
    load_font("a", font_file, 0)
    entry = _entries()[0]
    payload = marshal.dumps({"key": "not this font", "attributes": {}})
    entry.write_bytes(hashlib.sha256(payload).digest() + payload)
    assert not isinstance(load_font("b", font_file, 0).face, CachedFace)
