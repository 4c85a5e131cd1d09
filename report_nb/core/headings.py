"""A deleted ``### Question N`` heading: where it was, and the report read with it put back.

A group that deletes the heading of question 9 leaves its prompt (the quote ending in
``Answer:``) inside question 8's answer. The official checker then drops question 8's piece
(it holds no ``###``), finds one answer too few and rejects the file. :func:`orphan_prompt`
finds the prompt left without its heading, so that the error can say where to put the heading
back, and :func:`restore` puts it there without moving any other line, so that ``check`` can
count the other questions with their own line numbers. Pure functions on strings.
"""

from __future__ import annotations

from report_nb.core.grader import MARKER
from report_nb.core.patterns import lazy
from report_nb.core.prompts import MARKER_LINE

# the line breaks the parser counts lines by (a lone \r too), kept by the split; compiled on
# first use (see core.patterns): only a report with a deleted heading needs it
_LINE_BREAK = lazy(r"(\r\n|\r|\n)")


def orphan_prompt(text: str, start: int, end: int) -> int | None:
    """Offset of the first line of a prompt in [start, end) after the chunk's own ``Answer:``.

    The prompt is the quote block (or, in a report whose quotes were removed, the paragraph)
    that ends with a line starting with ``Answer:``; None when the chunk holds no such line.
    """
    first = text.find(MARKER, start, end)
    if first < 0:
        return None
    position = text.find(MARKER, first + len(MARKER), end)
    while position >= 0:
        line_start = text.rfind("\n", 0, position) + 1
        if MARKER_LINE().fullmatch(text, line_start, position + len(MARKER)):
            return _block_start(
                text, line_start, quoted=text[line_start:position].lstrip()[:1] == ">"
            )
        position = text.find(MARKER, position + len(MARKER), end)
    return None


def _block_start(text: str, line_start: int, *, quoted: bool) -> int:
    """Walk up from the marker's line over the quote (or paragraph) it closes."""
    start = line_start
    while start > 0:
        previous = text.rfind("\n", 0, start - 1) + 1
        line = text[previous : start - 1].strip()
        if not line or (quoted and not line.startswith(">")) or line.startswith("#"):
            break
        start = previous
    return start


def restore(text: str, question: int, line: int) -> str:
    """``text`` with ``### Question N`` put back above ``line``, every line number kept.

    The heading takes the place of the blank line above, if there is one; else it is put in
    front of the prompt's first line, which stays part of the prompt.
    """
    parts = _LINE_BREAK().split(text)  # lines at even indices, their line breaks between
    heading = f"### Question {question}"
    index = 2 * (line - 1)
    if index > 0 and not parts[index - 2].strip():
        parts[index - 2] = heading
    else:
        parts[index] = f"{heading} {parts[index]}"
    return "".join(parts)
