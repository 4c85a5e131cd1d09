"""Weights & Biases runs as data for question 14: read the logged curves instead of screenshots.

* :func:`history` reads one local run (``wandb/offline-run-<time>-<id>/run-<id>.wandb``, written
  by ``wandb.init(mode="offline")`` and by online runs alike); :func:`local_runs` reads every run
  of a ``wandb/`` folder, oldest first (:mod:`~report_nb.live.wandb.offline`, on the record log
  reader :mod:`~report_nb.live.wandb.log`);
* :func:`api_history` fetches a synced run through the W&B public API and keeps a snapshot for
  ``--offline`` builds (:mod:`~report_nb.live.wandb.api`).

Each run is a :class:`RunHistory`; a :class:`Runs` list of them has a ``summary`` sentence,
``figure()``, ``table()`` and ``best_run()`` (:mod:`~report_nb.live.wandb.runs`; :func:`figure`
and :func:`table` are shorthands taking a run or a list). Importing this package imports neither
wandb nor matplotlib.
"""

from __future__ import annotations

from report_nb.live.wandb.api import api_history
from report_nb.live.wandb.history import RunHistory
from report_nb.live.wandb.offline import history, latest_offline_run, local_runs
from report_nb.live.wandb.runs import Runs, figure, table

__all__ = [
    "RunHistory",
    "Runs",
    "api_history",
    "figure",
    "history",
    "latest_offline_run",
    "local_runs",
    "table",
]
