"""Code coverage as numbers and a table: the rows and TOTAL line of ``coverage report``.

This module owns :class:`CoverageReport` (the measured files, its ``summary`` sentence and
``table()``) and :class:`FileCoverage` (one file's row), and their rounding: every percentage is
computed and rounded by coverage.py's own ``Numbers`` (so a report needs ``report-nb[coverage]``),
and :attr:`CoverageReport.total` is the number ``coverage report`` prints in its TOTAL line, branch
coverage included. :func:`file_coverage` makes a row from line numbers, as the readers of
:mod:`~report_nb.live.coverage.files` find them.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from report_nb.live.arguments import check_choice, check_limit
from report_nb.live.extras import require
from report_nb.live.tables import MarkdownTable

__all__ = ["CoverageReport", "CoverageSort", "FileCoverage", "file_coverage"]

#: What :meth:`CoverageReport.table` can sort by.
CoverageSort = Literal["name", "missing", "percent", "statements"]


@dataclass
class FileCoverage:
    """One row of ``coverage report -m``: a measured file and what its tests missed."""

    path: str
    statements: int
    missing: int
    percent: float
    percent_display: str
    missing_lines: str
    branches: int = 0
    partial_branches: int = 0
    missing_branches: int = 0


@dataclass
class CoverageReport:
    """Measured files and the TOTAL line, rounded the way ``coverage report`` rounds."""

    files: list[FileCoverage]
    precision: int = 0
    branch: bool = False
    source: str = ""
    statements: int = field(init=False)
    missing: int = field(init=False)
    branches: int = field(init=False)
    partial_branches: int = field(init=False)
    total: float = field(init=False)
    total_display: str = field(init=False)

    def __post_init__(self) -> None:
        numbers = _sum(self.files, self.precision)
        self.statements, self.missing = numbers.n_statements, numbers.n_missing
        self.branches, self.partial_branches = numbers.n_branches, numbers.n_partial_branches
        self.total_display = numbers.pc_covered_str
        self.total = float(self.total_display)

    @property
    def summary(self) -> str:
        """One sentence for the answer text, e.g. ``86% of 120 statements covered (4 files)``."""
        what = f"{self.statements} statements"
        if self.branch:
            what += f" and {self.branches} branches"
        return f"{self.total_display}% of {what} covered ({len(self.files)} files)"

    def table(
        self,
        sort: CoverageSort = "name",
        *,
        descending: bool = False,
        limit: int | None = None,
        include: Sequence[str] | None = None,
        exclude: Sequence[str] | None = None,
        missing_lines: bool = False,
    ) -> MarkdownTable:
        """The report as a Markdown table with a TOTAL row, like ``coverage report``.

        Rows are sorted by ``sort`` (file names in natural order break ties), ascending unless
        ``descending``. ``include``/``exclude`` are fnmatch globs on the file path; like
        ``coverage report --include/--omit`` they change the TOTAL row. ``limit`` only shortens
        the rows shown. A sort, glob or limit that makes no sense is a ``ValueError``.
        """
        check_choice("sort", sort, get_args(CoverageSort))
        check_limit(limit)
        chosen = [f for f in self.files if _selected(f.path, include, exclude)]
        if not chosen:
            names = [f.path for f in self.files]
            raise ValueError(f"include/exclude left no file to show; the files are {names}")
        chosen.sort(key=_sort_key(sort), reverse=descending)
        headers = ["File", "Statements", "Missing"]
        headers += ["Branches", "Partial"] if self.branch else []
        headers += ["Coverage"] + (["Missing lines"] if missing_lines else [])
        rows = [self._row(f, missing_lines) for f in chosen[:limit]]
        if limit is not None and len(chosen) > limit:
            rows.append([f"({len(chosen) - limit} more files)"] + [""] * (len(headers) - 1))
        total = CoverageReport(chosen, self.precision, self.branch, self.source)
        rows.append(
            self._row(
                FileCoverage(
                    "TOTAL",
                    total.statements,
                    total.missing,
                    total.total,
                    total.total_display,
                    "",
                    total.branches,
                    total.partial_branches,
                ),
                missing_lines,
            )
        )
        align = ["left"] + ["right"] * (len(headers) - 1)
        return MarkdownTable(headers, rows, [*align[:-1], "left"] if missing_lines else align)

    def _row(self, file: FileCoverage, missing_lines: bool) -> list[Any]:
        row: list[Any] = [file.path, file.statements, file.missing]
        row += [file.branches, file.partial_branches] if self.branch else []
        row += [f"{file.percent_display}%"] + ([file.missing_lines] if missing_lines else [])
        return row


def file_coverage(
    name: str,
    statements: list[int],
    missing: list[int],
    arcs: dict[int, list[int]],
    precision: int,
    branches: int,
    partial: int,
) -> FileCoverage:
    """One file's row from its line numbers, its lines shown as ``coverage report -m`` does.

    ``arcs`` maps a line to the lines its untaken branches go to (negative: an exit);
    ``branches`` and ``partial`` are the file's branch and partly taken branch counts.
    """
    lines = require("coverage.results", "coverage").format_lines(
        statements, missing, arcs=sorted(arcs.items())
    )
    file = FileCoverage(
        name,
        len(statements),
        len(missing),
        0.0,
        "",
        lines,
        branches,
        partial,
        sum(len(ends) for ends in arcs.values()),
    )
    file.percent_display = _sum([file], precision).pc_covered_str
    file.percent = float(file.percent_display)
    return file


def _sum(files: Sequence[FileCoverage], precision: int) -> Any:
    """coverage.py's own ``Numbers`` for these files: it does the percentage and its rounding."""
    numbers = require("coverage.results", "coverage").Numbers
    counts = ("statements", "missing", "branches", "partial_branches", "missing_branches")
    return numbers(
        precision=precision,
        n_files=len(files),
        **{f"n_{c}": sum(getattr(f, c) for f in files) for c in counts},
    )


def _selected(path: str, include: Sequence[str] | None, exclude: Sequence[str] | None) -> bool:
    if include is not None and not any(fnmatch.fnmatch(path, g) for g in include):
        return False
    return not (exclude and any(fnmatch.fnmatch(path, g) for g in exclude))


def _sort_key(sort: CoverageSort) -> Any:
    def natural(text: str) -> list[Any]:
        return [
            (0, int(p), "") if p.isdigit() else (1, 0, p.lower()) for p in re.split(r"(\d+)", text)
        ]

    def key(file: FileCoverage) -> tuple[Any, ...]:
        value = {
            "name": 0,
            "missing": file.missing,
            "statements": file.statements,
            "percent": _sum([file], 0).pc_covered,
        }[sort]
        return (value, natural(file.path))

    return key
