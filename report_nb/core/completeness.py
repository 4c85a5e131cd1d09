"""Refusing a text that is not a whole report: questions missing, repeated or cut short.

The parser cuts any text with ``### Question N`` headings; these checks turn a text whose
headings are not numbered 1, 2, 3, ... once each, or that ends inside a prompt or before the
template's last question, into a one-line :class:`~report_nb.errors.ReportFormatError` naming
the question and the line. Where a heading was deleted they point at its orphaned prompt
(:class:`~report_nb.errors.MissingHeadingError`).
"""

from __future__ import annotations

import re

from report_nb.core.grader import MARKER as ANSWER_MARKER
from report_nb.core.headings import orphan_prompt
from report_nb.core.lines import LineIndex
from report_nb.core.model import Question, Report
from report_nb.core.patterns import lazy
from report_nb.core.rules import expected_question_count
from report_nb.errors import MissingHeadingError, ReportFormatError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (as core.model does)
if TYPE_CHECKING:
    from typing import NoReturn

# compiled on first use (see core.patterns): it only matches in a broken report
_UNNUMBERED = lazy(r"^###[ \t]*question\b(?![ \t]*\d)", re.IGNORECASE | re.MULTILINE)


def check_numbering(heads: list[tuple[int, int]], lines: LineIndex, path: str | None) -> None:
    """Refuse headings (offset, number) that are absent, repeated or not numbered 1, 2, 3, ..."""
    if not heads:
        raise ReportFormatError(
            "no '### Question N' headings: this is not a course report",
            path=path,
            hint="import the reports/README.md of the course template",
        )
    if [number for _, number in heads] == list(range(1, len(heads) + 1)):
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
    for expected, (_, number) in enumerate(heads, start=1):
        if number != expected:
            _refuse_missing(heads, expected, lines, path)


def _refuse_missing(
    heads: list[tuple[int, int]], expected: int, lines: LineIndex, path: str | None
) -> NoReturn:
    """Question ``expected`` is not where it should be: say what stands there instead."""
    offset, number = heads[expected - 1]
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


def check_complete(report: Report, count: int, path: str | None) -> None:
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
