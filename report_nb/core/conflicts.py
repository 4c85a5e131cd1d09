"""git's conflict markers in an answer: two teammates' texts that a merge left side by side.

When two teammates change the same lines of one answer, ``git merge`` (or report-nb's README
merge driver) keeps both texts between marker lines::

    <<<<<<< HEAD
    our text
    ||||||| base          (only with merge.conflictStyle diff3 or zdiff3)
    the text both started from
    =======
    their text
    >>>>>>> theirs

Handed in like that, the markers would be counted as words and shown on the page. A region is
only what git writes: an opening ``<<<<<<<`` line, a ``=======`` line and a closing ``>>>>>>>``
line, in that order, so a lone line of ``=`` (a Markdown heading underline) is not one.
"""

from __future__ import annotations

import re

from report_nb.core.records import FrozenRecord, set_fields

#: How a message names the lines a student deletes to resolve a conflict.
MARKER_LINES = "the lines <<<<<<<, ======= and >>>>>>>"
_MARKER = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?:$| )", re.MULTILINE)


class Region(FrozenRecord):
    """One conflict: the 0-based lines of its first and last marker, and each side's lines.

    A side is a list of ``(line number, text)``; the base side of a diff3 conflict is left out:
    it holds what both teammates started from, not what either typed.
    """

    __slots__ = ("first", "last", "ours", "theirs")
    first: int
    last: int
    ours: list[tuple[int, str]]
    theirs: list[tuple[int, str]]

    def __init__(
        self, first: int, last: int, ours: list[tuple[int, str]], theirs: list[tuple[int, str]]
    ) -> None:
        set_fields(self, first=first, last=last, ours=ours, theirs=theirs)


def regions(text: str) -> list[Region]:
    """The conflict regions of ``text``, in order (empty when it has none)."""
    if "<<<<<<<" not in text:  # the fast path: almost every answer
        return []
    found: list[Region] = []
    first: int | None = None
    sides: dict[str, list[tuple[int, str]]] = {}
    side = ""
    for number, line in enumerate(text.split("\n")):
        line = line.rstrip("\r")
        kind = line[:7] if _MARKER.match(line) else ""
        if kind == "<<<<<<<":
            first, sides, side = number, {"ours": [], "base": [], "theirs": []}, "ours"
        elif first is None:
            continue
        elif kind == "|||||||" and side == "ours":
            side = "base"
        elif kind == "=======" and side in ("ours", "base"):
            side = "theirs"
        elif kind == ">>>>>>>" and side == "theirs":
            found.append(Region(first, number, sides["ours"], sides["theirs"]))
            first = None
        else:
            sides[side].append((number, line))
    return found


def unresolved_lines(text: str, known: str) -> list[int]:
    """0-based lines of a conflicted ``text`` that ``known`` lacks (empty without a conflict).

    Every line either teammate typed counts (the base side of a diff3 conflict and the markers
    do not). When ``known`` (the notebook's answer after the student kept one text, or both, and
    the answer report-nb last wrote) holds them all, the conflicted copy holds nothing that
    replacing it would lose.
    """
    found = regions(text)
    if not found:
        return []
    markers = {n for region in found for n in range(region.first, region.last + 1)}
    typed = {n for region in found for n, _ in (*region.ours, *region.theirs)}
    have = {line.strip() for line in known.split("\n")}
    return [
        number
        for number, line in enumerate(text.split("\n"))
        if (number not in markers or number in typed) and line.strip() and line.strip() not in have
    ]
