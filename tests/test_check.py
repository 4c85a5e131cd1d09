"""check: limits per profile, and a warning with line and reason wherever the grader misreads."""

from __future__ import annotations

import pytest

from report_nb.core.check import check_text
from report_nb.core.rules import PROFILES, detect_profile, resolve, text_limits
from report_nb.core.template import parse

from builders import make_report, passing, words
from conftest import SHARED, SHARED_REASON


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_a_complete_report_passes() -> None:
    result = check_text(make_report(fill=passing))
    assert (result.passed, result.total, result.rejected, result.warnings) == (31, 31, None, [])
    assert result.ok


def test_limits_fail_with_reasons() -> None:
    text = make_report(fill=passing, answers={4: words(20), 7: words(101), 14: words(250)})
    result = check_text(text)
    problems = {q.number: q.problems for q in result.questions if not q.ok}
    assert problems == {
        4: ["too few words: 20 < 100"],
        7: ["too many words: 101 > 100"],
        14: ["too few images: 0 < 1"],
    }
    assert result.passed == 28


def test_subheading_cut_is_warned_with_line() -> None:
    answer = words(60) + "\n\n#### Results\n\n" + words(90)
    text = make_report(fill=passing, answers={9: answer})
    result = check_text(text)
    q9 = result.questions[8]
    assert (q9.words, q9.written_words) == (60, 152)
    assert q9.problems == ["too few words: 60 < 100"]
    [warning] = result.warnings
    assert warning.question == 9 and warning.line == line_of(text, "#### Results")
    assert "cuts this answer at '##'" in warning.message and "60 of 152 words" in warning.message


def test_comment_in_code_block_is_a_cut_too() -> None:
    answer = words(120) + "\n\n```bash\n## install\nuv sync\n```\n\n" + words(30)
    result = check_text(make_report(fill=passing, answers={5: answer}))
    assert result.questions[4].words == 121  # 120 words and "```bash", nothing after "##"
    [cut] = [w for w in result.warnings if "cuts this answer" in w.message]
    assert cut.line == result.warnings[0].line + 1  # the line after the fence's hand-in warning


def test_answer_word_inside_an_answer_is_warned() -> None:
    answer = words(150) + "\nThe short Answer: is yes, " + words(30, "more")
    text = make_report(fill=passing, answers={10: answer})
    result = check_text(text)
    q10 = result.questions[9]
    assert q10.words == 32  # only "is yes," and 30 words after the second "Answer:"
    assert result.rejected is None
    assert any(w.question == 10 and "'Answer:' on line" in w.message for w in result.warnings)


def test_answer_word_after_a_heading_shifts_and_rejects() -> None:
    answer = words(150) + "\n\n### Notes\n\nAnswer: as said above."
    result = check_text(make_report(fill=passing, answers={10: answer}))
    assert result.rejected and "finds 32 answers but expects 31" in result.rejected
    assert "inside the answer to question 10" in result.rejected
    assert not result.ok
    assert any(
        q.problems and "reads text of question 10" in q.problems[0] for q in result.questions
    )


def test_heading_after_the_last_answer_rejects_the_file() -> None:
    text = make_report(fill=passing) + "\n### Thanks\n\nThank you for the course.\n"
    result = check_text(text)
    assert result.rejected and "count the last answer twice" in result.rejected
    warning = next(w for w in result.warnings if "will reject" in w.message)
    assert warning.line == line_of(text, "### Thanks")


def test_missing_marker_rejects_the_file() -> None:
    text = make_report(fill=passing).replace("> Answer:\n\nGroup 2\n", ">\n\nGroup 2\n")
    result = check_text(text)
    assert result.rejected and "question 2 has no 'Answer:' marker" in result.rejected
    assert "finds 30 answers but expects 31" in result.rejected


