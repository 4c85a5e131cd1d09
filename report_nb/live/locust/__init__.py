"""Locust load-test results for report question 25: the CSV files of ``locust --csv PREFIX``.

This package owns the results of one Locust run: :func:`read` takes ``PREFIX_stats.csv`` and the
optional history and failures files next to it (:mod:`~report_nb.live.locust.files`) and gives a
:class:`LoadTest` (:mod:`~report_nb.live.locust.load_test`): the endpoints and the Aggregated
row, with a ``summary`` sentence, ``table()`` and a latency-over-time ``figure()``. Importing this
package does not import matplotlib.
"""

from __future__ import annotations

from report_nb.live.locust.files import read
from report_nb.live.locust.load_test import Endpoint, Failure, HistoryPoint, LoadSort, LoadTest

__all__ = ["Endpoint", "Failure", "HistoryPoint", "LoadSort", "LoadTest", "read"]
