"""check: the numbers the grader will see, whether each question passes, and where they mislead.

The counts reported are the official checker's (see :mod:`report_nb.core.grader`). Where they differ
from the answer as written, or where the official checker would refuse the file, a warning says
why and on which line, so a student can fix the README before the graders run the checker.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from report_nb.core import conflicts, deleted_headings
from report_nb.core.grader import MARKER, REJECTS, Span, first_cut, official_spans
from report_nb.core.handin_lint import lint
from report_nb.core.handin_words import syntax_note
from report_nb.core.model import Limits, Question, Report
from report_nb.core.results import CheckResult, Finding, QuestionResult
from report_nb.core.rules import Rules, count_images, count_words, resolve
from report_nb.core.template import LineIndex, layout, parse_with_layout
from report_nb.errors import MissingHeadingError

#: Said when ``auto`` finds the 27-question template; not when the user chose its profile.
OLD_TEMPLATE = (
    "this is the 27-question template (2023-2024); the 2025 and 2026 checkers expect 31 "
    "questions and will reject it; use the current template, or pass --profile 2024 if you "
    "hand in to that course"
)
#: The problem of an answer that still holds git's conflict markers.
CONFLICT = "two teammates' texts from a git merge conflict"
_PLACEHOLDER = re.compile(r"---\s*question\s*\d+\s*fill\s*here\s*---", re.IGNORECASE)
_HTML_IMG = re.compile(r"<img\b", re.IGNORECASE)


def check_text(text: str, path: str = "README.md", profile: str = "auto") -> CheckResult:
    """Parse a README's text and check it.

    A deleted ``### Question N`` heading is not a parse error here: the result says what the
    official checker does with the file, with where the heading belongs, and the other questions
    counted as they stand (see :mod:`report_nb.core.deleted_headings`).
    """
    try:
        report, normal, offsets = parse_with_layout(text, path)
    except MissingHeadingError as missing:
        (report, normal, offsets), gaps = deleted_headings.put_back(text, path, missing)
        result = check_report(report, profile=profile, path=path, laid_out=(normal, offsets))
        expected = resolve(report, profile).expected_answers
        deleted_headings.judge(result, text, gaps, expected)
        return result
    return check_report(report, profile=profile, path=path, laid_out=(normal, offsets))


def check_report(
    report: Report,
    profile: str = "auto",
    path: str | None = None,
    laid_out: tuple[str, list[int]] | None = None,
) -> CheckResult:
    """Check a parsed report against the rules of ``profile`` as the official checker would.

    ``laid_out`` is the report's :func:`~report_nb.core.template.layout`, if the caller has it.
    """
    questions = report.questions
    rules = resolve(report, profile, questions)
    text, offsets = laid_out or layout(report)
    reading = _Reading(report, questions, text, offsets, official_spans(text))
    warnings: list[Finding] = []
    rejected = _rejection(reading, rules, warnings)
    results = [
        _question(reading, rules, index, question, warnings)
        for index, question in enumerate(reading.questions)
    ]
    for number, message in rules.disagreements.items():
        warnings.append(Finding(number, reading.prompt_line(number), message))
    if reading.conflicted:
        _checklist_conflict(report, text, offsets, reading, warnings)
    if profile == "auto" and rules.profile == "2024":
        warnings.append(Finding(None, None, OLD_TEMPLATE))
    warnings.sort(key=lambda w: (w.line or 0, w.question or 0))
    return CheckResult(path or report.path or "", rules.profile, results, warnings, rejected)


class _Reading:
    """The report's text and its blocks' offsets, next to the spans the official checker cuts."""

    def __init__(
        self,
        report: Report,
        questions: list[Question],
        text: str,
        offsets: list[int],
        spans: list[Span] | None,
    ) -> None:
        self.text, self.spans = text, spans
        self.conflicted = "<<<<<<<" in text  # else no answer holds a git conflict (most reports)
        self.lines = LineIndex(text)  # built on first use: most reports need few line numbers
        self.questions = questions
        starts = {id(block): offset for block, offset in zip(report.blocks, offsets, strict=False)}
        self.prompt_at = [starts[id(q.prompt)] for q in self.questions]
        self.answer_at = [starts[id(q.answer)] for q in self.questions]

    def owner(self, offset: int) -> int:
        """Number of the question whose stretch of text holds ``offset`` (0: before question 1)."""
        return bisect_right(self.prompt_at, offset)

    def answer_range(self, index: int) -> tuple[int, int]:
        start = self.answer_at[index]
        return start, start + len(self.questions[index].answer.text)

    def line(self, offset: int) -> int:
        return self.lines.line(offset)

    def prompt_line(self, number: int) -> int:
        return self.questions[number - 1].line


def _rejection(reading: _Reading, rules: Rules, warnings: list[Finding]) -> str | None:
    """Why the official checker refuses the file (None if it runs), also added to ``warnings``."""
    spans, expected = reading.spans, rules.expected_answers
    if spans is None:
        reason = "there is no 'Answer:' marker at all, the checker crashes"
        message = REJECTS + reason
        warnings.append(Finding(None, None, message))
        return reason
    if len(spans) == expected:
        return None
    causes: list[Finding] = []
    for question in reading.questions:
        if not question.has_marker:
            causes.append(
                Finding(
                    question.number,
                    question.line,
                    f"question {question.number} has no 'Answer:' marker (line {question.line})",
                )
            )
    seen: set[int] = set()
    for start, _ in spans[:-1]:
        owner, line = reading.owner(start), reading.line(start)
        if owner in seen or owner == 0:
            where = f"the answer to question {owner}" if owner else "the text before question 1"
            causes.append(
                Finding(
                    owner or None, line, f"'Answer:' inside {where} (line {line}) adds an answer"
                )
            )
        seen.add(owner)
    if len(spans) >= 2 and spans[-1][0] == spans[-2][0]:
        line = reading.line(reading.text.find("###", spans[-1][0]))
        causes.append(
            Finding(
                len(reading.questions),
                line,
                f"a '###' after the last 'Answer:' (line {line}) makes it count the "
                "last answer twice",
            )
        )
    if not causes:
        causes.append(Finding(None, None, f"the file has {len(reading.questions)} questions"))
    reason = f"it finds {len(spans)} answers but expects {expected}: " + "; ".join(
        cause.message for cause in causes
    )
    message = REJECTS + reason
    warnings.append(Finding(causes[0].question, causes[0].line, message))
    return reason


_NO_LIMITS = Limits()


def _question(
    reading: _Reading, rules: Rules, index: int, question: Question, warnings: list[Finding]
) -> QuestionResult:
    answer = question.answer.text
    limits = rules.limits.get(question.number, _NO_LIMITS)
    result = QuestionResult(
        question.number, question.line, 0, 0, limits, count_words(answer), count_images(answer)
    )
    spans = reading.spans or []
    if index < len(spans):
        start, end = spans[index]
        first = reading.answer_at[index]
        last = first + len(answer)
        text = reading.text
        if (
            start <= first
            and last <= end
            and not text[start:first].strip()
            and not text[last:end].strip()
        ):
            # the grader reads exactly the answer, give or take whitespace: same counts
            result.words, result.images = result.written_words, result.written_images
        else:
            seen = text[start:end]
            result.words, result.images = count_words(seen), count_images(seen)
        owner = reading.owner(start)
        if owner != question.number:
            result.problems.append(
                f"the official checker reads text of question {owner} here"
                if owner
                else "the official checker reads text from before question 1 here"
            )
        elif (result.words, result.images) != (result.written_words, result.written_images):
            warnings.append(_misread(reading, index, question, result))
    else:
        result.problems.append("the official checker does not see this answer")
    result.problems.extend(result.limit_problems())
    if reading.conflicted:
        _check_conflicts(reading, index, question, result, warnings)
    _syntax_note(reading, index, result, warnings)
    _answer_warnings(reading, index, question, limits, warnings)
    return result


def _check_conflicts(
    reading: _Reading,
    index: int,
    question: Question,
    result: QuestionResult,
    warnings: list[Finding],
) -> None:
    """Fail an answer that holds a git merge conflict: the markers would be handed in."""
    found = conflicts.regions(question.answer.text)
    if not found:
        return
    result.problems.append(CONFLICT)
    line = reading.line(reading.answer_at[index]) + found[0].first
    message = (
        f"{CONFLICT} (lines {line}-{line + found[0].last - found[0].first}): keep the text "
        f"you want, or both, and delete {conflicts.MARKER_LINES}"
    )
    warnings.append(Finding(question.number, line, message, error=True))


def _checklist_conflict(
    report: Report, text: str, offsets: list[int], reading: _Reading, warnings: list[Finding]
) -> None:
    """Warn (an error: a strict build stops) when the checklist holds a git merge conflict."""
    for block, offset in zip(report.blocks, offsets, strict=False):
        found = conflicts.regions(block.text) if block.kind == "checklist" else []
        if found:
            line = reading.line(offset) + found[0].first
            message = (
                f"the checklist holds {CONFLICT} (lines {line}-"
                f"{line + found[0].last - found[0].first}): keep the ticks you want and delete "
                f"{conflicts.MARKER_LINES}"
            )
            warnings.append(Finding(None, line, message, error=True))


def _syntax_note(
    reading: _Reading, index: int, result: QuestionResult, warnings: list[Finding]
) -> None:
    """Say how many counted words are table or HTML syntax, where that surprises."""
    spans = reading.spans or []
    if result.limits.words is None or index >= len(spans) or not result.words:
        return
    start, end = spans[index]
    if reading.text.find("|", start, end) < 0 and reading.text.find("<", start, end) < 0:
        return  # neither table nor HTML syntax (the common case: no copy of the answer made)
    message = syntax_note(reading.text[start:end], result.words, result.limits.words)
    if message:
        line = reading.line(reading.answer_at[index])
        warnings.append(Finding(result.number, line, message))


def _misread(reading: _Reading, index: int, question: Question, result: QuestionResult) -> Finding:
    start, end = reading.answer_range(index)
    counts = (
        f"it counts {result.words} of {result.written_words} words"
        f" and {result.images} of {result.written_images} images"
    )
    cut = first_cut(reading.text, start, end)
    marker = reading.text.find(MARKER, start, end)
    if cut >= 0 and (marker < 0 or cut < marker):
        line = reading.line(cut)
        newline = reading.text.find("\n", cut, end)
        heading = reading.text[cut : end if newline < 0 else newline].strip()
        message = (
            f"the official checker cuts this answer at '##' on line {line} "
            f"({heading[:40]!r}): {counts}"
        )
        return Finding(question.number, line, message)
    if marker >= 0:
        line = reading.line(marker)
        return Finding(
            question.number,
            line,
            f"the word 'Answer:' on line {line} splits this answer and the official "
            f"checker keeps only one part: {counts}",
        )
    message = f"the official checker misreads: {counts}"
    return Finding(question.number, question.answer.line, message)


def _answer_warnings(
    reading: _Reading, index: int, question: Question, limits: Limits, warnings: list[Finding]
) -> None:
    start, end = reading.answer_range(index)
    text = reading.text
    placeholder = (
        _PLACEHOLDER.search(text, start, end) if text.find("---", start, end) >= 0 else None
    )
    if placeholder:
        line = reading.line(placeholder.start())
        warnings.append(
            Finding(
                question.number,
                line,
                f"the placeholder {placeholder.group(0)!r} is still here; the "
                f"official checker counts it as "
                f"{count_words(placeholder.group(0))} words",
            )
        )
    html_img = (
        _HTML_IMG.search(text, start, end)
        if limits.images and text.find("<", start, end) >= 0
        else None
    )
    if html_img:
        line = reading.line(html_img.start())
        warnings.append(
            Finding(
                question.number,
                line,
                "HTML <img> tags are not counted as images by the official checker;"
                " use ![alt](figures/name.png)",
            )
        )
    for line, message in lint(text, start, end, reading.line):
        warnings.append(Finding(question.number, line, message))
