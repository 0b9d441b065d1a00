"""Saving under faults: a killed save, a full disk, a read-only folder, a file held open elsewhere.

Each time the old file must stay whole (byte for byte), the report in memory must not change,
and saving somewhere else must still work.
"""
from __future__ import annotations

import errno
import multiprocessing
import os
import random
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from model import storage
from model.report import Report
from model.storage import ProjectError, dumps, load_report, report_to_json, save_report

from conftest import DEMO_EXAMPLE

KILLS = 200
# Forking starts a saver in a millisecond; Windows has no fork and spawns (slower, same test).
_CONTEXT = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")


def _big_report(text: str, people: int) -> Report:
    """About 1.2 MB on disk, so a save takes a few milliseconds and kills land inside it."""
    report = Report.blank("2021", "压力测试局", 2025)
    report.texts["overview"] = text * 200_000
    report.set_value("requests.new.person", people)
    return report


def _versions() -> list[Report]:
    return [_big_report("年报", 1), _big_report("报告", 2)]


def _write_in_place(report: Report, target: Path) -> None:
    target.write_bytes(dumps(report).encode("utf-8"))


def _save_forever(path: str, naive: bool, started: "multiprocessing.synchronize.Event") -> None:
    """The saver process: save the two versions in turn until killed."""
    versions = _versions()
    save = _write_in_place if naive else save_report
    started.set()
    i = 0
    while True:
        save(versions[i % 2], Path(path))
        i += 1


def _kill_saver_at_random(path: Path, delay: float, naive: bool = False) -> None:
    """Start a process that saves forever, and kill it (SIGKILL, TerminateProcess) after `delay`."""
    started = _CONTEXT.Event()
    saver = _CONTEXT.Process(target=_save_forever, args=(str(path), naive, started))
    saver.start()
    started.wait()
    saver.join(delay)
    saver.kill()
    saver.join()


def _sweep_temporaries(folder: Path, keep: Path) -> int:
    """Remove what killed saves left behind; the count shows kills landed mid-write."""
    left = [p for p in folder.iterdir() if p != keep]
    for p in left:
        p.unlink()
    return len(left)


def test_a_save_killed_at_any_moment_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    path = tmp_path / "年报 2025.json"
    versions = _versions()
    expected = [dumps(v).encode("utf-8") for v in versions]
    save_report(versions[0], path)
    rng = random.Random(20261125)
    seen = [0, 0]
    interrupted = 0
    for _ in range(KILLS):
        _kill_saver_at_random(path, rng.uniform(0.0, 0.03))
        content = path.read_bytes()
        assert content in expected, "a killed save left a torn project file"
        seen[expected.index(content)] += 1
        assert load_report(path).values["requests.new.person"] == expected.index(content) + 1
        interrupted += _sweep_temporaries(tmp_path, path)
    print(f"{KILLS} kills: old/new {seen}, {interrupted} kills inside a save")
    assert seen[0] and seen[1], f"the saver never got to alternate versions: {seen}"
    assert interrupted, "no kill landed inside a save; the test proved nothing"


def test_the_kill_harness_does_catch_a_writer_that_is_not_atomic(tmp_path: Path) -> None:
    """Control: writing the file in place is torn by the same kills, so the test above can fail."""
    path = tmp_path / "naive.json"
    versions = _versions()
    expected = {dumps(v).encode("utf-8") for v in versions}
    save_report(versions[0], path)
    rng = random.Random(7)
    torn = 0
    for _ in range(40):
        _kill_saver_at_random(path, rng.uniform(0.0, 0.03), naive=True)
        torn += path.read_bytes() not in expected
    print(f"naive writer: {torn} of 40 kills left a torn file")
    assert torn > 0


# --- refusals from the disk -------------------------------------------------------------------


class _HalfWriter:
    """A temporary file on a full disk: half the data goes in, then ENOSPC."""

    def __init__(self, file) -> None:  # type: ignore[no-untyped-def]
        self._file = file

    def write(self, data: bytes) -> int:
        self._file.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._file, name)

    def __enter__(self) -> "_HalfWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()


