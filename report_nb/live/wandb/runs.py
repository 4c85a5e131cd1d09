"""Several W&B runs as report output: :class:`Runs`, shaped like the other sources.

Its ``figure()`` draws e.g. a sweep's loss curves, its ``table()`` the final or best values per
run, like ``table()``/``figure()`` of coverage, Locust and the Google Cloud costs.

``Runs`` is a list of :class:`~report_nb.live.wandb.history.RunHistory` (from
:func:`~report_nb.live.wandb.local_runs`, or ``Runs([...])`` of runs read one by one). The
module-level :func:`figure` and :func:`table` are thin shorthands for ``Runs(runs).figure(...)``.
A metric no run logged, a bad mode, sort or layout is a ``ValueError`` listing what is available.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, get_args

from report_nb.live.arguments import check_choice, check_limit
from report_nb.live.figures import ReportFigure, new_figure
from report_nb.live.tables import MarkdownTable
from report_nb.live.wandb.history import BestMode, RunHistory, is_number

__all__ = ["Runs", "TableMode", "figure", "table"]

#: What a table cell shows: the last logged value, or the best one (``"min"``/``"max"``).
TableMode = Literal["last", "min", "max"]


class Runs(list[RunHistory]):
    """A list of runs that draws one figure and one table for all of them."""

    def __init__(self, runs: Iterable[RunHistory] = ()) -> None:
        super().__init__(runs)
        wrong = dict.fromkeys(type(r).__name__ for r in self if not isinstance(r, RunHistory))
        if wrong:
            raise TypeError(f"Runs holds RunHistory objects, not {', '.join(wrong)}")

    @classmethod
    def of(cls, runs: RunHistory | Iterable[RunHistory]) -> Runs:
        """``runs`` as :class:`Runs` (one run, or any iterable of runs)."""
        return (
            runs
            if isinstance(runs, Runs)
            else cls([runs] if isinstance(runs, RunHistory) else runs)
        )

    @property
    def labels(self) -> list[str]:
        """The runs' names in legends and tables; a name several runs share gets the run id."""
        names = [run.name or run.id for run in self]
        return [
            f"{n} ({r.id})" if names.count(n) > 1 else n for n, r in zip(names, self, strict=True)
        ]

    @property
    def summary(self) -> str:
        """One sentence for the answer, e.g. ``2 runs (a, b) logged train/loss and val/acc ...``.

        Not to be confused with :attr:`RunHistory.summary`, W&B's own dict of final values.
        """
        if not self:
            return "no W&B runs"
        metrics = sorted({k for run in self for k in run.keys})
        shown = metrics[:6] + ([f"{len(metrics) - 6} more"] if len(metrics) > 6 else [])
        listing = ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else "".join(shown)
        runs = f"{len(self)} run{'s' if len(self) > 1 else ''} ({', '.join(self.labels)})"
        steps = max(len(run.rows) for run in self)
        return f"{runs} logged {listing or 'no metrics'} over up to {steps} steps"

    def best_run(self, key: str, mode: BestMode = "min") -> RunHistory:
        """The run with the smallest (``"min"``) or largest (``"max"``) logged value of ``key``."""
        check_choice("mode", mode, get_args(BestMode))
        self._check_known([key], summary=False)
        logged = [run for run in self if run.logged_name(key) is not None]
        best = min if mode == "min" else max
        return best(logged, key=lambda run: run.best(key, mode))

    def figure(
        self,
        metrics: str | Sequence[str],
        *,
        x: str = "_step",
        name: str | None = None,
        title: str | None = None,
        layout: tuple[int, int] | None = None,
    ) -> ReportFigure:
        """One subplot per metric, one line per run (legend: run names), e.g. a sweep's curves.

        ``x`` is the logged key on the horizontal axis (default: the step); ``layout`` is
        ``(rows, columns)`` of subplots (default: up to three in a row); ``name`` the figure file
        stem (default ``wandb_<metrics>``).
        """
        metrics = _names(metrics)
        self._check_known([*metrics, x], summary=False)
        rows, cols = layout or ((len(metrics) + 2) // 3, min(len(metrics), 3))
        if rows * cols < len(metrics):
            raise ValueError(f"layout {rows}x{cols} has no room for {len(metrics)} metrics")
        fig = new_figure(min(4.2 * cols, 12.6), 3.2 * rows)
        axes = list(fig.subplots(rows, cols, squeeze=False).ravel())
        for ax, metric in zip(axes, metrics, strict=False):
            for run, label in zip(self, self.labels, strict=True):
                points = _series(run, metric, x)
                if points:
                    ax.plot(*zip(*points, strict=True), label=label)
            ax.set_title(metric)
            ax.set_xlabel("step" if x == "_step" else x)
            ax.grid(alpha=0.3)
        for ax in axes[len(metrics) :]:
            fig.delaxes(ax)
        axes[0].legend(fontsize="small")
        if title:
            fig.suptitle(title)
        slug = re.sub(r"[^A-Za-z0-9]+", "_", "-".join(metrics)).strip("_")
        alt = f"W&B {', '.join(metrics)} by {axes[0].get_xlabel()} for {', '.join(self.labels)}"
        return ReportFigure(fig, name=name or f"wandb_{slug}", alt=alt)

    def table(
        self,
        metrics: str | Sequence[str],
        *,
        mode: TableMode = "last",
        config: Sequence[str] = (),
        fmt: str = ".4g",
        sort: str | None = None,
        descending: bool = False,
        limit: int | None = None,
    ) -> MarkdownTable:
        """Final (``mode="last"``) or best (``"min"``/``"max"``) value of each metric, per run.

        ``config`` adds columns of config values (``"optimizer.name"`` reaches into nested
        config); ``sort`` is one of ``metrics`` (runs without a number for it go last), ascending
        unless ``descending``; ``limit`` keeps the first rows.
        """
        metrics = _names(metrics)
        check_choice("mode", mode, get_args(TableMode))
        check_limit(limit)
        self._check_known(metrics)
        values = [[_value(run, metric, mode) for metric in metrics] for run in self]
        order = list(range(len(self)))
        if sort is not None:
            column = metrics.index(check_choice("sort", sort, metrics))
            numbers = [i for i in order if is_number(values[i][column])]
            numbers.sort(key=lambda i: values[i][column], reverse=descending)
            order = numbers + [i for i in order if i not in numbers]
        suffix = "" if mode == "last" else f" ({mode})"
        headers = ["Run", *config, *(m + suffix for m in metrics)]
        rows = [
            [
                self.labels[i],
                *(_cell(_lookup(self[i].config, key), fmt) for key in config),
                *(_cell(value, fmt) for value in values[i]),
            ]
            for i in order[:limit]
        ]
        return MarkdownTable(headers, rows, align=["left"] + ["right"] * (len(headers) - 1))

    def _check_known(self, keys: Iterable[str], summary: bool = True) -> None:
        if not self:
            raise ValueError("no runs given: pass a RunHistory or a list of them")
        for key in keys:
            # a value only in the summary fills a table cell but draws no curve
            if not any(_has(run, key, summary) for run in self):
                available = ", ".join(sorted({k for run in self for k in run.keys}))
                raise ValueError(f"no run logged {key!r} (available: {available or 'none'})")


def figure(
    runs: RunHistory | Iterable[RunHistory],
    metrics: str | Sequence[str],
    *,
    x: str = "_step",
    name: str | None = None,
    title: str | None = None,
    layout: tuple[int, int] | None = None,
) -> ReportFigure:
    """Shorthand for ``Runs.of(runs).figure(metrics, ...)``: see :meth:`Runs.figure`."""
    return Runs.of(runs).figure(metrics, x=x, name=name, title=title, layout=layout)


def table(
    runs: RunHistory | Iterable[RunHistory],
    metrics: str | Sequence[str],
    *,
    mode: TableMode = "last",
    config: Sequence[str] = (),
    fmt: str = ".4g",
    sort: str | None = None,
    descending: bool = False,
    limit: int | None = None,
) -> MarkdownTable:
    """Shorthand for ``Runs.of(runs).table(metrics, ...)``: see :meth:`Runs.table`."""
    return Runs.of(runs).table(
        metrics, mode=mode, config=config, fmt=fmt, sort=sort, descending=descending, limit=limit
    )


def _names(metrics: str | Sequence[str]) -> list[str]:
    names = [metrics] if isinstance(metrics, str) else list(metrics)
    if not names:
        raise ValueError("no metrics given: pass a metric name or a list of them")
    return names


def _has(run: RunHistory, key: str, summary: bool) -> bool:
    return run.logged_name(key) is not None or (summary and key in run.summary)


def _value(run: RunHistory, metric: str, mode: TableMode) -> Any:
    if not _has(run, metric, summary=mode == "last"):
        return None
    return run.last(metric) if mode == "last" else run.best(metric, mode)


def _series(run: RunHistory, metric: str, x: str) -> list[tuple[float, float]]:
    key, x_key = run.logged_name(metric), run.logged_name(x)
    if key is None or x_key is None:
        return []
    return [
        (row[x_key], row[key])
        for row in run.rows
        if is_number(row.get(key)) and is_number(row.get(x_key))
    ]


def _lookup(config: Mapping[str, Any], key: str) -> Any:
    if key in config:
        return config[key]
    value: Any = config
    for part in re.split(r"[./]", key):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _cell(value: Any, fmt: str) -> str:
    if value is None:
        return "-"
    return format(value, fmt) if is_number(value) else str(value)
