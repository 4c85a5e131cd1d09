"""Runs on disk: find a run's ``.wandb`` log from the ways a student names it, and read it.

``wandb.init(mode="offline")`` (and an online run alike) writes
``wandb/offline-run-<YYYYMMDD_HHMMSS>-<id>/run-<id>.wandb`` (``run-<time>-<id>`` for online runs).
:func:`history` reads one run, :func:`local_runs` every run of a ``wandb/`` folder in the order
they started, :func:`latest_offline_run` finds the newest folder. A path that holds no run is a
``LiveDataError`` naming it, with the run ids that are there.
"""

from __future__ import annotations

import re
from pathlib import Path

from report_nb.errors import LiveDataError
from report_nb.live.wandb.history import RunHistory
from report_nb.live.wandb.log import read_log
from report_nb.live.wandb.runs import Runs

__all__ = ["history", "latest_offline_run", "local_runs"]


def history(run: str | Path, run_id: str | None = None) -> RunHistory:
    """Read a local run: its folder, its ``.wandb`` file, or a ``wandb/`` folder plus ``run_id``."""
    return read_log(_wandb_file(Path(run), run_id))


def local_runs(wandb_dir: str | Path = "wandb") -> Runs:
    """Every run in ``wandb_dir`` (``offline-run-*`` and ``run-*`` folders), oldest first.

    Runs started in the same second are in the order of their folder names.
    """
    folders = _run_folders(Path(wandb_dir))
    if not folders:
        raise LiveDataError(
            "no W&B runs (offline-run-*/run-*.wandb or run-*/run-*.wandb) in this folder",
            path=wandb_dir,
            hint="pass the wandb/ folder your training wrote, e.g. wandb.init(mode='offline')",
        )
    # by the start time in the name, then the name: the same order on every checkout (mtimes
    # are not kept by git), and the order `sorted(glob("offline-run-*"))` gives
    return Runs(history(folder) for folder in sorted(folders, key=lambda f: (_stamp(f), f.name)))


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


def _run_folders(wandb_dir: Path) -> list[Path]:
    if not wandb_dir.is_dir():
        raise LiveDataError("no such wandb folder", path=wandb_dir)
    found = (f for f in wandb_dir.glob("*run-*-*") if f.is_dir() and not f.is_symlink())
    return [f for f in found if any(f.glob("run-*.wandb"))]


def _stamp(folder: Path) -> str:
    """The start time in ``offline-run-<YYYYMMDD_HHMMSS>-<id>`` (``run-<time>-<id>``), or ``""``."""
    match = re.match(r"(?:offline-)?run-(\d{8}_\d{6})-", folder.name)
    return match[1] if match else ""


def _run_order(folder: Path) -> tuple[str, int]:
    # the name holds the start time to the second; the log's mtime breaks ties within a second
    return _stamp(folder), max(f.stat().st_mtime_ns for f in folder.glob("run-*.wandb"))


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
    # from the log's own name (run-<id>.wandb): an id may contain dashes, the folder name too
    logs = (log for f in wandb_dir.glob("*run-*-*") if f.is_dir() for log in f.glob("run-*.wandb"))
    return {log.name.removeprefix("run-").removesuffix(".wandb") for log in logs}
