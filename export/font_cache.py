"""reportlab fonts parsed once per font file and kept in the user's cache folder.

Parsing a Chinese TrueType font (reportlab's TTFontFile.extractInfo over 10–20 MB) takes
0.3–1 s, so the first PDF of a session would spend most of its time there. What the parse
yields is stored, keyed by the file's path, subfont, size and modification time and by the
reportlab and Python versions: the big tables (character map, widths, glyph offsets and
metrics) as arrays of numbers, which load at once, the rest with marshal. An entry that does
not load exactly is ignored and written anew; a cache that cannot be written is simply not
kept. The font file itself is mapped into memory only when a subset of it is embedded.
"""
from __future__ import annotations

import hashlib
import marshal
import mmap
import os
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, cast
from weakref import WeakKeyDictionary

from reportlab import Version as REPORTLAB_VERSION
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from model.appdirs import cache_dir

CACHE_FORMAT = 2
FOLDER = "fonts"
DIGEST = 32  # bytes of SHA-256 before each entry's payload
# The tables kept as arrays: attribute → array type codes of (keys, values) or of the list.
_MAPS = {"charToGlyph": ("L", "L"), "charWidths": ("L", "d")}
_LISTS = {"glyphPos": "q"}
# Without these a cached face cannot measure, map or subset: an entry lacking one is damaged.
_REQUIRED = {"numGlyphs": int, "table": dict, "unitsPerEm": int, "name": bytes, "filename": str}
# The file's bytes (mapped on demand), a lambda, and a reverse map only the parse itself uses.
_NOT_KEPT = ("_ttf_data", "_pdfScale", "glyphToChar", "hmetrics", *_MAPS, *_LISTS)


class _ArrayMap(Mapping[int, Any]):
    """A read-only map of character codes kept as two sorted arrays: tens of thousands of
    entries load as two blocks of bytes instead of being rebuilt into a dict."""

    def __init__(self, keys: array[int], values: array[Any]) -> None:
        self._keys: array[int] = keys
        self._values: array[Any] = values

    def _index(self, key: object) -> int:
        if isinstance(key, int):
            i = bisect_left(self._keys, key)
            if i < len(self._keys) and self._keys[i] == key:
                return i
        return -1

    def __getitem__(self, key: int) -> Any:
        i = self._index(key)
        if i < 0:
            raise KeyError(key)
        return self._values[i]

    def get(self, key: int, default: Any = None) -> Any:  # measuring text asks this per character
        i = self._index(key)
        return self._values[i] if i >= 0 else default

    def __contains__(self, key: object) -> bool:
        return self._index(key) >= 0

    def __iter__(self) -> Iterator[int]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class _Metrics:
    """The face's (advance, side bearing) per glyph, kept as one array of integers: 27,000
    tuples take longer to load than all the rest of a face. Read only when subsetting."""

    def __init__(self, flat: array[int]) -> None:
        self.flat = flat

    def __getitem__(self, glyph: int) -> tuple[int, int]:
        return self.flat[2 * glyph], self.flat[2 * glyph + 1]

    def __len__(self) -> int:
        return len(self.flat) // 2


class _TableView:
    """A table of the mapped font file, read slice by slice: reportlab takes the glyph table
    (10–20 MB) whole for every subset of 256 glyphs, only to slice out the glyphs used."""

    def __init__(self, data: mmap.mmap, start: int, length: int) -> None:
        self.data = data
        self.start = start
        self.length = length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, part: slice) -> bytes:
        start, stop, step = part.indices(self.length)
        if step != 1:
            raise ValueError("a font table is read in contiguous slices")
        return self.data[self.start + start:self.start + max(start, stop)]


class CachedFace(TTFontFace):  # type: ignore[misc]  # reportlab has no type hints
    """A parsed face restored from the cache. The file is mapped into memory only when a
    subset is made, and only the pages of the glyphs used are read (not all 20 MB)."""

    def __getattr__(self, name: str) -> Any:  # only called for attributes not yet set
        if name == "_ttf_data":
            with open(self.filename, "rb") as file:
                data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
            self._ttf_data = data
            return data
        raise AttributeError(name)

    def get_table(self, tag: str) -> bytes | _TableView:
        """The table `tag`; the glyph table as a view of the mapped file, not a copy."""
        if tag != "glyf":
            return cast(bytes, super().get_table(tag))
        start, length = self.get_table_pos(tag)
        return _TableView(self._ttf_data, start, length)

    def _pdfScale(self, value: float) -> float:  # noqa: N802 (reportlab's name)
        return float(value * 1000 / self.unitsPerEm)


