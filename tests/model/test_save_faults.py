"""Saving under faults: a killed save, a full disk, a read-only folder, a file held open elsewhere.

Each time the old file must stay whole (byte for byte), the report in memory must not change,
and saving somewhere else must still work.
"""
from __future__ import annotations

import errno
import multiprocessing
import os
import random
import stat
import sys
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


# --- Windows: files held for a moment, read-only files, permissions, hidden temporaries ----------

def _held(winerror: int | None, times: int, monkeypatch: pytest.MonkeyPatch, target: Path) -> list[float]:
    """os.replace onto `target` refused `times` times, as Windows refuses it (`winerror`) or as
    POSIX does (None); the waits between tries, recorded."""
    real_replace = os.replace
    refusals = [times]
    waits: list[float] = []

    def replace(src, dst, **kwargs):  # type: ignore[no-untyped-def]
        if Path(dst) == target and refusals[0]:
            refusals[0] -= 1
            exc = PermissionError(errno.EACCES, "Access is denied")
            if winerror is not None:
                exc.winerror = winerror  # type: ignore[attr-defined]
            raise exc
        return real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(storage.time, "sleep", waits.append)
    return waits


@pytest.mark.parametrize("winerror", [5, 32])
def test_a_file_held_for_a_moment_is_saved_after_a_retry(edited: Report, demo_file: Path,
                                                        monkeypatch: pytest.MonkeyPatch, winerror: int) -> None:
    """Antivirus, indexer and backup programs open a file just written for a moment."""
    waits = _held(winerror, 2, monkeypatch, demo_file)
    save_report(edited, demo_file)
    assert len(waits) == 2 and sum(waits) < 2
    assert load_report(demo_file).values["requests.new.person"] == 4321
    assert [p.name for p in demo_file.parent.iterdir()] == [demo_file.name]


def test_a_file_held_for_long_is_refused_after_the_retries(edited: Report, demo_file: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    waits = _held(32, 100, monkeypatch, demo_file)
    _assert_refused_and_nothing_lost(edited, demo_file, tmp_path / "另存为.json", "正被其他程序占用")
    assert len(waits) == len(storage.REPLACE_RETRY_SECONDS)


def test_an_export_open_in_excel_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from export.common import ExportError, write_export
    workbook = tmp_path / "年报.xlsx"
    workbook.write_bytes(b"old workbook")
    _held(32, 100, monkeypatch, workbook)
    with pytest.raises(ExportError) as refused:
        write_export(workbook, b"new workbook")
    assert "Excel 或 WPS 表格" in str(refused.value) and "关闭" in str(refused.value)
    assert workbook.read_bytes() == b"old workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["年报.xlsx"]


def test_a_refusal_on_posix_is_not_retried(edited: Report, demo_file: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a Windows code a refused rename is the folder's permissions: waiting cannot help."""
    waits = _held(None, 100, monkeypatch, demo_file)
    _assert_refused_and_nothing_lost(edited, demo_file, tmp_path / "另存为.json", "没有权限写入文件夹")
    assert waits == []


def test_saving_over_a_read_only_file_is_refused_clearly(edited: Report, demo_file: Path, tmp_path: Path) -> None:
    demo_file.chmod(0o444)  # the read-only attribute on Windows
    try:
        _assert_refused_and_nothing_lost(edited, demo_file, tmp_path / "另存为.json", "是只读的")
    finally:
        demo_file.chmod(0o644)


@pytest.mark.skipif(not hasattr(os, "umask"), reason="permissions")
@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no permission bits to give")
@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_files_get_the_users_umask_permissions(tmp_path: Path, umask: int, mode: int) -> None:
    from export.common import write_export
    old = os.umask(umask)
    try:
        save_report(load_report(DEMO_EXAMPLE), tmp_path / "新.json")
        write_export(tmp_path / "新.xlsx", b"workbook")
    finally:
        os.umask(old)
    assert (tmp_path / "新.json").stat().st_mode & 0o777 == mode
    assert (tmp_path / "新.xlsx").stat().st_mode & 0o777 == mode


def test_the_temporary_file_is_hidden_until_it_replaces_the_target(edited: Report, demo_file: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows a dot name does not hide a killed save's leftover: the hidden attribute does;
    taken away before the rename, since the renamed file keeps its attributes."""
    from model import windows
    events: list[tuple[str, str, bool | None]] = []
    monkeypatch.setattr(windows, "set_hidden", lambda path, hidden: events.append(("hide", Path(path).name, hidden)))
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda src, dst: (events.append(("replace", Path(src).name, None)),
                                                          real_replace(src, dst))[1])
    save_report(edited, demo_file)
    [(_, temporary, _), *_] = events
    assert events == [("hide", temporary, True), ("hide", temporary, False), ("replace", temporary, None)]


@pytest.mark.skipif(not hasattr(os, "O_DIRECTORY"), reason="directories are synced on POSIX only")
def test_the_folder_is_synced_after_the_rename(edited: Report, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without it a power cut after the save can bring the old file back (the rename lost)."""
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", lambda src, dst: (events.append("replace"), real_replace(src, dst))[1])
    save_report(edited, demo_file)
    assert events == ["fsync file", "replace", "fsync folder"]
