"""check reports exactly the numbers the course's official checker computes."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

from report_nb.core.check import check_text
from report_nb.core.grader import official_answers
from report_nb.core.rules import count_words
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


def test_words_are_counted_as_split_counts_them() -> None:
    """Every character between words, ASCII (counted on bytes) or not (counted by split)."""
    for code in [*range(128), 0x85, 0xA0, 0x2003, 0x3000, 0x1F600]:
        for text in (f"a{chr(code)}b", f"{chr(code)}ab ", f"x y{chr(code)}", chr(code)):
            assert count_words(text) == len(text.split()), hex(code)
    # every character beyond ASCII, a thousand at a time, each between two letters: a space
    # missed (the only way to err: no byte beyond ASCII is marked as one) lowers the count
    for low in range(128, sys.maxunicode + 1, 1000):
        text = " ".join(
            f"a{chr(code)}b" for code in range(low, min(low + 1000, sys.maxunicode + 1))
        )
        assert count_words(text) == len(text.split()), hex(low)
    rng = random.Random(7)
    pieces = ["word", " ", "\t", "\n", "\x1c", "\x1f", "\x0b", "\r\n", "é", "\xa0", ""]
    pieces += ["\u2003", "\U0001f600", "\ud800", "日本"]  # a wide space, wide and lone characters
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert count_words(text) == len(text.split()), repr(text)


@pytest.mark.parametrize("seed", range(5))
def test_spans_agree_with_the_string_algorithm_on_any_text(seed: int) -> None:
    """Hashes and markers in every order, the cuts the course's split-based code makes."""
    rng = random.Random(seed)
    pieces = ["#", "##", "###", "Answer:", "Ans", "wer:", "x", "\n", " "]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        if "Answer:" in text:
            assert official_answers(text) == reference(text), repr(text)
