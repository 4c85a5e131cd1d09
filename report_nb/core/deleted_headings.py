"""A report whose ``### Question N`` headings were deleted, as the official checker reads it.

Without its heading, question N's prompt runs on inside the answer above (see
:mod:`report_nb.core.headings`). :func:`put_back` reads the report with the headings put back, no
line moved, so that ``check`` can count every question with its own line numbers;
:func:`judge` then says what the official checker does with the file as it is: it finds an
answer too few and rejects it, or, when a stray ``Answer:`` makes up for the lost one, it runs
on pieces out of their places, whose counts are then the ones shown.
"""

from __future__ import annotations

from report_nb.core import headings
from report_nb.core.grader import REJECTS, Span, official_spans
from report_nb.core.results import CheckResult, Finding
from report_nb.core.rules import count_images, count_words
from report_nb.core.template import parse_with_layout
from report_nb.errors import MissingHeadingError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms at start-up)
if TYPE_CHECKING:
    from report_nb.core.model import Report


def put_back(
    text: str, path: str, missing: MissingHeadingError
) -> tuple[tuple[Report, str, list[int]], list[tuple[int, int]]]:
    """The report read with every deleted heading put back, and each heading's number and line.

    Raises ``missing`` (or the next one) when putting headings back does not make a report.
    """
    restored, gaps = text, []
    while True:
        assert missing.question is not None and missing.line is not None
        gaps.append((missing.question, missing.line))
        restored = headings.restore(restored, missing.question, missing.line)
        try:
            return parse_with_layout(restored, path), gaps
        except MissingHeadingError as again:
            if len(gaps) > 100 or (again.question, again.line) in gaps:
                raise
            missing = again


def judge(result: CheckResult, text: str, gaps: list[tuple[int, int]], expected: int) -> None:
    """Say in ``result`` (the check of the report put back) what the checker does with ``text``.

    ``gaps`` are the deleted headings' numbers and lines; ``expected`` the answers it counts on.
    """
    as_read = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    spans = official_spans(as_read)
    named = "; ".join(
        f"the heading '### Question {n}' is missing (put it back above line {line})"
        for n, line in gaps
    )
    also = result.rejected  # why the text with the headings put back would be rejected
    if also:  # said below, with the headings, or not at all
        result.warnings = [w for w in result.warnings if w.message != REJECTS + also]
    if spans is not None and len(spans) == expected:
        # another 'Answer:' makes up for the lost one: the checker runs, on shifted pieces
        result.rejected = None
        _count_as_read(result, as_read, spans)
        message = (
            f"{named}: the official checker still finds {expected} answers, but not under "
            "their questions, and counts them as shown"
        )
        result.warnings.append(Finding(gaps[0][0], gaps[0][1], message))
    else:
        reason = f"it finds {len(spans or [])} answers but expects {expected}: {named}"
        result.rejected = reason + (f"; {also}" if also else "")
        result.warnings.append(Finding(gaps[0][0], gaps[0][1], REJECTS + result.rejected))
    by_number = {q.number: q for q in result.questions}
    for number, line in gaps:
        if number in by_number:
            by_number[number].line = line
            by_number[number].problems.insert(
                0, f"its heading '### Question {number}' is missing (line {line})"
            )
    result.warnings.sort(key=lambda w: (w.line or 0, w.question or 0))


def _count_as_read(result: CheckResult, text: str, spans: list[Span]) -> None:
    """Give each question the counts of the checker's piece in its place (``spans`` of ``text``)."""
    for question, (start, end) in zip(result.questions, spans, strict=False):
        before = question.limit_problems()
        question.problems = [p for p in question.problems if p not in before]
        seen = text[start:end]
        question.words, question.images = count_words(seen), count_images(seen)
        question.problems.extend(question.limit_problems())
