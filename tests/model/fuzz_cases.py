"""Hypothesis strategies for hostile input, shared by tests/test_fuzz.py and benchmarks/fuzz.py.

Project files are drawn two ways: the bundled examples with a few mutations (so most cases get
deep into validation), and arbitrary JSON or bytes (so the outer checks are hit too). Mutations
include what another program or an attacker writes: lone surrogates in any text, integers of
thousands of digits, duplicate keys, NaN. Special files (FIFO, device, folder, link loop) are
drawn too: each must be refused at once, never read.
"""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import strategies as st
from pypdf import PdfReader

from export.common import clean_text
from export.fonts import is_modifier
from model.formats import load_format
from model.numbers import NOT_APPLICABLE, NumberError, check_stored, parse_value, to_json
from model.report import Report
from model.rules import check
from model.storage import ProjectError, dumps, load_report, loads, report_to_json

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
EXAMPLE_DATA = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.json"))]
CJK = re.compile(r"[\u4e00-\u9fff]")

# Half an emoji, or a \udXXX escape another program wrote: loads, must be cleaned to save.
lone_surrogates = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, categories=["Cs"])
texts_with_surrogates = st.lists(st.one_of(st.characters(), lone_surrogates), max_size=20).map("".join)

_scalars = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 1, 2000, 2100, 2101, 10_000_000, 10_000_001]),
    st.floats(allow_nan=False),
    st.text(max_size=30), texts_with_surrogates,
    st.sampled_from(["/", "—", "1.50", "1.505", "-1.00", "NaN", "Infinity", "1e5", "2021", "2019",
                     "nianbao", "", "１２", "0.00"]),
)
json_values = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=12)


def _containers(node: Any, trail: tuple = ()) -> list[tuple]:
    """Paths of every dict and list inside `node` (the root included)."""
    found = [trail] if isinstance(node, (dict, list)) else []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        found += _containers(child, trail + (key,))
    return found


def _at(node: Any, trail: tuple) -> Any:
    for key in trail:
        node = node[key]
    return node


def _mutate_once(data: Any, draw: Any) -> Any:
    """One of: replace a value, delete a key or item, add a key, rename a key, retype a value."""
    containers = _containers(data)
    if not containers:
        return draw(json_values)
    parent = _at(data, draw(st.sampled_from(containers)))
    keys = list(parent) if isinstance(parent, dict) else list(range(len(parent)))
    action = draw(st.sampled_from(["replace", "delete", "add", "rename", "retype"]))
    if action == "add" or not keys:
        new_key = draw(st.one_of(st.text(max_size=40), st.sampled_from(_known_keys())))
        if isinstance(parent, dict):
            parent[new_key] = draw(json_values)
        else:
            parent.append(draw(json_values))
        return data
    key = draw(st.sampled_from(keys))
    if action == "delete":
        del parent[key]
    elif action == "rename" and isinstance(parent, dict):
        value = parent.pop(key)
        parent[_tweak(str(key), draw)] = value
    elif action == "retype":
        value = parent[key]
        parent[key] = str(value) if not isinstance(value, str) else draw(
            st.one_of(st.integers(), st.just([value]), st.just({"v": value})))
    else:
        parent[key] = draw(json_values)
    return data


def _known_keys() -> list[str]:
    keys: set[str] = set()
    for data in EXAMPLE_DATA:
        keys |= set(data) | set(data.get("values", {})) | set(data.get("texts", {}))
    return sorted(keys)


def _tweak(text: str, draw: Any) -> str:
    """A near-miss of a key: one character changed, dropped or case-flipped."""
    if not text:
        return draw(st.text(min_size=1, max_size=5))
    i = draw(st.integers(min_value=0, max_value=len(text) - 1))
    how = draw(st.sampled_from(["change", "drop", "upper"]))
    if how == "drop":
        return text[:i] + text[i + 1:]
    if how == "upper":
        return text.upper()
    return text[:i] + draw(st.characters()) + text[i + 1:]


_plausible_values = {
    "count": st.one_of(st.integers(min_value=0, max_value=10_000_000), st.just("/")),
    "signed": st.one_of(st.integers(min_value=-10_000_000, max_value=10_000_000), st.just("/")),
    "amount": st.one_of(st.decimals(min_value=0, max_value=99_999_999, places=2).map(str), st.just("/")),
}
_odd_values = st.one_of(st.integers(min_value=-20, max_value=10_000_001),
                        st.decimals(min_value=-1, max_value=10**8, places=3).map(str))


