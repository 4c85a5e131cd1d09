"""Literals a regex cannot match without: a cheap ``in`` test before the regex runs.

Python's ``re`` scans a file position by position, trying every branch of a case-insensitive
alternation at each one; most files hold none of what a rule looks for. :func:`needles` reads
the parsed pattern and returns lowercase strings of which every match contains at least one, so
that :func:`may_match` can rule a file out with C-speed substring searches on its lowercased
text. When no such set can be proven (a branch with no literal of three characters), it returns
None and the regex always runs: the prefilter only ever skips work, never changes a result.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (check imports this)
if TYPE_CHECKING:
    from typing import Any

try:  # the parser behind re.compile: re._parser since 3.11, sre_parse (deprecated since) before
    _sre: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - Python 3.10
    _sre = importlib.import_module("sre_parse")

_MIN = 3  # shorter literals rule out too little to be worth a search
_OPS = _sre  # opcode names (LITERAL, BRANCH, ...) are attributes of the parser module


@lru_cache(maxsize=1024)
def needles(pattern: str) -> frozenset[str] | None:
    """Lowercase strings of which every match of ``pattern`` contains one, or None."""
    try:
        parsed = _sre.parse(pattern)
    except re.error:
        return None
    found = _required(list(parsed))
    if found is None or not all(n.isascii() for n in found):
        return None
    return frozenset(found)


def may_match(pattern: str, lowered: str) -> bool:
    """False only when ``pattern`` cannot match the text whose lowercase form is ``lowered``."""
    found = needles(pattern)
    return found is None or any(n in lowered for n in found)


def _required(items: list) -> set[str] | None:
    """The best set of required literals of a sequence of parsed items (None: no such set)."""
    options: list[set[str]] = []
    run: list[str] = []
    for op, arg in items:
        if op is _OPS.LITERAL:
            run.append(chr(arg).lower())
            continue
        if op is _OPS.AT:  # an anchor takes no characters: the run goes on
            continue
        if run:
            options.append({"".join(run)})
            run = []
        inner = _inner(op, arg)
        if inner:
            options.append(inner)
    if run:
        options.append({"".join(run)})
    usable = [o for o in options if min(len(n) for n in o) >= _MIN]
    return max(usable, key=lambda o: min(len(n) for n in o)) if usable else None


def _inner(op: object, arg: Any) -> set[str] | None:
    if op is _OPS.SUBPATTERN:
        return _required(list(arg[-1]))
    if op is _OPS.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            found = _required(list(branch))
            if found is None:
                return None
            union |= found
        return union
    if op in (_OPS.MAX_REPEAT, _OPS.MIN_REPEAT) and arg[0] >= 1:
        return _required(list(arg[2]))
    return None
