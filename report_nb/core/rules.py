"""Constraints: the official checker's tables per course year, and limits read from a template.

The course's ``report.py check`` is the authority graders run, so its tables ship here as profiles:
``2024`` (27 questions, also used in 2023), ``2025`` and ``2026`` (31 questions; they differ on
question 3). ``auto`` picks one from the template's own text. The template text states limits too
("Recommended answer length: 100-200 words", "1 to 3 screenshots"); they are read for templates of
unknown courses and compared with the table, since some published templates disagree with the
checker that graded them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from report_nb.core.model import Limits, Question, Report
from report_nb.core.records import Record

PROFILE_NAMES = ("2024", "2025", "2026")
PROFILE_ALIASES = {"2023": "2024"}
TEXT_PROFILE = "template"  # an unknown course: the limits its template text states
#: What ``--profile`` accepts, in the order the command line lists them.
PROFILE_CHOICES = ("auto", "2023", *PROFILE_NAMES, TEXT_PROFILE)

_IMAGES = re.compile(r"\!\[.*?\]\(.*?\)")  # the official checker's image pattern, verbatim


def count_words(answer: str) -> int:
    """Words as the official checker counts them: ``len(answer.split())``.

    For ASCII text, without building the list: each word starts where a non-space follows a
    space (or the text starts), counted on the bytes with every whitespace as a space.
    """
    if not answer.isascii():
        return len(answer.split())
    marks = answer.encode("ascii").translate(_WORD_MARKS)
    return marks.count(b" a") + marks.startswith(b"a")


#: Each byte -> ``a``, but str.split()'s ASCII whitespace (``\t\n\v\f\r``, ``\x1c``-``\x1f``,
#: space) -> space.
_WORD_MARKS = b"a" * 9 + b" " * 5 + b"a" * 14 + b" " * 5 + b"a" * 223


def count_images(answer: str) -> int:
    """Markdown images as the official checker counts them (one line each, ``![..](..)``)."""
    return len(_IMAGES.findall(answer)) if "!" in answer and "![" in answer else 0


def _table(rows: list[tuple[str, tuple[int, int] | None, tuple[int, int] | None]]) -> dict:
    table: dict[int, Limits] = {}
    for numbers, words, images in rows:
        first, _, last = numbers.partition("-")
        for number in range(int(first), int(last or first) + 1):
            table[number] = Limits(words, images)
    return table


_TABLE_27 = _table(
    [
        ("1-2", None, None),
        ("3-5", (100, 200), None),
        ("6-7", (50, 100), None),
        ("8-10", (100, 200), None),
        ("11", (200, 300), None),
        ("12", (50, 100), None),
        ("13", (100, 200), None),
        ("14", (200, 300), (1, 3)),
        ("15-16", (100, 200), None),
        ("17", (50, 200), None),
        ("18", (100, 200), None),
        ("19", None, (1, 2)),
        ("20-21", None, (1, 1)),
        ("22-23", (100, 200), None),
        ("24", (25, 100), None),
        ("25", (200, 400), (1, 1)),
        ("26", (200, 400), None),
        ("27", (50, 200), None),
    ]
)
_TABLE_31 = _table(
    [
        ("1-2", None, None),
        ("3-6", (100, 200), None),
        ("7", (50, 100), None),
        ("8-10", (100, 200), None),
        ("11", (200, 300), None),
        ("12", (50, 100), None),
        ("13", (100, 200), None),
        ("14", (200, 300), (1, 3)),
        ("15-16", (100, 200), None),
        ("17", (50, 200), None),
        ("18", (100, 200), None),
        ("19-21", None, (1, 2)),
        ("22-27", (100, 200), None),
        ("28", (0, 200), None),
        ("29", (200, 400), (1, 1)),
        ("30", (200, 400), None),
        ("31", (50, 300), None),
    ]
)

_NO_LIMITS = Limits()

PROFILES: dict[str, dict[int, Limits]] = {
    "2024": _TABLE_27,
    "2025": _TABLE_31,
    "2026": {**_TABLE_31, 3: Limits((0, 200), None)},
}


class Detection(Record):
    """Which profile applies to a report, and why."""

    profile: str
    reason: str

    def __init__(self, profile: str, reason: str) -> None:
        self.profile, self.reason = profile, reason


class Rules(Record):
    """The limits that apply to each question, plus where the template text disagrees."""

    profile: str
    reason: str
    limits: dict[int, Limits]
    disagreements: dict[int, str]
    expected_answers: int

    def __init__(
        self,
        profile: str,
        reason: str,
        limits: dict[int, Limits],
        disagreements: dict[int, str] | None = None,
        expected_answers: int = 0,
    ) -> None:
        self.profile, self.reason, self.limits = profile, reason, limits
        self.disagreements = {} if disagreements is None else disagreements
        self.expected_answers = expected_answers


def _intro(report: Report) -> str:
    """Text before question 1: the template's instructions and checklist."""
    return "\n".join(b.text for b in report.blocks if b.kind in ("preamble", "checklist"))


