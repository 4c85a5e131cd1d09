"""The official checker's reading of a README, reproduced offset by offset.

``report.py check`` splits the whole file on ``Answer:``, drops the first piece, cuts every piece
that contains ``###`` at its first ``###`` and then at its first ``##`` (pieces without ``###`` are
dropped), appends the last piece whole and strips newlines. :func:`official_answers` does exactly
that; :func:`official_spans` does the same on offsets, so that each answer the grader sees can be
traced back to the question and line it came from.
"""

from __future__ import annotations

MARKER = "Answer:"
#: How report-nb's warning that the official checker refuses a file starts (then: why).
REJECTS = "the official checker will reject this file: "

Span = tuple[int, int]


def official_answers(text: str) -> list[str]:
    """The answers the official checker extracts, as strings (it crashes if there are none)."""
    spans = official_spans(text)
    if spans is None:
        raise IndexError("the official checker fails: no 'Answer:' in the file")
    return [text[start:end].strip("\n") for start, end in spans]


def official_spans(text: str) -> list[Span] | None:
    r"""Offsets of the official checker's answers in ``text``; None where it would crash.

    ``text`` must have ``\\n`` line endings, as Python's universal-newline reading gives it.
    """
    starts, position = [], text.find(MARKER)
    while position >= 0:
        starts.append(position + len(MARKER))
        position = text.find(MARKER, position + len(MARKER))
    if not starts:
        return None  # per_question is empty after pop(0): per_question[-1] raises
    ends = [start - len(MARKER) for start in starts[1:]] + [len(text)]
    spans: list[Span] = []
    for start, end in zip(starts, ends, strict=False):
        # cut at the first '###', then at the first '##' before it: that is the piece's first
        # '##' (a '###' is one too), kept if a '###' follows it; one scan instead of two
        hashes = text.find("##", start, end)
        if hashes >= 0 and text.find("###", hashes, end) >= 0:
            spans.append((start, hashes))
    spans.append((starts[-1], len(text)))
    return spans


def first_cut(text: str, start: int, end: int) -> int:
    """Where the official checker would cut a piece [start, end): its first ``##``, or -1."""
    return text.find("##", start, end)
