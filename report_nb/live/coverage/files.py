"""The three files coverage.py writes, each read into a :class:`~.report.CoverageReport`.

This module owns reading a Cobertura ``coverage.xml`` (``coverage xml``, ``pytest
--cov-report=xml``), a ``coverage.json`` (``coverage json``) and the ``.coverage`` data file
itself, which is analysed through coverage.py's own API exactly as ``coverage report`` would be
when run from ``root``: in a child process started there, so that the configuration file found
there is used and relative paths in the data resolve against it, while the kernel's own folder
never changes. Each reader raises :class:`~report_nb.errors.LiveDataError` naming the file for
what it cannot read; :func:`report_nb.live.coverage.read` picks the reader.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from report_nb.errors import LiveDataError
from report_nb.kernel import record_input
from report_nb.live.coverage.report import CoverageReport, FileCoverage, file_coverage
from report_nb.live.extras import require

__all__ = ["HINT", "from_data_file", "from_json", "from_xml"]

#: How to write a result report-nb reads, for every error about one.
HINT = "write it with `coverage xml`, `coverage json` or `pytest --cov --cov-report=xml`"
_CONFIGS = (".coveragerc", "setup.cfg", "tox.ini", "pyproject.toml")


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


def from_data_file(path: Path, root: Path, precision: int | None) -> CoverageReport:
    """A ``.coverage`` data file, as ``coverage report`` run in ``root`` reports it."""
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
        return from_json(Path(out), precision, source=path)


def from_json(path: Path, precision: int | None, source: Path | None = None) -> CoverageReport:
    """A ``coverage.json``; ``source`` is the file to name instead (the data file it came from).

    ``precision`` ``None`` takes the decimals of its ``percent_covered_display``.
    """
    shown = source or path
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LiveDataError(f"not valid JSON ({exc})", path=shown, hint=HINT) from None
    if not (
        isinstance(data, dict)
        and isinstance(data.get("totals"), dict)
        and isinstance(data.get("files"), dict)
    ):
        raise LiveDataError(
            "expected a coverage.json with 'totals' and 'files' objects", path=shown, hint=HINT
        )
    if precision is None:
        shown_pc = str(data["totals"].get("percent_covered_display", ""))
        precision = len(shown_pc.partition(".")[2])
    try:
        files = [_json_file(name, entry, precision) for name, entry in data["files"].items()]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise LiveDataError(
            f"malformed file entry in coverage.json ({exc!r})", path=shown, hint=HINT
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
    return file_coverage(
        name,
        statements,
        missing,
        arcs,
        precision,
        int(summary.get("num_branches", 0)),
        int(summary.get("num_partial_branches", 0)),
    )


def from_xml(path: Path, root: Path, precision: int) -> CoverageReport:
    """A Cobertura ``coverage.xml``, its file names made relative to ``root`` where they can be."""
    try:
        top = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise LiveDataError(f"not well-formed XML ({exc})", path=path, hint=HINT) from None
    if top.tag != "coverage" or "lines-valid" not in top.attrib:
        raise LiveDataError(
            "expected a Cobertura <coverage lines-valid=...> root element", path=path, hint=HINT
        )
    sources = [s.text.strip() for s in top.iter("source") if s.text and s.text.strip()]
    try:
        files = [_xml_file(c, sources, root, precision) for c in top.iter("class")]
    except (KeyError, ValueError) as exc:
        raise LiveDataError(
            f"malformed <class> or <line> element ({exc!r})", path=path, hint=HINT
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
    return file_coverage(name, statements, missing, arcs, precision, branches, partial)


def _xml_name(filename: str, sources: list[str], root: Path) -> str:
    """The path as ``coverage report`` run in ``root`` names it, else the XML's own name."""
    candidates = [Path(s) / filename for s in sources]
    for candidate in sorted(candidates, key=lambda c: not c.is_file()):
        try:
            return candidate.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
    return filename
