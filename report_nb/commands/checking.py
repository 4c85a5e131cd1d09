"""``report-nb check``: the official checker's reading of a README, or of a notebook's README.

:func:`check` reads a README (or a notebook pair: the README it exports now, from its cells and
stored outputs, glued values filled in) and counts words and images per answer as the course's
``report.py check`` does, with report-nb's hand-in warnings on top. It writes nothing, except
that it first finishes a write a killed command left in the folder, so that it never reads half
of one version and half of another.
"""

from __future__ import annotations

import os
from pathlib import Path

from report_nb.core.check import CheckResult, Finding, check_text
from report_nb.errors import ReportNbError
from report_nb.io import read_text
from report_nb.store.layout import Layout

#: How a jupytext text notebook (``report.md``) starts: its YAML header.
_JUPYTEXT_HEADER = "---\njupytext:"


class Folders:
    """What checking learns about each folder once, for one call that checks many files.

    A batch of 1000 READMEs in one folder stats its ``.report-nb`` journal and state, and looks
    for a ``.git`` above it, once instead of 1000 times (a ``stat`` costs microseconds, as much
    as counting an answer). Make one for each call; it keeps nothing between calls.
    """

    def __init__(self) -> None:
        self._known: dict[str, _Folder] = {}

    def of(self, path: Path) -> _Folder:
        """The folder of ``path``, looked up on first use."""
        key = os.path.dirname(path)
        folder = self._known.get(key)
        if folder is None:
            folder = self._known[key] = _Folder(path)
        return folder

    def pending(self, path: Path) -> bool:
        """Whether a killed command left a write to finish beside ``path``."""
        return self.of(path).pending


class _Folder:
    """One folder's journal, ``.git`` and state, each looked up when first asked."""

    def __init__(self, path: Path) -> None:
        self.path = path  # a file in it
        self.layout = Layout(path.parent)
        self.pending = self.layout.journal.exists()
        self._root: Path | None = None
        self._root_known = False
        self._state: bool | None = None

    def recover(self) -> None:
        """Finish the killed write here (unless another process holds the folder)."""
        from report_nb.store.transaction import recover_if_pending

        recover_if_pending(self.layout.folder)
        self.pending = self.layout.journal.exists()  # still there: another process holds it

    @property
    def git_root(self) -> Path | None:
        """The folder, or the one above it, that holds a ``.git`` (None if neither does)."""
        if not self._root_known:
            folder = Path(os.path.abspath(self.path)).parent  # no syscalls, unlike resolve()
            self._root = next((f for f in (folder, folder.parent) if (f / ".git").exists()), None)
            self._root_known = True
        return self._root

    @property
    def has_state(self) -> bool:
        """Whether a build recorded what it wrote here (asked after any recovery)."""
        if self._state is None:
            self._state = self.layout.state.exists()
        return self._state


def check(path: str | Path, profile: str = "auto", folders: Folders | None = None) -> CheckResult:
    """Check the README or notebook at ``path`` with the limits of ``profile`` (or detected).

    ``folders`` carries what an earlier call with it learned about the folders it checked (pass
    one :class:`Folders` to all the calls of a batch). Raises
    :class:`~report_nb.errors.ReportFormatError` (a file that is not the course's template,
    or that cannot be read) and :class:`~report_nb.errors.NotebookError` (a notebook that cannot
    be read as a report).
    """
    path = Path(path)
    folder = (folders or Folders()).of(path)
    if folder.pending:  # a command killed while writing: read one version
        folder.recover()
    text = read_text(path) if path.suffix != ".ipynb" else ""
    if path.suffix == ".ipynb" or text.lstrip("\ufeff").startswith(_JUPYTEXT_HEADER):
        result = _check_notebook(path, profile)
    else:
        result = check_text(text, str(path), profile)
        _add_checklist_warning(result, folder.git_root, path, text)
    if folder.has_state:
        _add_stale_warnings(result, path)
    return result


def _add_checklist_warning(result: CheckResult, root: Path | None, path: Path, text: str) -> None:
    """One line when the README sits in a git repository ``root``: ticked items without evidence.

    Only a README beside a ``.git`` or one folder below it (``reports/README.md``) is audited, so
    that checking a file elsewhere costs two ``stat`` calls and nothing more.
    """
    if root is None:
        return
    from report_nb.audit.checklist import read_items
    from report_nb.audit.repo import RepoIndex
    from report_nb.commands.auditing import audit_items

    try:
        items = read_items(text, str(path))
        missing = len(audit_items(items, RepoIndex(root)).without_evidence) if items else 0
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


def _check_notebook(path: Path, profile: str) -> CheckResult:
    from report_nb.execution.cache import last_outputs
    from report_nb.notebook.cells import readme_path
    from report_nb.notebook.pairing import read_notebook
    from report_nb.pipeline import checked_notebook

    nb, nb_path = read_notebook(path)
    nb, _ = last_outputs(nb, nb_path.parent)  # a build keeps its outputs in its cache
    return checked_notebook(nb, readme_path(nb, nb_path), profile, path=str(path)).result


def _add_stale_warnings(result: CheckResult, path: Path) -> None:
    """Questions built --offline from saved data, as recorded by the build that wrote ``path``."""
    from report_nb.store.state import State, StateError

    try:
        state = State(path.parent)
    except StateError:
        return  # a broken record only costs the stale-data warnings here; a build names it
    for question, sources in sorted(state.stale(path).items()):
        result.warnings.append(
            Finding(question, None, "stale: built --offline from saved data: " + ", ".join(sources))
        )