def expected_question_count(report: Report) -> int | None:
    """Questions this version of the course template has, if the text tells; None if unknown."""
    return _expected_count(_intro(report))


def _expected_count(intro: str) -> int | None:
    if "02476" not in intro and "report.py" not in intro:
        return None
    if re.search(r"\(M\d+", intro) or "typer" in intro:
        return 31
    if "click" in intro:
        return 27
    return None


def detect_profile(report: Report) -> Detection:
    """Pick the course year from the template: question count, Q3's length, install lines.

    The template's own text wins over the question count, so that a 2026 report with a question
    added by hand is still checked as the 2026 checker would (which refuses it).
    """
    return _detect(report, report.questions)


def _detect(report: Report, questions: list[Question]) -> Detection:
    count = len(questions)
    intro = _intro(report)
    expected = _expected_count(intro)
    if expected == 27 or (expected is None and count == 27):
        return Detection("2024", f"{count} questions, 2023/2024 template")
    if expected == 31 or count == 31:
        if "uv add typer markdown" in intro:
            return Detection("2026", f"{count} questions, the 2026 'uv add typer markdown' line")
        q3 = next((q for q in questions if q.number == 3), None)
        if q3 is not None and text_limits(q3.prompt.text).words == (0, 200):
            return Detection("2026", f"{count} questions, question 3 asks for 0-200 words")
        return Detection("2025", f"{count} questions, 2025 template")
    return Detection(
        TEXT_PROFILE,
        f"{count} questions: not a known course year, using the limits the template text states",
    )


def resolve(
    report: Report, profile: str = "auto", questions: list[Question] | None = None
) -> Rules:
    """The limits of ``profile`` (a year, ``auto``, ``template``) and where the text disagrees.

    ``questions`` are the report's :attr:`~report_nb.core.model.Report.questions`, if the caller
    has them (each access derives them afresh).
    """
    if questions is None:
        questions = report.questions
    name = PROFILE_ALIASES.get(profile, profile)
    if name == "auto":
        detection = _detect(report, questions)
    elif name in PROFILES or name == TEXT_PROFILE:
        detection = Detection(name, "chosen with --profile")
    else:
        choices = ", ".join(PROFILE_CHOICES)
        raise ValueError(f"unknown profile {profile!r}; choose one of {choices}")
    stated = {q.number: text_limits(q.prompt.text) for q in questions}
    if detection.profile == TEXT_PROFILE:
        return Rules(detection.profile, detection.reason, stated, {}, len(stated))
    table = PROFILES[detection.profile]
    rules = Rules(detection.profile, detection.reason, dict(table), {}, len(table))
    for number, text in stated.items():
        official = table.get(number, _NO_LIMITS)
        for part, said, rule in (
            ("words", text.words, official.words),
            ("images", text.images, official.images),
        ):
            if said is not None and said != rule:
                rules.disagreements[number] = (
                    f"the template text says {_range(said, part)} but the official "
                    f"{detection.profile} checker allows {_range(rule, part)}"
                )
    return rules


def _range(limits: tuple[int, int] | None, unit: str) -> str:
    if limits is None:
        return f"any number of {unit}"
    return f"{limits[0]}-{limits[1]} {unit}"


_WORDS = re.compile(r"answer length:\s*(\d+)\s*-\s*(\d+)\s*words", re.IGNORECASE)
_NUMBER = r"(\d+|one|two|three|a)"
_IMAGE_RANGE = re.compile(
    rf"\b{_NUMBER}\s*(?:-|to)\s*{_NUMBER}\s+(?:images?|screenshots?|figures?)\b", re.IGNORECASE
)
_IMAGE_ONE = re.compile(  # "Upload one image", "Include a figure": a verb asking for pictures
    rf"\b(?:upload|insert|include|add|attach)\s+{_NUMBER}\s+(?:images?|screenshots?|figures?)\b",
    re.IGNORECASE,
)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "a": 1}


@lru_cache(maxsize=1024)  # the same prompts recur in every report of a course year
def text_limits(prompt: str) -> Limits:
    """Limits a prompt states: "Recommended answer length: 100-200 words", "1-2 images", ...

    Only the question itself and the length line are read, not the "Example:" part, which talks
    about docker images and figures in another sense.
    """
    question = prompt.split("Example:")[0]
    lowered = question.lower()
    words = _WORDS.search(question) if "answer length" in lowered else None
    image_range = None
    if "image" in lowered or "screenshot" in lowered or "figure" in lowered:
        images = _IMAGE_RANGE.search(question)
        if images:
            image_range = (_number(images.group(1)), _number(images.group(2)))
        else:
            single = _IMAGE_ONE.search(question)
            if single:
                image_range = (_number(single.group(1)),) * 2
    word_range = (int(words.group(1)), int(words.group(2))) if words else None
    return Limits(word_range, image_range)


def _number(word: str) -> int:
    return _NUMBERS.get(word.lower()) or int(word)
