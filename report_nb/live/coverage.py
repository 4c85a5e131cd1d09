"""Code coverage for report questions 7-8: coverage.py results read into numbers and tables.

This module owns reading one coverage.py result, whichever form the project kept: a Cobertura
``coverage.xml`` (``coverage xml``, ``pytest --cov-report=xml``), a ``coverage.json``
(``coverage json``) or the ``.coverage`` data file itself, which is analysed through coverage.py's
own API exactly as ``coverage report`` would be when run from ``root`` (default: the data file's
folder; the configuration file found there is used and relative paths in the data resolve
against it). Percentages are rounded by coverage.py's own helpers (so all three kinds need
``report-nb[coverage]``), and :attr:`CoverageReport.total` is the number ``coverage report``
prints in its TOTAL line, branch coverage included.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from report_nb.errors import LiveDataError
from report_nb.kernel import record_input
from report_nb.live.arguments import check_choice, check_limit
from report_nb.live.extras import require
from report_nb.live.tables import MarkdownTable

__all__ = ["CoverageReport", "CoverageSort", "FileCoverage", "read"]

#: What :meth:`CoverageReport.table` can sort by.
CoverageSort = Literal["name", "missing", "percent", "statements"]
_HINT = "write it with `coverage xml`, `coverage json` or `pytest --cov --cov-report=xml`"
_CONFIGS = (".coveragerc", "setup.cfg", "tox.ini", "pyproject.toml")


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
        raise LiveDataError("coverage results not found", path=path, hint=_HINT)
    root_dir = Path(root) if root is not None else path.parent
    record_input(path)
    with open(path, "rb") as stream:
        head = stream.read(16).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"SQLite format 3"):
        report = _from_data_file(path, root_dir, precision)
    elif head.startswith(b"<"):
        report = _from_xml(path, root_dir, 0 if precision is None else precision)
    elif head.startswith(b"{"):
        report = _from_json(path, precision)
    else:
        raise LiveDataError(
            "expected coverage.xml, coverage.json or a .coverage data file", path=path, hint=_HINT
        )
    if not report.files:
        raise LiveDataError(
            "expected at least one measured file, found none",
            path=path,
            hint="did the tests import the package under --source?",
        )
    return report


# coverage.py resolves a data file's relative paths and its configuration from the working
# folder: it runs in a child process started in ``root``, so the kernel's own folder never changes.
_REPORT_SCRIPT = """
import sys, coverage
data_file, out, precision = sys.argv[1], sys.argv[2], sys.argv[3]
cov = coverage.Coverage(data_file=data_file)
if precision:
    cov.set_option("report:precision", int(precision))
try:
    cov.load()
    if not cov.get_data().measured_files():
        sys.exit(4)
    cov.json_report(outfile=out)
except coverage.CoverageException as exc:
    print(exc, file=sys.stderr)
    sys.exit(3)
