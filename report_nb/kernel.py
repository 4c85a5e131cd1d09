"""Kernel-side helpers: what code cells call to talk to the build.

They publish special outputs that the build reads back from the executed notebook:

* ``glue(name, value)``: a value for ``{{ name }}`` placeholders in answer text;
* ``record_input(path)``: a file the cell read, so the build cache re-runs when it changes;
* ``mark_stale(source, saved_at)``: the cell used data saved by an earlier build because the
  build ran ``--offline``; ``check`` and the HTML show the question as stale.

Outside a kernel (plain Python, tests) they still work: values go to :data:`published`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from report_nb.io import sha256
from report_nb.protocol import (
    GLUE_MIME,
    INPUT_MIME,
    OFFLINE_ENV,
    SNAPSHOT_DIR,
    SNAPSHOT_ENV,
    STALE_MIME,
    STATE_DIR,
)

#: What was published when no kernel is running, by MIME type (for scripts and tests).
published: dict[str, list[dict[str, Any]]] = {}


def _publish(mime: str, payload: dict[str, Any], plain: str | None = None) -> None:
    from IPython import get_ipython  # ipykernel, a dependency, brings IPython

    if get_ipython() is not None:
        from IPython.display import display

        bundle: dict[str, Any] = {mime: payload}
        if plain is not None:  # what JupyterLab shows; the build reads only ``mime``
            bundle["text/plain"] = plain
        display(bundle, raw=True)
    else:
        published.setdefault(mime, []).append(payload)


def glue(name: str, value: Any, fmt: str | None = None) -> None:
    """Publish ``value`` as the text of ``{{ name }}`` in this question's answers."""
    if not name.isidentifier():
        raise ValueError(f"glue name {name!r} must be a Python identifier")
    text = format(value, fmt) if fmt else str(value)
    _publish(GLUE_MIME, {"name": name, "text": text}, plain=f"{name} = {text}")


def record_input(path: str | Path) -> None:
    """Tell the build that this cell read ``path`` (its content joins the cache key)."""
    path = Path(path)
    digest = sha256(path.read_bytes()) if path.is_file() else None
    _publish(INPUT_MIME, {"path": os.fspath(path.resolve()), "sha256": digest})


def mark_stale(source: str, saved_at: str) -> None:
    """Tell the build that ``source`` was read from a snapshot of ``saved_at``, not fetched."""
    _publish(STALE_MIME, {"source": source, "saved_at": saved_at})


def is_offline(offline: bool | None = None) -> bool:
    """``offline`` if given, else whether the build runs with ``--offline``."""
    if offline is not None:
        return offline
    return os.environ.get(OFFLINE_ENV, "") not in ("", "0", "false", "False")


def snapshot_dir() -> Path:
    """Folder where network sources keep the data of their last successful fetch."""
    return Path(os.environ.get(SNAPSHOT_ENV) or Path(STATE_DIR) / SNAPSHOT_DIR)
