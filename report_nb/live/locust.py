"""Locust load-test results for report question 25: the CSV files of ``locust --csv PREFIX``.

This module owns reading ``PREFIX_stats.csv`` (one row per endpoint and a final Aggregated row),
the optional ``PREFIX_stats_history.csv`` (a row every few seconds while the test ran) and the
optional ``PREFIX_failures.csv``, into numbers, a Markdown table and a latency-over-time figure.
Headers are matched case-insensitively, and both the Locust 2.x names ("Type", "Request Count")
and the older ones ("Method", "# requests") are accepted; a percentile of "N/A" (no response yet)
becomes ``None``.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from report_nb.errors import LiveDataError
from report_nb.kernel import record_input
from report_nb.live.arguments import check_choice, check_limit
from report_nb.live.figures import ReportFigure, new_figure
from report_nb.live.tables import MarkdownTable

__all__ = ["Endpoint", "Failure", "HistoryPoint", "LoadSort", "LoadTest", "read"]

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
_HINT = "run locust with --csv PREFIX (it writes PREFIX_stats.csv and PREFIX_stats_history.csv)"
#: What :meth:`LoadTest.table` can sort by.
LoadSort = Literal["requests", "failures", "median", "p95", "rps"]


@dataclass
class Endpoint:
    """One row of the stats file: an endpoint, or the Aggregated row (``method == ""``)."""

    method: str
    name: str
    requests: int
    failures: int
    median_ms: float | None
    p95_ms: float | None
    average_ms: float | None
    rps: float

    @property
    def failure_rate(self) -> float:
        """Failed requests as a fraction of all requests (0.0 when there were none)."""
        return self.failures / self.requests if self.requests else 0.0


@dataclass
class HistoryPoint:
    """One Aggregated row of the history file; latencies are of the last few seconds."""

    seconds: float
    users: int
    rps: float
    median_ms: float | None
    p95_ms: float | None


@dataclass
class Failure:
    """One row of the failures file: what went wrong, where, how often."""

    method: str
    name: str
    error: str
    occurrences: int


@dataclass
class LoadTest:
    """A Locust run: endpoints, the Aggregated row, and (if written) history and failures."""

    endpoints: list[Endpoint]
    aggregated: Endpoint
    history: list[HistoryPoint] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    source: str = ""

    @property
    def failure_rate(self) -> float:
        """Failed requests as a fraction of all requests."""
        return self.aggregated.failure_rate

    @property
    def duration_s(self) -> float | None:
        """Seconds from the first to the last history row (``None`` without history)."""
        return self.history[-1].seconds if self.history else None

    @property
    def peak_users(self) -> int | None:
        """The most simulated users at any time (``None`` without history)."""
        return max(p.users for p in self.history) if self.history else None

    @property
    def summary(self) -> str:
        """One sentence for the answer text."""
        total = self.aggregated
        return (
            f"{total.requests} requests at {total.rps:.1f} requests/s: median "
            f"{_ms(total.median_ms)} ms, 95th percentile {_ms(total.p95_ms)} ms, "
            f"{self.failure_rate:.1%} failed"
        )

    def table(
        self,
        sort: LoadSort | None = None,
        *,
        descending: bool = False,
        limit: int | None = None,
        aggregated: bool = True,
    ) -> MarkdownTable:
        """Requests, failures, median and 95th percentile latency and requests/s per endpoint.

        ``sort`` is one of ``requests``, ``failures``, ``median``, ``p95``, ``rps`` (default:
        Locust's own order), ascending unless ``descending``; ``limit`` keeps the first rows;
        the Aggregated row comes last. A bad sort or limit is a ``ValueError``.
        """
        check_limit(limit)
        rows = list(self.endpoints)
        if sort is not None:
            check_choice("sort", sort, get_args(LoadSort))
            attr = {"median": "median_ms", "p95": "p95_ms"}.get(sort, sort)
            # Rows without a value (N/A) go last whichever the direction.
            rows = sorted(
                (e for e in rows if getattr(e, attr) is not None),
                key=lambda e: getattr(e, attr),
                reverse=descending,
            ) + [e for e in rows if getattr(e, attr) is None]
        rows = rows[:limit] + ([self.aggregated] if aggregated else [])
        headers = [
            "Type",
            "Name",
            "Requests",
            "Failures",
            "Median (ms)",
            "95%ile (ms)",
            "Requests/s",
        ]
        return MarkdownTable(headers, [_row(e) for e in rows], ["left", "left"] + ["right"] * 5)

    def figure(
        self,
        *,
        name: str = "load_test",
        alt: str | None = None,
        width: float = 6.4,
        height: float = 3.6,
    ) -> ReportFigure:
        """Median and 95th percentile latency over time, with the user count on a second axis."""
        if not self.history:
            raise LiveDataError(
                "the figure needs the history, found no Aggregated rows",
                path=_history_path(self.source),
                hint=_HINT,
            )
        seconds = [p.seconds for p in self.history]
        fig = new_figure(width, height)
        ax = fig.add_subplot()
        ax.plot(seconds, [_nan(p.median_ms) for p in self.history], label="median")
        ax.plot(seconds, [_nan(p.p95_ms) for p in self.history], label="95th percentile")
        ax.set_xlabel("seconds since start")
        ax.set_ylabel("response time (ms)")
        users = ax.twinx()
        users.plot(
            seconds,
            [p.users for p in self.history],
            drawstyle="steps-post",
            color="grey",
            linestyle="--",
            label="users",
        )
        users.set_ylabel("users")
        handles = ax.get_legend_handles_labels()[0] + users.get_legend_handles_labels()[0]
        ax.legend(handles=handles, loc="upper left")
        alt = alt or (
            f"Locust load test: median and 95th percentile response time over "
            f"{self.duration_s:.0f} s with up to {self.peak_users} users"
        )
        return ReportFigure(fig, name=name, alt=alt)


def read(prefix_or_path: str | Path) -> LoadTest:
    """Read ``PREFIX_stats.csv`` (required) and the history and failures files next to it.

    Pass the ``--csv`` prefix, or the path of any of the files Locust wrote.
    """
    prefix = str(prefix_or_path)
    suffix = next((s for s in _SUFFIXES if prefix.endswith(s)), "")
    prefix = prefix[: len(prefix) - len(suffix)]
    stats = Path(prefix + "_stats.csv")
    if not stats.is_file():
        raise LiveDataError("Locust stats not found", path=stats, hint=_HINT)
    rows = [_endpoint(cells) for cells in _rows(stats, _STATS)]
    totals = [e for e in rows if _is_total(e.method, e.name)]
    if not totals:
        raise LiveDataError("expected a final 'Aggregated' row", path=stats, hint=_HINT)
    history_path = Path(prefix + "_stats_history.csv")
    history = _history(history_path) if history_path.is_file() else []
    failures_path = Path(prefix + "_failures.csv")
    failures = (
        [_failure(c) for c in _rows(failures_path, _FAILURES)] if failures_path.is_file() else []
    )
    endpoints = [e for e in rows if not _is_total(e.method, e.name)]
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
        raise LiveDataError(f"not a readable CSV file ({exc})", path=path, hint=_HINT) from None
    if not table:
        raise LiveDataError("empty file, expected a header row", path=path, hint=_HINT)
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
    rows = [c for c in _rows(path, _HISTORY) if _is_total("", c.text("name"))]
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


def _is_total(method: str, name: str) -> bool:
    # Locust 1.x/2.x write ("", "Aggregated"); Locust 0.x wrote ("None", "Total").
    return method in ("", "None") and name in ("Aggregated", "Total")


def _row(e: Endpoint) -> list[Any]:
    failures = f"{e.failures} ({e.failure_rate:.1%})" if e.requests else str(e.failures)
    name = "Aggregated" if _is_total(e.method, e.name) else e.name
    return [
        e.method if e.method != "None" else "",
        name,
        e.requests,
        failures,
        _ms(e.median_ms),
        _ms(e.p95_ms),
        f"{e.rps:.2f}",
    ]


def _ms(value: float | None) -> str:
    return "N/A" if value is None else f"{value:.0f}"


def _nan(value: float | None) -> float:
    # A gap in the line where Locust had no response yet, rather than a fake 0 ms.
    return math.nan if value is None else value


def _history_path(stats: str) -> str:
    return stats.removesuffix("_stats.csv") + "_stats_history.csv"
