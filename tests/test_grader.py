"""check reports exactly the numbers the course's official checker computes."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from report_nb.core.check import check_text
from report_nb.core.grader import official_answers
from report_nb.errors import ReportFormatError

from builders import make_report, passing
from conftest import shared_params


def reference(text: str) -> list[str]:
    """The official algorithm as the course documents it, written plainly on strings."""
    pieces = text.split("Answer:")
    pieces.pop(0)
    answers = []
    for piece in pieces:
        if "###" in piece:
            piece = piece.split("###")[0]
            if "##" in piece:
                piece = piece.split("##")[0]
            answers.append(piece)
    answers.append(pieces[-1])
    return [answer.strip("\n") for answer in answers]


def counts(answer: str) -> tuple[int, int]:
    return len(answer.split()), len(re.findall(r"\!\[.*?\]\(.*?\)", answer))


def as_grader_reads(path: Path) -> str:
    with open(path, encoding="utf-8") as file:  # universal newlines, like report.py
        return file.read()


@pytest.mark.parametrize("path", shared_params())
def test_counts_equal_the_official_algorithm(path: Path) -> None:
    text = as_grader_reads(path)
    expected = [counts(a) for a in reference(text)]
    result = check_text(path.read_bytes().decode("utf-8"), str(path))
    assert [(q.words, q.images) for q in result.questions] == expected[: result.total]
    assert (len(expected) != result.total) == (result.rejected is not None)


def test_offsets_agree_with_the_string_algorithm() -> None:
    text = make_report(fill=passing) + "\n### trailing heading\n\nAnswer: x ## y ### z\n"
    assert official_answers(text) == reference(text)


INSERTS = [
    "\n#### Sub heading\n",
    "Answer:",
    " ## ",
    "\n### Extra\n",
    "<img src='a.png'>",
    "![shot](figures/a.png)",
    "\n\n",
    "## comment in code",
    "Answer: ### x",
]


@pytest.mark.parametrize("seed", range(40))
def test_random_edits_keep_counts_equal_to_the_official_algorithm(seed: int) -> None:
    rng = random.Random(seed)
    text = make_report(rng.choice(["2024", "2025", "2026"]), fill=passing)
    for _ in range(rng.randint(1, 4)):
        position = rng.randrange(len(text))
        text = text[:position] + rng.choice(INSERTS) + text[position:]
    try:
        result = check_text(text)
    except ReportFormatError:
        return  # the edit broke a question heading: a refused file, not a miscount
    expected = [counts(a) for a in reference(text)]
    if result.rejected and "' is missing (put it back above line" in result.rejected:
        # the edit cut a heading off: rejected, counted as if it were put back (see
        # test_missing_heading.py), so not position by position
        assert len(expected) != result.total
        return
    for index, question in enumerate(result.questions):
        if index < len(expected):
            assert (question.words, question.images) == expected[index], question.number
    assert (len(expected) != result.total) == (result.rejected is not None)
