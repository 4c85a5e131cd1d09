"""Data sources for code cells: coverage, Weights & Biases, Google Cloud costs, Locust load tests.

Each source is its own module or subpackage (:mod:`~report_nb.live.coverage`,
:mod:`~report_nb.live.wandb`, :mod:`~report_nb.live.gcp`, :mod:`~report_nb.live.locust`) with
the same shape: a reader gives an object with a one-sentence ``summary`` property, ``table()``
(a Markdown table; ``sort`` keys are ``Literal`` names, ``descending=False`` by default) and,
where it makes sense, ``figure()`` (a named PNG). A missing or malformed data file is a
:class:`LiveDataError`; a bad argument (unknown sort key, metric or mode) a ``ValueError``.
Optional dependencies are imported when first used (:mod:`~report_nb.live.extras`), so
``import report_nb.live.<source>`` stays cheap; the network sources keep their last fetch for
``--offline`` builds (:mod:`~report_nb.live.snapshots`). Use them from a code cell::

    from report_nb.live import coverage
    cov = coverage.read("../coverage.xml")
    report_nb.glue("coverage", cov.total_display)
    cov.table()          # shown as a Markdown table in the README
"""

from __future__ import annotations

from report_nb.errors import LiveDataError

__all__ = ["LiveDataError"]
