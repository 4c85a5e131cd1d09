"""Code coverage for report questions 7-8: coverage.py results read into numbers and tables.

This package owns :func:`read`: given a Cobertura ``coverage.xml`` (``coverage xml``, ``pytest
--cov-report=xml``), a ``coverage.json`` (``coverage json``) or the ``.coverage`` data file itself,
it sniffs which kind it is and hands it to that kind's reader in
:mod:`~report_nb.live.coverage.files` (a data file is reported on as ``coverage report`` run from
``root`` would report on it). Each gives a :class:`CoverageReport`
(:mod:`~report_nb.live.coverage.report`): the measured files and the TOTAL line ``coverage
report`` prints, branch coverage included, rounded by coverage.py's own helpers (so all three
kinds need ``report-nb[coverage]``), with a ``summary`` sentence and a ``table()``. Importing the
package does not import coverage.py.
"""

from __future__ import annotations

from pathlib import Path

from report_nb.errors import LiveDataError
from report_nb.kernel import record_input
from report_nb.live.coverage.files import HINT, from_data_file, from_json, from_xml
from report_nb.live.coverage.report import CoverageReport, CoverageSort, FileCoverage

__all__ = ["CoverageReport", "CoverageSort", "FileCoverage", "read"]


def read(
    path: str | Path, *, root: str | Path | None = None, precision: int | None = None
) -> CoverageReport:
    """Read ``coverage.xml``, ``coverage.json`` or a ``.coverage`` data file (kind sniffed).

    ``precision`` is the number of decimals of the percentages; ``None`` takes it from the
    source: the configuration for a data file, ``percent_covered_display`` for JSON, 0 for XML
    (which does not record it). ``root`` is where paths are relative to (default: the file's
    folder).
    """
    path = Path(path)
    if precision is not None and precision < 0:
        raise ValueError(f"precision must be 0 or more, not {precision}")
    if not path.is_file():
        raise LiveDataError("coverage results not found", path=path, hint=HINT)
    root_dir = Path(root) if root is not None else path.parent
    record_input(path)
    with open(path, "rb") as stream:
        head = stream.read(16).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"SQLite format 3"):
        report = from_data_file(path, root_dir, precision)
    elif head.startswith(b"<"):
        report = from_xml(path, root_dir, 0 if precision is None else precision)
    elif head.startswith(b"{"):
        report = from_json(path, precision)
    else:
        raise LiveDataError(
            "expected coverage.xml, coverage.json or a .coverage data file", path=path, hint=HINT
        )
    if not report.files:
        raise LiveDataError(
            "expected at least one measured file, found none",
            path=path,
            hint="did the tests import the package under --source?",
        )
    return report
