r"""Where a question's prompt ends and its answer begins, for prompts of any shape.

A prompt is the ``### Question N`` heading and the quote block after it, which ends with an
``Answer:`` marker. Students reformat prompts: a formatter joins the quote's lines, lazy lines
continue it without ``>``, the marker is unquoted, every ``>`` is removed, the marker is
deleted. :func:`unusual_prompt` reads all of these (:mod:`report_nb.core.cuts` first tries a
quicker test that recognises the template's own shape). Pure functions on a text with ``\n``
line breaks.
"""

from __future__ import annotations

import re

from report_nb.core.grader import MARKER as ANSWER_MARKER
from report_nb.core.patterns import lazy

_NON_BLANK = re.compile(r"[^ \t\n\f\v]")
#: A line that is neither blank nor a quote (after a line break: the search skips to those fast).
NOT_QUOTE_LINE = re.compile(r"\n[ \t]*[^ \t\n>]")
# compiled on first use (see core.patterns): they only match in a reformatted prompt (or, the
# marker's line, in the orphaned prompt of a deleted heading: core.headings)
#: A line that starts with the ``Answer:`` marker, after quote marks, emphasis and spaces.
MARKER_LINE = lazy(r"[ \t>*_]*Answer:")
_NOT_PROMPT = lazy(r"^[ \t]*(?:#|```|~~~)|!\[", re.MULTILINE)


def content_start(text: str, start: int, end: int) -> int:
    """Start of the line holding the first non-blank character in [start, end), else ``end``."""
    match = _NON_BLANK.search(text, start, end)
    if match is None:
        return end
    return max(start, text.rfind("\n", 0, match.start()) + 1)


def unusual_prompt(text: str, head: int, end: int) -> tuple[int, int]:
    """The marker closing the prompt at ``head`` (or -1), and where the answer may start.

    The answer may start after the marker, or, without a marker, after the heading's line and
    the quote block that follows it. The chunk runs from ``head`` to ``end``.
    """
    zone_end, marker = _prompt_zone(text, head, end)
    if marker < 0:
        after = content_start(text, zone_end, end)
        if MARKER_LINE().match(text, after):
            marker = text.find(ANSWER_MARKER, after, end)
        elif zone_end == text.find("\n", head, end):
            marker = _unquoted_marker(text, zone_end, end)
    return marker, marker + len(ANSWER_MARKER) if marker >= 0 else zone_end


def _unquoted_marker(text: str, start: int, end: int) -> int:
    """The ``Answer:`` line closing a prompt written without ``>`` quotes, else -1.

    Some students remove every ``>``: the prompt is then the plain text between the heading and
    the first line that starts with ``Answer:``, which is also where the official checker starts
    the answer. Text holding a heading, a code fence or an image is an answer, not a prompt.
    """
    marker = text.find(ANSWER_MARKER, start, end)
    if marker < 0:
        return -1
    line_start = text.rfind("\n", start, marker) + 1
    if not MARKER_LINE().fullmatch(text, line_start, marker + len(ANSWER_MARKER)):
        return -1
    if _NOT_PROMPT().search(text, start, line_start):
        return -1
    return marker


def _prompt_zone(text: str, head: int, end: int) -> tuple[int, int]:
    """End of the heading line plus the quote block after it, and the first marker there (or -1).

    The zone takes in blank lines and lazy lines too.
    """
    pos = text.find("\n", head, end)
    if pos < 0:
        return end, text.find(ANSWER_MARKER, head, end)
    marker = text.find(ANSWER_MARKER, pos, end)
    if marker >= 0 and _marker_in_quote(text, pos + 1, marker):
        newline = text.find("\n", marker, end)
        on_heading = text.find(ANSWER_MARKER, head, pos)  # a marker never spans a line break
        return end if newline < 0 else newline, marker if on_heading < 0 else on_heading
    zone_end = _prompt_zone_end(text, pos, end)
    return zone_end, text.find(ANSWER_MARKER, head, zone_end)


def _prompt_zone_end(text: str, pos: int, end: int) -> int:
    """End of the quote block after the heading line that ends at ``pos``."""
    zone_end, in_quote = pos, False
    pos += 1
    while pos < end:
        newline = text.find("\n", pos, end)
        line_end = end if newline < 0 else newline
        line = text[pos:line_end].strip()
        if not line:
            in_quote = False
        elif line.startswith(">") or (in_quote and not line.startswith(("#", "```", "~~~"))):
            in_quote, zone_end = True, line_end
        else:
            break
        pos = line_end + 1
    return zone_end


def _marker_in_quote(text: str, start: int, marker: int) -> bool:
    """Fast path of :func:`_prompt_zone_end`: only quote and blank lines up to the marker.

    The marker must stand on a quote line or on a line continuing one; other layouts take the
    slow path.
    """
    line_start = text.rfind("\n", 0, marker) + 1
    # text[start - 1] is a line break: every line from start to line_start is blank or a quote
    if line_start < start or NOT_QUOTE_LINE.search(text, start - 1, line_start):
        return False
    on_line = text[line_start:marker].lstrip()
    if on_line.startswith(">"):
        return True
    previous = text[text.rfind("\n", 0, max(line_start - 1, 0)) + 1 : max(line_start - 1, 0)]
    return (
        line_start > start
        and previous.strip().startswith(">")
        and not on_line.startswith(("#", "```", "~~~"))
    )
