"""Course Markdown <-> report model, lossless: ``render(parse(text)) == text`` for any report.

The course template is a Markdown file with ``### Question N`` headings, each followed by a quoted
prompt that ends with an ``Answer:`` marker and then the student's answer. ``parse`` cuts the text
into blocks (front matter, preamble, checklist, sections, prompts, answers) without changing a
character: line endings, a byte order mark and trailing whitespace are recorded so that ``render``
gives the same text back. Pure functions, no files.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from report_nb.core.grader import MARKER as ANSWER_MARKER
from report_nb.core.headings import orphan_prompt
from report_nb.core.model import Block, BlockKind, ChecklistItem, Question, Report
from report_nb.core.nesting import message as nesting_message
from report_nb.core.nesting import too_deep
from report_nb.core.patterns import lazy
from report_nb.core.rules import expected_question_count
from report_nb.errors import MissingHeadingError, ReportFormatError

_QUESTION = re.compile(r"###[ \t]*question[ \t]*(\d+)\b", re.IGNORECASE)
_NEWLINE = re.compile(r"\r\n|\r|\n")
_RAW_LEAD = re.compile(r"(?:[ \t\f\v]*(?:\r\n|\r|\n))*")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_WS = " \t\n\f\v"
_NON_BLANK = re.compile(r"[^ \t\n\f\v]")
# a line that is neither blank nor a quote (after a line break: the search skips to those fast)
_NOT_QUOTE_LINE = re.compile(r"\n[ \t]*[^ \t\n>]")
_INDENT = re.compile(r"[ \t]*")
# compiled on first use (see core.patterns): checklist items and their headings are the audit's
# and the import's; the others only match in a broken report
_CHECK_ITEM = lazy(r"^[ \t]*[*+-][ \t]+\[([ xX])\][ \t]*(.*)$")
_MODULE_TAG = lazy(r"\((M\d+(?:\s*[+,/&]\s*M\d+)*)\)\s*$")
_HEADING = lazy(r"^#{1,6}[ \t]*(.*?)[ \t#]*$")
_UNNUMBERED = lazy(r"^###[ \t]*question\b(?![ \t]*\d)", re.IGNORECASE | re.MULTILINE)
_MARKER_LINE = lazy(r"[ \t>*_]*Answer:")
_BLOCK_START = lazy(r"(?:[-*+]|\d+[.)])[ \t]|```|~~~|!\[|\|")
_NOT_PROMPT = lazy(r"^[ \t]*(?:#|```|~~~)|!\[", re.MULTILINE)

Cut = tuple[BlockKind, int, "int | None"]


def parse(text: str, path: str | None = None) -> Report:
    """Cut a report's text into blocks; raise :class:`ReportFormatError` if it is not a report."""
    return parse_with_layout(text, path)[0]


def parse_with_layout(text: str, path: str | None = None) -> tuple[Report, str, list[int]]:
    """:func:`parse`, plus what :func:`layout` would compute from the result, for free."""
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    lead = _RAW_LEAD.match(text).group(0)  # type: ignore[union-attr]  # always matches
    if "\r" in text:
        endings = _NEWLINE.findall(text)
        normal = _NEWLINE.sub("\n", text)
        newline = Counter(endings).most_common(1)[0][0] if endings else "\n"
    else:
        endings, normal, newline = None, text, "\n"
    lines = LineIndex(normal)
    deep = too_deep(normal)
    if deep is not None:  # before anything recurses into it
        raise ReportFormatError(nesting_message(normal, deep), path=path, line=lines.line(deep))
    heads = _question_heads(normal)
    _check_numbering(heads, lines, path)

    start = len(_NEWLINE.sub("\n", lead))
    # a report whose prompts lost their '>' quotes lost them on section intros too
    plain = "> Answer:" not in normal and ">Answer:" not in normal
    cuts = _prefix_cuts(normal, start, heads[0][0], plain)
    for index, (head, number) in enumerate(heads):
        end = heads[index + 1][0] if index + 1 < len(heads) else len(normal)
        last = index + 1 == len(heads)
        cuts.extend(_question_cuts(normal, head, end, number, last=last, plain=plain))

    blocks = _blocks(normal, cuts, lines, endings, newline)
    report = Report(blocks=blocks, newline=newline, bom=bom, lead=lead, path=path)
    _check_complete(report, len(heads), path)
    return report, normal, [start for _, start, _ in cuts]


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


def checklist_items(report: Report) -> list[ChecklistItem]:
    """The checklist's ``* [ ]`` items with their state, module tag and week heading."""
    block = report.block("checklist")
    if block is None:
        return []
    items: list[ChecklistItem] = []
    group: str | None = None
    current: list[str] | None = None
    start, mark = 0, ""
    lines = block.text.split("\n")
    for offset, line in enumerate([*lines, ""]):
        item = _CHECK_ITEM().match(line)
        continues = current is not None and line[:1] in (" ", "\t") and line.strip()
        if continues and not item:
            current.append(line.strip())  # type: ignore[union-attr]
            continue
        if current is not None:
            items.append(_item(" ".join(current), mark, group, start))
            current = None
        heading = _HEADING().match(line)
        if heading and offset > 0:
            group = heading.group(1)
        if item:
            mark, current, start = item.group(1), [item.group(2).strip()], block.line + offset
    return items


