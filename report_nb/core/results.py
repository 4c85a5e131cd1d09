"""What a check finds: per question the grader's counts and problems, and the warnings by line.

:class:`CheckResult` is what :func:`report_nb.core.check.check_text` returns and what the
printers, the build, the HTML page and the Lab read; ``to_json`` is ``check --format json``.
"""

from __future__ import annotations

from functools import lru_cache

from report_nb.core.model import Limits
from report_nb.core.records import Record


class Finding(Record):
    """A warning: something the grader will see differently, with its question and line."""

    __slots__ = ("error", "line", "message", "question")
    question: int | None
    line: int | None
    message: str
    error: bool  # a build in strict mode stops on it

    def __init__(
        self, question: int | None, line: int | None, message: str, error: bool = False
    ) -> None:
        self.question, self.line, self.message, self.error = question, line, message, error

    def to_json(self) -> dict:
        """JSON form of ``check --format json``."""
        return {"question": self.question, "line": self.line, "message": self.message}


class QuestionResult(Record):
    """One question: the grader's counts, the limits, and what fails."""

    __slots__ = (
        "images",
        "limits",
        "line",
        "number",
        "problems",
        "words",
        "written_images",
        "written_words",
    )
    number: int
    line: int
    words: int
    images: int
    limits: Limits
    written_words: int
    written_images: int
    problems: list[str]

    def __init__(
        self,
        number: int,
        line: int,
        words: int,
        images: int,
        limits: Limits,
        written_words: int,
        written_images: int,
        problems: list[str] | None = None,
    ) -> None:
        self.number, self.line, self.words, self.images = number, line, words, images
        self.limits, self.written_words, self.written_images = limits, written_words, written_images
        self.problems = [] if problems is None else problems

    @property
    def ok(self) -> bool:
        """True when the official checker's counts meet the limits."""
        return not self.problems

    def limit_problems(self) -> list[str]:
        """What the counts break of the limits: ``too few words: 80 < 100``, ..."""
        problems = []
        for part, value, bounds in (
            ("words", self.words, self.limits.words),
            ("images", self.images, self.limits.images),
        ):
            if bounds is None:
                continue
            low, high = bounds
            if value < low:
                problems.append(f"too few {part}: {value} < {low}")
            elif value > high:
                problems.append(f"too many {part}: {value} > {high}")
        return problems

    def to_json(self) -> dict:
        """JSON form of ``check --format json``."""
        return {
            "number": self.number,
            "line": self.line,
            "words": self.words,
            "images": self.images,
            "limits": _limits_json(self.limits),
            "ok": self.ok,
            "problems": self.problems,
            "written": {"words": self.written_words, "images": self.written_images},
        }


class CheckResult(Record):
    """The result of checking one report."""

    path: str
    profile: str
    questions: list[QuestionResult]
    warnings: list[Finding]
    rejected: str | None

    def __init__(
        self,
        path: str,
        profile: str,
        questions: list[QuestionResult],
        warnings: list[Finding],
        rejected: str | None = None,
    ) -> None:
        self.path, self.profile, self.questions = path, profile, questions
        self.warnings, self.rejected = warnings, rejected

    @property
    def passed(self) -> int:
        """Questions whose counts meet their limits."""
        return sum(q.ok for q in self.questions)

    @property
    def total(self) -> int:
        """Questions in the report."""
        return len(self.questions)

    @property
    def ok(self) -> bool:
        """True when every question passes and the official checker accepts the file."""
        return self.rejected is None and self.passed == self.total

    def to_json(self) -> dict:
        """JSON form of ``check --format json``."""
        return {
            "path": self.path,
            "profile": self.profile,
            "passed": self.passed,
            "total": self.total,
            "rejected": self.rejected,
            "questions": [q.to_json() for q in self.questions],
            "warnings": [w.to_json() for w in self.warnings],
        }


@lru_cache(maxsize=256)  # a handful of distinct limits, met thousands of times in a batch
def _limits_json(limits: Limits) -> dict[str, list[int] | None]:
    return limits.to_json()
