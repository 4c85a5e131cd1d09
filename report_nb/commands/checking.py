"""``report-nb check``: the official checker's reading of a README, or of a notebook's README.

:func:`check` reads a README (or a notebook pair: the README it exports now, from its cells and
stored outputs, glued values filled in) and counts words and images per answer as the course's
``report.py check`` does, with report-nb's hand-in warnings on top. It writes nothing, except
that it first finishes a write a killed command left in the folder, so that it never reads half
of one version and half of another.
"""

from __future__ import annotations

from pathlib import Path

from report_nb.core.check import CheckResult, Finding, check_text
from report_nb.io import read_text
from report_nb.store.layout import Layout
from report_nb.store.transaction import recover_if_pending

#: How a jupytext text notebook (``report.md``) starts: its YAML header.
_JUPYTEXT_HEADER = "---\njupytext:"


def check(path: str | Path, profile: str = "auto") -> CheckResult:
    """Check the README or notebook at ``path`` with the limits of ``profile`` (or detected).

    Raises :class:`~report_nb.errors.ReportFormatError` (a file that is not the course's template,
    or that cannot be read) and :class:`~report_nb.errors.NotebookError` (a notebook that cannot
    be read as a report).
    """
    path = Path(path)
    recover_if_pending(path.parent)  # a build killed while writing: read one version, not two
    text = read_text(path) if path.suffix != ".ipynb" else ""
    if path.suffix == ".ipynb" or text.lstrip("\ufeff").startswith(_JUPYTEXT_HEADER):
        result = _check_notebook(path, profile)
    else:
        result = check_text(text, str(path), profile)
    _add_stale_warnings(result, path)
    return result


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
