"""The walk over a repository that the audit reads evidence from: which files, their sizes.

It skips what no grader opens (``.git``, virtual environments, ``node_modules``, caches,
experiment outputs) and marks files inside top-level data folders, whose content is never read.
Each file's size and modification time are kept: together they tell whether the evidence
changed (see :meth:`Walk.listing`). Only :mod:`os` is imported, so that ``check`` can tell an
unchanged repository cheaply (see :mod:`report_nb.audit.remembered`).
"""

from __future__ import annotations

import os

#: Folders never walked: version control, environments, caches and run outputs.
SKIP_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", "node_modules", ".venv", "venv", "env", ".env", "virtualenv",
        "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox", ".nox",
        ".ipynb_checkpoints", "site-packages", "wandb", "mlruns", "multirun", "outputs",
        "lightning_logs", ".idea", ".vscode", ".cache", ".dvc_cache",
    }
)  # fmt: skip
#: Folders never walked, by their path: DVC's cache of the data itself.
SKIP_PATHS = frozenset({".dvc/cache", ".dvc/tmp"})
#: Top-level folders walked for their paths (``.dvc`` files) whose content is never read.
DATA_DIRS = frozenset({"data", "datasets", "dataset", "raw", "processed", "interim"})
#: A walk stops recording paths after this many, so a huge folder cannot stall a batch.
MAX_PATHS = 50_000


class Walk:
    """The files under ``root``: POSIX paths relative to it, with sizes and modification times."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.sizes: dict[str, int] = {}
        self.in_data: set[str] = set()
        #: ``(path, size, mtime in ns)`` of every file, in walk order.
        self.stamps: list[tuple[str, int, int]] = []
        stack: list[tuple[str, str, bool]] = [(root, "", False)]
        while stack and len(self.sizes) < MAX_PATHS:
            self._folder(*stack.pop(), stack)

    def _folder(self, folder: str, prefix: str, data: bool, stack: list) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        if prefix and any(e.name == "pyvenv.cfg" for e in entries):
            return  # a virtual environment under another name
        for entry in entries:
            rel = prefix + entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIP_DIRS and rel not in SKIP_PATHS:
                        # only the top-level data/ holds data: src/data/ holds code
                        inner = data or (not prefix and entry.name.lower() in DATA_DIRS)
                        stack.append((entry.path, rel + "/", inner))
                elif entry.is_file(follow_symlinks=False):
                    stat = entry.stat(follow_symlinks=False)
                    self.sizes[rel] = stat.st_size
                    self.stamps.append((rel, stat.st_size, stat.st_mtime_ns))
                    if data:
                        self.in_data.add(rel)
            except OSError:
                continue

    def listing(self, leave_out: frozenset[str] = frozenset()) -> str:
        """Every file but those in ``leave_out``, with its size and mtime, one per line, sorted.

        Equal listings mean the same files, none of them changed: what a kept audit, or a kept
        count, depends on. Paths are written as ``repr`` does, so any name encodes as UTF-8.
        """
        return "\n".join(
            f"{path!r} {size} {mtime}"
            for path, size, mtime in sorted(self.stamps)
            if path not in leave_out
        )
