"""report-nb's errors: one line naming the file, question and line, and the hint after it."""

from __future__ import annotations

import pytest

from report_nb.errors import BuildError, MissingHeadingError, NotebookError, ReportNbError, naming


@pytest.mark.parametrize(
    ("error", "line"),
    [
        (ReportNbError("broken"), "broken"),
        (ReportNbError("broken", path="a/README.md"), "a/README.md: broken"),
        (ReportNbError("broken", path="README.md", line=7), "README.md:7: broken"),
        (ReportNbError("broken", line=7), "line 7: broken"),
        (
            ReportNbError("too short", path="README.md", question=3, line=9, hint="add words"),
            "README.md:9: question 3: too short (add words)",
        ),
        (ReportNbError("x", question=0), "question 0: x"),  # the checklist's number, still said
    ],
)
def test_the_one_line(error: ReportNbError, line: str) -> None:
    assert str(error) == line
    assert "\n" not in str(error)


def test_exit_codes() -> None:
    assert ReportNbError("x").exit_code == 2  # bad input
    assert BuildError("x").exit_code == 1  # a failing cell, a failing limit: like a test run
    assert MissingHeadingError(9, 120).exit_code == 2


def test_a_missing_heading_says_where_to_put_it_back() -> None:
    error = MissingHeadingError(9, 120, "README.md")
    assert str(error).startswith("README.md:120: question 9: the heading '### Question 9'")
    assert str(error).endswith("(put back `### Question 9` above line 120)")


def test_naming_gives_an_error_without_a_file_the_command_s_file() -> None:
    with pytest.raises(NotebookError) as caught, naming("reports/report.ipynb"):
        raise NotebookError("a code cell failed: E: v", question=14)
    assert str(caught.value) == "reports/report.ipynb: question 14: a code cell failed: E: v"
    # an error that names its own file keeps it; other exceptions pass through untouched
    with pytest.raises(NotebookError) as caught, naming("reports/report.ipynb"):
        raise NotebookError("not UTF-8", path="reports/README.md")
    assert caught.value.path == "reports/README.md"
    with pytest.raises(KeyError), naming("reports/report.ipynb"):
        raise KeyError("x")
    with naming("reports/report.ipynb"):
        pass  # nothing raised: nothing happens