_any_text = st.one_of(st.text(), texts_with_surrogates)


def _plausible_edit(data: dict[str, Any], draw: Any) -> None:
    """An edit a clerk or another program could make: odd figures and texts in the right places."""
    fmt = load_format(data["format"])
    where = draw(st.sampled_from(["values", "previous", "texts", "unit", "explanations", "auto_totals"]))
    if where in ("values", "previous"):
        key = draw(st.sampled_from(fmt.cell_keys()))
        odd = draw(st.integers(min_value=0, max_value=9)) == 0
        data.setdefault(where, {})[key] = draw(_odd_values if odd else _plausible_values[fmt.cell_kinds()[key]])
    elif where == "texts":
        data["texts"][draw(st.sampled_from([s.id for s in fmt.text_sections()]))] = draw(_any_text)
    elif where == "explanations":
        data.setdefault("explanations", {})[draw(st.sampled_from([r.rule for r in fmt.relations]))] = draw(_any_text)
    elif where == "unit":
        data["unit"] = draw(_any_text)
    else:
        data["auto_totals"] = draw(st.booleans())


@st.composite
def mutated_project_bytes(draw: Any) -> bytes:
    """An example project with plausible edits, or 1–3 structural mutations, maybe byte damage."""
    data = json.loads(json.dumps(draw(st.sampled_from(EXAMPLE_DATA))))
    if draw(st.sampled_from(["plausible", "plausible", "structural"])) == "plausible":
        for _ in range(draw(st.integers(min_value=1, max_value=6))):
            _plausible_edit(data, draw)
    else:
        for _ in range(draw(st.integers(min_value=1, max_value=3))):
            data = _mutate_once(data, draw)
    ascii_only = draw(st.booleans())  # raw surrogates in UTF-8 are not UTF-8: refused as such
    raw = json.dumps(data, ensure_ascii=ascii_only, indent=draw(st.sampled_from([None, 2]))
                     ).encode("utf-8", "surrogatepass")
    damage = draw(st.sampled_from(["none"] * 6 + ["truncate", "flip", "insert", "bom", "huge number",
                                                  "duplicate key", "nan"]))
    if damage == "truncate":
        raw = raw[: draw(st.integers(min_value=0, max_value=len(raw)))]
    elif damage == "flip":
        i = draw(st.integers(min_value=0, max_value=len(raw) - 1))
        raw = raw[:i] + bytes([raw[i] ^ draw(st.integers(min_value=1, max_value=255))]) + raw[i + 1:]
    elif damage == "insert":
        i = draw(st.integers(min_value=0, max_value=len(raw)))
        raw = raw[:i] + draw(st.binary(min_size=1, max_size=8)) + raw[i:]
    elif damage == "bom":
        raw = b"\xef\xbb\xbf" + raw
    elif damage in ("huge number", "nan"):
        raw = _replace_a_number(raw, draw, draw(huge_numbers) if damage == "huge number" else b"NaN")
    elif damage == "duplicate key":
        raw = _duplicate_a_key(raw, draw)
    return raw


# Python refuses to turn more than 4,300 digits into an int (and the JSON parser with it).
huge_numbers = st.one_of(
    st.integers(min_value=4_301, max_value=6_000).map(lambda n: b"9" * n),
    st.integers(min_value=101, max_value=5_000).map(lambda n: b"-1" + b"0" * n),
    st.integers(min_value=101, max_value=5_000).map(lambda n: b"1." + b"5" * n),
    st.sampled_from([b"1e999999999", b"-0", b"1E-999999999"]),
)
_NUMBER_VALUE = re.compile(rb'(?<=": )-?[0-9][0-9.eE+-]*')
_KEY = re.compile(rb'"(?:[^"\\]|\\.){1,40}": ')


def _replace_a_number(raw: bytes, draw: Any, number: bytes) -> bytes:
    found = list(_NUMBER_VALUE.finditer(raw))
    if not found:
        return raw
    match = draw(st.sampled_from(found))
    return raw[:match.start()] + number + raw[match.end():]


def _duplicate_a_key(raw: bytes, draw: Any) -> bytes:
    """The same key twice in one object: another reader might take the other value."""
    found = list(_KEY.finditer(raw))
    if not found:
        return raw
    match = draw(st.sampled_from(found))
    value = json.dumps(draw(json_values)).encode("utf-8")
    return raw[:match.start()] + match.group() + value + b", " + raw[match.start():]


