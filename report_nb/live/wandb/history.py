"""One W&B run as data: :class:`RunHistory`, the type every reader of a run produces.

Both readers build it: the ``.wandb`` log reader (:mod:`report_nb.live.wandb.log`) and the public
API fetch (:mod:`report_nb.live.wandb.api`); collections of runs turn into tables and figures in
:mod:`report_nb.live.wandb.runs`. Metric names are flat (``"train/loss"``, see :func:`flatten`).
Asking for a metric no run logged, or for a mode that does not exist, is the caller's mistake
(``ValueError``); a metric that was logged but holds no usable value is a ``LiveDataError``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from report_nb.errors import LiveDataError
from report_nb.live.arguments import check_choice

__all__ = ["BestMode", "RunHistory", "flatten", "is_number"]

#: Which end of a metric counts as its best value.
BestMode = Literal["min", "max"]


@dataclass
class RunHistory:
    """One run: its identity, config, W&B's final ``summary`` dict and a row per logged step.

    ``summary`` is the run's own W&B summary (last or best values the run reported), not a
    sentence; every row holds ``_step`` and the metrics logged at that step.
    """

    id: str
    name: str
    project: str
    config: dict[str, Any] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)
    source: str = field(default="", compare=False)

    @property
    def keys(self) -> list[str]:
        """Logged metric names, sorted (W&B's own ``_step``, ``_runtime``... left out).

        Sorted, not in logging order: W&B's writer does not keep the order of a logged dict's
        keys from one run to the next, and a report must not change when nothing did.
        """
        return sorted({k for row in self.rows for k in row if not k.startswith("_")})

    def logged_name(self, key: str) -> str | None:
        """The name ``key`` is logged under in :attr:`rows`, or ``None`` if it never was."""
        # the server may report a nested metric as "train.loss" where the local log has "train/loss"
        for name in (key, key.replace("/", "."), key.replace(".", "/")):
            if any(name in row for row in self.rows):
                return name
        return None

    def column(self, key: str) -> list[tuple[int, Any]]:
        """``(step, value)`` for every step that logged ``key``."""
        name = self.logged_name(key)
        if name is None:
            available = ", ".join(self.keys) or "none"
            raise ValueError(f"run {self.name!r} logged no metric {key!r} (available: {available})")
        return [(row["_step"], row[name]) for row in self.rows if row.get(name) is not None]

    def last(self, key: str) -> Any:
        """The last logged value of ``key`` (or its summary value if it was never logged)."""
        if self.logged_name(key) is None and key in self.summary:
            return self.summary[key]
        points = self.column(key)
        if not points:
            raise LiveDataError(
                f"run {self.name!r} logged only empty values for {key!r}", path=self.source or None
            )
        return points[-1][1]

    def best(self, key: str, mode: BestMode = "min") -> float:
        """The smallest (``mode="min"``) or largest (``"max"``) logged number of ``key``."""
        check_choice("mode", mode, get_args(BestMode))
        values = [v for _, v in self.column(key) if is_number(v) and not math.isnan(v)]
        if not values:
            raise LiveDataError(
                f"run {self.name!r} logged no numbers for {key!r}", path=self.source or None
            )
        return float(min(values) if mode == "min" else max(values))


def is_number(value: Any) -> bool:
    """Whether ``value`` is a logged int or float (``True``/``False`` are not numbers here)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def flatten(items: Iterable[tuple[str, Any]], prefix: str = "") -> dict[str, Any]:
    """Nested metric dicts as ``"train/loss"`` keys; media dicts (with ``_type``) stay whole."""
    flat: dict[str, Any] = {}
    for key, value in items:
        name = f"{prefix}{key}"
        if hasattr(value, "items") and "_type" not in value:  # dict-like, not a media object
            flat.update(flatten(value.items(), name + "/"))
        elif name != "_wandb" and not name.startswith("_wandb/"):
            flat[name] = value
    return flat
