"""Optional dependencies of the live data sources: imported on first use, never at import time.

A missing one fails with the ``pip install 'report-nb[<extra>]'`` line that brings it, so a
student sees which extra to install instead of a bare ``ModuleNotFoundError``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from report_nb.errors import LiveDataError

__all__ = ["require"]


def require(module: str, extra: str) -> ModuleType:
    """Import an optional dependency, or fail with the ``pip install`` line that brings it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise LiveDataError(
            f"this needs the optional package '{module.split('.')[0]}'",
            hint=f"pip install 'report-nb[{extra}]'",
        ) from None
