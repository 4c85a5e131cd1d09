"""The folder lock: per call, never per process; the pid in the message; nothing left behind."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from report_nb.errors import ReportNbError
from report_nb.store.lock import FolderBusyError, folder_lock, lock_path


def test_the_lock_file_names_its_holder_and_goes_with_it(tmp_path: Path) -> None:
    with folder_lock(tmp_path):
        assert lock_path(tmp_path).read_text() == f"{os.getpid()}\n"
    assert not lock_path(tmp_path).exists()
    assert not (tmp_path / ".report-nb").exists()  # the lock created the folder: gone too


def test_a_folder_that_was_there_stays(tmp_path: Path) -> None:
    (tmp_path / ".report-nb").mkdir()
    (tmp_path / ".report-nb" / "state.json").write_text("{}", encoding="utf-8")
    with folder_lock(tmp_path):
        pass
    assert (tmp_path / ".report-nb" / "state.json").exists()


def test_the_same_process_cannot_take_it_twice(tmp_path: Path) -> None:
    # not re-entrant: a nested take is a second command, as from another thread of a server
    with folder_lock(tmp_path), pytest.raises(FolderBusyError) as caught, folder_lock(tmp_path):
        pass
    assert f"(pid {os.getpid()})" in str(caught.value)
    assert str(tmp_path) in str(caught.value)


def test_another_process_is_refused_at_once_naming_the_holder(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from report_nb.store.lock import folder_lock\n"
            f"with folder_lock({str(tmp_path)!r}):\n"
            "    print('held', flush=True)\n"
            "    time.sleep(30)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    with holder:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        start = time.monotonic()
        with (
            pytest.raises(FolderBusyError, match=rf"another build is running \(pid {holder.pid}\)"),
            folder_lock(tmp_path),
        ):
            pass
        assert time.monotonic() - start < 2  # refused at once, never waiting
        holder.kill()
    with folder_lock(tmp_path):  # a killed holder's lock is free: the kernel dropped its flock
        pass


def test_a_lock_file_that_cannot_be_made_is_one_error(tmp_path: Path) -> None:
    (tmp_path / ".report-nb").write_text("a file where the folder should be", encoding="utf-8")
    lock = folder_lock(tmp_path)
    with pytest.raises(ReportNbError, match="cannot create the lock") as caught, lock:
        pass
    assert caught.value.exit_code == 2
