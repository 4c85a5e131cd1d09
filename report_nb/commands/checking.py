"""``report-nb check``: the official checker's reading of a README, or of a notebook's README.

:func:`check` reads a README (or a notebook pair: the README it exports now, from its cells and
stored outputs, glued values filled in) and counts words and images per answer as the course's
``report.py check`` does, with report-nb's hand-in warnings on top. It writes nothing in the
project, except that it first finishes a write a killed command left in the folder, so that it
never reads half of one version and half of another. Given a cache folder (the command line's
is the user's), it keeps the count of its checklist line there between runs
(:mod:`report_nb.audit.remembered`).

Paths are strings here, not pathlib (whose imports cost a README's check more than the check
itself): a file's ``name`` is ``str(Path(path))`` (:func:`~report_nb.io.path_text`), and its
folder ``os.path.dirname(name)``, "" for the current one.
"""

from __future__ import annotations

import os

from report_nb.core.check import check_text
from report_nb.core.results import CheckResult, Finding
from report_nb.errors import ReportNbError, naming
from report_nb.io import path_suffix, path_text, read_text
from report_nb.store.layout import JOURNAL, STATE, inside

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms at start-up)
if TYPE_CHECKING:
    from pathlib import Path

    from report_nb.audit.checklist import Item
    from report_nb.audit.walk import Walk

#: How a jupytext text notebook (``report.md``) starts: its YAML header.
_JUPYTEXT_HEADER = "---\njupytext:"


class Folders:
    """What checking learns about each folder once, for one call that checks many files.

    A batch of 1000 READMEs in one folder stats its ``.report-nb`` journal and state, and looks
    for a ``.git`` above it, once instead of 1000 times (a ``stat`` costs microseconds, as much
    as counting an answer). Make one for each call; it keeps nothing between calls.
    """

    def __init__(self, cache: str | None = None) -> None:
        self._known: dict[str, _Folder] = {}
        #: Where the checklist line is remembered between runs (None: it is counted every time;
        #: see :mod:`report_nb.audit.remembered`).
        self.cache = cache

    def of(self, name: str) -> _Folder:
        """The folder of the file ``name`` (a :func:`~report_nb.io.path_text`), on first use."""
        key = os.path.dirname(name)
        folder = self._known.get(key)
        if folder is None:
            folder = self._known[key] = _Folder(key)
        return folder

    def pending(self, path: str | Path) -> bool:
        """Whether a killed command left a write to finish beside ``path``."""
        return self.of(path_text(path)).pending


class _Folder:
    """One folder's journal, ``.git`` and state, each looked up when first asked."""

    def __init__(self, folder: str) -> None:
        self.folder = folder  # "" for the current folder
        self.pending = os.path.exists(inside(folder, JOURNAL))
        self._root: str | None = None
        self._root_known = False
        self._state: bool | None = None

    def recover(self) -> None:
        """Finish the killed write here (unless another process holds the folder)."""
        from report_nb.store.transaction import recover_if_pending

        recover_if_pending(self.folder or ".")
        self.pending = os.path.exists(inside(self.folder, JOURNAL))  # another process holds it

    @property
    def git_root(self) -> str | None:
        """The folder, or the one above it, that holds a ``.git`` (None if neither does)."""
        if not self._root_known:
            folder = os.path.abspath(self.folder or ".")  # no syscalls, unlike resolve()
            found = (
                f
                for f in (folder, os.path.dirname(folder))
                if os.path.exists(os.path.join(f, ".git"))
            )
            self._root, self._root_known = next(found, None), True
        return self._root

    @property
    def has_state(self) -> bool:
        """Whether a build recorded what it wrote here (asked after any recovery)."""
        if self._state is None:
            self._state = os.path.exists(inside(self.folder, STATE))
        return self._state