def load_font(name: str, path: Path, subfont: int) -> TTFont:
    """A reportlab TTFont named `name` for the font file, parsed from the cache when it holds
    this very file; reportlab's errors for a file it cannot parse pass through."""
    key = _key(path, subfont)
    face = _cached_face(key)
    if face is None:
        face = TTFontFace(str(path), subfontIndex=subfont)
        _store(key, face)
    return _font(name, face)


def _font(name: str, face: TTFontFace) -> TTFont:
    """What TTFont.__init__ sets, with a face already parsed (TTFont would parse the file)."""
    from reportlab import rl_config

    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = False
    return font


def _key(path: Path, subfont: int) -> str:
    stat = path.stat()
    return "|".join(str(part) for part in (
        CACHE_FORMAT, path.resolve(), subfont, stat.st_size, stat.st_mtime_ns, REPORTLAB_VERSION,
        sys.version_info[:2], marshal.version))


def _entry(key: str) -> Path:
    return cache_dir() / FOLDER / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}.marshal"


def _state(key: str, face: TTFontFace) -> dict[str, Any]:
    """The parsed face as marshal can store it: the big tables as arrays' bytes, name strings
    as plain bytes (listed apart, to be made names again)."""
    attributes = {k: v for k, v in vars(face).items() if k not in _NOT_KEPT}
    names = sorted(k for k, v in attributes.items() if isinstance(v, TTFNameBytes))
    arrays = {"hmetrics": array("q", (int(n) for pair in face.hmetrics for n in pair)).tobytes()}
    for name, (key_code, value_code) in _MAPS.items():
        table = getattr(face, name)
        codes = sorted(table)
        arrays[name] = array(key_code, codes).tobytes()
        arrays[name + ".values"] = array(value_code, (table[c] for c in codes)).tobytes()
    for name, code in _LISTS.items():
        arrays[name] = array(code, getattr(face, name)).tobytes()
    return {"key": key, "names": names, "arrays": arrays,
            "attributes": {k: bytes(v) if k in names else v for k, v in attributes.items()}}


def _array(code: str, data: Any) -> array[Any]:
    """An array of `code` from stored bytes; ValueError if they are not such an array."""
    if not isinstance(data, bytes):
        raise ValueError("not an array")
    result = array(code)
    result.frombytes(data)
    return result


def _restore(key: str, state: Any) -> CachedFace | None:
    """The face from a stored state, or None when the state is not exactly what _state makes."""
    if not isinstance(state, dict) or state.get("key") != key:
        return None
    attributes, names, arrays = state.get("attributes"), state.get("names"), state.get("arrays")
    if not isinstance(attributes, dict) or not isinstance(names, list) or not isinstance(arrays, dict):
        return None
    if not all(isinstance(attributes.get(k), kind) for k, kind in _REQUIRED.items()):
        return None
    try:
        tables: dict[str, Any] = {"hmetrics": _Metrics(_array("q", arrays.get("hmetrics"))), "glyphToChar": {}}
        for name, (key_code, value_code) in _MAPS.items():
            keys, values = _array(key_code, arrays.get(name)), _array(value_code, arrays.get(name + ".values"))
            if len(keys) != len(values):
                return None
            tables[name] = _ArrayMap(keys, values)
        for name, code in _LISTS.items():
            tables[name] = _array(code, arrays.get(name))
    except ValueError:
        return None
    if len(tables["hmetrics"]) != attributes["numGlyphs"] or len(tables["glyphPos"]) != attributes["numGlyphs"] + 1:
        return None
    face = CachedFace.__new__(CachedFace)
    face.__dict__.update(attributes, **tables)
    for name in names:
        face.__dict__[name] = TTFNameBytes(attributes[name])
    return face


def _cached_face(key: str) -> CachedFace | None:
    """The cached face, or None. An entry is its payload's SHA-256 then the payload, so a
    damaged one is recognised before marshal (not made for damaged data) reads it."""
    try:
        data = _entry(key).read_bytes()
        digest, payload = data[:DIGEST], data[DIGEST:]
        if hashlib.sha256(payload).digest() != digest:
            return None
        return _restore(key, marshal.loads(payload))
    except (OSError, ValueError, EOFError, TypeError):
        return None


def _store(key: str, face: TTFontFace) -> None:
    """Keep the parse for the next run; a folder that cannot be written just means no cache."""
    try:
        entry = _entry(key)
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
        payload = marshal.dumps(_state(key, face))
        temporary.write_bytes(hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, entry)
    except (OSError, ValueError):
        return
