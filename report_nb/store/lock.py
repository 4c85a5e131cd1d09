"""The lock on a report folder: one report-nb command at a time writes there.

Every command that writes into a folder (build, export, import, html) holds
``<folder>/.report-nb/lock`` from before it reads ``state.json`` until its outputs are committed.
The lock is an ``fcntl.flock`` on that file, which holds the holder's pid for the message.
A second command does not wait: it fails at once with "another build is running (pid N)" (exit 2),
so that nothing hangs behind a build that runs a kernel for minutes, or one stopped with Ctrl-Z.
The kernel drops a flock when its process dies, so a lock left by a killed build is taken over
without any clean-up. The lock is taken per call, never counted per process: two threads of one
Jupyter server are refused like two processes. Released, it leaves no file behind (nor
``.report-nb/`` if taking it created that folder).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from report_nb.errors import ReportNbError
from report_nb.store.layout import Layout


class FolderBusyError(ReportNbError):
    """Another report-nb command (a process, or a thread of this one) writes into the folder."""


def lock_path(folder: str | Path) -> Path:
    """Where the lock of ``folder`` lives."""
    return Layout(Path(folder)).lock


@contextlib.contextmanager
def folder_lock(folder: str | Path) -> Iterator[None]:
    """Hold the lock of ``folder`` for the ``with`` block, or raise :class:`FolderBusyError`.

    Each call opens the lock file anew, and ``flock`` locks belong to that open file: a second
    call, from another process or from another thread of this one (a Jupyter server runs
    requests side by side), is refused while the first holds it. Nothing is counted per process.
    """
    fd, created = _acquire(Path(folder))
    try:
        yield
    finally:
        _release(Path(folder), fd, created)


def _acquire(folder: Path) -> tuple[int, bool]:
    path = lock_path(folder)
    for _ in range(100):  # another process may remove the file between our open and flock
        created = not path.parent.exists()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except FileNotFoundError:
            continue
        except OSError as error:
            raise ReportNbError(f"cannot create the lock: {error.strerror}", path=path) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _read_pid(fd)
            os.close(fd)
            who = f" (pid {pid})" if pid else ""
            raise FolderBusyError(
                f"another build is running{who} in this folder; nothing was written",
                path=folder,
                hint="wait for it to finish and run the command again",
            ) from None
        except BaseException:
            os.close(fd)
            raise
        if _same_file(fd, path):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            return fd, created
        os.close(fd)  # we locked a file its last holder removed: lock the new one
    raise ReportNbError("cannot take the lock", path=path)


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), path.stat())
    except FileNotFoundError:
        return False


def _release(folder: Path, fd: int, created: bool) -> None:
    # Leave nothing behind: the lock file goes (a process that opened it meanwhile notices, see
    # _acquire), and so does .report-nb/ if this lock created it and nothing else is in it.
    path = lock_path(folder)
    with contextlib.suppress(OSError):
        path.unlink()
    os.close(fd)
    if created:
        with contextlib.suppress(OSError):
            path.parent.rmdir()


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
