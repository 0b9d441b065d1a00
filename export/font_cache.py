"""reportlab fonts parsed once per font file and kept in the user's cache folder.

Parsing a Chinese TrueType font (reportlab's TTFontFile.extractInfo over 10–20 MB) takes
0.3–1 s, so the first PDF of a session would spend most of its time there. What the parse
yields (metrics, character map, glyph offsets) is stored with marshal, keyed by the file's
path, subfont, size and modification time and by the reportlab and Python versions. An entry
that does not load exactly is ignored and written anew; a cache that cannot be written is
simply not kept. The font file's bytes are read only when a subset of it is embedded.
"""
from __future__ import annotations

import hashlib
import marshal
from array import array
import os
import sys
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import Version as REPORTLAB_VERSION
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from model.appdirs import cache_dir

CACHE_FORMAT = 1
FOLDER = "fonts"
DIGEST = 32  # bytes of SHA-256 before each entry's payload
# Without these a cached face cannot measure, map or subset: an entry lacking one is damaged.
_REQUIRED = {"charToGlyph": dict, "charWidths": dict, "glyphPos": list, "numGlyphs": int,
             "table": dict, "unitsPerEm": int, "name": bytes, "filename": str}
# The file's bytes (read on demand), a lambda, and a reverse map only the parse itself uses.
_NOT_KEPT = ("_ttf_data", "_pdfScale", "glyphToChar", "hmetrics")


class _Metrics:
    """The face's (advance, side bearing) per glyph, kept as one array of integers: 27,000
    tuples take longer to load than all the rest of a face. Read only when subsetting."""

    def __init__(self, flat: array[int]) -> None:
        self.flat = flat

    def __getitem__(self, glyph: int) -> tuple[int, int]:
        return self.flat[2 * glyph], self.flat[2 * glyph + 1]

    def __len__(self) -> int:
        return len(self.flat) // 2


class CachedFace(TTFontFace):  # type: ignore[misc]  # reportlab has no type hints
    """A parsed face restored from the cache; the file is read only for subsetting."""

    def __getattr__(self, name: str) -> Any:  # only called for attributes not yet set
        if name == "_ttf_data":
            data = Path(self.filename).read_bytes()
            self._ttf_data = data
            return data
        raise AttributeError(name)

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
    """The parsed face as marshal can store it: name strings as plain bytes, listed apart."""
    attributes = {k: v for k, v in vars(face).items() if k not in _NOT_KEPT}
    names = sorted(k for k, v in attributes.items() if isinstance(v, TTFNameBytes))
    metrics = array("q", (int(n) for pair in face.hmetrics for n in pair))
    return {"key": key, "names": names, "metrics": metrics.tobytes(),
            "attributes": {k: bytes(v) if k in names else v for k, v in attributes.items()}}


def _restore(key: str, state: Any) -> CachedFace | None:
    """The face from a stored state, or None when the state is not exactly what _state makes."""
    if not isinstance(state, dict) or state.get("key") != key:
        return None
    attributes, names, metrics = state.get("attributes"), state.get("names"), state.get("metrics")
    if not isinstance(attributes, dict) or not isinstance(names, list) or not isinstance(metrics, bytes):
        return None
    if not all(isinstance(attributes.get(k), kind) for k, kind in _REQUIRED.items()):
        return None
    flat = array("q")
    flat.frombytes(metrics)
    if len(flat) != 2 * attributes["numGlyphs"]:
        return None
    face = CachedFace.__new__(CachedFace)
    face.__dict__.update(attributes, hmetrics=_Metrics(flat), glyphToChar={})
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
