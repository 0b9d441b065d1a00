"""One editor per file: a lock beside the project names its holder; a crashed holder's is stale."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from model import lock
from model.processes import process_alive, process_started, this_host

from conftest import dead_pid, holding_lock


@pytest.fixture
def holder(demo_file: Path):
    """Another process holding the lock on demo_file until the test ends."""
    with holding_lock(demo_file) as child:
        yield child


def test_lock_file_sits_beside_the_project_and_names_its_holder(demo_file: Path) -> None:
    held = lock.acquire(demo_file)
    path = lock.lock_path(demo_file)
    assert path == demo_file.parent / f".~{demo_file.name}.lock"
    info = lock.read_lock(demo_file)
    assert info is not None and held.owned
    assert (info.pid, info.host) == (os.getpid(), this_host())
    assert info.since is not None
    held.release()
    assert not path.exists() and lock.read_lock(demo_file) is None


def test_a_file_held_by_another_process_is_refused_with_who_and_since(demo_file: Path, holder) -> None:
    with pytest.raises(lock.FileInUse) as refused:
        lock.acquire(demo_file)
    assert refused.value.holder.pid == holder.pid
    message = str(refused.value)
    assert f"进程 {holder.pid}" in message and this_host() in message and "只读" in message


def test_the_lock_is_free_again_after_the_holder_closes(demo_file: Path, holder) -> None:
    holder.communicate("")
    assert holder.returncode == 0
    assert not lock.lock_path(demo_file).exists()
    lock.acquire(demo_file).release()


def test_a_killed_holder_leaves_a_stale_lock_that_is_taken_over(demo_file: Path, holder) -> None:
    holder.kill()
    holder.wait()
    stale = lock.read_lock(demo_file)
    assert stale is not None and stale.pid == holder.pid and stale.is_stale()
    held = lock.acquire(demo_file)
    info = lock.read_lock(demo_file)
    assert info is not None and info.pid == os.getpid()
    held.release()


def _write_lock(project: Path, pid: int, host: str) -> None:
    lock.lock_path(project).write_text(json.dumps(
        {"pid": pid, "host": host, "user": "zhang", "since": "2026-01-05T09:30:00+08:00"}),
        encoding="utf-8")


def test_a_lock_from_a_dead_pid_on_this_host_is_stale(demo_file: Path) -> None:
    _write_lock(demo_file, dead_pid(), this_host())
    with lock.acquire(demo_file) as held:
        assert held.owned and lock.read_lock(demo_file).pid == os.getpid()  # type: ignore[union-attr]
    assert not lock.lock_path(demo_file).exists()


def test_a_lock_from_another_host_is_respected(demo_file: Path) -> None:
    _write_lock(demo_file, dead_pid(), "OTHER-PC")
    with pytest.raises(lock.FileInUse, match="用户 zhang 在计算机 OTHER-PC 上.*自 2026-01-05 09:30 起"):
        lock.acquire(demo_file)


def test_the_same_process_cannot_take_the_lock_twice(demo_file: Path) -> None:
    with lock.acquire(demo_file):
        with pytest.raises(lock.FileInUse):
            lock.acquire(demo_file)


def test_release_leaves_a_lock_that_someone_else_took_over(demo_file: Path) -> None:
    held = lock.acquire(demo_file)
    _write_lock(demo_file, os.getppid(), this_host())
    held.release()
    assert lock.read_lock(demo_file).pid == os.getppid()  # type: ignore[union-attr]


def test_an_unreadable_lock_is_respected_while_fresh_and_stale_when_old(demo_file: Path) -> None:
    path = lock.lock_path(demo_file)
    path.write_bytes(b"")
    with pytest.raises(lock.FileInUse, match="另一个年报助手窗口"):
        lock.acquire(demo_file)
    old = time.time() - 60
    os.utime(path, (old, old))
    lock.acquire(demo_file).release()


def test_a_folder_that_takes_no_lock_opens_unlocked(demo_file: Path, monkeypatch) -> None:
    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(lock.os, "open", refuse)
    held = lock.acquire(demo_file)
    assert not held.owned
    held.release()


def test_a_lock_whose_pid_was_reused_by_another_process_is_stale(demo_file: Path) -> None:
    lock.lock_path(demo_file).write_text(json.dumps(
        {"pid": os.getppid(), "host": this_host(), "user": "zhang", "since": None, "started": 1.0}),
        encoding="utf-8")
    assert process_alive(os.getppid())
    with lock.acquire(demo_file) as held:
        assert held.owned


def test_the_lock_records_the_holders_start_time(demo_file: Path) -> None:
    with lock.acquire(demo_file):
        info = lock.read_lock(demo_file)
        assert info is not None and info.started == process_started(os.getpid())
        assert not info.is_stale()


# --- a lock from another computer (a shared network folder) ---------------------------------------

def test_a_lock_from_another_computer_can_be_taken_over_once_confirmed(demo_file: Path) -> None:
    _write_lock(demo_file, 4321, "财务科-PC")
    with pytest.raises(lock.FileInUse) as refused:
        lock.acquire(demo_file)
    problem = refused.value
    assert problem.can_take_over
    assert "计算机 财务科-PC" in str(problem) and "2026-01-05 09:30" in str(problem) and "接管" in str(problem)
    with lock.acquire(demo_file, take_over=problem.holder) as held:
        assert held.owned
        assert lock.read_lock(demo_file).host == this_host()  # type: ignore[union-attr]


def test_a_confirmation_does_not_take_over_a_lock_that_changed_meanwhile(demo_file: Path) -> None:
    _write_lock(demo_file, 4321, "财务科-PC")
    with pytest.raises(lock.FileInUse) as refused:
        lock.acquire(demo_file)
    _write_lock(demo_file, 999, "办公室-PC")  # someone else opened it while the clerk read the question
    with pytest.raises(lock.FileInUse, match="办公室-PC"):
        lock.acquire(demo_file, take_over=refused.value.holder)


def test_a_lock_on_this_computer_offers_no_take_over(demo_file: Path, holder) -> None:
    with pytest.raises(lock.FileInUse) as refused:
        lock.acquire(demo_file)
    assert not refused.value.can_take_over and "接管" not in str(refused.value)


def test_a_take_over_guard_left_by_a_crash_does_not_block_for_ever(demo_file: Path) -> None:
    _write_lock(demo_file, dead_pid(), this_host())
    guard = lock._guard_path(demo_file)
    guard.write_text("", encoding="utf-8")
    old = time.time() - 3600
    os.utime(guard, (old, old))
    with lock.acquire(demo_file) as held:
        assert held.owned
    assert not guard.exists()