def _full_disk(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Temporary files created in `folder` run out of space; other folders are fine."""
    real_create, real_fdopen = storage.create_temporary, os.fdopen
    full: set[int] = set()

    def create_temporary(where: str, prefix: str) -> tuple[int, str]:
        fd, name = real_create(where, prefix)
        if Path(where) == folder:
            full.add(fd)
        return fd, name

    def fdopen(fd, *args, **kwargs):  # type: ignore[no-untyped-def]
        file = real_fdopen(fd, *args, **kwargs)
        if fd in full:
            full.discard(fd)  # the number is reused once this file is closed
            return _HalfWriter(file)
        return file

    monkeypatch.setattr(storage, "create_temporary", create_temporary)
    monkeypatch.setattr(os, "fdopen", fdopen)


@contextmanager
def _read_only_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Iterator[None]:
    """A real read-only folder, or (as root, whom chmod does not stop) a simulated one."""
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    real_create = storage.create_temporary

    def create_temporary(where: str, prefix: str) -> tuple[int, str]:
        if Path(where) == folder:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return real_create(where, prefix)

    monkeypatch.setattr(storage, "create_temporary", create_temporary)
    yield


def _held_by_another_program(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    """Windows refuses to replace a file WPS or Excel holds open: sharing violation (32)."""
    real_replace = os.replace

    def replace(src, dst, **kwargs):  # type: ignore[no-untyped-def]
        if Path(dst) == target:
            exc = PermissionError(errno.EACCES, "The process cannot access the file")
            exc.winerror = 32  # type: ignore[attr-defined]
            raise exc
        return real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


@pytest.fixture
def edited(demo_file: Path) -> Report:
    report = load_report(demo_file)
    report.set_value("requests.new.person", 4321)
    report.texts["overview"] = "尚未保存的修改"
    return report


def _assert_refused_and_nothing_lost(report: Report, target: Path, elsewhere: Path, expected: str) -> None:
    before_disk = target.read_bytes()
    before_names = sorted(p.name for p in target.parent.iterdir())
    before_memory = report_to_json(report)
    with pytest.raises(ProjectError) as refused:
        save_report(report, target)
    message = str(refused.value)
    assert expected in message, message
    assert target.read_bytes() == before_disk
    assert sorted(p.name for p in target.parent.iterdir()) == before_names, "a temporary file was left"
    assert report_to_json(report) == before_memory
    save_report(report, elsewhere)
    assert report_to_json(load_report(elsewhere)) == before_memory


def test_full_disk(edited: Report, demo_file: Path, tmp_path: Path, monkeypatch) -> None:
    elsewhere = tmp_path / "其他磁盘" / "另存为.json"
    elsewhere.parent.mkdir()
    _full_disk(monkeypatch, demo_file.parent)
    _assert_refused_and_nothing_lost(edited, demo_file, elsewhere, "磁盘空间不足")


def test_read_only_folder(edited: Report, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "只读文件夹"
    folder.mkdir()
    target = folder / "年报.json"
    save_report(load_report(DEMO_EXAMPLE), target)
    elsewhere = tmp_path / "另存为.json"
    with _read_only_folder(monkeypatch, folder):
        _assert_refused_and_nothing_lost(edited, target, elsewhere, "没有权限写入")


def test_file_held_open_by_another_program(edited: Report, demo_file: Path, tmp_path: Path, monkeypatch) -> None:
    _held_by_another_program(monkeypatch, demo_file)
    _assert_refused_and_nothing_lost(edited, demo_file, tmp_path / "另存为.json", "正被其他程序占用")


def test_file_refused_by_the_system_names_the_folder(edited: Report, demo_file: Path, tmp_path: Path, monkeypatch) -> None:
    """Without a Windows error code, a refused rename reads as a permission problem."""
    real_replace = os.replace

    def replace(src, dst, **kwargs):  # type: ignore[no-untyped-def]
        if Path(dst) == demo_file:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    _assert_refused_and_nothing_lost(edited, demo_file, tmp_path / "另存为.json", str(demo_file.parent))
