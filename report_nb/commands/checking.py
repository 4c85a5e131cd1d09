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


def check(path: str | Path, profile: str = "auto") -> CheckResult:
    """Check the README or notebook at ``path`` with the limits of ``profile`` (or detected).

    Raises :class:`~report_nb.errors.ReportFormatError` (a file that is not the course's template,
    or that cannot be read) and :class:`~report_nb.errors.NotebookError` (a notebook that cannot
    be read as a report).
    """
    path = Path(path)
    if Layout(path.parent).journal.exists():  # a command killed while writing: read one version
        from report_nb.store.transaction import recover_if_pending

        recover_if_pending(path.parent)
    text = read_text(path) if path.suffix != ".ipynb" else ""
    if path.suffix == ".ipynb" or text.lstrip("\ufeff").startswith(_JUPYTEXT_HEADER):
        result = _check_notebook(path, profile)
    else:
        result = check_text(text, str(path), profile)
        _add_checklist_warning(result, path, text)
    _add_stale_warnings(result, path)
    return result


def _add_checklist_warning(result: CheckResult, path: Path, text: str) -> None:
    """One line when the README sits in a git repository: ticked items without evidence.

    Only a README beside a ``.git`` or one folder below it (``reports/README.md``) is audited, so
    that checking a file elsewhere costs two ``stat`` calls and nothing more.
    """
    folder = Path(os.path.abspath(path)).parent  # no syscalls, unlike resolve()
    root = next((f for f in (folder, folder.parent) if (f / ".git").exists()), None)
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
    if not Layout(path.parent).state.exists():
        return
    from report_nb.store.state import State, StateError

    try:
        state = State(path.parent)
    except StateError:
        return  # a broken record only costs the stale-data warnings here; a build names it
    for question, sources in sorted(state.stale(path).items()):
        result.warnings.append(
            Finding(question, None, "stale: built --offline from saved data: " + ", ".join(sources))
        )
