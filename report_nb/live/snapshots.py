"""Offline snapshots of the network sources (W&B API, BigQuery): the one place that saves them.

A network source fetches through :func:`fetch_or_load`. Online, the fetched value is saved as
JSON under ``<snapshot_dir>/<kind>/<name>.json`` (``{"source", "saved_at", "data"}``, written
atomically); with ``--offline`` (or ``offline=True``) the last saved value is loaded instead,
recorded as a build input and the question is marked stale, so ``check`` and the HTML say the
data is not fresh. A missing or unreadable snapshot is a :class:`LiveDataError` naming the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

from report_nb import kernel
from report_nb.errors import LiveDataError
from report_nb.io import atomic_write

__all__ = ["Snapshot", "fetch_or_load"]

T = TypeVar("T")


@dataclass(frozen=True)
class Snapshot:
    """Where the last fetch of one ``source`` (e.g. ``"wandb:entity/project/id"``) is kept."""

    source: str
    path: Path

    @classmethod
    def of(cls, source: str, kind: str, name: str) -> Snapshot:
        """The snapshot of ``source``: ``<snapshot_dir>/<kind>/<name>.json``, ``name`` made safe."""
        safe = re.sub(r"[^\w.-]", "_", name)
        return cls(source, kernel.snapshot_dir() / kind / f"{safe}.json")

    def save(self, data: Any) -> str:
        """Write ``data`` (JSON-able) with the source and the time now; return that time."""
        saved_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        document = {"source": self.source, "saved_at": saved_at, "data": data}
        atomic_write(self.path, json.dumps(document, indent=1, default=str).encode("utf-8"))
        return saved_at

    def load(self, decode: Callable[[Any], T]) -> T:
        """The saved data through ``decode``; records the file and marks the source stale."""
        if not self.path.is_file():
            raise LiveDataError(
                f"offline, and no saved copy of {self.source}",
                path=self.path,
                hint="build once online (without --offline) so it is fetched and saved",
            )
        kernel.record_input(self.path)  # offline builds re-run when the snapshot changes
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
            value, saved_at = decode(document["data"]), str(document["saved_at"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise LiveDataError(
                f"unreadable snapshot of {self.source} ({type(error).__name__})",
                path=self.path,
                hint="build once online to save it again",
            ) from None
        kernel.mark_stale(self.source, saved_at)
        return value


def fetch_or_load(
    snapshot: Snapshot,
    fetch: Callable[[], T],
    encode: Callable[[T], Any],
    decode: Callable[[Any], T],
    offline: bool | None = None,
) -> T:
    """Offline: the saved value (stale). Online: ``fetch()``, saved through ``encode`` first."""
    if kernel.is_offline(offline):
        return snapshot.load(decode)
    value = fetch()
    snapshot.save(encode(value))
    return value