def check(path: str | Path, profile: str = "auto", folders: Folders | None = None) -> CheckResult:
    """Check the README or notebook at ``path`` with the limits of ``profile`` (or detected).

    ``folders`` carries what an earlier call with it learned about the folders it checked (pass
    one :class:`Folders` to all the calls of a batch). Raises
    :class:`~report_nb.errors.ReportFormatError` (a file that is not the course's template,
    or that cannot be read) and :class:`~report_nb.errors.NotebookError` (a notebook that cannot
    be read as a report).
    """
    name = path_text(path)
    folders = folders or Folders()
    folder = folders.of(name)
    if folder.pending:  # a command killed while writing: read one version
        folder.recover()
    notebook = path_suffix(name) == ".ipynb"
    text = read_text(name) if not notebook else ""
    if notebook or text.lstrip("\ufeff").startswith(_JUPYTEXT_HEADER):
        result = _check_notebook(name, profile)
    else:
        result = check_text(text, name, profile)
        _add_checklist_warning(result, folder.git_root, name, text, folders.cache)
    if folder.has_state:
        _add_stale_warnings(result, name, folder.folder)
    return result


def _add_checklist_warning(
    result: CheckResult, root: str | None, name: str, text: str, cache: str | None
) -> None:
    """One line when the README sits in a git repository ``root``: ticked items without evidence.

    Only a README beside a ``.git`` or one folder below it (``reports/README.md``) is audited, so
    that checking a file elsewhere costs two ``stat`` calls and nothing more. With a ``cache``
    folder, a repository unchanged since the last count is not probed again.
    """
    if root is None:
        return
    from report_nb.audit import remembered
    from report_nb.audit.checklist import read_items
    from report_nb.audit.walk import Walk

    try:
        items = read_items(text, name)
        if not any(item.ticked for item in items):
            return  # nothing ticked: no rules to load, no repository to walk
        walk = Walk(root)
        readme = os.path.relpath(os.path.abspath(name), root).replace(os.sep, "/")  # as walked
        key = remembered.key(walk, items, readme)
        missing = remembered.recall(cache, root, key) if cache else None
        if missing is None:
            missing = _ticked_without_evidence(items, root, walk)
            if cache:
                remembered.remember(cache, root, key, missing)
    except ReportNbError:  # the audit's own problem (a rules file) never fails a check
        return
    if missing:
        result.warnings.append(
            Finding(
                None,
                None,
                f"checklist: {missing} ticked item{'s' if missing > 1 else ''} without evidence "
                "(run report-nb audit)",
            )
        )


def _ticked_without_evidence(items: list[Item], root: str, walk: Walk) -> int:
    """How many ticked ``items`` the repository at ``root`` (as walked) shows nothing for."""
    from pathlib import Path

    from report_nb.audit.repo import RepoIndex
    from report_nb.commands.auditing import ticked_without_evidence

    return ticked_without_evidence(items, RepoIndex(Path(root), walk))


def _check_notebook(name: str, profile: str) -> CheckResult:
    from pathlib import Path

    from report_nb.execution.cache import last_outputs
    from report_nb.notebook.cells import readme_path
    from report_nb.notebook.pairing import read_notebook
    from report_nb.pipeline import checked_notebook

    nb, nb_path = read_notebook(Path(name))
    with naming(name):  # a refusal from rendering a cell names the notebook too
        nb, _ = last_outputs(nb, nb_path.parent)  # a build keeps its outputs in its cache
        return checked_notebook(nb, readme_path(nb, nb_path), profile, path=name).result


def _add_stale_warnings(result: CheckResult, name: str, folder: str) -> None:
    """Questions built --offline from saved data, as recorded by the build that wrote ``name``."""
    from pathlib import Path

    from report_nb.store.state import State, StateError

    try:
        state = State(Path(folder))
    except StateError:
        return  # a broken record only costs the stale-data warnings here; a build names it
    for question, sources in sorted(state.stale(Path(name)).items()):
        result.warnings.append(
            Finding(question, None, "stale: built --offline from saved data: " + ", ".join(sources))
        )
