"""Faults that lost work or stopped the program (issue 15), one test per item, below the window.

Each test failed on the code before the fix; the GUI halves are in tests/gui.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest

from model import history, lock, recovery
from model.carry import carry_forward
from model.merge import merge_files
from model.processes import this_host
from model.storage import ProjectError, load_report, report_to_json, save_report, write_atomically

from conftest import DEMO_EXAMPLE, ROOT, dead_pid, write_recovery_and_crash

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX special files")


def _demo_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DEMO_EXAMPLE.read_text(encoding="utf-8"))
    return data


def _write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="ascii")
    return path


# 1 -------------------------------------------------------------------------------------------

def test_1_a_new_session_never_overwrites_or_deletes_a_crashed_sessions_copy(demo_file: Path) -> None:
    write_recovery_and_crash(demo_file, "崩溃前的单位")
    [crashed] = recovery.list_recoveries()
    before = crashed.path.read_bytes()
    report = load_report(demo_file)
    report.unit = "新会话的修改"
    for _ in range(3):  # the window's copy after each pause in typing, then the save removes it
        mine = recovery.write_recovery(report, demo_file)
    recovery.discard_own(demo_file)
    assert mine != crashed.path and not mine.exists()
    assert crashed.path.read_bytes() == before
    assert [r.unit for r in recovery.list_recoveries()] == ["崩溃前的单位"]


# 2 -------------------------------------------------------------------------------------------

def test_2_a_lone_surrogate_is_cleaned_on_load_so_every_save_works(tmp_path: Path) -> None:
    data = _demo_data()
    data["texts"]["overview"] = "残缺的表情\ud83d结束"
    data["unit"] = "某局\udfff"
    data["explanations"]["other_explained"] = "说明\ud800"
    path = _write_json(tmp_path / "坏字符.json", data)
    report = load_report(path)
    save_report(report, path)  # 保存
    save_report(report, tmp_path / "另存为.json")  # 另存为
    recovery.write_recovery(report, path)  # the recovery copy
    history.save_with_history(report, path)
    carried = carry_forward(report, None, copy_texts=True)
    save_report(carried, tmp_path / "下一年.json")
    merged = merge_files([path, tmp_path / "另存为.json"], "汇总单位")
    save_report(merged, tmp_path / "汇总.json")
    from model.storage import open_project
    from model.text import REPLACEMENT
    assert load_report(tmp_path / "汇总.json").merged_from[0].unit == f"某局{REPLACEMENT}"
    loaded = open_project(_write_json(tmp_path / "再次打开.json", data))
    assert loaded.report.texts["overview"] == f"残缺的表情{REPLACEMENT}结束"
    assert loaded.report.unit == f"某局{REPLACEMENT}"
    assert len(loaded.notes) == 3
    assert any("一、总体情况" in note for note in loaded.notes)
    assert any("单位名称" in note for note in loaded.notes)


# 3 -------------------------------------------------------------------------------------------

def _symlink(link: Path, target: Path) -> None:
    try:
        link.symlink_to(target, target_is_directory=target.is_dir())
    except (OSError, NotImplementedError):
        pytest.skip("this system (or user) cannot make symbolic links")


def test_3_saving_through_a_symlink_writes_the_real_file_and_shares_its_lock(demo_file: Path, tmp_path: Path) -> None:
    link = tmp_path / "链接.json"
    _symlink(link, demo_file)
    report = load_report(link)
    report.set_value("requests.new.person", 4242)
    history.save_with_history(report, link)
    assert link.is_symlink(), "the link was replaced by a plain file"
    assert load_report(demo_file).values["requests.new.person"] == 4242
    assert history.list_versions(demo_file) and history.list_versions(link) == history.list_versions(demo_file)
    assert recovery.recovery_path(link) == recovery.recovery_path(demo_file)
    with lock.acquire(link):
        with pytest.raises(lock.FileInUse):
            lock.acquire(demo_file)


def test_3_a_symlinked_folder_reaches_the_same_file(demo_file: Path, tmp_path: Path) -> None:
    linked_folder = tmp_path / "快捷方式"
    _symlink(linked_folder, demo_file.parent)
    other_way = linked_folder / demo_file.name
    assert lock.lock_path(other_way) == lock.lock_path(demo_file)
    with lock.acquire(demo_file):
        with pytest.raises(lock.FileInUse):
            lock.acquire(other_way)
    assert recovery.recovery_path(other_way) == recovery.recovery_path(demo_file)


# 4 -------------------------------------------------------------------------------------------

def test_4_a_newer_version_on_disk_is_noticed_even_with_the_same_time_and_size(demo_file: Path, tmp_path: Path) -> None:
    """cp -p, unzip and sync tools keep the modification time: the content decides."""
    from model.storage import changed_on_disk, open_project
    loaded = open_project(demo_file)
    assert not changed_on_disk(demo_file, loaded.state)
    newer = tmp_path / "newer.json"  # another clerk's edit of the same size
    newer.write_bytes(demo_file.read_bytes().replace("年".encode(), "月".encode(), 1))
    assert newer.stat().st_size == demo_file.stat().st_size
    os.utime(newer, ns=(demo_file.stat().st_atime_ns, demo_file.stat().st_mtime_ns))
    shutil.copy2(newer, demo_file)  # cp -p
    assert demo_file.stat().st_mtime_ns == loaded.state.mtime_ns
    assert changed_on_disk(demo_file, loaded.state)
    saved = save_report(loaded.report, demo_file)
    assert not changed_on_disk(demo_file, saved)
    os.utime(demo_file)  # touched, same content: no conflict
    assert not changed_on_disk(demo_file, saved)


def test_4_a_recovery_copy_records_the_file_it_was_based_on(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from model.storage import changed_on_disk, open_project
    loaded = open_project(demo_file)
    recovery.write_recovery(loaded.report, demo_file, loaded.state)
    monkeypatch.setattr(recovery, "process_alive", lambda pid, started=None: False)
    [found] = recovery.list_recoveries()
    assert found.base == loaded.state and not changed_on_disk(demo_file, found.base)
    report = load_report(demo_file)
    report.set_value("requests.new.person", 1)
    save_report(report, demo_file)  # someone saved the file after the crash
    assert changed_on_disk(demo_file, found.base)


# 6 -------------------------------------------------------------------------------------------

def _valid_envelope(path: Path) -> dict[str, Any]:
    envelope: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return envelope


DAMAGE = {
    "pid out of range": lambda e: e.update(pid=10**30),
    "pid negative": lambda e: e.update(pid=-4),
    "pid as text": lambda e: e.update(pid="1234"),
    "time without zone": lambda e: e.update(written="2026-01-05T09:30:00"),
    "year 9999": lambda e: e.update(written="9999-12-31T23:59:59+08:00"),
    "time as number": lambda e: e.update(written=1767580200),
    "started NaN": lambda e: e.update(started="NaN"),
    "report as list": lambda e: e.update(report=[1, 2]),
    "source as number": lambda e: e.update(source=5),
}


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_6_a_damaged_recovery_copy_is_kept_aside_and_logged_and_never_stops_a_start(
        damage: str, caplog: pytest.LogCaptureFixture) -> None:
    write_recovery_and_crash(None, "某单位")
    [path] = recovery.recovery_dir().glob("*.recovery.json")
    envelope = _valid_envelope(path)
    DAMAGE[damage](envelope)
    raw = json.dumps(envelope).replace('"NaN"', "NaN")
    path.write_text(raw, encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        assert recovery.list_recoveries() == []
    kept = recovery.recovery_dir() / recovery.DAMAGED / path.name
    assert kept.read_text(encoding="utf-8") == raw, "the damaged copy must be kept, unchanged"
    assert str(kept) in caplog.text


def test_6_an_unusable_optional_field_of_a_recovery_copy_is_left_out(caplog: pytest.LogCaptureFixture) -> None:
    write_recovery_and_crash(None, "某单位")
    [path] = recovery.recovery_dir().glob("*.recovery.json")
    envelope = _valid_envelope(path)
    envelope.update(started=1e300, base={"size": -1, "sha256": "not a digest"})
    path.write_text(json.dumps(envelope), encoding="utf-8")
    [found] = recovery.list_recoveries()
    assert (found.started, found.base, found.unit) == (None, None, "某单位")
    assert "field 'started' ignored" in caplog.text


def test_6_a_deeply_nested_recovery_copy_is_kept_aside() -> None:
    write_recovery_and_crash(None, "某单位")
    [path] = recovery.recovery_dir().glob("*.recovery.json")
    path.write_text('{"kind": "nianbao-recovery", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    assert recovery.list_recoveries() == []
    assert (recovery.recovery_dir() / recovery.DAMAGED / path.name).exists()


LOCK_DAMAGE = {
    "pid out of range": ({"pid": 10**30}, None),
    "pid as float": ({"pid": 12.0}, None),
    "no host": ({"host": None}, None),
    "time without zone": ({"since": "2026-01-05T09:30:00"}, "since"),
    "year 9999": ({"since": "9999-12-31T23:59:59+08:00"}, "since"),
    "started NaN": ({"started": "NaN"}, None),  # not JSON at all
    "started huge": ({"started": 1e300}, "started"),
    "user as list": ({"user": ["a"]}, "user"),
    "host with escapes": ({"host": "PC\x1b[31m"}, None),
}


@pytest.mark.parametrize("damage", list(LOCK_DAMAGE), ids=list(LOCK_DAMAGE))
def test_6_a_damaged_lock_is_read_field_by_field(demo_file: Path, damage: str,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    fields = {"pid": 4321, "host": "OTHER-PC", "user": "zhang", "since": "2026-01-05T09:30:00+08:00",
              "token": "ab12", "started": 1767580200.5}
    change, dropped = LOCK_DAMAGE[damage]
    fields.update(change)
    lock.lock_path(demo_file).write_text(json.dumps(fields).replace('"NaN"', "NaN"), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        info = lock.read_lock(demo_file)
    assert "lock file" in caplog.text
    if dropped is None:
        assert info is None  # unreadable: respected while fresh, then taken over
    else:
        assert info is not None and info.host == "OTHER-PC"
        assert getattr(info, dropped) in (None, "")
        assert "OTHER-PC" in info.describe()
    with pytest.raises(lock.FileInUse):  # fresh: respected, whatever it holds
        lock.acquire(demo_file)


# 7 -------------------------------------------------------------------------------------------

def _load_in_a_child(path: Path) -> subprocess.CompletedProcess[str]:
    """Load in a child with a memory ceiling and a time limit: the old code hung or ate memory."""
    code = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, 2 * 1024 ** 3))
        from model.storage import ProjectError, load_report
        try:
            load_report({str(path)!r})
        except ProjectError as exc:
            print(exc)
    """)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=60)


