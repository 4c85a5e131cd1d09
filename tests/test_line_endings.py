"""Each line keeps its own ending: through the parse, a block's source text, and git's merge driver.

A report edited by several people, on several systems, mixes line endings (a paste from a Windows
editor into an LF file, a CRLF file with one LF line). ``render(parse(text)) == text`` holds for
any of them (test_template.py); here Hypothesis makes up reports whose every line break is any of
``\\n``, ``\\r\\n`` and ``\\r``, and checks that a block taken apart into its text and trailing
whitespace as they stand in the file (``template.source_parts``) comes back as the same block
(``template.from_source``), and that the README merge driver, which merges an answer line by line
in those terms, writes both teammates' lines with the endings they had.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from report_nb.commands.gitmerge import merge_readme_files
from report_nb.core.model import Report
from report_nb.core.template import from_source, parse, render, source_parts

from builders import make_report

ENDINGS = ("\n", "\r\n", "\r")
#: An answer of eight lines: two paragraphs and a list, so that a line merge has lines to keep.
ANSWER = "\n".join(
    [
        "First paragraph, line one.",
        "First paragraph, line two.",
        "",
        "- an item",
        "- another item",
        "",
        "Last paragraph, line one.",
        "Last paragraph, line two.",
    ]
)
BASE = make_report(fill=lambda number, limits: ANSWER)
BREAKS = BASE.count("\n")


def _with_endings(text: str, endings: list[str]) -> str:
    """``text`` (with ``\\n`` breaks) with its n-th line break replaced by ``endings[n]``."""
    pieces = text.split("\n")
    out = [pieces[0]]
    for ending, piece in zip(endings, pieces[1:], strict=True):
        out += [ending, piece]
    return "".join(out)


def endings_lists(endings: tuple[str, ...] = ENDINGS) -> st.SearchStrategy[list[str]]:
    """An ending for every line break of BASE: any mix, or one ending with a few others."""
    return st.one_of(
        st.lists(st.sampled_from(endings), min_size=BREAKS, max_size=BREAKS),
        st.tuples(
            st.sampled_from(endings[:2]),
            st.lists(st.tuples(st.integers(0, BREAKS - 1), st.sampled_from(endings)), max_size=4),
        ).map(lambda drawn: _sprinkled(*drawn)),
    )


def _sprinkled(newline: str, odd: list[tuple[int, str]]) -> list[str]:
    endings = [newline] * BREAKS
    for index, ending in odd:
        endings[index] = ending
    return endings


@settings(max_examples=200, deadline=None)
@given(endings=endings_lists())
def test_a_block_taken_apart_as_it_stands_in_the_file_comes_back_the_same(
    endings: list[str],
) -> None:
    text = _with_endings(BASE, endings)
    report = parse(text, "README.md")
    for block in report.blocks:
        text_part, trail_part = source_parts(block, report.newline)
        again = from_source(
            block.kind, text_part, trail_part, block.line, block.question, report.newline
        )
        assert (again.text, again.trail, again.eol) == (block.text, block.trail, block.eol)
    rebuilt = [
        from_source(b.kind, *source_parts(b, report.newline), b.line, b.question, report.newline)
        for b in report.blocks
    ]
    copy = Report(
        blocks=rebuilt, newline=report.newline, bom=report.bom, lead=report.lead, path=None
    )
    assert render(copy) == text


def _answer_lines(text: str, question: int) -> tuple[int, int]:
    """The first and last line break index of question ``question``'s answer in BASE."""
    start = text.index(ANSWER, text.index(f"### Question {question}"))
    first = text.count("\n", 0, start)
    return first, first + ANSWER.count("\n")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(endings=endings_lists(ENDINGS[:2]), question=st.integers(1, 31), data=st.data())
def test_the_driver_merges_two_lines_of_one_answer_with_their_own_endings(
    tmp_path: Path, endings: list[str], question: int, data: st.DataObject
) -> None:
    # Alice changes a line of the first paragraph, Bob one of the last (lines apart, so git's
    # line merge takes both); every line break of the file keeps its ending. (git splits lines
    # at "\n" only: lines that end in a lone "\r" are one line to it, so they are left out.)
    first, _ = _answer_lines(BASE, question)
    alice = data.draw(st.sampled_from([0, 1]))  # the answer's lines 1 and 2
    bob = data.draw(st.sampled_from([6, 7]))  # lines 7 and 8
    lines = BASE.split("\n")
    ours_lines, theirs_lines, both = list(lines), list(lines), list(lines)
    ours_lines[first + alice] += ", by Alice"
    both[first + alice] += ", by Alice"
    theirs_lines[first + bob] += ", by Bob"
    both[first + bob] += ", by Bob"
    base, ours, theirs, expected = (
        _with_endings("\n".join(side), endings) for side in (lines, ours_lines, theirs_lines, both)
    )
    paths = [tmp_path / name for name in ("O.md", "A.md", "B.md")]
    for path, side in zip(paths, (base, ours, theirs), strict=True):
        path.write_bytes(side.encode("utf-8"))
    assert merge_readme_files(*paths) == 0
    assert paths[1].read_bytes().decode("utf-8") == expected