def _item(text: str, mark: str, group: str | None, line: int) -> ChecklistItem:
    tag = _MODULE_TAG().search(text)
    return ChecklistItem(
        text=text, mark=mark, module=tag.group(1) if tag else None, group=group, line=line
    )


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


def _with_endings(text: str, eol: tuple[str, ...] | None, newline: str) -> str:
    if eol is not None and text.count("\n") == len(eol):
        pieces = text.split("\n")
        out = [pieces[0]]
        for ending, piece in zip(eol, pieces[1:], strict=False):
            out.append(ending)
            out.append(piece)
        return "".join(out)
    return text if newline == "\n" else text.replace("\n", newline)


def _question_heads(text: str) -> list[tuple[int, int]]:
    """Offsets and numbers of the ``### Question N`` lines (those at a line start)."""
    return [
        (match.start(), int(match.group(1)))
        for match in _QUESTION.finditer(text)  # skips to each '###' as fast as str.find
        if match.start() == 0 or text[match.start() - 1] == "\n"
    ]


class LineIndex:
    """Offsets of line breaks, to turn a character offset into a 1-based line number.

    The offsets are found on first use: most reports need no line number but those of their
    blocks, which :func:`_blocks` counts as it goes.
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


def _check_numbering(heads: list[tuple[int, int]], lines: LineIndex, path: str | None) -> None:
    if not heads:
        raise ReportFormatError(
            "no '### Question N' headings: this is not a course report",
            path=path,
            hint="import the reports/README.md of the course template",
        )
    if all(number == expected for expected, (_, number) in enumerate(heads, start=1)):
        return  # 1, 2, 3, ...: neither duplicated nor missing
    seen: dict[int, int] = {}
    for offset, number in heads:
        if number in seen:
            raise ReportFormatError(
                f"duplicated: '### Question {number}' appears again (first at line "
                f"{lines.line(seen[number])})",
                path=path,
                question=number,
                line=lines.line(offset),
            )
        seen[number] = offset
    for expected, (offset, number) in enumerate(heads, start=1):
        if number != expected:
            start = heads[expected - 2][0] + 1 if expected > 1 else 0
            unnumbered = _UNNUMBERED().search(lines.text, start, offset)
            if unnumbered is not None:  # the missing question is there, without its number
                raise ReportFormatError(
                    f"'### Question' has no number: write '### Question {expected}'",
                    path=path,
                    question=expected,
                    line=lines.line(unnumbered.start()),
                )
            if expected > 1:
                orphan = orphan_prompt(lines.text, heads[expected - 2][0], offset)
                if orphan is not None:
                    raise MissingHeadingError(expected, lines.line(orphan), path)
            after = f"after question {expected - 1}" if expected > 1 else "at the start"
            raise ReportFormatError(
                f"missing: question {expected} should come {after}, found question {number}",
                path=path,
                question=expected,
                line=lines.line(offset),
            )


def _check_complete(report: Report, count: int, path: str | None) -> None:
    """Refuse a report cut short; it has ``count`` questions (one per prompt block)."""
    blocks = report.blocks
    at = next(i for i in range(len(blocks) - 1, -1, -1) if blocks[i].kind == "prompt")
    prompt = blocks[at]
    marked = prompt.text.endswith(ANSWER_MARKER)  # as Report.questions pairs them
    last = Question(prompt.question or 0, prompt, blocks[at + 1], marked)
    if not last.has_marker and not last.answer.text:
        raise ReportFormatError(
            "truncated: the file ends inside this question's prompt, before 'Answer:'",
            path=path,
            question=last.number,
            line=last.line,
        )
    expected = expected_question_count(report)
    if expected is not None and count < expected:
        _refuse_orphan_after_last(report, path)
        raise ReportFormatError(
            f"truncated: the file ends after question {last.number}, this template version has "
            f"{expected} questions",
            path=path,
            question=last.number + 1,
            line=last.answer.line,
        )


def _refuse_orphan_after_last(report: Report, path: str | None) -> None:
    """The last heading was deleted: its prompt sits in the answer to the question before."""
    last = report.questions[-1]
    answer = last.answer.text
    orphan = orphan_prompt("Answer:\n" + answer, 0, len(answer) + 8)
    if orphan is not None:
        line = last.answer.line + ("Answer:\n" + answer).count("\n", 0, orphan) - 1
        raise MissingHeadingError(last.number + 1, line, path)


def _content_start(text: str, start: int, end: int) -> int:
    """Start of the line holding the first non-blank character in [start, end), else ``end``."""
    match = _NON_BLANK.search(text, start, end)
    if match is None:
        return end
    return max(start, text.rfind("\n", 0, match.start()) + 1)


def _prefix_cuts(text: str, start: int, end: int, plain: bool = False) -> list[Cut]:
    """Front matter, preamble, checklist and the sections that come before question 1."""
    cuts: list[Cut] = []
    pos = _content_start(text, start, end)
    if text.startswith("---\n", pos):
        close = _FRONT_MATTER_END.search(text, pos + 4, end)
        if close is not None:
            cuts.append(("front_matter", pos, None))
            pos = _content_start(text, close.end(), end)
    sections = _trailing_sections(text, pos, end, plain)
    first_section = sections[0] if sections else end
    checklist = next(
        (
            head
            for head in _section_heads(text, pos, first_section)
            if "checklist" in _line(text, head, first_section).lower()
        ),
        None,
    )
    body_end = checklist if checklist is not None else first_section
    if _content_start(text, pos, body_end) < body_end:
        cuts.append(("preamble", pos, None))
    if checklist is not None:
        cuts.append(("checklist", checklist, None))
    cuts.extend(("section", offset, None) for offset in sections)
    return cuts


def _line(text: str, start: int, end: int) -> str:
    """The line from ``start``, without its line break, not past ``end``."""
    newline = text.find("\n", start, end)
    return text[start : end if newline < 0 else newline]


def _question_cuts(
    text: str, head: int, end: int, number: int, *, last: bool, plain: bool = False
) -> list[Cut]:
    """The prompt, the answer and any section headings that close a question's chunk."""
    zone_end, marker = _prompt_zone(text, head, end)
    if marker < 0:
        after = _content_start(text, zone_end, end)
        if _MARKER_LINE().match(text, after):
            marker = text.find(ANSWER_MARKER, after, end)
        elif zone_end == text.find("\n", head, end):
            marker = _unquoted_marker(text, zone_end, end)
    answer_from = marker + len(ANSWER_MARKER) if marker >= 0 else zone_end
    sections = [] if last else _trailing_sections(text, answer_from, end, plain)
    answer_end = sections[0] if sections else end
    line_end = text.find("\n", answer_from, answer_end)
    same_line = _INDENT.match(text, answer_from).end()  # type: ignore[union-attr]
    if marker >= 0 and same_line < (answer_end if line_end < 0 else line_end):
        answer = same_line  # "Answer: 42": the answer starts on the marker's line
    else:
        answer = _content_start(text, answer_from, answer_end)
    cuts: list[Cut] = [("prompt", head, number), ("answer", answer, number)]
    if sections:
        cuts.extend(("section", offset, None) for offset in sections)
    return cuts


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
    if not _MARKER_LINE().fullmatch(text, line_start, marker + len(ANSWER_MARKER)):
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
    if line_start < start or _NOT_QUOTE_LINE.search(text, start - 1, line_start):
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


