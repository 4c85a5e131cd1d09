"""The checklist items of a README: text, 1-based line, and the tick exactly as written.

Ticks are read as the course's readers read them: ``[x]`` and ``[X]`` are ticked, ``[ ]`` is
not. Other marks seen in real reports (``[ok]``, ``[-]``, ``[~]``, ``[/]``, ``[✅]``) are kept
in :attr:`Item.tick` and reported as what they are, never guessed to be ticks; so are marks
written without brackets (``- ❌ text``). ``- [x]`` (what a Markdown formatter makes of
``* [x]``) is an item like any other. A bullet of links such as ``- [escnn](https://...)`` is not
an item, nor is a legend line such as ``- [x] = Done``.
"""

from __future__ import annotations

import re

from report_nb.core.records import FrozenRecord, set_fields
from report_nb.core.template import parse
from report_nb.errors import ReportFormatError

#: ``* [x] text``, ``- [ ] text``, ``+ [ok] text``: a bullet, a short mark in brackets, the text;
#: or a bullet and a mark without brackets (``- ❌ text``). ``(?!\()`` leaves out Markdown links
#: (``- [name](url)``).
_ITEM = re.compile(
    r"^([ \t]*)[*+-][ \t]+(?:\[([^\]\n]{0,4})\](?!\()|([✅❌✔✓✗✖☑☐])\ufe0f?)[ \t]*(.*)$"
)
_HEADING = re.compile(r"^#{1,6}[ \t]")
_CHECKLIST = re.compile(r"^##[ \t][^\n]*checklist[^\n]*$", re.IGNORECASE | re.MULTILINE)
_SECTION = re.compile(r"^##[ \t]", re.MULTILINE)
TICKED = frozenset({"x", "X"})


class Item(FrozenRecord):
    """One checklist item: its text (continuation lines joined), line, and mark."""

    __slots__ = ("line", "text", "tick")
    line: int
    text: str
    tick: str

    def __init__(self, line: int, text: str, tick: str) -> None:
        set_fields(self, line=line, text=text, tick=tick)

    @property
    def ticked(self) -> bool:
        """True for ``[x]`` and ``[X]`` only, as the course's readers read it."""
        return self.tick in TICKED


def read_items(text: str, path: str | None = None) -> list[Item]:
    """The checklist's items, from the report's checklist block (the whole text if it has none).

    Raises :class:`~report_nb.errors.ReportFormatError` when ``text`` is not a report.
    """
    try:
        block = parse(text, path).block("checklist")
    except ReportFormatError:
        # a report check refuses (say, a question numbered twice) still has its checklist
        found = _CHECKLIST.search(text)
        if found is None:
            raise
        end = _SECTION.search(text, found.end())
        stretch = text[found.start() : end.start() if end else len(text)]
        return items_in(stretch, text.count("\n", 0, found.start()) + 1)
    if block is None:
        return []
    return items_in(block.text, block.line)


def items_in(text: str, first_line: int = 1) -> list[Item]:
    """Items in a stretch of Markdown whose first line is ``first_line``."""
    items: list[Item] = []
    current: list[str] | None = None
    start, mark, indent = 0, "", 0
    for offset, line in enumerate([*text.split("\n"), ""]):
        match = _ITEM.match(line)
        lead = len(line) - len(line.lstrip(" \t"))
        continues = current is not None and line.strip() and lead > indent and not match
        if continues and not _HEADING.match(line.lstrip()):
            current.append(line.strip())  # type: ignore[union-attr]
            continue
        if current is not None:
            items.append(Item(start, " ".join(current).strip(), mark))
            current = None
        if match and not match.group(4).startswith("="):  # "- [x] = done" is a legend
            indent, mark = len(match.group(1)), match.group(2) or match.group(3) or ""
            current, start = [match.group(4).strip()], first_line + offset
    return items
