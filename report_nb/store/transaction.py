"""Writing a set of files, removals and ``state.json`` as one transaction that survives a kill.

:func:`commit` first writes a journal, ``.report-nb/journal.json`` (fsync'd), naming every target
with the SHA-256 of its old and new content, its staged file ``.<name>.<txid>.tmp`` and its
backup ``.<name>.<txid>.bak`` (a hard link to the old file). Then it stages every new file beside
its target (fsync'd), links the backups, renames each staged file into place and unlinks the
removed files (``state.json`` is an entry like any other, renamed last), and only then deletes
the backups and the journal. An exception on the way (Ctrl-C included) puts every old file back.

A process killed at any point leaves the journal behind. :func:`recover`, which every command that
writes into the folder runs first under the folder's lock (:func:`locked`), finishes the job:
forward if every new file is at hand (staged or already in place), else back to the old files,
and in both cases deletes the staged files and backups. Without a journal it still deletes files
named like ours that a killed write left behind. Afterwards every target holds one complete
version, and ``state.json`` records exactly that version.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from report_nb.errors import ReportNbError
from report_nb.io import sha256, umask
from report_nb.store.layout import STATE_DIR, Layout
from report_nb.store.lock import FolderBusyError, folder_lock

log = logging.getLogger("report_nb")

#: Names of staged files and backups: ``.README.md.0123456789ab.tmp`` (also ``io``'s).
STRAY = re.compile(r"^\..+\.[0-9a-f]{12}\.(?:tmp|bak)$")

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Entry:
    """One target of a transaction: SHA-256 of its old and new content (None: no file)."""

    target: Path
    old: str | None
    new: str | None  # None: the target is removed
    data: bytes | None = None  # the new content, while committing
    tmp: Path | None = None
    bak: Path | None = None


def journal_path(folder: str | Path) -> Path:
    """Where the journal of an unfinished transaction in ``folder`` lives."""
    return Layout(Path(folder)).journal


def commit(
    folder: str | Path,
    writes: Mapping[Path, bytes],
    removals: Iterable[Path] = (),
    *,
    rewrite: bool = False,
) -> None:
    """Write ``writes`` and remove ``removals`` all at once, or not at all; see the module doc.

    Files whose content is already ``writes``' are left alone, unless ``rewrite`` (a notebook
    pair, whose text file must never be older than its ``.ipynb``). Staged in ``writes``' order.
    The caller holds the folder's lock and has run :func:`recover`.
    """
    folder = Path(folder)
    entries = _plan(writes, removals, rewrite)
    if not entries:
        return
    journal = journal_path(folder)
    if journal.exists():
        raise ReportNbError("an unfinished write is pending; run the command again", path=journal)
    txid = secrets.token_hex(6)
    for entry in entries:
        entry.tmp = _beside(entry.target, txid, "tmp") if entry.new is not None else None
        entry.bak = _beside(entry.target, txid, "bak") if entry.old is not None else None
    current = journal
    try:
        _write_journal(journal, folder, txid, entries)
        for entry in entries:
            current = entry.target
            _stage(entry)
        for entry in entries:
            current = entry.target
            if entry.tmp is not None:
                os.replace(entry.tmp, entry.target)
            else:
                entry.target.unlink()
        _sync_folders(entries)
    except BaseException as error:
        _roll_back(entries)
        _finish(journal, entries)
        if isinstance(error, OSError):  # a full disk, a read-only folder, a folder in the way
            reason = error.strerror or str(error)
            raise ReportNbError(
                f"cannot write: {reason}; nothing was written", path=current
            ) from None
        raise
    _finish(journal, entries)


def recover(folder: str | Path) -> str | None:
    """Finish or undo an interrupted :func:`commit` in ``folder``; delete our stray files.

    Returns what was done ("forward" or "back"), or None when nothing was pending.
    """
    folder = Path(folder)
    journal = journal_path(folder)
    outcome = None
    if journal.exists():
        entries = _read_journal(journal, folder)
        if entries is None:  # cut short while written: nothing was staged or moved yet
            journal.unlink()
        elif all(_new_at_hand(entry) for entry in entries):
            _roll_forward(entries)
            outcome = "forward"
        else:
            _roll_back(entries)
            outcome = "back"
        if entries is not None:
            _finish(journal, entries)
    _sweep(folder)
    return outcome


def recover_if_pending(folder: str | Path) -> None:
    """:func:`recover` for read-only commands (``check``), if a journal is there.

    Skipped when another process holds the folder; costs one ``stat`` when nothing is pending.
    """
    folder = Path(folder)
    if not journal_path(folder).exists():
        return
    with contextlib.suppress(FolderBusyError), folder_lock(folder):
        _recover_noting(folder)


def locked(folder_of: Callable[..., Path]) -> Callable[[F], F]:
    """Decorate a command: hold the lock of ``folder_of(*args)`` and :func:`recover` first."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            folder = folder_of(*args, **kwargs)
            if not folder.is_dir():  # the command reports the missing file itself
                return function(*args, **kwargs)
            with folder_lock(folder):
                _recover_noting(folder)
                return function(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def beside(path: str | Path, *_: Any, **__: Any) -> Path:
    """``folder_of`` for commands whose first argument is a file in the report folder."""
    return Path(path).parent


def _recover_noting(folder: Path) -> None:
    outcome = recover(folder)
    if outcome is not None:
        how = "finished" if outcome == "forward" else "undid"
        log.warning("%s a write to %s that was interrupted", how, folder)


def _plan(writes: Mapping[Path, bytes], removals: Iterable[Path], rewrite: bool) -> list[Entry]:
    entries = []
    for target, data in writes.items():
        if target.is_dir():
            raise ReportNbError("is a folder, not a file; nothing was written", path=target)
        old, new = _digest(target), sha256(data)
        if old != new or rewrite:
            entries.append(Entry(target, old, new, data))
    for target in removals:
        old = _digest(target)
        if old is not None:
            entries.append(Entry(target, old, None))
    # state.json last: a reader without the journal sees the record change after the files
    entries.sort(key=lambda e: e.target.parent.name == STATE_DIR and e.target.name == "state.json")
    return entries


def _beside(target: Path, txid: str, kind: str) -> Path:
    return target.with_name(f".{target.name}.{txid}.{kind}")


def _write_journal(journal: Path, folder: Path, txid: str, entries: list[Entry]) -> None:
    def rel(path: Path | None) -> str | None:
        return None if path is None else os.path.relpath(path.absolute(), folder.absolute())

    record = {
        "txid": txid,
        "entries": [
            {
                "target": rel(e.target),
                "tmp": rel(e.tmp),
                "bak": rel(e.bak),
                "old": e.old,
                "new": e.new,
            }
            for e in entries
        ],
    }
    journal.parent.mkdir(parents=True, exist_ok=True)
    _write_synced(journal, (json.dumps(record, indent=1) + "\n").encode("utf-8"), exclusive=True)
    _sync_folder(journal.parent)


def _read_journal(journal: Path, folder: Path) -> list[Entry] | None:
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
        return [
            Entry(
                folder / item["target"],
                item["old"],
                item["new"],
                tmp=folder / item["tmp"] if item["tmp"] else None,
                bak=folder / item["bak"] if item["bak"] else None,
            )
            for item in record["entries"]
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _new_at_hand(entry: Entry) -> bool:
    if entry.new is None:
        return True
    if entry.tmp is not None and _digest(entry.tmp) == entry.new:
        return True
    return _digest(entry.target) == entry.new


def _roll_forward(entries: list[Entry]) -> None:
    for entry in entries:
        if entry.new is None:
            if _digest(entry.target) == entry.old:
                entry.target.unlink()
        elif entry.tmp is not None and _digest(entry.target) != entry.new and entry.tmp.exists():
            os.replace(entry.tmp, entry.target)
    _sync_folders(entries)


def _roll_back(entries: list[Entry]) -> None:
    """Put the old files back: from the backups, or by deleting files that were not there."""
    for entry in reversed(entries):
        current = _digest(entry.target)
        if current == entry.old:
            continue
        if entry.bak is not None and entry.bak.exists():
            os.replace(entry.bak, entry.target)
        elif entry.old is None and current == entry.new:
            entry.target.unlink()
    _sync_folders(entries)


def _finish(journal: Path, entries: list[Entry]) -> None:
    """Delete what is left of the staged files and backups, then the journal."""
    for entry in entries:
        for path in (entry.tmp, entry.bak):
            if path is not None and path.exists():
                path.unlink()
    if journal.exists():
        journal.unlink()
        _sync_folder(journal.parent)


def _sweep(folder: Path) -> None:
    """Delete staged files and backups a killed write left in the folders report-nb writes."""
    for place in (folder, folder / "figures", folder / STATE_DIR):
        with contextlib.suppress(OSError):
            for name in os.listdir(place):
                if STRAY.match(name):
                    (place / name).unlink(missing_ok=True)


def _stage(entry: Entry) -> None:
    """The new file beside its target (with the target's mode), and a backup of the old one."""
    if entry.bak is not None:
        try:
            os.link(entry.target, entry.bak)
        except OSError:  # a file system without hard links
            shutil.copy2(entry.target, entry.bak)
    if entry.tmp is not None and entry.data is not None:
        entry.target.parent.mkdir(parents=True, exist_ok=True)
        _write_synced(entry.tmp, entry.data, exclusive=True)
        mode = entry.target.stat().st_mode & 0o777 if entry.old is not None else 0o666 & ~umask()
        os.chmod(entry.tmp, mode)


def _write_synced(path: Path, data: bytes, *, exclusive: bool) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_folders(entries: list[Entry]) -> None:
    for place in {entry.target.parent for entry in entries}:
        _sync_folder(place)


def _sync_folder(place: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(place, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _digest(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
