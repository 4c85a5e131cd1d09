"""The README <-> model conversion is lossless and finds the template's structure."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from report_nb.core.sections import section_heads as _section_heads
from report_nb.core.template import checklist_items, parse, render
from report_nb.errors import ReportFormatError

from builders import make_report, passing, variants
from conftest import shared_params


@pytest.mark.parametrize("path", shared_params())
def test_every_shared_report_round_trips_byte_for_byte(path: Path) -> None:
    data = path.read_bytes()
    report = parse(data.decode("utf-8"), str(path))
    assert render(report).encode("utf-8") == data
    assert [q.number for q in report.questions] == list(range(1, len(report.questions) + 1))
    assert len(report.questions) in (27, 31)


@pytest.mark.parametrize(("name", "text"), list(variants(make_report(fill=passing))))
def test_variants_round_trip(name: str, text: str) -> None:
    report = parse(text)
    assert render(report) == text
    assert len(report.questions) == 31


def test_blocks_follow_the_template_structure() -> None:
    report = parse(make_report("2024"))
    kinds = [b.kind for b in report.blocks]
    assert kinds[:3] == ["preamble", "checklist", "section"]
    assert kinds.count("prompt") == kinds.count("answer") == 27
    assert kinds.count("section") == 6
    q3 = report.questions[2]
    assert q3.prompt.text.startswith("### Question 3") and q3.prompt.text.endswith("Answer:")
    assert q3.answer.text == "--- question 3 fill here ---"
    assert q3.answer.line == q3.prompt.line + 11  # 10 prompt lines and a blank line


def test_front_matter_is_its_own_block() -> None:
    report = parse("---\nlayout: default\n---\n\n" + make_report())
    assert report.blocks[0].kind == "front_matter"
    assert report.blocks[0].text == "---\nlayout: default\n---"
    assert report.blocks[1].text.startswith("# Report template")


def test_answer_on_the_marker_line_starts_after_the_marker() -> None:
    text = make_report().replace("> Answer:\n\n--- question 1 fill here ---", "> Answer: Group 7")
    question = parse(text).questions[0]
    assert question.prompt.text.endswith("> Answer:")
    assert question.prompt.trail == " "
    assert question.answer.text == "Group 7"


def test_subheading_inside_an_answer_stays_in_the_answer() -> None:
    answer = "Intro text.\n\n## Results\n\nWe measured things.\n\n### Details\n\nMore."
    report = parse(make_report(answers={5: answer}))
    assert report.questions[4].answer.text == answer
    assert [b.kind for b in report.blocks].count("section") == 6


def test_section_after_an_answer_is_a_section() -> None:
    report = parse(make_report())
    q6 = report.questions[5]
    following = report.blocks[report.blocks.index(q6.answer) + 1]
    assert following.kind == "section" and following.text.startswith("## Versioning")


def test_missing_answer_marker_keeps_the_text() -> None:
    text = make_report().replace(
        "> Answer:\n\n--- question 9 fill here ---", ">\n\nour answer without a marker", 1
    )
    report = parse(text)
    assert not report.questions[8].has_marker
    assert report.questions[8].answer.text == "our answer without a marker"
    assert render(report) == text


def test_crlf_report_keeps_its_line_endings() -> None:
    text = make_report().replace("\n", "\r\n")
    report = parse(text)
    assert report.newline == "\r\n"
    assert "\r" not in report.questions[0].prompt.text
    report.questions[0].answer.text = "edited\nanswer"
    assert "edited\r\nanswer\r\n\r\n### Question 2" in render(report)


def test_answer_typed_into_an_empty_slot_gets_a_blank_line() -> None:
    text = make_report().replace("--- question 4 fill here ---\n", "")
    report = parse(text)
    assert report.questions[3].answer.text == ""
    report.questions[3].answer.text = "new answer"
    assert "Answer:\n\n\nnew answer\n\n### Question 5" in render(report)


def test_checklist_items_with_state_module_and_continuation() -> None:
    items = checklist_items(parse(make_report("2026")))
    assert [i.mark for i in items] == ["x", " ", "X"]
    assert [i.checked for i in items] == [True, False, True]
    assert items[2].text == "Containerise the training code and keep the image small (M5)"
    assert items[2].module == "M5" and items[0].group == "Week 1"
    assert checklist_items(parse(make_report("2024")))[0].module is None


def _without(text: str, number: int) -> str:
    start = text.index(f"### Question {number}\n")
    return text[:start] + text[text.index(f"### Question {number + 1}\n") :]


@pytest.mark.parametrize(
    ("text", "message", "question"),
    [
        pytest.param(
            "# Title\n\nno questions here\n",
            "no '### Question N' headings",
            None,
            id="no-questions",
        ),
        pytest.param(
            make_report().replace("### Question 7\n", "### Question 6\n"),
            "duplicated",
            6,
            id="duplicate",
        ),
        pytest.param(
            make_report().replace("### Question 12\n", "### Question 13\n"),
            "duplicated",
            13,
            id="renumbered-duplicate",
        ),
        pytest.param(_without(make_report(), 7), "missing", 7, id="missing"),
        pytest.param(
            make_report()[: make_report().index("### Question 18")],
            "truncated",
            18,
            id="truncated-after-question",
        ),
        pytest.param(
            make_report()[
                : make_report().index("> Example:", make_report().index("### Question 31"))
            ],
            "truncated",
            31,
            id="truncated-inside-prompt",
        ),
        pytest.param(make_report(questions=27), "truncated", 28, id="31-template-cut-at-27"),
    ],
)
def test_broken_reports_raise_one_line_errors(text: str, message: str, question: int | None):
    with pytest.raises(ReportFormatError) as caught:
        parse(text, "reports/README.md")
    error = caught.value
    assert message in str(error)
    assert error.question == question
    assert "\n" not in str(error)
    assert str(error).startswith("reports/README.md")
    if question is not None:
        assert error.line is not None and f":{error.line}:" in str(error)


def test_unknown_course_with_other_question_count_parses() -> None:
    text = make_report("2026", questions=12, title="# Report template for another course")
    text = text.replace("02476", "99999").replace("uv add typer markdown", "")
    assert len(parse(text).questions) == 12


def test_formatter_joined_prompt_lines_keep_the_marker() -> None:
    text = make_report().replace(
        "> **Tell us about topic number 6 of the project.**\n>",
        "> **Tell us about topic number 6** > **of the project.**\n>",
        1,
    )
    question = parse(text).questions[5]
    assert question.has_marker and "** > **" in question.prompt.text


def test_marker_on_a_lazy_line_after_the_quote() -> None:
    text = make_report().replace(
        "> *We did ... because ...*\n>\n> Answer:\n\n--- question 31",
        "> *We did ... because ...*\nAnswer:\n\n--- question 31",
    )
    question = parse(text).questions[30]
    assert question.prompt.text.endswith("\nAnswer:") and question.has_marker
    assert question.answer.text == "--- question 31 fill here ---"


def test_answer_that_starts_with_a_quote_is_an_answer() -> None:
    text = make_report(answers={4: "> a quoted sentence\n\nand prose."})
    assert parse(text).questions[3].answer.text == "> a quoted sentence\n\nand prose."


def test_last_answer_keeps_a_trailing_section_like_heading() -> None:
    text = make_report() + "\n## Appendix\n\n> notes\n"
    last = parse(text).questions[-1]
    assert last.answer.text.endswith("## Appendix\n\n> notes")


def test_checklist_with_level_two_week_headings_is_one_block() -> None:
    text = make_report().replace("### Week 1", "## Week 1")
    report = parse(text)
    assert [b.kind for b in report.blocks[:3]] == ["preamble", "checklist", "section"]
    assert len(checklist_items(report)) == 3 and checklist_items(report)[0].group == "Week 1"


@pytest.mark.parametrize("closing", ["---", "..."])
def test_front_matter_closed_either_way(closing: str) -> None:
    text = f"---\nlayout: default\n{closing}\n\n" + make_report()
    report = parse(text)
    assert report.blocks[0].kind == "front_matter" and render(report) == text


def test_report_without_checklist_or_sections() -> None:
    text = make_report()
    text = text[: text.index("## Overall")] + text[text.index("### Question 1") :]
    text = "\n".join(line for line in text.split("\n") if not line.startswith(("## ", "> Q")))
    report = parse(text)
    assert [b.kind for b in report.blocks[:2]] == ["preamble", "prompt"]
    assert report.block("checklist") is None and render(report) == text


# -- prompts without '>' quotes (tests/fixtures/unquoted_31.md: our own words) -----------------

UNQUOTED = Path(__file__).parent / "fixtures" / "unquoted_31.md"


def test_unquoted_prompts_are_prompts() -> None:
    text = UNQUOTED.read_text(encoding="utf-8")
    report = parse(text)
    assert render(report) == text
    assert len(report.questions) == 31 and all(q.has_marker for q in report.questions)
    for question in report.questions:
        assert question.prompt.text.startswith(f"### Question {question.number}")
        assert f"topic number {question.number}" in question.prompt.text or "images" in (
            question.prompt.text
        )
        assert "Answer:" not in question.answer.text
        assert "Recommended answer length" not in question.answer.text
    assert report.questions[0].answer.text == "Group 1"  # "Answer: Group 1" on one line
    assert report.questions[2].prompt.text.count("\n**") == 2  # a prompt over two bold lines
    kinds = [b.kind for b in report.blocks]
    assert kinds.count("section") == 6  # unquoted section introductions are sections too
    sections = [b.text for b in report.blocks if b.kind == "section"]
    assert sections[1] == "## Tooling\n\nQuestions about tooling."


def test_unquoted_prompts_state_their_limits() -> None:
    from report_nb.core.rules import text_limits

    report = parse(UNQUOTED.read_text(encoding="utf-8"))
    assert text_limits(report.questions[13].prompt.text).words == (200, 300)


def test_unquoted_prompts_check_without_false_warnings() -> None:
    from report_nb.core.check import check_text
    from report_nb.core.grader import official_answers

    text = UNQUOTED.read_text(encoding="utf-8")
    result = check_text(text, str(UNQUOTED))
    assert (result.passed, result.total, result.rejected, result.warnings) == (31, 31, None, [])
    answers = [q.answer.text for q in parse(text).questions]
    assert [a.strip() for a in official_answers(text)] == answers  # the grader agrees


def test_an_answer_word_in_an_unquoted_prompt_still_warns_where_the_grader_misreads() -> None:
    from report_nb.core.check import check_text

    text = UNQUOTED.read_text(encoding="utf-8").replace(
        "word0 word1 word2", "word0 Answer: word2", 1
    )
    result = check_text(text)
    [warning] = result.warnings
    assert warning.question == 3 and "the word 'Answer:'" in warning.message
    assert "it counts 98 of 100 words" in warning.message


@pytest.mark.parametrize(
    "between",
    [
        pytest.param("#### Our setup\n\nSome text.", id="a-heading"),
        pytest.param("```\ncode\n```", id="a-fence"),
        pytest.param("![plot](figures/a.png)", id="an-image"),
    ],
)
def test_text_with_answer_structure_is_not_taken_for_a_prompt(between: str) -> None:
    text = make_report(fill=passing).replace(
        "### Question 5\n\n> **Tell us about topic number 5 of the project.**",
        f"### Question 5\n\n{between}\n\nAnswer: more",
    )
    text = text.replace("> **Tell us about topic number 5", "**Tell us about topic number 5")
    report = parse(text)
    assert render(report) == text
    assert between in report.questions[4].answer.text


def test_a_heading_without_its_number_is_named_at_its_line() -> None:
    text = make_report(fill=passing).replace("### Question 12\n", "### Question\n")
    line = text.split("\n").index("### Question") + 1
    with pytest.raises(ReportFormatError) as caught:
        parse(text, "README.md")
    assert caught.value.line == line and caught.value.question == 12
    assert "has no number: write '### Question 12'" in str(caught.value)


def test_section_headings_are_the_lines_a_multiline_regex_finds() -> None:
    """``_section_heads`` finds with ``str.find`` what ``^##(?!#)`` finds, in any range."""
    regex = re.compile(r"^##(?!#)[^\n]*", re.MULTILINE)
    rng = random.Random(3)
    pieces = ["\n", "#", "##", "###", "a", " ", "\n##", "\n###"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        expected = [m.start() for m in regex.finditer(text, start, end)]
        assert _section_heads(text, start, end) == expected, (text, start, end)
