"""A repository as the probes see it: its paths, and small text files read once.

:class:`RepoIndex` takes one :class:`~report_nb.audit.walk.Walk` of the tree (which skips what
no grader opens and marks the data folders, whose content is never read). Text is read lazily,
only for files a probe asks about, only when small, and each file at most once per index. Paths
are POSIX, relative to the root. Globs are matched with :func:`glob_regex` (``**`` for any
folders, case-insensitive, as file names vary in case).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from report_nb.audit.walk import Walk

#: Files larger than this are not read: evidence is in small text files.
MAX_TEXT_BYTES = 256 * 1024
#: Notebooks carry their outputs: their code is read up to this size.
MAX_NOTEBOOK_BYTES = 16 * 1024 * 1024


class RepoIndex:
    """The paths of a repository (with sizes) and a cache of the text files read so far."""

    def __init__(self, root: str | Path, walk: Walk | None = None) -> None:
        self.root = Path(root)
        walk = walk if walk is not None else Walk(str(self.root))
        self.sizes: dict[str, int] = dict(walk.sizes)
        self.in_data: set[str] = walk.in_data
        self.has_git = (self.root / ".git").exists()
        self._texts: dict[str, str | None] = {}
        self._notebooks: dict[str, str | None] = {}  # a notebook's code, apart from its text
        self._lowered: dict[str, str] = {}
        self._globs: dict[str, list[str]] = {}
        self._walk = walk
        if self.has_git:
            self.sizes[".git"] = 0  # the folder itself, for "create a git repository"

    @property
    def fingerprint(self) -> str:
        """A digest of every walked path with its size and mtime: equal means same evidence.

        A caller that keeps results (the JupyterLab extension, refreshing on save) walks again,
        which is cheap, and reuses its audit while the fingerprint is unchanged.
        """
        return self.digest()

    def digest(self, ignore: frozenset[str] = frozenset()) -> str:
        """:attr:`fingerprint` without the paths in ``ignore``.

        The report's own files change on every save and are no evidence.
        """
        import hashlib  # here: a check that only counts never digests

        return hashlib.sha256(self._walk.listing(ignore).encode("utf-8")).hexdigest()

    def glob(
        self, patterns: list[str] | tuple[str, ...], exclude: tuple[str, ...] = ()
    ) -> list[str]:
        """Paths matching any of ``patterns`` and none of ``exclude``, sorted."""
        found: set[str] = set()
        for pattern in patterns:
            found.update(self._matching(pattern))
        for pattern in exclude:
            if found:
                found.difference_update(self._matching(pattern))
        return sorted(found)

    def _matching(self, pattern: str) -> list[str]:
        """Paths matching one glob, computed once per index (rules share their globs)."""
        if pattern not in self._globs:
            self._globs[pattern] = [p for p in self.sizes if _matcher(pattern)(p)]
        return self._globs[pattern]

    def text(self, path: str) -> str | None:
        """The text of a small file (read once), or None: too large, binary, in a data folder."""
        if path in self._texts:
            return self._texts[path]
        text = None
        size = self.sizes.get(path)
        if (
            size is not None
            and size <= MAX_TEXT_BYTES
            and (path not in self.in_data or path.endswith(".dvc"))
        ):
            try:
                raw = (self.root / path).read_bytes()
                text = None if b"\0" in raw[:4096] else raw.decode("utf-8", errors="replace")
            except OSError:
                text = None
        self._texts[path] = text
        return text

    def code(self, path: str) -> str | None:
        """Python code of a file: a script's text, or a notebook's code cells one after another."""
        if not path.endswith(".ipynb"):
            return self.text(path)
        if path not in self._notebooks:
            size = self.sizes.get(path)
            ok = size is not None and size <= MAX_NOTEBOOK_BYTES and path not in self.in_data
            self._notebooks[path] = notebook_code(self.root / path) if ok else None
        return self._notebooks[path]

    def lowered(self, path: str) -> str:
        """The lowercase :meth:`code` of a file ("" if unreadable), for cheap literal searches."""
        if path not in self._lowered:
            self._lowered[path] = (self.code(path) or "").lower()
        return self._lowered[path]


@lru_cache(maxsize=1024)  # rules use a few hundred distinct globs, met for every repository
def _matcher(pattern: str) -> Callable[[str], bool]:
    """A test for one glob; the common shapes skip compiling a regex (``check`` pays for it)."""
    lowered = pattern.lower()
    tail = lowered[4:]
    if lowered.startswith("**/*") and not any(c in tail for c in "*?/[") and tail:
        return lambda path: path.lower().endswith(tail)  # **/*.py
    if not any(c in lowered for c in "*?["):
        return lambda path: path.lower() == lowered  # .pre-commit-config.yaml
    regex = re.compile(glob_regex(pattern), re.IGNORECASE)
    return lambda path: regex.match(path) is not None


def notebook_code(path: Path) -> str | None:
    """The code cells of a ``.ipynb`` (None: not a readable notebook). Outputs are not read."""
    try:
        cells = json.loads(path.read_bytes()).get("cells", [])
        sources = [c.get("source", "") for c in cells if c.get("cell_type") == "code"]
    except (OSError, ValueError, AttributeError):
        return None
    return "\n".join(s if isinstance(s, str) else "".join(map(str, s)) for s in sources)


def glob_regex(pattern: str) -> str:
    """A glob as a regex over relative POSIX paths: ``**/`` any folders, ``*`` within a name."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out) + r"\Z"
