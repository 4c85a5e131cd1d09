"""A Locust load test as numbers, a Markdown table and a latency-over-time figure.

This module owns :class:`LoadTest` (the endpoints, the Aggregated row and, when Locust wrote them,
the history and the failures; its ``summary`` sentence, ``table()`` and ``figure()``) and its rows:
:class:`Endpoint`, :class:`HistoryPoint` and :class:`Failure`. A latency Locust had no value for
yet ("N/A") is ``None``: N/A in the table, a gap in the figure. Reading them from Locust's CSV
files is :mod:`~report_nb.live.locust.files`'s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from report_nb.errors import LiveDataError
from report_nb.live.arguments import check_choice, check_limit
from report_nb.live.figures import ReportFigure, new_figure
from report_nb.live.tables import MarkdownTable

__all__ = ["HINT", "Endpoint", "Failure", "HistoryPoint", "LoadSort", "LoadTest", "is_total"]

#: How to get the files report-nb reads, for every error about them.
HINT = "run locust with --csv PREFIX (it writes PREFIX_stats.csv and PREFIX_stats_history.csv)"
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
                hint=HINT,
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


def is_total(method: str, name: str) -> bool:
    """Whether a row is the Aggregated (total) row rather than an endpoint's."""
    # Locust 1.x/2.x write ("", "Aggregated"); Locust 0.x wrote ("None", "Total").
    return method in ("", "None") and name in ("Aggregated", "Total")


def _row(e: Endpoint) -> list[Any]:
    failures = f"{e.failures} ({e.failure_rate:.1%})" if e.requests else str(e.failures)
    name = "Aggregated" if is_total(e.method, e.name) else e.name
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