def _trailing_sections(text: str, start: int, end: int, plain: bool = False) -> list[int]:
    """Offsets of the ``## ...`` section headings that end the range [start, end).

    A section heading counts only if everything from it to ``end`` is section-shaped: headings,
    blank lines and an introductory quote. A ``## Results`` heading inside an answer, followed by
    prose, stays part of the answer.
    """
    heads = _section_heads(text, start, end)
    sections: list[int] = []
    for head in reversed(heads):
        if not _is_section(text, head, sections[0] if sections else end, plain):
            break
        sections.insert(0, head)
    return sections


def _section_heads(text: str, start: int, end: int) -> list[int]:
    """Offsets of the lines in [start, end) that start with ``##`` but not ``###``.

    Where the multiline regex ``^##(?!#)`` matches, found with ``str.find``, which skips through
    text many times faster than a regex anchored at each line start.
    """
    heads = [0] if start == 0 and text.startswith("##", 0, end) else []
    found = text.find("\n##", max(start - 1, 0), end)
    while found >= 0:
        heads.append(found + 1)
        found = text.find("\n##", found + 3, end)
    return [head for head in heads if not text.startswith("#", head + 2, end)]


def _is_section(text: str, head: int, end: int, plain: bool = False) -> bool:
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


def _blocks(
    text: str,
    cuts: list[Cut],
    lines: LineIndex,
    endings: list[str] | None,
    newline: str,
) -> list[Block]:
    blocks = []
    line, previous = 1, 0
    ends = [start for _, start, _ in cuts[1:]]
    ends.append(len(text))
    for (kind, start, question), end in zip(cuts, ends, strict=True):
        content = text[start:end].rstrip(_WS)
        line += text.count("\n", previous, start)
        previous = start
        block = Block(kind, content, text[start + len(content) : end], line, question)
        if endings is not None:
            first, stop = lines.count(start, end)
            own = endings[first:stop]
            if any(ending != newline for ending in own):
                block.eol = tuple(own)
        blocks.append(block)
    return blocks
