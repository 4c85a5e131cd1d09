r"""Where a report's blocks start: the cuts between preamble, checklist, sections, prompts, answers.

A cut is ``(kind, offset, question)``: the block of that kind starts at ``offset`` of the text
(with ``\n`` line breaks) and runs to the next cut. :func:`prefix_cuts` cuts what comes before
question 1, :func:`question_cuts` each question's chunk, from its ``### Question N`` heading to
the next heading: the prompt, the answer, and any section headings that close the chunk.

Most prompts have the template's shape: after the heading, quote and blank lines down to the
first ``Answer:``, which stands on a quote line. :func:`_quoted_marker` recognises that shape
with three calls that run at C speed; any other prompt is read by
:func:`~report_nb.core.prompts.unusual_prompt`, which finds the same marker for these and also
reads prompts whose quotes were removed, joined or broken. Pure functions on strings.
"""

from __future__ import annotations

import re

from report_nb.core.grader import MARKER as ANSWER_MARKER
from report_nb.core.model import BlockKind
from report_nb.core.prompts import NOT_QUOTE_LINE, content_start, unusual_prompt
from report_nb.core.sections import closing_sections, section_heads, trailing_sections

Cut = tuple[BlockKind, int, "int | None"]
Head = tuple[int, int]  # offset of a ``### Question N`` heading, and N

_QUESTION = re.compile(r"###[ \t]*question[ \t]*(\d+)\b", re.IGNORECASE)
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
# after a marker: the spaces before an answer on the marker's line, else the rest of that line
# and the blank lines after it (and a blank last line, up to the end of the text)
_ANSWER_START = re.compile(r"[ \t]*(?:\n(?:[ \t\f\v]*\n)*(?:[ \t\f\v]*\Z)?)?")


def question_heads(text: str) -> list[Head]:
    """Offsets and numbers of the ``### Question N`` lines (those at a line start)."""
    return [
        (match.start(), int(match.group(1)))
        for match in _QUESTION.finditer(text)  # skips to each '###' as fast as str.find
        if match.start() == 0 or text[match.start() - 1] == "\n"
    ]


def prefix_cuts(text: str, start: int, end: int, plain: bool = False) -> list[Cut]:
    """Front matter, preamble, checklist and the sections that come before question 1."""
    cuts: list[Cut] = []
    pos = content_start(text, start, end)
    if text.startswith("---\n", pos):
        close = _FRONT_MATTER_END.search(text, pos + 4, end)
        if close is not None:
            cuts.append(("front_matter", pos, None))
            pos = content_start(text, close.end(), end)
    heads = section_heads(text, pos, end)
    sections = closing_sections(text, heads, end, plain)
    first_section = sections[0] if sections else end
    checklist = next(
        (
            head
            for head in heads
            if head < first_section and "checklist" in _line(text, head, first_section).lower()
        ),
        None,
    )
    body_end = checklist if checklist is not None else first_section
    if content_start(text, pos, body_end) < body_end:
        cuts.append(("preamble", pos, None))
    if checklist is not None:
        cuts.append(("checklist", checklist, None))
    cuts.extend(("section", offset, None) for offset in sections)
    return cuts


def _line(text: str, start: int, end: int) -> str:
    """The line from ``start``, without its line break, not past ``end``."""
    newline = text.find("\n", start, end)
    return text[start : end if newline < 0 else newline]


def question_cuts(text: str, heads: list[Head], plain: bool = False) -> list[Cut]:
    """The cuts of every question's chunk, heading by heading (``heads`` in file order)."""
    cuts: list[Cut] = []
    last = len(heads) - 1
    for index, (head, number) in enumerate(heads):
        end = heads[index + 1][0] if index < last else len(text)
        marker = _quoted_marker(text, head, end)
        if marker >= 0:  # the template's shape
            answer_from = marker + len(ANSWER_MARKER)
        else:
            marker, answer_from = unusual_prompt(text, head, end)
        if index == last or text.find("#", answer_from, end) < 0:  # a heading holds a '#'
            sections: list[int] = []
        else:
            sections = trailing_sections(text, answer_from, end, plain)
        if marker >= 0:
            answer = _answer_start(text, answer_from)
        else:
            answer = content_start(text, answer_from, sections[0] if sections else end)
        cuts.append(("prompt", head, number))
        cuts.append(("answer", answer, number))
        if sections:
            cuts.extend(("section", offset, None) for offset in sections)
    return cuts


def _quoted_marker(text: str, head: int, end: int) -> int:
    """The chunk's first ``Answer:``, if the template's quote block leads to it; else -1.

    The heading's line must not hold the marker, and every line after it down to the marker's
    own must be blank or start with ``>`` after spaces and tabs (the search runs up to the
    marker's first character, so the marker's line is one of them). For such a prompt
    :func:`~report_nb.core.prompts.unusual_prompt` finds the same marker: its first test,
    ``_marker_in_quote``, asks for no more than this. Three calls that run at C speed.
    """
    marker = text.find(ANSWER_MARKER, head, end)
    if marker < 0:
        return -1
    heading_end = text.find("\n", head, marker)
    # up to the marker's first character: a marker line without '>' is found as not quoted
    if heading_end < 0 or NOT_QUOTE_LINE.search(text, heading_end, marker + 1):
        return -1
    return marker


def _answer_start(text: str, answer_from: int) -> int:
    """Where the answer after a marker ending at ``answer_from`` starts.

    On the marker's line, after its spaces, if anything else stands there ("Answer: 42");
    else at the start of the first line after it that is not blank (the line of the next
    heading if the answer is empty), or at the end of a text that holds nothing more. As the
    answer always ends at a heading's line or at the end of the text, this is the start that
    ``content_start`` would find up to that end.
    """
    return _ANSWER_START.match(text, answer_from).end()  # type: ignore[union-attr]  # matches ""
