"""Weights & Biases runs as data for question 14: read the logged curves instead of screenshots.

:func:`history` reads a local run (``wandb/offline-run-<time>-<id>/run-<id>.wandb``, written by
``wandb.init(mode="offline")`` and by online runs alike); :func:`api_history` fetches a synced run
through the W&B public API and keeps a JSON snapshot for ``--offline`` builds. Both give a
:class:`RunHistory`, which :func:`figure` and :func:`table` turn into report output. Reading
the ``.wandb`` record log itself is the job of :mod:`report_nb.live.wandb_log`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from report_nb import kernel
from report_nb.errors import LiveDataError
from report_nb.io import atomic_write
from report_nb.live import require
from report_nb.live.figures import ReportFigure, new_figure
from report_nb.live.tables import MarkdownTable
from report_nb.live.wandb_log import apply_record, flatten, records, version_error

__all__ = ["RunHistory", "api_history", "figure", "history", "latest_offline_run", "table"]


@dataclass
class RunHistory:
    """One run: its identity, config, final summary and one row per logged step (``_step``)."""

    id: str
    name: str
    project: str
    config: dict[str, Any] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)
    source: str = field(default="", compare=False)

    @property
    def keys(self) -> list[str]:
        """Logged metric names, first seen first (W&B's own ``_step``, ``_runtime``... left out)."""
        seen = dict.fromkeys(k for row in self.rows for k in row if not k.startswith("_"))
        return list(seen)

    def _key(self, key: str) -> str | None:
        # the server may report a nested metric as "train.loss" where the local log has "train/loss"
        for name in (key, key.replace("/", "."), key.replace(".", "/")):
            if any(name in row for row in self.rows):
                return name
        return None

    def _unknown(self, key: str) -> LiveDataError:
        return LiveDataError(
            f"run {self.name!r} logged no metric {key!r}",
            path=self.source or None,
            hint="available: " + (", ".join(self.keys) or "none"),
        )

    def column(self, key: str) -> list[tuple[int, Any]]:
        """``(step, value)`` for every step that logged ``key``."""
        name = self._key(key)
        if name is None:
            raise self._unknown(key)
        return [(row["_step"], row[name]) for row in self.rows if row.get(name) is not None]

    def last(self, key: str) -> Any:
        """The last logged value of ``key`` (or its summary value if it was never logged)."""
        if self._key(key) is None and key in self.summary:
            return self.summary[key]
        points = self.column(key)
        if not points:
            raise LiveDataError(
                f"run {self.name!r} logged only empty values for {key!r}", path=self.source or None
            )
        return points[-1][1]

    def best(self, key: str, mode: str = "min") -> float:
        """The smallest (``mode="min"``) or largest (``"max"``) logged number of ``key``."""
        if mode not in ("min", "max"):
            raise LiveDataError(f"best() mode must be 'min' or 'max', not {mode!r}")
        values = [v for _, v in self.column(key) if _number(v) and not math.isnan(v)]
        if not values:
            raise LiveDataError(
                f"run {self.name!r} logged no numbers for {key!r}", path=self.source or None
            )
        return min(values) if mode == "min" else max(values)


def history(run: str | Path, run_id: str | None = None) -> RunHistory:
    """Read a local run: its folder, its ``.wandb`` file, or a ``wandb/`` folder plus ``run_id``."""
    path = _wandb_file(Path(run), run_id)
    result = RunHistory(id="", name="", project="", source=str(path))
    try:
        for record in records(path):
            apply_record(result, record)
    except (AttributeError, ValueError) as error:  # a record layout this module does not know
        raise version_error(f"{type(error).__name__}: {error}") from None
    except LiveDataError as error:
        error.path = error.path or str(path)
        raise
    result.name = result.name or result.id
    kernel.record_input(path)
    return result


def latest_offline_run(wandb_dir: str | Path = "wandb") -> Path:
    """The folder of the most recent ``offline-run-*`` in ``wandb_dir``."""
    folders = [f for f in Path(wandb_dir).glob("offline-run-*") if any(f.glob("run-*.wandb"))]
    if not folders:
        raise LiveDataError(
            "no offline runs (offline-run-*/run-*.wandb) in this folder",
            path=wandb_dir,
            hint="train with wandb.init(mode='offline') first",
        )
    return max(folders, key=_run_order)


def _run_order(folder: Path) -> tuple[str, int]:
    # the name holds the start time to the second; the log's mtime breaks ties within a second
    stamp = folder.name.split("-")[2] if folder.name.count("-") >= 3 else ""
    return stamp, max(f.stat().st_mtime_ns for f in folder.glob("run-*.wandb"))


def _wandb_file(run: Path, run_id: str | None) -> Path:
    if run.is_file():
        return run
    if not run.is_dir():
        raise LiveDataError("no such W&B run folder or .wandb file", path=run)
    if run_id is not None:
        folders = [f for f in run.glob(f"*run-*-{run_id}") if any(f.glob("run-*.wandb"))]
        if not folders:
            raise LiveDataError(
                f"no run {run_id!r} in this wandb folder",
                path=run,
                hint="runs here: " + (", ".join(sorted(_run_ids(run))) or "none"),
            )
        run = max(folders, key=_run_order)
    files = sorted(run.glob("run-*.wandb"))
    if len(files) != 1:
        hint = "pass the run folder, or this folder plus run_id=..."
        if _run_ids(run):
            hint = f"pass run_id= one of {', '.join(sorted(_run_ids(run)))} or latest_offline_run()"
        found = "several run-*.wandb files" if files else "no run-<id>.wandb file"
        raise LiveDataError(f"not a W&B run folder: {found}", path=run, hint=hint)
    return files[0]


def _run_ids(wandb_dir: Path) -> set[str]:
    return {f.name.rsplit("-", 1)[-1] for f in wandb_dir.glob("*run-*-*") if f.is_dir()}


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def api_history(path: str, *, api: Any = None, offline: bool | None = None) -> RunHistory:
    """A synced run ``"entity/project/run_id"`` through the W&B public API, or its snapshot."""
    entity, project, run_id = _split_path(path)
    source = f"wandb:{entity}/{project}/{run_id}"
    snapshot = kernel.snapshot_dir() / "wandb" / f"{entity}_{project}_{run_id}.json"
    if kernel.is_offline(offline):
        run, saved_at = _load_snapshot(snapshot, source)
        kernel.mark_stale(source, saved_at)
        return run
    run = _fetch(f"{entity}/{project}/{run_id}", api, snapshot)
    run.source = source
    saved_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    fields = ("id", "name", "project", "config", "summary", "rows")
    document = {"source": source, "saved_at": saved_at, "run": {k: getattr(run, k) for k in fields}}
    atomic_write(snapshot, json.dumps(document, indent=1, default=str).encode("utf-8"))
    return run


def _split_path(path: str) -> tuple[str, str, str]:
    parts = path.strip().strip("/").split("/")
    if len(parts) == 4 and parts[2] == "runs":  # the form in a run's URL
        del parts[2]
    if len(parts) != 3 or not all(parts):
        raise LiveDataError(
            f"W&B run path {path!r} is not 'entity/project/run_id'",
            hint="copy it from the run's Overview page in W&B",
        )
    return parts[0], parts[1], parts[2]


def _fetch(path: str, api: Any, snapshot: Path) -> RunHistory:
    try:
        api = api if api is not None else require("wandb", "wandb").Api()
        remote = api.run(path)
        rows = [flatten(dict(row).items()) for row in remote.scan_history()]
        config, summary = dict(remote.config), flatten(remote.summary.items())
        name, run_id = str(remote.name or remote.id), str(remote.id)
        project = str(getattr(remote, "project", "") or path.split("/")[1])
    except LiveDataError:
        raise
    except Exception as error:  # the client raises requests, gql, wandb and ValueError errors
        raise _fetch_error(path, error, snapshot) from None
    for index, row in enumerate(rows):
        row["_step"] = int(row.get("_step", index))
    config.pop("_wandb", None)
    return RunHistory(
        id=run_id, name=name, project=project, config=config, summary=summary, rows=rows
    )


def _fetch_error(path: str, error: Exception, snapshot: Path) -> LiveDataError:
    names = {cls.__name__ for cls in type(error).__mro__}
    detail = (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
    if names & {"AuthenticationError", "UsageError"}:
        hint = "run `wandb login` once (or set WANDB_API_KEY), or build with --offline"
    elif snapshot.is_file():
        hint = "check the network, or build with --offline to use the saved snapshot"
    else:
        hint = "check the network and the run path; --offline needs one successful build first"
    return LiveDataError(f"cannot fetch W&B run {path}: {detail}", hint=hint)


def _load_snapshot(snapshot: Path, source: str) -> tuple[RunHistory, str]:
    if not snapshot.is_file():
        raise LiveDataError(
            f"offline, and no saved copy of {source}",
            path=snapshot,
            hint="build once online so the run is fetched and saved",
        )
    kernel.record_input(snapshot)
    try:
        with open(snapshot, encoding="utf-8") as file:
            document = json.load(file)
        run = RunHistory(**document["run"], source=source)
        return run, str(document["saved_at"])
    except (ValueError, KeyError, TypeError) as error:
        raise LiveDataError(
            f"unreadable snapshot of {source} ({type(error).__name__})",
            path=snapshot,
            hint="build once online to save it again",
        ) from None


def figure(
    runs: RunHistory | Sequence[RunHistory],
    metrics: str | Sequence[str],
    *,
    x: str = "_step",
    name: str | None = None,
    title: str | None = None,
    layout: tuple[int, int] | None = None,
) -> ReportFigure:
    """One subplot per metric, one line per run (legend: run names), e.g. a sweep's loss curves."""
    runs, metrics = _as_runs(runs), [metrics] if isinstance(metrics, str) else list(metrics)
    _check_known(runs, [*metrics, x], summary=False)
    rows, cols = layout or ((len(metrics) + 2) // 3, min(len(metrics), 3))
    if rows * cols < len(metrics):
        raise LiveDataError(f"layout {rows}x{cols} has no room for {len(metrics)} metrics")
    fig = new_figure(min(4.2 * cols, 12.6), 3.2 * rows)
    axes = list(fig.subplots(rows, cols, squeeze=False).ravel())
    labels = _labels(runs)
    for ax, metric in zip(axes, metrics, strict=False):
        for run, label in zip(runs, labels, strict=True):
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
    alt = f"W&B {', '.join(metrics)} by {axes[0].get_xlabel()} for {', '.join(labels)}"
    return ReportFigure(fig, name=name or f"wandb_{slug}", alt=alt)


def table(
    runs: RunHistory | Sequence[RunHistory],
    metrics: str | Sequence[str],
    *,
    mode: str = "last",
    config: Sequence[str] = (),
    fmt: str = ".4g",
) -> MarkdownTable:
    """Final (``mode="last"``) or best (``"min"``/``"max"``) value of each metric, a row per run."""
    runs, metrics = _as_runs(runs), [metrics] if isinstance(metrics, str) else list(metrics)
    if mode not in ("last", "min", "max"):
        raise LiveDataError(f"table() mode must be 'last', 'min' or 'max', not {mode!r}")
    _check_known(runs, metrics)
    suffix = "" if mode == "last" else f" ({mode})"
    headers = ["Run", *config, *(m + suffix for m in metrics)]
    rows = []
    for run, label in zip(runs, _labels(runs), strict=True):
        cells = [_cell(_lookup(run.config, key), fmt) for key in config]
        for metric in metrics:
            value = None
            if run._key(metric) is not None or (mode == "last" and metric in run.summary):
                value = run.last(metric) if mode == "last" else run.best(metric, mode)
            cells.append(_cell(value, fmt))
        rows.append([label, *cells])
    return MarkdownTable(headers, rows, align=["left"] + ["right"] * (len(headers) - 1))


def _as_runs(runs: RunHistory | Sequence[RunHistory]) -> list[RunHistory]:
    result = [runs] if isinstance(runs, RunHistory) else list(runs)
    if not result:
        raise LiveDataError("no runs given", hint="pass a RunHistory or a list of them")
    return result


def _check_known(runs: list[RunHistory], keys: Iterable[str], summary: bool = True) -> None:
    for key in keys:
        # a value only in the summary fills a table cell but draws no curve
        if not any(run._key(key) is not None or (summary and key in run.summary) for run in runs):
            available = dict.fromkeys(k for run in runs for k in run.keys)
            raise LiveDataError(
                f"no run logged {key!r}", hint="available: " + (", ".join(available) or "none")
            )


def _labels(runs: list[RunHistory]) -> list[str]:
    names = [run.name or run.id for run in runs]
    # a sweep's runs can share a name; the id tells them apart in the legend
    return [f"{n} ({r.id})" if names.count(n) > 1 else n for n, r in zip(names, runs, strict=True)]


def _series(run: RunHistory, metric: str, x: str) -> list[tuple[float, float]]:
    key, x_key = run._key(metric), run._key(x)
    if key is None or x_key is None:
        return []
    return [
        (row[x_key], row[key])
        for row in run.rows
        if _number(row.get(key)) and _number(row.get(x_key))
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
    return format(value, fmt) if _number(value) else str(value)