random_project_bytes = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda v: json.dumps(v).encode("utf-8")),
    st.dictionaries(st.sampled_from(_known_keys()), json_values, max_size=8).map(
        lambda d: json.dumps(dict(d, app="nianbao", schema=1)).encode("utf-8")),
)

project_bytes = st.one_of(mutated_project_bytes(), random_project_bytes)

_number_alphabet = st.sampled_from(list("0123456789０１２３４５６７８９,，.。-−－–+ 　减增万元件个项次/—不适用eE\t\n"))
number_texts = st.one_of(
    st.text(max_size=20),
    st.text(alphabet=_number_alphabet, max_size=16),
    st.from_regex(r"\A[+\-−]?[0-9０-９]{1,12}([.,][0-9]{0,4})?(万元|件)?\Z"),
)
cell_kinds = st.sampled_from(["count", "signed", "amount"])

HOSTILE_TEXTS = {
    "formula": '=HYPERLINK("http://x","y")',
    "plus": "+1+1", "minus": "-2+3", "at": "@SUM(A1:A2)",
    "markup": "<b>加粗</b> <para>段落</para> <font name=x>",
    "entities": "&amp; &lt; & < > \" '",
    "control": "控制字符\x00\x01\x07\x0b\x0c\x1b\x7f结束",
    "emoji": "表情 😀👍🏽 👨‍👩‍👧 🇨🇳",
    "symbols": "符号 ❤️ ✅ ① ㊣ ★ ☎ ♻ ✔︎ <✅&>",
    "long": "长" * 100_000,
}


def load_untouched(raw: bytes, path: Path) -> str:
    """Write `raw` to `path` and open it as the window would; the outcome, "loaded" or "refused".

    Asserts the promises: only ProjectError with a Chinese message escapes, the file and its
    folder are unchanged, and a report that loads can be checked and saved back losslessly.
    """
    path.write_bytes(raw)
    before = sorted(path.parent.iterdir())
    try:
        report = load_report(path)
    except ProjectError as exc:
        assert CJK.search(str(exc)), f"refusal without a Chinese message: {exc!r}"
        outcome = "refused"
    else:
        check(report)
        # Every text is savable as loaded (dumps() would clean once more; this does not).
        json.dumps(report_to_json(report), ensure_ascii=False).encode("utf-8")
        assert report_to_json(loads(dumps(report))) == report_to_json(report)
        outcome = "loaded"
    assert path.read_bytes() == raw, "loading changed the file"
    assert sorted(path.parent.iterdir()) == before, "loading left files behind"
    return outcome


_SURROGATE = re.compile("[\ud800-\udfff]")


def hostile_draws(raw: bytes) -> list[str]:
    """Which of the hostile draws `raw` carries (for counting in the benchmark)."""
    found = []
    if re.search(rb"[0-9]{101,}", raw):
        found.append("huge number")
    if b"NaN" in raw:
        found.append("NaN")
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in items]
        duplicates.extend(k for k in set(keys) if keys.count(k) > 1)
        return dict(items)

    strings: list[str] = []
    try:
        data = json.loads(raw.decode("utf-8-sig", "surrogatepass"), object_pairs_hook=pairs,
                          parse_int=str, parse_float=str, parse_constant=str)
    except (ValueError, RecursionError):
        data = None
    _collect_strings(data, strings)
    if duplicates:
        found.append("duplicate key")
    if any(_SURROGATE.search(text) for text in strings) or re.search(rb"\xed[\xa0-\xbf]", raw):
        found.append("lone surrogate")
    return found


def _collect_strings(node: Any, into: list[str]) -> None:
    if isinstance(node, str):
        into.append(node)
    elif isinstance(node, dict):
        for key, value in node.items():
            into.append(key)
            _collect_strings(value, into)
    elif isinstance(node, list):
        for item in node:
            _collect_strings(item, into)


SPECIAL_FILES = ["fifo", "device", "directory", "symlink loop", "dangling symlink"]


def special_file(kind: str, folder: Path) -> Path | None:
    """A path of `kind` in `folder` (made afresh), or None where this system has none."""
    path = folder / f"特殊 {kind}.json"
    if os.path.lexists(path):
        if path.is_dir() and not path.is_symlink():
            path.rmdir()
        else:
            path.unlink()
    try:
        if kind == "fifo":
            os.mkfifo(path)  # type: ignore[attr-defined,unused-ignore]
        elif kind == "device":
            return Path("NUL" if sys.platform == "win32" else "/dev/zero")
        elif kind == "directory":
            path.mkdir()
        elif kind == "symlink loop":
            path.symlink_to(path)
        else:
            path.symlink_to(folder / "不存在.json")
    except (AttributeError, OSError, NotImplementedError):
        return None
    return path