"""


def _from_data_file(path: Path, root: Path, precision: int | None) -> CoverageReport:
    require("coverage", "coverage")
    if not root.is_dir():
        raise LiveDataError(
            "root folder not found", path=root, hint="root= is the folder `coverage run` ran in"
        )
    with tempfile.TemporaryDirectory() as scratch:
        # Round-trip through coverage.py's JSON report: it is its public, complete analysis.
        out = os.path.join(scratch, "coverage.json")
        argv = [str(path.resolve()), out, "" if precision is None else str(precision)]
        done = subprocess.run(
            [sys.executable, "-c", _REPORT_SCRIPT, *argv],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode == 4:
            raise LiveDataError(
                "expected measured files in the coverage data, found none",
                path=path,
                hint="did `coverage run` run any of your code?",
            )
        if done.returncode != 0:
            reason = (done.stderr.strip().splitlines() or ["it failed"])[-1]
            hint = f"sources and config are looked up in {root}; pass root="
            raise LiveDataError(f"coverage.py cannot report on it: {reason}", path=path, hint=hint)
        for name in (*_CONFIGS, *json.loads(Path(out).read_text(encoding="utf-8"))["files"]):
            if (root / name).is_file():
                record_input((root / name).resolve())
        return _from_json(Path(out), precision, source=path)


def _from_json(path: Path, precision: int | None, source: Path | None = None) -> CoverageReport:
    shown = source or path
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LiveDataError(f"not valid JSON ({exc})", path=shown, hint=_HINT) from None
    if not (
        isinstance(data, dict)
        and isinstance(data.get("totals"), dict)
        and isinstance(data.get("files"), dict)
    ):
        raise LiveDataError(
            "expected a coverage.json with 'totals' and 'files' objects", path=shown, hint=_HINT
        )
    if precision is None:
        shown_pc = str(data["totals"].get("percent_covered_display", ""))
        precision = len(shown_pc.partition(".")[2])
    try:
        files = [_json_file(name, entry, precision) for name, entry in data["files"].items()]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise LiveDataError(
            f"malformed file entry in coverage.json ({exc!r})", path=shown, hint=_HINT
        ) from None
    meta: dict[str, Any] = data["meta"] if isinstance(data.get("meta"), dict) else {}
    branch = bool(meta.get("branch_coverage")) or "num_branches" in data["totals"]
    return CoverageReport(files, precision, branch, str(shown))


def _json_file(name: str, entry: dict[str, Any], precision: int) -> FileCoverage:
    summary = entry["summary"]
    missing = [int(n) for n in entry["missing_lines"]]
    statements = [int(n) for n in entry["executed_lines"]] + missing
    arcs: dict[int, list[int]] = {}
    for start, end in entry.get("missing_branches", []):
        arcs.setdefault(int(start), []).append(int(end))
    return _file(
        name,
        statements,
        missing,
        arcs,
        precision,
        int(summary.get("num_branches", 0)),
        int(summary.get("num_partial_branches", 0)),
    )


def _from_xml(path: Path, root: Path, precision: int) -> CoverageReport:
    try:
        top = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise LiveDataError(f"not well-formed XML ({exc})", path=path, hint=_HINT) from None
    if top.tag != "coverage" or "lines-valid" not in top.attrib:
        raise LiveDataError(
            "expected a Cobertura <coverage lines-valid=...> root element", path=path, hint=_HINT
        )
    sources = [s.text.strip() for s in top.iter("source") if s.text and s.text.strip()]
    try:
        files = [_xml_file(c, sources, root, precision) for c in top.iter("class")]
    except (KeyError, ValueError) as exc:
        raise LiveDataError(
            f"malformed <class> or <line> element ({exc!r})", path=path, hint=_HINT
        ) from None
    branch = int(top.get("branches-valid", "0")) > 0 or any(f.branches for f in files)
    return CoverageReport(files, precision, branch, str(path))


def _xml_file(element: ET.Element, sources: list[str], root: Path, precision: int) -> FileCoverage:
    statements, missing, arcs = [], [], {}
    branches = partial = 0
    for line in element.iterfind("lines/line"):
        number, hit = int(line.attrib["number"]), int(line.attrib["hits"]) > 0
        statements.append(number)
        missing += [] if hit else [number]
        taken = re.search(r"\((\d+)/(\d+)\)", line.get("condition-coverage", ""))
        if line.get("branch") == "true" and taken:
            branches += int(taken[2])
            partial += int(taken[2]) - int(taken[1]) if hit else 0
        if line.get("missing-branches"):
            arcs[number] = [
                -1 if d == "exit" else int(d) for d in line.attrib["missing-branches"].split(",")
            ]
    name = _xml_name(element.attrib["filename"], sources, root)
    return _file(name, statements, missing, arcs, precision, branches, partial)


def _xml_name(filename: str, sources: list[str], root: Path) -> str:
    """The path as ``coverage report`` run in ``root`` names it, else the XML's own name."""
    candidates = [Path(s) / filename for s in sources]
    for candidate in sorted(candidates, key=lambda c: not c.is_file()):
        try:
            return candidate.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
    return filename


def _file(
    name: str,
    statements: list[int],
    missing: list[int],
    arcs: dict[int, list[int]],
    precision: int,
    branches: int,
    partial: int,
) -> FileCoverage:
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
