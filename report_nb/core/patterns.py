"""Regular expressions compiled on first use, for those a ``check`` of most reports never runs.

Compiling a pattern costs tens to hundreds of microseconds (``re`` compiles in Python); the
checker's modules compile at import only what every check matches. The rest (checklist items,
headings, misplaced markers, tables, HTML) are declared with :func:`lazy`, one line each as
before, and called: ``_HEADING().match(line)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, partial

__all__ = ["lazy"]


def lazy(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """``re.compile(pattern, flags)``, compiled by the first call and kept."""
    return cache(partial(re.compile, pattern, flags))
