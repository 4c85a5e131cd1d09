"""``report-nb html``: a README as the HTML report, or (``--as-grader``) as the course's page.

Both pages are recorded in ``.report-nb/state.json`` like every file report-nb writes, so a page
report-nb did not write (or that was edited since) is replaced only with ``force``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from traitlets.config import Config

from report_nb.core import nesting
from report_nb.core.nesting import too_deep
from report_nb.core.rules import resolve
from report_nb.core.template import parse
from report_nb.errors import ReportFormatError, WouldOverwriteError
from report_nb.io import read_text
from report_nb.notebook.cells import to_notebook
from report_nb.pipeline import prepare
from report_nb.store.state import State
from report_nb.store.transaction import beside, commit, locked

#: The default names of the two pages: the HTML report, and the hand-in preview.
REPORT_NAME = "report.html"
HANDIN_NAME = "handin.html"


@locked(beside)
def write_html(
    readme: Path, output: Path | None = None, *, profile: str = "auto", force: bool = False
) -> Path:
    """Check ``readme`` and write its HTML report (default ``report.html`` beside it).

    Like every file report-nb writes, the page is recorded in ``.report-nb/state.json`` beside
    the README; an existing page report-nb did not write (the course script's, or one edited by
    hand) is replaced only with ``force``.
    """
    readme = Path(readme)
    report = parse(read_text(readme), str(readme))

    def page() -> bytes:
        nb = to_notebook(report, resolve(report, profile), readme.name, profile)
        config = Config()
        config.ValidateReportPreprocessor.strict = False
        config.ValidateReportPreprocessor.profile = profile
        return prepare(nb, readme, config).html().encode("utf-8")

    return _write_page(readme, output, page, force=force)


@locked(beside)
def write_handin(readme: Path, output: Path | None = None, *, force: bool = False) -> Path:
    """Write the course's hand-in page of ``readme`` (``report-nb html --as-grader``).

    The page is what :func:`report_nb.core.handin.handin_bytes` gives: exactly what the course's
    ``report.py html`` writes. Its default name is its own, :data:`HANDIN_NAME` beside the
    README: ``report.html`` is the HTML report's (``build``, ``html``) and the course script's,
    and no command silently replaces another's page. As for every file report-nb writes, one it
    did not write (or that changed since) is replaced only with ``force``.
    """
    from report_nb.core.handin import handin_bytes

    readme = Path(readme)
    text = read_text(readme)  # one-line errors for a missing, empty, binary or non-UTF-8 file
    deep = too_deep(text)
    if deep is not None:  # the course's renderer would recurse for seconds, then fail
        raise ReportFormatError(
            nesting.message(text, deep) + " (nor can the course's report.py html)",
            path=readme,
            line=text.count("\n", 0, deep) + 1,
        )
    target = output if output is not None else readme.parent / HANDIN_NAME
    return _write_page(readme, target, lambda: handin_bytes(readme.read_bytes()), force=force)


def _write_page(
    readme: Path, output: Path | None, page: Callable[[], bytes], *, force: bool
) -> Path:
    """Write ``page()`` to ``output`` (default :data:`REPORT_NAME` beside the README), if ours.

    A page report-nb did not write, or that changed since, is replaced only with ``force``; the
    page and its record in ``state.json`` are one transaction.
    """
    target = Path(output) if output is not None else readme.parent / REPORT_NAME
    state = State(readme.parent)
    if not force and not state.owns(target):
        raise WouldOverwriteError(
            "report-nb did not write this file, or it was edited since; nothing was written",
            path=target,
            hint="write the page elsewhere with -o (e.g. -o report-nb.html), or pass --force to "
            "replace this file",
        )
    data = page()
    state.record(target, data)
    commit(state.folder, {target: data, **state.encoded()})
    return target