def special_file_refused(kind: str, folder: Path) -> str:
    """Opening a special file is refused in Chinese, at once (a FIFO must not hang, a device
    must not be read), and nothing is created beside it."""
    path = special_file(kind, folder)
    if path is None:
        return "not on this system"
    before = sorted(folder.iterdir())
    try:
        load_report(path)
    except ProjectError as exc:
        assert CJK.search(str(exc)), f"refusal without a Chinese message: {exc!r}"
    else:
        raise AssertionError(f"a {kind} loaded as a report")
    assert sorted(folder.iterdir()) == before, "loading left files behind"
    return "refused"


def parse_or_refuse(text: str, kind: str) -> str:
    """Parse one cell entry; the outcome. What the parser accepts, a project file must accept."""
    try:
        value = parse_value(text, kind)
    except NumberError as exc:
        assert CJK.search(str(exc)), f"refusal without a Chinese message: {exc!r}"
        return "refused"
    if value is None:
        return "blank"
    assert check_stored(to_json(value), kind) == value, f"{text!r} parsed to {value!r}, which files refuse"
    return "not applicable" if value == NOT_APPLICABLE else "number"


# --- exports of hostile text ------------------------------------------------------------------

EXCEL_CELL_LIMIT = 32_767
_PAGE_NUMBER = re.compile(r"^\s*— \d+ —\s*$", re.MULTILINE)
# Characters some installed font has (emoji and symbols from the fallback font, fonts-symbola).
pdf_safe_texts = st.text(alphabet=st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
    st.sampled_from(list("，。、；：？！“”‘’（）《》【】—…％\n\t\x00\x07")),
    st.sampled_from(list("😀❤✅👨👩👧👍🏽①㊣★\ufe0f\u200d"))), max_size=300)


def _report_with(text: str) -> Report:
    report = Report.blank("2021", "某某区文化和旅游局", 2025)
    report.texts["overview"] = text
    return report


def _expected_lines(text: str) -> list[str]:
    """The lines a reader must find: as printed (control characters dropped), blank lines skipped."""
    return [line.strip() for line in clean_text(text).split("\n") if line.strip()]


def xlsx_keeps_text(text: str, path: Path) -> str:
    """Export to Excel and read back: a valid workbook, no formula anywhere, every line literal."""
    from export.xlsx import write_xlsx

    write_xlsx(_report_with(text), path)
    workbook = openpyxl.load_workbook(path)
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "user text became a formula"
    assert max(len(str(c.value)) for c in cells) <= EXCEL_CELL_LIMIT, "Excel refuses such a cell"
    written = "".join(str(c.value) for c in cells)  # a long paragraph continues in the next rows
    for line in _expected_lines(text):
        assert line in written, f"text not written literally: {line[:60]!r}"
    return "exported"


def _without_modifiers(text: str) -> str:
    """`text` without white space and the modifiers a PDF may leave out."""
    return "".join(ch for ch in "".join(text.split()) if not is_modifier(ch))


def pdf_keeps_text(text: str, path: Path) -> str:
    """Export to PDF and read back: the text literal (emoji and symbols from a fallback font;
    joiners, variation selectors and skin tones may be left out), or a Chinese refusal naming
    characters of the text that no installed font has (rather than boxes), leaving no file."""
    from export.common import ExportError
    from export.pdf import write_pdf

    path.unlink(missing_ok=True)
    try:
        write_pdf(_report_with(text), path)
    except ExportError as exc:
        assert CJK.search(str(exc)), f"refusal without a Chinese message: {exc!r}"
        named = re.findall(r"“(.)”", str(exc))
        assert named and all(ch in text for ch in named), f"refusal names no character of the text: {exc}"
        assert not path.exists(), "a refused export left a file"
        return "refused (font)"
    # pypdf, not pdftotext: pdftotext joins a line ending in "-" to the next as a hyphenation
    shown = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    flat = _without_modifiers(_PAGE_NUMBER.sub("", shown))
    expected = _without_modifiers("".join(_expected_lines(text)))
    assert expected in flat, f"text not printed literally: {expected[:60]!r}"
    return "exported"
