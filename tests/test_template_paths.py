"""The parser's quick paths give what its general paths give, on texts Hypothesis makes up.

``core.cuts`` reads a template-shaped prompt with a quick test and an answer's start with one
regex; ``core.template`` normalises a file with only ``\\r\\n`` line endings with one replace.
Each is checked here against the general code it stands in for. (``section_heads``, which starts
its search at the first ``#``, is checked against the regex it stands for in test_template.py.)
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from report_nb.core import cuts, template
from report_nb.core.prompts import content_start, unusual_prompt
from report_nb.core.template import parse, parse_with_layout, render

from builders import make_report, passing

# lines a prompt, an answer or a section can hold, the unusual ones included
LINES = [
    "",
    " ",
    "\t",
    "\f",
    ">",
    "> text",
    "  > indented quote",
    "> Answer:",
    ">Answer:",
    "> **Answer:**",
    "> Answer: inline",
    "> text Answer: mid-line",
    "Answer:",
    "  Answer:",
    "**Answer:** plain",
    "lazy continuation",
    "## Section",
    "##",
    "### Sub heading",
    "### Question",
    "```",
    "~~~",
    "![shot](f.png)",
    "- item",
    "1. item",
    "|a|b|",
    "text",
]
line_lists = st.lists(st.sampled_from(LINES), max_size=12)


def _chunk(heading: str, lines: list[str], after: list[str]) -> str:
    return "\n".join([heading, *lines, *after])


@settings(max_examples=600, deadline=None)
@given(
    heading=st.sampled_from(["### Question 3", "### Question 3 Answer:", "###question 3  "]),
    lines=line_lists,
    after=line_lists,
    prefix=st.sampled_from(["", "text before\n", "> Answer:\n\n"]),
)
def test_a_quoted_marker_is_the_one_the_general_reading_finds(
    heading: str, lines: list[str], after: list[str], prefix: str
) -> None:
    text = prefix + _chunk(heading, lines, after)
    head = len(prefix)
    marker = cuts._quoted_marker(text, head, len(text))
    if marker >= 0:
        assert unusual_prompt(text, head, len(text)) == (marker, marker + len("Answer:"))


def _answer_start_by_steps(text: str, answer_from: int, answer_end: int) -> int:
    """The answer's start as the parser first computed it, step by step."""
    line_end = text.find("\n", answer_from, answer_end)
    same_line = re.compile(r"[ \t]*").match(text, answer_from).end()  # type: ignore[union-attr]
    if same_line < (answer_end if line_end < 0 else line_end):
        return same_line
    return content_start(text, answer_from, answer_end)


@settings(max_examples=600, deadline=None)
@given(
    on_line=st.sampled_from(["", " ", " \t", " 42", "\f", "  x  "]),
    rest=st.lists(st.sampled_from(["", " ", "\t", "\f\v", "x", "  y", "# h", "## s"]), max_size=8),
    final_newline=st.booleans(),
)
def test_the_answer_start_regex_gives_the_stepwise_start(
    on_line: str, rest: list[str], final_newline: bool
) -> None:
    text = "> Answer:" + on_line + "".join("\n" + line for line in rest)
    text += "\n" if final_newline else ""
    answer_from = len("> Answer:")
    # where an answer can end: the end of the text, or a heading line after the marker's line
    ends = [len(text)]
    ends += [m.start() + 1 for m in re.finditer(r"\n#", text)]
    for answer_end in ends:
        expected = _answer_start_by_steps(text, answer_from, answer_end)
        assert cuts._answer_start(text, answer_from) == expected, (text, answer_end)


def _general_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every prompt read by the general path (the quick test finds no template shape)."""
    monkeypatch.setattr(cuts, "_quoted_marker", lambda text, head, end: -1)


def test_the_quick_prompt_test_takes_the_template_prompts() -> None:
    text = make_report(fill=passing)
    heads = cuts.question_heads(text)
    ends = [offset for offset, _ in heads[1:]] + [len(text)]
    quick = [
        cuts._quoted_marker(text, head, end) for (head, _), end in zip(heads, ends, strict=True)
    ]
    assert len(quick) == 31 and min(quick) >= 0


EDITS = [
    ("> Answer:\n\n", "> Answer: inline\n\n"),
    ("> Answer:\n\n", "Answer:\n\n"),
    ("> Answer:\n\n", ">\n> Answer:\n\n## Results\n\nprose\n\n"),
    ("> Answer:\n\n", "> Answer:\n\n> quoted answer\n\n"),
    ("\n> ", "\n"),
    ("\n> ", "\n  > "),
    ("> Answer:", "> **Answer:**"),
    ("> Answer:", "Answer:"),
    ("\n\n### Question", "\n\n## Section\n\n> intro\n\n### Question"),
    ("\n\n### Question", "\n\n### Sub\n\n### Question"),
    ("\n\n### Question", "\n   \n\t\n### Question"),
    ("### Question 7\n", "### Question 7 Answer:\n"),
    ("\n>\n", "\nlazy line\n"),
]


@settings(max_examples=150, deadline=None)
@given(
    edits=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 30)), max_size=6),
    crlf=st.booleans(),
)
def test_the_quick_paths_parse_as_the_general_paths(
    edits: list[tuple[tuple[str, str], int]], crlf: bool
) -> None:
    text = make_report(fill=passing)
    for (old, new), skip in edits:
        at = -1
        for _ in range(skip % 31 + 1):
            found = text.find(old, at + 1)
            if found < 0:
                break
            at = found
        if at >= 0:
            text = text[:at] + new + text[at + len(old) :]
    text = text.replace("\n", "\r\n") if crlf else text
    quick = _outcome(text)
    with pytest.MonkeyPatch.context() as patch:
        _general_only(patch)
        general = _outcome(text)
    assert quick == general


def _outcome(text: str) -> object:
    try:
        report, normal, offsets = parse_with_layout(text, "README.md")
    except Exception as error:  # the same refusal, with the same message and line
        return type(error).__name__, str(error)
    assert render(report) == text
    return report, normal, offsets


@pytest.mark.parametrize(
    "text",
    ["a\r\nb\r\n", "a\r\nb\nc\r\n", "a\rb\r\n", "\r\n\r\n", "x\r", "a\n\rb", "a\r\r\nb"],
)
def test_line_breaks_of_a_windows_file_are_read_as_every_file_is(text: str) -> None:
    endings = re.findall(r"\r\n|\r|\n", text)
    normal, newline, kept = template._line_breaks(text)
    assert normal == re.sub(r"\r\n|\r|\n", "\n", text)
    assert newline == Counter(endings).most_common(1)[0][0]
    # the endings are left out only where every one is the newline
    assert kept == endings or (kept is None and set(endings) == {newline})


def test_a_windows_report_renders_back_and_has_no_block_endings() -> None:
    text = make_report(fill=passing).replace("\n", "\r\n")
    report = parse(text)
    assert render(report) == text
    assert report.newline == "\r\n" and all(block.eol is None for block in report.blocks)