@POSIX
def test_7_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "管道.json"
    os.mkfifo(fifo)
    try:
        result = _load_in_a_child(fifo)
    except subprocess.TimeoutExpired:
        pytest.fail("opening a FIFO hangs")
    assert result.stdout.startswith("这不是普通文件"), result.stderr


@POSIX
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_7_a_device_is_refused_without_reading_it(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"{device} missing")
    result = _load_in_a_child(Path(device))
    assert result.stdout.startswith("这不是普通文件"), result.stderr


def test_7_the_size_limit_holds_while_reading(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that grows after its size was taken (or lies about it) is cut off at the limit."""
    from model import storage
    monkeypatch.setattr(storage, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(storage, "READ_CHUNK", 100)
    real_fstat = os.fstat
    monkeypatch.setattr(storage.os, "fstat", lambda fd: os.stat_result(
        real_fstat(fd)[:6] + (10,) + real_fstat(fd)[7:]))  # claims 10 bytes
    with pytest.raises(ProjectError, match="文件过大"):
        load_report(demo_file)


# 8 -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("number", ["1" * 5000, "-" + "9" * 4301, "1." + "0" * 5000, "1e" + "9" * 200],
                         ids=["5000 digits", "negative 4301 digits", "5000 decimals", "200-digit exponent"])
def test_8_absurd_numbers_are_refused_in_the_parser(tmp_path: Path, number: str) -> None:
    text = DEMO_EXAMPLE.read_text(encoding="utf-8").replace('"requests.new.person": ', f'"requests.new.person": {number}, "x": ', 1)
    path = tmp_path / "巨大的数.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProjectError, match="^文件内容已损坏：有一个 .* 位的数字"):
        load_report(path)


# 9 -------------------------------------------------------------------------------------------

def test_9_recent_files_keep_a_name_that_is_not_utf8(tmp_path: Path) -> None:
    from gui import recent
    raw_name = os.fsencode(str(tmp_path)) + b"/\xc4\xea\xb1\xa8.json"  # 年报 in GBK, from a Windows zip
    path = Path(os.fsdecode(raw_name))
    try:
        shutil.copy(DEMO_EXAMPLE, path)
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes only valid names")
    recent.remember(path)
    recent.remember(tmp_path / "其他.json")
    assert recent.recent_files()[1] == path
    assert os.fsencode(recent.recent_files()[1]) == raw_name
    assert recent.last_existing() == path
    report = load_report(path)
    history.save_with_history(report, path)
    report.set_value("requests.new.person", 5)
    history.save_with_history(report, path)
    recovery.write_recovery(report, path)
    assert len(history.list_versions(path)) == 1


# 10 ------------------------------------------------------------------------------------------

def test_10_a_name_too_long_for_a_lock_beside_it_gets_a_short_lock_name(tmp_path: Path) -> None:
    project = tmp_path / ("年" * 82 + ".json")  # 251 bytes: ".~<name>.lock" would be 259
    shutil.copy(DEMO_EXAMPLE, project)
    with lock.acquire(project) as held:
        assert held.owned and held.problem is None
        [lock_file] = [p for p in tmp_path.iterdir() if p.name.endswith(".lock")]
        assert len(lock_file.name) < 30
        with pytest.raises(lock.FileInUse):
            lock.acquire(project)


def test_10_when_no_lock_can_be_made_the_clerk_is_told(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def refuse_locks(name: str, *args: Any, **kwargs: Any) -> int:
        if str(name).endswith(".lock"):
            raise OSError(36, "File name too long")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(lock.os, "open", refuse_locks)
    held = lock.acquire(demo_file)
    assert not held.owned
    assert held.problem is not None and "无法为" in held.problem and "建立编辑锁" in held.problem
    assert "File name" not in held.problem


# 11 ------------------------------------------------------------------------------------------

RACER = textwrap.dedent("""
    import sys, time
    from model import lock, processes
    real_alive = processes.process_alive

    def slow_alive(pid, started=None):  # a liveness check that takes a while, as on Windows
        time.sleep(0.02)
        return real_alive(pid, started)

    lock.process_alive = slow_alive
    project = sys.argv[1]
    print("ready", flush=True)
    sys.stdin.readline()  # the start signal
    held = None
    try:
        held = lock.acquire(project)
        print("owner" if held.owned else "unlocked", flush=True)
    except lock.FileInUse:
        print("refused", flush=True)
    sys.stdin.readline()  # hold the lock until the round is counted
    if held is not None:
        held.release()
""")
RACERS = 30
ROUNDS = 3


def test_11_thirty_processes_taking_over_one_stale_lock_end_with_one_owner(demo_file: Path) -> None:
    owners_per_round = []
    for _ in range(ROUNDS):
        lock.lock_path(demo_file).write_text(json.dumps(
            {"pid": dead_pid(), "host": this_host(), "user": "崩溃者", "since": None}), encoding="utf-8")
        racers = [subprocess.Popen([sys.executable, "-c", RACER, str(demo_file)], cwd=ROOT, text=True,
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE) for _ in range(RACERS)]
        for racer in racers:
            assert racer.stdout is not None and racer.stdout.readline() == "ready\n"
        start = threading.Barrier(RACERS)

        def go(racer: subprocess.Popen[str]) -> None:
            start.wait()
            assert racer.stdin is not None
            racer.stdin.write("go\n")
            racer.stdin.flush()

        threads = [threading.Thread(target=go, args=(r,)) for r in racers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outcomes = [r.stdout.readline().strip() for r in racers]  # type: ignore[union-attr]
        for racer in racers:
            racer.communicate("done\n", timeout=60)
        owners_per_round.append(outcomes.count("owner"))
        assert set(outcomes) <= {"owner", "refused"}, outcomes
        assert not lock.lock_path(demo_file).exists()
    assert owners_per_round == [1] * ROUNDS


# smaller ---------------------------------------------------------------------------------------

def test_duplicate_keys_are_refused_anywhere_in_the_file(tmp_path: Path) -> None:
    text = DEMO_EXAMPLE.read_text(encoding="utf-8")
    for duplicated in (text.replace('"unit": ', '"unit": "另一个单位", "unit": ', 1),
                       text.replace('"requests.new.person": ', '"requests.new.person": 1, "requests.new.person": ', 1)):
        path = tmp_path / "重复.json"
        path.write_text(duplicated, encoding="utf-8")
        with pytest.raises(ProjectError, match="^文件内容已损坏：“.*”出现了两次"):
            load_report(path)


def test_numbers_arrive_exact_and_nan_is_refused(tmp_path: Path) -> None:
    from decimal import Decimal

    from model.storage import parse_json
    assert parse_json('{"a": 0.1, "b": 24252.311082}') == {"a": Decimal("0.1"), "b": Decimal("24252.311082")}
    for constant in ("NaN", "Infinity", "-Infinity"):
        with pytest.raises(ProjectError, match="不是有效的数字"):
            parse_json(f'{{"a": {constant}}}')


def test_a_unit_name_over_200_characters_is_refused(tmp_path: Path) -> None:
    data = _demo_data()
    data["unit"] = "很长的单位名称" * 10_000
    with pytest.raises(ProjectError, match=r"^单位名称过长（70000 个字符，最多 200 个）$"):
        load_report(_write_json(tmp_path / "长.json", data))
    data["unit"] = "单" * 200
    assert load_report(_write_json(tmp_path / "刚好.json", data)).unit == "单" * 200


def test_history_failures_are_not_silent_and_a_full_data_disk_is_told_once(
        demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    real_write = write_atomically

    def data_disk_full(path: Path, data: bytes) -> Any:
        if "history" in Path(path).parts:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(path, data)

    monkeypatch.setattr(history, "write_atomically", data_disk_full)
    report = load_report(demo_file)
    warnings = []
    for people in (1, 2, 3):
        report.set_value("requests.new.person", people)
        warnings.append(history.save_with_history(report, demo_file).warning)
    assert load_report(demo_file).values["requests.new.person"] == 3
    first, *later = warnings
    assert first is not None and first.startswith("程序数据文件夹所在的磁盘已满")
    assert all(w == "已保存，但未能保留上一版本（磁盘空间不足）。" for w in later)


def test_a_restored_report_equals_the_copy(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The piecewise encoding of copies (a big 汇总 without freezing the window) is exact."""
    merged = merge_files([demo_file, DEMO_EXAMPLE], "汇总单位")
    recovery.write_recovery(merged, None)
    monkeypatch.setattr(recovery, "process_alive", lambda pid, started=None: False)
    [found] = recovery.list_recoveries()
    assert report_to_json(recovery.restore(found)) == report_to_json(merged)


def test_no_false_claim_that_the_original_file_is_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    report = load_report(DEMO_EXAMPLE)
    folder = tmp_path / "年报.json"
    folder.mkdir()  # the file was replaced by a folder
    with pytest.raises(ProjectError) as refused:
        save_report(report, folder)
    assert "原文件未受影响" not in str(refused.value) and "文件夹" in str(refused.value)

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ProjectError) as refused:
        save_report(report, tmp_path / "新文件.json")  # no original at all
    assert str(refused.value).startswith("磁盘空间不足") and "原文件未受影响" not in str(refused.value)


@pytest.mark.parametrize("code", ["EIO", "ENOTDIR", "ELOOP", "EBUSY", "EXDEV", "ENOMEM", "EINVAL", "ENAMETOOLONG",
                                  "EDQUOT", "ETIMEDOUT", "EMLINK"])
def test_no_message_shows_the_systems_english(code: str, tmp_path: Path) -> None:
    import errno
    import re

    from model.storage import save_error_message
    number = getattr(errno, code, None)
    if number is None:
        pytest.skip(f"{code} is not known here")
    path = tmp_path / "年报.json"
    message = save_error_message(OSError(number, os.strerror(number)), path)
    assert not re.search(r"[A-Za-z]{3,}", message.replace(str(path), "").replace(str(path.parent), "")), message
