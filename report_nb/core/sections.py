r"""The template's ``## ...`` section headings, told apart from a ``##`` heading in an answer.

The course template groups its questions under sections such as ``## Group information``, each
a heading and an introductory quote. In the text a section heading ends the chunk of the
question (or the checklist) before it; a ``## Results`` heading that a student writes inside an
answer, followed by prose, does not. Pure functions on a text with ``\n`` line breaks.
"""

from __future__ import annotations

from report_nb.core.patterns import lazy

# compiled on first use (see core.patterns): only a report whose quotes were removed needs it
_BLOCK_START = lazy(r"(?:[-*+]|\d+[.)])[ \t]|```|~~~|!\[|\|")


def trailing_sections(text: str, start: int, end: int, plain: bool = False) -> list[int]:
    """Offsets of the ``## ...`` section headings that end the range [start, end).

    A section heading counts only if everything from it to ``end`` is section-shaped: headings,
    blank lines and an introductory quote. A ``## Results`` heading inside an answer, followed by
    prose, stays part of the answer.
    """
    heads = section_heads(text, start, end)
    return closing_sections(text, heads, end, plain) if heads else []


def closing_sections(text: str, heads: list[int], end: int, plain: bool = False) -> list[int]:
    """The trailing run of ``heads`` (section heading offsets, in file order) that are sections."""
    sections: list[int] = []
    for head in reversed(heads):
        if not is_section(text, head, sections[0] if sections else end, plain):
            break
        sections.insert(0, head)
    return sections


def section_heads(text: str, start: int, end: int) -> list[int]:
    """Offsets of the lines in [start, end) that start with ``##`` but not ``###``.

    Where the multiline regex ``^##(?!#)`` matches, found with ``str.find``, which skips through
    text many times faster than a regex anchored at each line start; the search starts at the
    first ``#`` (found as fast as ``memchr``: most answers hold none).
    """
    first = text.find("#", start, end)
    if first < 0:
        return []
    heads = [0] if first == 0 and text.startswith("##", 0, end) else []
    found = text.find("\n##", max(first - 1, 0), end)
    while found >= 0:
        heads.append(found + 1)
        found = text.find("\n##", found + 3, end)
    return [head for head in heads if not text.startswith("#", head + 2, end)]


def is_section(text: str, head: int, end: int, plain: bool = False) -> bool:
    """Whether ``## ...`` at ``head`` heads a template section: blank lines, quotes, headings.

    With ``plain`` (a report whose quotes were removed) one paragraph of plain text may stand
    where the quoted introduction was.
    """
    body = text[head:end].split("\n")[1:]
    in_quote = False
    paragraphs, previous = 0, ""
    for line in body:
        stripped = line.strip()
        if not stripped:
            in_quote = False
        elif stripped.startswith(">") or in_quote:
            in_quote = True
        elif plain and not _BLOCK_START().match(stripped):
            paragraphs += not previous.strip()
            if paragraphs > 1:
                return False
        else:
            return False
        previous = line
    return True
