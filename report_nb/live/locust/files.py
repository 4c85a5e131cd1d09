"""The CSV files of ``locust --csv PREFIX``, read into a :class:`~.load_test.LoadTest`.

This module owns reading ``PREFIX_stats.csv`` (one row per endpoint and a final Aggregated row),
the optional ``PREFIX_stats_history.csv`` (a row every few seconds while the test ran) and the
optional ``PREFIX_failures.csv``. Headers are matched case-insensitively, and both the Locust 2.x
names ("Type", "Request Count") and the older ones ("Method", "# requests") are accepted; a
percentile of "N/A" (no response yet) becomes ``None``; a cell that is not the number its column
holds is a :class:`~report_nb.errors.LiveDataError` naming the file, the line and the column.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from report_nb.errors import LiveDataError
from report_nb.kernel import record_input
from report_nb.live.locust.load_test import (
    HINT,
    Endpoint,
    Failure,
    HistoryPoint,
    LoadTest,
    is_total,
)

__all__ = ["read"]

# Our field -> the header names Locust has used for it, newest first (the first is reported).
_STATS = {
    "method": ("Type", "Method"),
    "name": ("Name",),
    "requests": ("Request Count", "# requests"),
    "failures": ("Failure Count", "# failures"),
    "median": ("Median Response Time",),
    "average": ("Average Response Time",),
    "rps": ("Requests/s",),
    "p95": ("95%",),
}
_HISTORY = {
    "timestamp": ("Timestamp",),
    "users": ("User Count",),
    "name": ("Name",),
    "rps": ("Requests/s",),
    "median": ("50%",),
    "p95": ("95%",),
}
_FAILURES = {
    "method": ("Method", "Type"),
    "name": ("Name",),
    "error": ("Error",),
    "occurrences": ("Occurrences",),
}
_SUFFIXES = ("_stats.csv", "_stats_history.csv", "_failures.csv", "_exceptions.csv")


def read(prefix_or_path: str | Path) -> LoadTest:
    """Read ``PREFIX_stats.csv`` (required) and the history and failures files next to it.

    Pass the ``--csv`` prefix, or the path of any of the files Locust wrote.
    """
    prefix = str(prefix_or_path)
    suffix = next((s for s in _SUFFIXES if prefix.endswith(s)), "")
    prefix = prefix[: len(prefix) - len(suffix)]
    stats = Path(prefix + "_stats.csv")
    if not stats.is_file():
        raise LiveDataError("Locust stats not found", path=stats, hint=HINT)
    rows = [_endpoint(cells) for cells in _rows(stats, _STATS)]
    totals = [e for e in rows if is_total(e.method, e.name)]
    if not totals:
        raise LiveDataError("expected a final 'Aggregated' row", path=stats, hint=HINT)
    history_path = Path(prefix + "_stats_history.csv")
    history = _history(history_path) if history_path.is_file() else []
    failures_path = Path(prefix + "_failures.csv")
    failures = (
        [_failure(c) for c in _rows(failures_path, _FAILURES)] if failures_path.is_file() else []
    )
    endpoints = [e for e in rows if not is_total(e.method, e.name)]
    return LoadTest(endpoints, totals[-1], history, failures, str(stats))


@dataclass
class _Cells:
    """The chosen cells of one CSV row, with where they came from for error messages."""

    path: Path
    line: int
    values: dict[str, str]
    names: dict[str, str]

    def text(self, key: str) -> str:
        return self.values[key]

    def optional(self, key: str) -> float | None:
        """The number, or ``None`` for Locust's "N/A" (no response yet)."""
        return None if self.values[key].upper() in ("N/A", "") else self.number(key)

    def number(self, key: str) -> float:
        text = self.values[key]
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if math.isnan(value):
            raise LiveDataError(
                f"expected a number in column {self.names[key]!r}, found {text!r}",
                path=self.path,
                line=self.line,
            )
        return value

    def count(self, key: str) -> int:
        value = self.number(key)
        if value != int(value) or value < 0:
            raise LiveDataError(
                f"expected a whole number in column {self.names[key]!r}, found "
                f"{self.values[key]!r}",
                path=self.path,
                line=self.line,
            )
        return int(value)


def _rows(path: Path, columns: Mapping[str, Sequence[str]]) -> list[_Cells]:
    record_input(path)
    try:
        # utf-8-sig: a file saved again from a spreadsheet starts with a BOM before "Type".
        with open(path, encoding="utf-8-sig", newline="") as stream:
            table = list(csv.reader(stream))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise LiveDataError(f"not a readable CSV file ({exc})", path=path, hint=HINT) from None
    if not table:
        raise LiveDataError("empty file, expected a header row", path=path, hint=HINT)
    index = {" ".join(h.split()).lower(): i for i, h in enumerate(table[0])}
    picks: dict[str, int] = {}
    names: dict[str, str] = {}
    for key, accepted in columns.items():
        found = [index[a.lower()] for a in accepted if a.lower() in index]
        if not found:
            raise LiveDataError(
                f"expected a column {accepted[0]!r}",
                path=path,
                line=1,
                hint=f"the header has {table[0]}",
            )
        picks[key], names[key] = found[0], accepted[0]
    cells = []
    for line, row in enumerate(table[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(table[0]):  # a shifted row would put numbers in the wrong fields
            raise LiveDataError(
                f"expected {len(table[0])} fields, found {len(row)}", path=path, line=line
            )
        values = {key: row[i].strip() for key, i in picks.items()}
        cells.append(_Cells(path, line, values, names))
    return cells


def _endpoint(cells: _Cells) -> Endpoint:
    return Endpoint(
        method=cells.text("method"),
        name=cells.text("name"),
        requests=cells.count("requests"),
        failures=cells.count("failures"),
        median_ms=cells.optional("median"),
        p95_ms=cells.optional("p95"),
        average_ms=cells.optional("average"),
        rps=cells.number("rps"),
    )


def _history(path: Path) -> list[HistoryPoint]:
    # --csv-full-history adds a row per endpoint; the figure is about the Aggregated ones.
    rows = [c for c in _rows(path, _HISTORY) if is_total("", c.text("name"))]
    start = rows[0].number("timestamp") if rows else 0.0
    return [
        HistoryPoint(
            seconds=c.number("timestamp") - start,
            users=c.count("users"),
            rps=c.number("rps"),
            median_ms=c.optional("median"),
            p95_ms=c.optional("p95"),
        )
        for c in rows
    ]


def _failure(cells: _Cells) -> Failure:
    return Failure(
        cells.text("method"), cells.text("name"), cells.text("error"), cells.count("occurrences")
    )
