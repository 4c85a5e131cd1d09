"""``report-nb html --as-grader``: write the course's hand-in page for a README, byte for byte.

The page is what :func:`report_nb.core.handin.handin_bytes` gives: exactly what the course's
``report.py html`` writes. Its default name, ``report.html`` beside the README, is also the
course script's and the HTML report's, so the usual rule holds: a file report-nb did not write
(or that changed since) is replaced only with ``force``; what it writes is recorded in
``.report-nb/state.json``.
"""

from __future__ import annotations

from pathlib import Path

from report_nb.build.state import State
from report_nb.core.handin import handin_bytes
from report_nb.errors import ReportFormatError, WouldOverwriteError
from report_nb.io import atomic_write, read_text


def write_handin(readme: Path, output: Path | None = None, *, force: bool = False) -> Path:
    """Write the hand-in page of ``readme`` (default ``report.html`` beside it); return its path."""
    readme = Path(readme)
    read_text(readme)  # one-line errors for a missing, empty, binary or non-UTF-8 file
    target = Path(output) if output is not None else readme.parent / "report.html"
    state = State(readme.parent)
    if not force and not state.owns(target):
        raise WouldOverwriteError(
            "report-nb did not write this file, or it was edited since; nothing was written",
            path=target,
            hint="pass --force to overwrite it",
        )
    try:
        data = handin_bytes(readme.read_bytes())
    except UnicodeDecodeError as error:  # read_text refused these already; kept for safety
        raise ReportFormatError(f"not UTF-8: {error.reason}", path=readme) from None
    atomic_write(target, data)
    state.record(target, data)
    state.save()
    return target
