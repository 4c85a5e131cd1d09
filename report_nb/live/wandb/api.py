"""Synced runs through the W&B public API, kept as snapshots for ``--offline`` builds.

:func:`api_history` fetches ``"entity/project/run_id"`` with ``wandb.Api()`` (the ``wandb``
extra) and saves it through :mod:`report_nb.live.snapshots`; an ``--offline`` build loads that
copy and marks the question stale. A malformed run path is a ``ValueError``; a failed fetch is a
one-line ``LiveDataError`` whose hint says what to do (log in, check the network, go offline).
"""

from __future__ import annotations

from typing import Any

from report_nb.errors import LiveDataError
from report_nb.live.extras import require
from report_nb.live.snapshots import Snapshot, fetch_or_load
from report_nb.live.wandb.history import RunHistory, flatten

__all__ = ["api_history"]

_FIELDS = ("id", "name", "project", "config", "summary", "rows")


def api_history(path: str, *, api: Any = None, offline: bool | None = None) -> RunHistory:
    """A synced run ``"entity/project/run_id"`` through the W&B public API, or its snapshot.

    ``path`` may also be the ``entity/project/runs/run_id`` form of the run's URL. ``api`` is a
    ``wandb.Api()`` to use (default: a new one); ``offline`` overrides the build's ``--offline``.
    """
    entity, project, run_id = _split_path(path)
    run_path = f"{entity}/{project}/{run_id}"
    source = f"wandb:{run_path}"
    snapshot = Snapshot.of(source, "wandb", f"{entity}_{project}_{run_id}")

    def fetch() -> RunHistory:
        run = _fetch(run_path, api, snapshot)
        run.source = source
        return run

    def decode(data: dict[str, Any]) -> RunHistory:
        return RunHistory(**data, source=source)

    return fetch_or_load(snapshot, fetch, _encode, decode, offline)


def _encode(run: RunHistory) -> dict[str, Any]:
    return {name: getattr(run, name) for name in _FIELDS}


def _split_path(path: str) -> tuple[str, str, str]:
    parts = path.strip().strip("/").split("/")
    if len(parts) == 4 and parts[2] == "runs":  # the form in a run's URL
        del parts[2]
    if len(parts) != 3 or not all(parts):
        raise ValueError(
            f"W&B run path {path!r} is not 'entity/project/run_id' "
            "(copy it from the run's Overview page in W&B)"
        )
    return parts[0], parts[1], parts[2]


def _fetch(path: str, api: Any, snapshot: Snapshot) -> RunHistory:
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


def _fetch_error(path: str, error: Exception, snapshot: Snapshot) -> LiveDataError:
    names = {cls.__name__ for cls in type(error).__mro__}
    detail = (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
    if names & {"AuthenticationError", "UsageError"}:
        hint = "run `wandb login` once (or set WANDB_API_KEY), or build with --offline"
    elif snapshot.path.is_file():
        hint = "check the network, or build with --offline to use the saved snapshot"
    else:
        hint = "check the network and the run path; --offline needs one successful build first"
    return LiveDataError(f"cannot fetch W&B run {path}: {detail}", hint=hint)
