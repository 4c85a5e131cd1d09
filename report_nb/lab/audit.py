"""``POST /report-nb/audit``: the checklist's evidence for the lab, one repository walk kept.

The README a notebook exports to is audited against the repository around it
(:func:`report_nb.commands.auditing.locate`: the git top level, else the README's grandparent).
:class:`AuditCache` belongs to one server (made by :func:`report_nb.lab.handlers.setup_handlers`)
and keeps, per repository root, the last walk with its fingerprint: while no file but the
report's own changes, a save re-reads only the README and the files' texts stay read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from report_nb.audit.repo import RepoIndex
from report_nb.io import read_text
from report_nb.lab.protocol import AuditAnswer, AuditItem

#: The item fields the lab shows (``audit --format json`` also sends the rule's id).
FIELDS = ("line", "text", "tick", "ticked", "evidence", "paths", "reason", "rule", "verdict")


class AuditCache:
    """The last walk of each repository root with its fingerprint, and how often one was reused."""

    def __init__(self) -> None:
        self._walks: dict[Path, tuple[str, RepoIndex]] = {}
        self._answers: dict[Path, tuple[str, RepoIndex, AuditAnswer]] = {}
        self._lock = threading.Lock()
        self.reused = 0

    def answer(
        self, readme: Path, index: RepoIndex, make: Callable[[], AuditAnswer]
    ) -> AuditAnswer:
        """The answer for ``readme`` against ``index``: the last one while both are the same."""
        text = read_text(readme)  # a README missing or unreadable: a one-line 400
        with self._lock:
            kept = self._answers.get(readme)
            if kept is not None and kept[0] == text and kept[1] is index:
                return kept[2]
        made = make()
        with self._lock:
            self._answers[readme] = (text, index, made)
        return made

    def index(self, root: Path, own: Path) -> RepoIndex:
        """A walk of ``root``: the kept one while its fingerprint is unchanged.

        The fingerprint leaves out the report's own files (``own``'s pair, README, store).
        """
        fresh = RepoIndex(root)
        key = fresh.digest(own_files(fresh, root, own))
        with self._lock:
            kept = self._walks.get(root)
            if kept is not None and kept[0] == key:
                self.reused += 1
                return kept[1]
            self._walks[root] = (key, fresh)
            return fresh


def own_files(index: RepoIndex, root: Path, notebook: Path) -> frozenset[str]:
    """The report's files in the walk: the notebook, its pair, the README, the .report-nb store."""
    try:
        folder = notebook.parent.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return frozenset()
    prefix = "" if folder == "." else folder + "/"
    own = set()
    for rel in index.sizes:
        if not rel.startswith(prefix):
            continue
        name = rel[len(prefix) :]
        if name.startswith(".report-nb/") or ("/" not in name and _own_name(name, notebook)):
            own.add(rel)
    return frozenset(own)


def _own_name(name: str, notebook: Path) -> bool:
    return name.split(".")[0] == notebook.stem or name.lower() in ("readme.md", "report.html")


def audit_notebook(notebook: Path, cache: AuditCache, server_root: Path) -> AuditAnswer:
    """The evidence of each checklist item of ``notebook``'s README (its saved state)."""
    from report_nb.commands.auditing import audit_summary, locate
    from report_nb.notebook.metadata import readme_path
    from report_nb.notebook.pairing import read_notebook

    nb, nb_path = read_notebook(notebook)
    readme, root = locate(readme_path(nb, nb_path), None, notebook.parent)
    root = root.resolve()
    if root != server_root and server_root not in root.parents:
        # JupyterLab started inside the repository (in reports/, say): the endpoints read nothing
        # outside the server's root, so the Lab shows no evidence; `report-nb audit` does
        return {"items": [], "repo": None}
    index = cache.index(root, notebook)

    def make() -> AuditAnswer:
        summary = audit_summary(readme, index)
        items: list[AuditItem] = [
            {k: v for k, v in item.items() if k in FIELDS}  # type: ignore[misc]
            for _, item in sorted(summary.items())
        ]
        return {"items": items, "repo": root.relative_to(server_root).as_posix()}

    return cache.answer(Path(readme).resolve(), index, make)
