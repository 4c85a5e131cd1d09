"""``report-nb check``: the official checker's reading of a README, or of a notebook's README.

:func:`check` reads a README (or a notebook pair: the README it exports now, from its cells and
stored outputs, glued values filled in) and counts words and images per answer as the course's
``report.py check`` does, with report-nb's hand-in warnings on top. It writes nothing, except
that it first finishes a write a killed command left in the folder, so that it never reads half
of one version and half of another.
"""

from __future__ import annotations

import os

from report_nb.core.check import CheckResult, Finding, check_text
from report_nb.errors import ReportNbError
from report_nb.io import path_suffix, path_text, read_text
from report_nb.store.layout import JOURNAL, STATE, inside

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms at start-up)
if TYPE_CHECKING:
    from pathlib import Path

#: How a jupytext text notebook (``report.md``) starts: its YAML header.
_JUPYTEXT_HEADER = "---\njupytext:"


def check(path: str | Path, profile: str = "auto") -> CheckResult:
    """Check the README or notebook at ``path`` with the limits of ``profile`` (or detected).

    Raises :class:`~report_nb.errors.ReportFormatError` (a file that is not the course's template,
    or that cannot be read) and :class:`~report_nb.errors.NotebookError` (a notebook that cannot
    be read as a report).
    """
    # strings, not pathlib (whose imports cost a README's check more than the check itself):
    # ``name`` is str(Path(path)), ``folder`` os.fspath(Path(path).parent) but "" for "."
    name = path_text(path)
    folder = os.path.dirname(name)
    if os.path.exists(inside(folder, JOURNAL)):  # a command killed while writing: read one version
        from report_nb.store.transaction import recover_if_pending

        recover_if_pending(folder or ".")
    notebook = path_suffix(name) == ".ipynb"
    text = read_text(name) if not notebook else ""
    if notebook or text.lstrip("\ufeff").startswith(_JUPYTEXT_HEADER):
        result = _check_notebook(name, profile)
    else:
        result = check_text(text, name, profile)
        _add_checklist_warning(result, name, text)
    _add_stale_warnings(result, name, folder)
    return result


def _add_checklist_warning(result: CheckResult, name: str, text: str) -> None:
    """One line when the README sits in a git repository: ticked items without evidence.

    Only a README beside a ``.git`` or one folder below it (``reports/README.md``) is audited, so
    that checking a file elsewhere costs two ``stat`` calls and nothing more.
    """
    folder = os.path.dirname(os.path.abspath(name))  # no syscalls, unlike resolve()
    found = (
        f for f in (folder, os.path.dirname(folder)) if os.path.exists(os.path.join(f, ".git"))
    )
    root = next(found, None)
    if root is None:
        return
    from pathlib import Path

    from report_nb.audit.checklist import read_items
    from report_nb.audit.repo import RepoIndex
    from report_nb.commands.auditing import audit_items

    try:
        items = read_items(text, name)
        missing = len(audit_items(items, RepoIndex(Path(root))).without_evidence) if items else 0
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


def _check_notebook(name: str, profile: str) -> CheckResult:
    from pathlib import Path

    from report_nb.execution.cache import last_outputs
    from report_nb.notebook.cells import readme_path
    from report_nb.notebook.pairing import read_notebook
    from report_nb.pipeline import checked_notebook

    nb, nb_path = read_notebook(Path(name))
    nb, _ = last_outputs(nb, nb_path.parent)  # a build keeps its outputs in its cache
    return checked_notebook(nb, readme_path(nb, nb_path), profile, path=name).result


def _add_stale_warnings(result: CheckResult, name: str, folder: str) -> None:
    """Questions built --offline from saved data, as recorded by the build that wrote ``name``."""
    if not os.path.exists(inside(folder, STATE)):
        return
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
