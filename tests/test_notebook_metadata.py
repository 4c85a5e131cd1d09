"""What a notebook's ``report_nb`` metadata says, read back: question order, owners, profile.

The notebook is untrusted input (a teammate's JupyterLab, a merge, a hand edit), so each reader
is held to what it must say about a notebook that is not as report-nb wrote it.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from report_nb.errors import NotebookError
from report_nb.notebook.metadata import (
    FORMAT_VERSION,
    KEY,
    cell_questions,
    check_format,
    chosen_profile,
    question_order_problem,
)


@given(st.integers(1, 40))
def test_prompts_in_order_have_no_problem(count: int) -> None:
    assert question_order_problem(list(range(1, count + 1))) is None


@given(st.permutations(list(range(1, 12))))
def test_any_other_order_is_named_with_the_first_question_out_of_place(
    numbers: list[int],
) -> None:
    problem = question_order_problem(list(numbers))
    first_wrong = next((i for i, n in enumerate(numbers, start=1) if n != i), None)
    if first_wrong is None:
        assert problem is None
    else:
        assert problem is not None
        message, question, _ = problem
        assert question == first_wrong and "out of order" in message


@given(st.integers(2, 31), st.data())
def test_a_missing_prompt_is_named_and_a_copy_is_named(count: int, data: st.DataObject) -> None:
    dropped = data.draw(st.integers(1, count - 1))  # not the last: that one is a short notebook
    numbers: list[int | None] = [n for n in range(1, count + 1) if n != dropped]
    assert question_order_problem(numbers) == (
        f"the prompt cell of question {dropped} is missing",
        dropped,
        "restore it from git or re-import the README",
    )
    twice = data.draw(st.integers(1, count))
    doubled: list[int | None] = [*range(1, twice + 1), twice, *range(twice + 1, count)]
    message, question, hint = question_order_problem(doubled) or ("", None, "")
    assert (message, question, hint) == (
        f"the prompt cell of question {twice} appears twice",
        twice,
        "delete the copy",
    )


def test_a_notebook_without_prompts_says_so_and_how_to_start_over() -> None:
    message, question, hint = question_order_problem([]) or ("", None, "")
    assert message == "the notebook has no question prompt cells" and question is None
    assert "import --force" in hint


def _cell(kind: str | None, question: int | None = None, code: bool = False) -> NotebookNode:
    cell = new_code_cell("x = 1") if code else new_markdown_cell("text")
    if kind is not None:
        cell.metadata[KEY] = {"kind": kind, "question": question}
    return cell


def test_a_cell_belongs_to_the_prompt_above_it_until_a_section_heading() -> None:
    nb = new_notebook(
        cells=[
            _cell("preamble"),
            _cell(None),  # a student's cell before any question: no answer's
            _cell("prompt", 1),
            _cell("answer", 1),
            _cell(None, code=True),  # a student's code cell in question 1's answer
            _cell("section"),
            _cell(None),  # after a section heading: no answer's until the next prompt
            _cell("prompt", 2),
            _cell("answer", 2),
        ]
    )
    assert cell_questions(nb) == [None, None, None, 1, 1, None, None, None, 2]


@pytest.mark.parametrize(
    ("kept", "asked", "chosen"),
    [
        ({"profile": "2024"}, "auto", "2024"),  # import --profile 2024 sticks
        ({"profile": "2024"}, "2026", "2026"),  # an explicit --profile wins
        ({}, "auto", "auto"),
        ({"profile": ""}, "auto", "auto"),  # untrusted values fall back to detecting
        ({"profile": 2024}, "auto", "auto"),
        ("not an object", "auto", "auto"),
    ],
)
def test_the_profile_a_notebook_keeps_is_used_unless_one_is_asked_for(
    kept: object, asked: str, chosen: str
) -> None:
    nb = new_notebook()
    nb.metadata[KEY] = kept
    assert chosen_profile(nb, asked) == chosen


@pytest.mark.parametrize("version", [0, -1, True, "1", None, 1.0])
def test_a_format_that_is_no_format_number_is_refused(version: object) -> None:
    with pytest.raises(NotebookError, match="not a format number"):
        check_format(version)


def test_a_newer_format_is_refused_with_the_upgrade_command() -> None:
    check_format(FORMAT_VERSION)  # the current one reads
    with pytest.raises(NotebookError, match="newer report-nb") as refused:
        check_format(FORMAT_VERSION + 1)
    assert refused.value.hint is not None and "pip install -U report-nb" in refused.value.hint
