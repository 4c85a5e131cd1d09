"""How deeply Markdown nests lists and quotes, bounded before any renderer recurses into it.

Python-Markdown renders a nested list by recursion: a list nested 1000 levels deep ends in a
RecursionError after seconds, and 3000 levels take minutes. No report nests that deep, so text
nesting more than :data:`MAX_DEPTH` levels is refused first, by one anchored scan of its lines:
a list item indented by more than :data:`MAX_DEPTH` steps of two columns, or a line quoted more
than :data:`MAX_DEPTH` times. Pure functions on strings.
"""

from __future__ import annotations

import re

from report_nb.core.patterns import lazy

MAX_DEPTH = 64
# a line that starts with a long run of indentation or quote marks (possessive: no backtracking)
# (after a line break: a literal first character makes the search fast; the first line is
# matched on its own)
_LONG_PREFIX = re.compile(rf"\n([ \t>]{{{MAX_DEPTH},}}+)")
_FIRST_PREFIX = re.compile(rf"[ \t>]{{{MAX_DEPTH},}}+")
# compiled on first use (see core.patterns): only a line nested that deep needs it
_ITEM = lazy(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


def too_deep(text: str) -> int | None:
    """Offset of the first line that nests lists or quotes deeper than :data:`MAX_DEPTH`.

    Quotes count one level per ``>``; list items one per two columns of indentation (a tab is
    four). Only lines whose prefix is at least :data:`MAX_DEPTH` characters long are measured.
    """
    first = _FIRST_PREFIX.match(text)
    prefixes = [(0, first.end())] if first else []
    prefixes += [(m.start(1), m.end(1)) for m in _LONG_PREFIX.finditer(text)]
    for start, end in prefixes:
        prefix = text[start:end]
        quotes = prefix.count(">")
        columns = len(prefix.expandtabs(4)) - quotes
        item = _ITEM().match(text, end) is not None
        if quotes > MAX_DEPTH or (item and columns // 2 > MAX_DEPTH):
            return start
    return None


def message(text: str, offset: int) -> str:
    """The one-line problem, with the depth the line shows."""
    line_end = text.find("\n", offset)
    line = text[offset : line_end if line_end >= 0 else len(text)]
    width = len(line) - len(line.lstrip(" \t>"))
    return (
        f"a list or quote nested deeper than {MAX_DEPTH} levels (indented by {width} "
        "characters): Markdown renderers cannot render it"
    )
