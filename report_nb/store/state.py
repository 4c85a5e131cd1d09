"""The record of what report-nb wrote, kept in ``.report-nb/state.json`` beside the notebook.

report-nb may replace a file only if it wrote that exact content itself (or read it at import).
The record holds a SHA-256 per file, keyed by the path relative to the notebook's folder, so that a
README edited by hand, or a figure a student put in ``figures/``, is never overwritten or removed.
``state.json`` is small and meant to be committed; the rest of ``.report-nb/`` (build copies,
cache) is ignored by the ``.gitignore`` written there.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from report_nb.io import atomic_write, sha256
from report_nb.store.layout import GITIGNORE, Layout


class State:
    """Hashes of the files report-nb wrote or imported, plus build facts (cache key, stale data)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.layout = Layout(self.folder)
        self.path = self.layout.state
        self.data: dict[str, Any] = {"files": {}}
        if self.path.exists():
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                loaded = None  # a broken record only means report-nb knows fewer files
            if isinstance(loaded, dict) and isinstance(loaded.get("files"), dict):
                self.data = loaded

    @property
    def files(self) -> dict[str, str]:
        """Relative path -> SHA-256 of the content report-nb wrote there."""
        return self.data["files"]

    def key(self, path: str | Path) -> str:
        """How ``path`` is named in the record: relative to the notebook's folder, with ``/``."""
        return Path(os.path.relpath(Path(path).resolve(), self.folder.resolve())).as_posix()

    def owns(self, path: str | Path) -> bool:
        """True if ``path`` is missing or holds exactly what report-nb last wrote or imported."""
        path = Path(path)
        if not path.exists():
            return True
        return self.files.get(self.key(path)) == sha256(path.read_bytes())

    def record(self, path: str | Path, data: bytes) -> None:
        """Remember that ``path`` now holds ``data``, written or read by report-nb."""
        self.files[self.key(path)] = sha256(data)

    def forget(self, path: str | Path) -> None:
        """Drop ``path`` from the record (after report-nb removed it)."""
        self.files.pop(self.key(path), None)

    def stale(self, path: str | Path) -> dict[int, list[str]]:
        """Questions whose data came from offline snapshots in the build that wrote ``path``.

        Empty unless ``path`` still holds exactly what that build wrote.
        """
        if not Path(path).exists() or self.key(path) not in self.files or not self.owns(path):
            return {}
        return {int(q): list(s) for q, s in self.data.get("stale", {}).items()}

    def encoded(self) -> dict[Path, bytes]:
        """The files :meth:`save` writes: the record, and the folder's ``.gitignore`` if missing."""
        ignore = self.layout.gitignore
        files = {} if ignore.exists() else {ignore: GITIGNORE.encode("utf-8")}
        files[self.path] = (json.dumps(self.data, indent=1, sort_keys=True) + "\n").encode("utf-8")
        return files

    def save(self) -> None:
        """Write the record (and the folder's ``.gitignore``) atomically."""
        for path, data in self.encoded().items():
            atomic_write(path, data)
