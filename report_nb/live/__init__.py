"""Data sources for code cells: coverage, Weights & Biases, Google Cloud costs, Locust load tests.

Each source is its own module and imports its optional dependency only when called, so
``import report_nb.live`` stays cheap. Use them from a code cell inside a question::

    from report_nb.live import coverage
    cov = coverage.read("../coverage.xml")
    report_nb.glue("coverage", cov.total)
    cov.table()          # shown as a Markdown table in the README
"""

from __future__ import annotations

import importlib
from types import ModuleType

from report_nb.errors import LiveDataError

__all__ = ["LiveDataError", "require"]


def require(module: str, extra: str) -> ModuleType:
    """Import an optional dependency, or fail with the ``pip install`` line that brings it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise LiveDataError(
            f"this needs the optional package '{module.split('.')[0]}'",
            hint=f"pip install 'report-nb[{extra}]'",
        ) from None