def test_no_marker_at_all_crashes_the_official_checker() -> None:
    text = make_report(fill=passing).replace("Answer:", "Reply:")
    result = check_text(text)
    assert result.rejected and "no 'Answer:' marker at all" in result.rejected
    assert all(q.problems for q in result.questions)


def test_html_img_and_placeholder_warnings() -> None:
    answer = words(250) + '\n\n<img src="figures/a.png" width="50%">'
    text = make_report(fill=passing, answers={14: answer, 22: "--- question 22 fill here ---"})
    result = check_text(text)
    messages = {w.question: w.message for w in result.warnings}
    assert "HTML <img> tags are not counted" in messages[14]
    assert "placeholder '--- question 22 fill here ---'" in messages[22]
    assert "6 words" in messages[22]
    assert result.questions[13].images == 0


@pytest.mark.parametrize(
    ("profile", "q3", "q31"),
    [("2024", None, None), ("2025", (100, 200), (50, 300)), ("2026", (0, 200), (50, 300))],
)
def test_profile_tables(profile: str, q3: tuple | None, q31: tuple | None) -> None:
    table = PROFILES[profile]
    assert len(table) == (27 if profile == "2024" else 31)
    if q3:
        assert table[3].words == q3 and table[31].words == q31
    assert table[14].images == (1, 3)


@pytest.mark.parametrize(
    ("profile", "detected"), [("2024", "2024"), ("2025", "2025"), ("2026", "2026")]
)
def test_profile_detection(profile: str, detected: str) -> None:
    assert detect_profile(parse(make_report(profile))).profile == detected


def test_q3_zero_to_two_hundred_means_2026() -> None:
    text = make_report("2026").replace("uv add typer markdown", "uv sync")
    detection = detect_profile(parse(text))
    assert detection.profile == "2026" and "question 3" in detection.reason


def test_text_disagreeing_with_the_checker_is_warned() -> None:
    text = make_report("2025").replace("50-300 words", "50-200 words")
    rules = resolve(parse(text))
    assert rules.limits[31].words == (50, 300)
    assert rules.disagreements == {
        31: "the template text says 50-200 words but the official 2025 checker allows 50-300 words"
    }


def test_unknown_course_uses_text_limits() -> None:
    text = make_report("2026", questions=12, title="# Another course").replace("02476", "x")
    text = text.replace("uv add typer markdown", "")
    rules = resolve(parse(text))
    assert rules.profile == "template"
    assert rules.limits[3].words == (0, 200) and rules.limits[11].words == (200, 300)
    result = check_text(text)
    assert result.total == 12 and result.rejected is None


def test_forced_profile_of_another_year_rejects_question_count() -> None:
    result = check_text(make_report("2026", fill=passing), profile="2024")
    assert result.profile == "2024"
    assert result.rejected and "expects 27" in result.rejected


@pytest.mark.parametrize(
    ("prompt", "words_range", "images"),
    [
        ("> Recommended answer length: 100-200 words.", (100, 200), None),
        ("> Answer length: 200-300 words + 1 to 3 screenshots.", (200, 300), (1, 3)),
        ("> **Insert 1-2 images of your bucket.**", None, (1, 2)),
        ("> **Upload one image of your registry.**", None, (1, 1)),
        (
            "> **Include a figure that shows it.**\n> Recommended answer length: 200-400 words",
            (200, 400),
            (1, 1),
        ),
        ("> **Explain docker.**\n> Example:\n> *We built 2 images: one for ...*", None, None),
    ],
)
def test_text_limits(prompt: str, words_range: tuple | None, images: tuple | None) -> None:
    limits = text_limits(prompt)
    assert (limits.words, limits.images) == (words_range, images)


