"""Course Markdown <-> report model, lossless: ``render(parse(text)) == text`` for any report.

The course template is a Markdown file with ``### Question N`` headings, each followed by a quoted
prompt that ends with an ``Answer:`` marker and then the student's answer. ``parse`` cuts the text
into blocks (front matter, preamble, checklist, sections, prompts, answers) without changing a
character: line endings, a byte order mark and trailing whitespace are recorded so that ``render``
gives the same text back. This module owns that round trip; where the blocks start is
:mod:`report_nb.core.cuts`'s, what makes a text no report :mod:`report_nb.core.completeness`'s
(``LineIndex`` and ``checklist_items`` are re-exported from their own modules for the callers).
Pure functions, no files.
"""

from __future__ import annotations

import re
from collections import Counter

from report_nb.core.checklist import checklist_items
from report_nb.core.completeness import check_complete, check_numbering
from report_nb.core.cuts import Cut, prefix_cuts, question_cuts, question_heads
from report_nb.core.lines import LineIndex
from report_nb.core.model import Block, BlockKind, Report
from report_nb.core.nesting import message as nesting_message
from report_nb.core.nesting import too_deep
from report_nb.errors import ReportFormatError

__all__ = [
    "LineIndex",
    "checklist_items",
    "from_source",
    "layout",
    "parse",
    "parse_with_layout",
    "render",
    "source_parts",
]

_NEWLINE = re.compile(r"\r\n|\r|\n")
_RAW_LEAD = re.compile(r"(?:[ \t\f\v]*(?:\r\n|\r|\n))*")
_WS = " \t\n\f\v"


def parse(text: str, path: str | None = None) -> Report:
    """Cut a report's text into blocks; raise :class:`ReportFormatError` if it is not a report."""
    return parse_with_layout(text, path)[0]


def parse_with_layout(text: str, path: str | None = None) -> tuple[Report, str, list[int]]:
    """:func:`parse`, plus what :func:`layout` would compute from the result, for free."""
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    lead = _RAW_LEAD.match(text).group(0)  # type: ignore[union-attr]  # always matches
    normal, newline, endings = _line_breaks(text) if "\r" in text else (text, "\n", None)
    lines = LineIndex(normal)
    deep = too_deep(normal)
    if deep is not None:  # before anything recurses into it
        raise ReportFormatError(nesting_message(normal, deep), path=path, line=lines.line(deep))
    heads = question_heads(normal)
    check_numbering(heads, lines, path)

    start = len(_NEWLINE.sub("\n", lead))
    # a report whose prompts lost their '>' quotes lost them on section intros too
    plain = "> Answer:" not in normal and ">Answer:" not in normal
    cuts = prefix_cuts(normal, start, heads[0][0], plain)
    cuts.extend(question_cuts(normal, heads, plain))

    starts = [start for _, start, _ in cuts]
    blocks = _blocks(normal, cuts, starts, lines, endings, newline)
    report = Report(blocks=blocks, newline=newline, bom=bom, lead=lead, path=path)
    check_complete(report, len(heads), path)
    return report, normal, starts


def _line_breaks(text: str) -> tuple[str, str, list[str] | None]:
    r"""``text`` with ``\n`` line breaks, its most common line ending, and each one if they differ.

    A file saved on Windows has only ``\r\n`` (as many as ``\r`` and as many as ``\n``): then no
    block has line endings of its own to record, and the list is not made.
    """
    crlf = text.count("\r\n")
    if crlf == text.count("\r") == text.count("\n"):
        return text.replace("\r\n", "\n"), "\r\n", None
    endings = _NEWLINE.findall(text)
    newline = Counter(endings).most_common(1)[0][0] if endings else "\n"
    return _NEWLINE.sub("\n", text), newline, endings


def render(report: Report) -> str:
    """Give back the report's text, with its line endings, BOM and whitespace."""
    parts = ["\ufeff" if report.bom else "", report.lead]
    for block, trail in zip(report.blocks, _trails(report), strict=False):
        parts.append(_with_endings(block.text + trail, block.eol, report.newline))
    return "".join(parts)


def _trails(report: Report) -> list[str]:
    """Each block's trailing whitespace; an answer typed into an empty slot gets a blank line."""
    trails = [block.trail for block in report.blocks]
    for index, block in enumerate(report.blocks[:-1]):
        if block.text and "\n" not in block.trail and block.kind != "prompt":
            trails[index] = "\n\n"  # else the next heading would continue the answer's line
    return trails


def layout(report: Report) -> tuple[str, list[int]]:
    r"""The report's text with ``\\n`` line endings and no BOM, and the offset of each block in it.

    This is the text the official checker reads (Python's universal newlines).
    """
    lead = _NEWLINE.sub("\n", report.lead)
    parts, offsets, offset = [lead], [], len(lead)
    for block, trail in zip(report.blocks, _trails(report), strict=False):
        offsets.append(offset)
        parts.append(block.text)
        parts.append(trail)
        offset += len(block.text) + len(trail)
    return "".join(parts), offsets


def source_parts(block: Block, newline: str) -> tuple[str, str]:
    """A block's text and its trailing whitespace with the line endings they have in the file.

    ``newline`` is the report's: the ending of every line the block does not record its own for.
    """
    eol, split = block.eol, block.text.count("\n")
    if eol is None or len(eol) != split + block.trail.count("\n"):
        return _with_endings(block.text, None, newline), _with_endings(block.trail, None, newline)
    return (
        _with_endings(block.text, eol[:split], newline),
        _with_endings(block.trail, eol[split:], newline),
    )


def from_source(
    kind: BlockKind, text: str, trail: str, line: int, question: int | None, newline: str
) -> Block:
    """The block of a text and its trailing whitespace as :func:`source_parts` gives them."""
    endings = _NEWLINE.findall(text + trail)
    own = tuple(endings) if any(ending != newline for ending in endings) else None
    return Block(kind, _NEWLINE.sub("\n", text), _NEWLINE.sub("\n", trail), line, question, own)


def _with_endings(text: str, eol: tuple[str, ...] | None, newline: str) -> str:
    if eol is not None and text.count("\n") == len(eol):
        pieces = text.split("\n")
        out = [pieces[0]]
        for ending, piece in zip(eol, pieces[1:], strict=False):
            out.append(ending)
            out.append(piece)
        return "".join(out)
    return text if newline == "\n" else text.replace("\n", newline)


def _blocks(
    text: str,
    cuts: list[Cut],
    starts: list[int],
    lines: LineIndex,
    endings: list[str] | None,
    newline: str,
) -> list[Block]:
    r"""The block from each cut (whose offsets are ``starts``) to the next, with its line.

    ``endings`` are the source's line endings, one per line break of ``text``, if it had any
    ``\r``; a block records its own where they are not all ``newline``.
    """
    blocks = []
    count = text.count
    line, previous = 1, 0
    for (kind, start, question), end in zip(cuts, [*starts[1:], len(text)], strict=True):
        piece = text[start:end]
        content = piece.rstrip(_WS)
        line += count("\n", previous, start)
        previous = start
        block = Block(kind, content, piece[len(content) :], line, question)
        if endings is not None:
            first, stop = lines.count(start, end)
            own = endings[first:stop]
            if any(ending != newline for ending in own):
                block.eol = tuple(own)
        blocks.append(block)
    return blocks
