"""Markdown pipe tables that display as ``text/markdown`` in a notebook and the README."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class MarkdownTable:
    """A GitHub pipe table; a code cell that returns one puts it into the answer verbatim.

    ``align`` holds one of ``"left"``, ``"right"``, ``"center"`` per column (default left).
    """

    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    align: Sequence[str] = field(default_factory=tuple)

    def to_markdown(self) -> str:
        """The table as Markdown text."""
        marks = {"left": ":--", "right": "--:", "center": ":-:"}
        align = list(self.align) + ["left"] * (len(self.headers) - len(self.align))
        lines = [
            _row(self.headers),
            "| " + " | ".join(marks.get(a, "---") for a in align) + " |",
        ]
        lines.extend(_row(row) for row in self.rows)
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __str__(self) -> str:
        return self.to_markdown()


def _row(cells: Sequence[Any]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _cell(value: Any) -> str:
    """A cell's text with Markdown escaped, so ``__init__.py`` is not read as bold.

    Wrap a value in :class:`Markdown` to keep its formatting (a link, emphasis).
    """
    if isinstance(value, Markdown):
        return str.replace(value, "|", "\\|").replace("\n", " ")
    text = f"{value:.2f}" if isinstance(value, float) else str(value)
    return _SPECIAL.sub(r"\\\g<0>", " ".join(text.split()))


#: Characters that start Markdown or HTML syntax inside a table cell (the pipe ends it).
_SPECIAL = re.compile(r"[\\`*_\[\]<>|~]")


class Markdown(str):
    """A table cell that is Markdown already: put into the table as it is."""

    __slots__ = ()
