r"""Line numbers of character offsets in a text with ``\n`` line breaks.

Errors and the check name the line of an offset; the parser asks which line breaks a block spans
(to record a block's own line endings). :class:`LineIndex` answers both, lazily: most reports need
no line number but those of their blocks, which the parser counts as it cuts them.
"""

from __future__ import annotations

import re
from bisect import bisect_left


class LineIndex:
    """Offsets of line breaks, to turn a character offset into a 1-based line number.

    The offsets are found on first use: most reports need no line number but those of their
    blocks, which the parser counts as it goes.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._breaks: list[int] | None = None
        self._last, self._backwards = (0, 1), 0

    @property
    def breaks(self) -> list[int]:
        """Offsets of every line break."""
        if self._breaks is None:
            self._breaks = [m.start() for m in re.finditer("\n", self.text)]
        return self._breaks

    def line(self, offset: int) -> int:
        """1-based line number of ``offset``."""
        if self._breaks is None and self._backwards < 8:
            # lookups come mostly in file order: counting on from the last one is cheaper
            # than indexing every line break of the file
            at, line = self._last
            if offset < at:
                self._backwards += 1
                at, line = 0, 1
            line += self.text.count("\n", at, offset)
            self._last = (offset, line)
            return line
        return bisect_left(self.breaks, offset) + 1

    def count(self, start: int, end: int) -> tuple[int, int]:
        """Index of the first line break at or after ``start``, and of the first at ``end``."""
        return bisect_left(self.breaks, start), bisect_left(self.breaks, end)
