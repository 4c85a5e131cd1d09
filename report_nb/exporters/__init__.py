"""nbconvert exporters of report-nb, one per module: the course README and the HTML report.

Registered as the ``report_readme`` and ``report_html`` entry points of ``nbconvert.exporters``;
imported lazily here, so that importing one does not import the other.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {"ReadmeExporter": "readme", "ReportHTMLExporter": "html"}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