@pytest.mark.skipif(not SHARED.is_dir(), reason=SHARED_REASON)
@pytest.mark.parametrize(
    ("name", "profile", "disagree"),
    [
        ("2022-12-29_58831729.md", "2024", {18}),
        ("2024-11-09_92b03d41.md", "2024", set()),
        ("2024-12-22_4eb18892.md", "2025", {31}),
        ("2025-01-24_9c3875c2.md", "2025", set()),
        ("2026-01-04_1fa25710.md", "2026", {3}),
        ("2026-01-09_eb7305c5.md", "2026", set()),
    ],
)
def test_published_templates(name: str, profile: str, disagree: set[int]) -> None:
    text = (SHARED / "corpus" / "templates" / name).read_text(encoding="utf-8")
    rules = resolve(parse(text))
    assert rules.profile == profile
    assert set(rules.disagreements) == disagree


@pytest.mark.skipif(not SHARED.is_dir(), reason=SHARED_REASON)
def test_real_reports_misread_by_the_grader_get_warnings() -> None:
    """Of the real reports, one is rejected and 9 answers of 3 are cut by subheadings."""
    rejected, cut = [], {}
    for path in sorted((SHARED / "corpus" / "real").glob("*.md")) + sorted(
        (SHARED / "seeds").glob("*.txt")
    ):
        result = check_text(path.read_text(encoding="utf-8"), str(path))
        if result.rejected:
            rejected.append(path.name)
        hits = [
            w
            for w in result.warnings
            if "cuts this answer" in w.message
            and not (result.rejected and w.question == result.total)
        ]
        if hits:
            cut[path.name] = len(hits)
    assert len(rejected) == 1
    assert sum(cut.values()) == 9 and len(cut) == 3


def test_json_shape() -> None:
    data = check_text(make_report(fill=passing), "reports/README.md").to_json()
    assert set(data) >= {"path", "profile", "passed", "total", "questions", "warnings"}
    assert set(data["questions"][0]) >= {"number", "words", "images", "ok", "problems"}
    assert data["path"] == "reports/README.md" and data["passed"] == 31


def test_question_added_by_hand_keeps_the_year_and_is_refused() -> None:
    extra = "\n### Question 32\n\n> **Extra?**\n>\n> Answer:\n\nyes\n"
    text = make_report("2026", fill=passing) + extra
    result = check_text(text)
    assert result.profile == "2026" and result.total == 32
    assert result.rejected and "finds 32 answers but expects 31" in result.rejected


OLD = "this is the 27-question template (2023-2024); the 2025 and 2026 checkers expect 31"


@pytest.mark.parametrize(
    ("profile", "warned"),
    [("auto", True), ("2024", False), ("2023", False)],
)
def test_27_question_template_is_warned_only_when_detected(profile: str, warned: bool) -> None:
    result = check_text(make_report("2024", fill=passing), profile=profile)
    assert result.profile == "2024" and result.ok
    old = [w for w in result.warnings if OLD in w.message]
    assert bool(old) == warned
    if warned:
        assert "pass --profile 2024 if you hand in to that course" in old[0].message
        assert old[0].question is None


def test_31_question_templates_get_no_template_warning() -> None:
    for year in ("2025", "2026"):
        result = check_text(make_report(year, fill=passing))
        assert not [w for w in result.warnings if "27-question" in w.message]


def test_27_question_template_warning_reaches_the_cli(tmp_path, capsys) -> None:
    from report_nb.cli import main

    readme = tmp_path / "README.md"
    readme.write_text(make_report("2024", fill=passing), encoding="utf-8")
    assert main(["check", str(readme)]) == 0  # a warning, not a failure
    assert "27-question template (2023-2024)" in capsys.readouterr().out
    assert main(["check", str(readme), "--profile", "2024"]) == 0
    assert "27-question" not in capsys.readouterr().out


@pytest.mark.skipif(not SHARED.is_dir(), reason=SHARED_REASON)
def test_real_27_question_reports_get_the_template_warning() -> None:
    for path in sorted((SHARED / "corpus" / "real").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        result = check_text(text, str(path))
        old = any(OLD in w.message for w in result.warnings)
        assert old == (result.total == 27), path.name
