"""The hand-in: ``html --as-grader`` byte for byte; check's warnings where it loses structure."""

from __future__ import annotations

import random
import re
from pathlib import Path

import markdown
import pytest

from report_nb.cli import main
from report_nb.commands.html import write_handin
from report_nb.core.check import check_text
from report_nb.core.handin import grader_text, handin_bytes
from report_nb.core.handin_lint import lint
from report_nb.core.handin_words import syntax_words
from report_nb.errors import WouldOverwriteError

from builders import make_report, passing, variants, words
from conftest import SHARED, SHARED_REASON, shared_params, shared_reports


def course_html(path: Path) -> str:
    """What the course's ``report.py html`` computes, called directly."""
    with open(path, encoding="utf-8") as file:  # text mode: universal newlines
        text = file.read()
    return markdown.markdown(text[43:])


def hand_in(answer: str, number: int = 5) -> list[str]:
    """The hand-in warnings of a report whose question ``number`` is ``answer``."""
    result = check_text(make_report(fill=passing, answers={number: answer}))
    return [w.message for w in result.warnings if "hand-in" in w.message]


# -- html --as-grader --------------------------------------------------------------------------


@pytest.mark.parametrize("path", shared_params())
def test_as_grader_is_the_course_script_byte_for_byte(path: Path, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_bytes(path.read_bytes())
    assert main(["html", "--as-grader", str(readme)]) == 0
    written = (tmp_path / "handin.html").read_bytes()
    assert written == course_html(readme).encode("utf-8")


def test_shared_reports_include_front_matter_and_crlf() -> None:
    if not SHARED.is_dir():
        pytest.skip(SHARED_REASON)
    data = [p.read_bytes() for p in shared_reports()]
    assert any(b"\r\n" in d for d in data)
    assert any(d.lstrip().startswith(b"---\n") for d in data)


@pytest.mark.parametrize(("name", "text"), list(variants(make_report(fill=passing))))
def test_as_grader_on_every_layout(name: str, text: str, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_bytes(text.encode("utf-8"))
    assert handin_bytes(readme.read_bytes()) == course_html(readme).encode("utf-8")


def test_grader_text_reads_as_text_mode_does() -> None:
    data = "\ufeffa\r\nb\rc\n".encode()
    assert grader_text(data) == "\ufeffa\nb\nc\n"  # the BOM stays a character, as in open()


def test_front_matter_shifts_the_43_characters(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    text = "---\nlayout: default\n---\n\n" + make_report(fill=passing)
    readme.write_text(text, encoding="utf-8")
    html = handin_bytes(readme.read_bytes()).decode()
    assert "layout: default" not in html and "<h1>" not in html  # the title line is cut
    assert html.startswith("<p>" + text[43:].split("\n")[0])


def test_as_grader_has_its_own_name_and_never_overwrites(tmp_path: Path, capsys) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(make_report(fill=passing))
    course = tmp_path / "report.html"  # the course script's page, and the HTML report's name
    course.write_text("<p>written by the course script</p>")
    assert main(["html", "--as-grader", str(readme)]) == 0
    assert f"wrote {tmp_path / 'handin.html'}" in capsys.readouterr().out
    assert (tmp_path / "handin.html").read_text(encoding="utf-8") == course_html(readme)
    assert course.read_text() == "<p>written by the course script</p>"
    # the HTML report and the preview never replace each other's page
    (tmp_path / "report.html").unlink()
    assert main(["html", str(readme)]) == 0
    report = (tmp_path / "report.html").read_bytes()
    assert main(["html", "--as-grader", str(readme)]) == 0
    assert (tmp_path / "report.html").read_bytes() == report
    assert main(["html", str(readme)]) == 0
    assert (tmp_path / "handin.html").read_text(encoding="utf-8") == course_html(readme)


def test_as_grader_output_option_and_never_overwrites(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(make_report(fill=passing))
    foreign = tmp_path / "handin.html"
    foreign.write_text("<p>written by hand</p>")
    assert main(["html", "--as-grader", str(readme)]) == 2
    assert foreign.read_text() == "<p>written by hand</p>"
    with pytest.raises(WouldOverwriteError):
        write_handin(readme)
    other = tmp_path / "report.html"
    assert main(["html", "--as-grader", str(readme), "-o", str(other)]) == 0
    assert other.read_text(encoding="utf-8") == course_html(readme)
    assert main(["html", "--as-grader", str(readme), "--force"]) == 0
    assert foreign.read_text(encoding="utf-8") == course_html(readme)
    # now report-nb wrote it: the next run replaces it without --force
    assert main(["html", "--as-grader", str(readme)]) == 0


def test_as_grader_refuses_unreadable_input(tmp_path: Path, capsys) -> None:
    readme = tmp_path / "README.md"
    readme.write_bytes(b"\xff\xfe not utf-8")
    assert main(["html", "--as-grader", str(readme)]) == 2
    assert "README.md" in capsys.readouterr().err
    assert not (tmp_path / "handin.html").exists()


# -- warnings: our own fixtures ----------------------------------------------------------------


def test_fenced_code_block_is_warned_with_its_line_and_what_works() -> None:
    answer = words(110) + "\n\n```bash\n# set up\nuv sync\n```\n\nDone."
    text = make_report(fill=passing, answers={5: answer})
    [warning] = [w for w in check_text(text).warnings if "hand-in" in w.message]
    assert warning.question == 5
    assert warning.line == text.split("\n").index("```bash") + 1
    assert f"code block on line {warning.line} renders on one line" in warning.message
    assert "'#' become headings" in warning.message and "indent it by 4 spaces" in warning.message


@pytest.mark.parametrize(
    ("answer", "count"),
    [
        pytest.param("~~~\ncode\n~~~", 1, id="tilde-fence"),
        pytest.param("````md\n```bash\nx\n```\n````", 1, id="fence-inside-a-longer-fence"),
        pytest.param("~~~\n```\nx\n```\n~~~", 1, id="backticks-inside-tildes"),
        pytest.param("```\nnever closed\nstill code", 1, id="unclosed"),
        pytest.param("```\na\n```\n\ntext\n\n```\nb\n```", 2, id="two-blocks"),
        pytest.param("- step one\n\n  ```bash\n  make\n  ```", 1, id="in-a-list-item"),
        pytest.param("Run ```make``` first.", 0, id="inline-triple-backticks"),
        pytest.param("    ```\n    indented, so code in both\n    ```", 0, id="indented-4"),
    ],
)
def test_fences(answer: str, count: int) -> None:
    assert sum("code block" in m for m in hand_in(words(110) + "\n\n" + answer)) == count


@pytest.mark.parametrize(
    ("answer", "warned"),
    [
        pytest.param("| a | b |\n|---|---|\n| 1 | 2 |", True, id="table"),
        pytest.param("a | b\n--|--\n1 | 2", True, id="no-outer-pipes"),
        pytest.param("| a |\n| :-: |", True, id="one-column"),
        pytest.param("| a | b |\n| 1 | 2 |", False, id="no-delimiter-row"),
        pytest.param("| a | b | c |\n|---|---|\n| 1 | 2 |", False, id="cell-counts-differ"),
        pytest.param("```\n| a | b |\n|---|---|\n```", False, id="inside-a-fence"),
        pytest.param("x | y\n\n---", False, id="a-rule"),
    ],
)
def test_tables_need_a_header_and_a_delimiter_row(answer: str, warned: bool) -> None:
    messages = hand_in(words(110) + "\n\n" + answer)
    assert any("renders as plain text with pipes" in m for m in messages) == warned


def test_table_warning_line() -> None:
    text = make_report(fill=passing, answers={5: words(110) + "\n\n| a | b |\n|---|---|"})
    [warning] = [w for w in check_text(text).warnings if "table" in w.message]
    assert warning.line == text.split("\n").index("| a | b |") + 1


@pytest.mark.parametrize(
    ("answer", "flattened"),
    [
        pytest.param("- a\n  - b\n- c", True, id="two-spaces"),
        pytest.param("1. a\n   - b", True, id="three-under-a-number"),
        pytest.param("- a\n\n  - b", True, id="after-a-blank-line"),
        pytest.param("- a\n    - b\n- c", False, id="four-spaces"),
        pytest.param("- a\n- b", False, id="flat"),
        pytest.param("- a\n  continued text", False, id="continuation"),
    ],
)
def test_nested_lists(answer: str, flattened: bool) -> None:
    messages = hand_in(words(110) + "\n\n" + answer)
    assert any("nested list" in m and "flattened" in m for m in messages) == flattened


@pytest.mark.parametrize(
    ("answer", "warned"),
    [
        pytest.param("We used:\n- uv\n- ruff", True, id="bullets"),
        pytest.param("Steps:\n1. build\n2. push", True, id="numbered"),
        pytest.param("In\n2024. we did it", False, id="number-not-1-cannot-interrupt"),
        pytest.param("We used:\n\n- uv", False, id="blank-line"),
        pytest.param("#### Tools\n- uv", False, id="after-a-heading"),
    ],
)
def test_list_straight_after_text(answer: str, warned: bool) -> None:
    messages = hand_in(words(110) + "\n\n" + answer)
    assert any("follows a line of text" in m for m in messages) == warned


@pytest.mark.parametrize(
    ("answer", "warned"),
    [
        pytest.param("See https://example.org/x for more.", True, id="bare"),
        pytest.param("See www.example.org for more.", True, id="www"),
        pytest.param("See <https://example.org/x>.", False, id="autolink"),
        pytest.param("See [docs](https://example.org/x).", False, id="link"),
        pytest.param("See `https://example.org/x`.", False, id="code-span"),
        pytest.param('<a href="https://example.org">docs</a>', False, id="html-link"),
        pytest.param("```\ncurl https://example.org\n```", False, id="in-a-fence"),
    ],
)
def test_bare_urls(answer: str, warned: bool) -> None:
    messages = hand_in(words(110) + "\n\n" + answer)
    assert any("is not a link in the hand-in" in m for m in messages) == warned


def test_urls_are_one_warning_per_answer() -> None:
    answer = words(110) + "\n\nA https://a.org\nB https://b.org\nC https://c.org"
    [message] = hand_in(answer)
    assert "(nor 2 more in this answer)" in message


def test_every_warning_says_hand_in_and_is_what_python_markdown_does() -> None:
    """Each kind of warning, checked against Python-Markdown's real output."""
    cases = {
        "```\nx = 1\n```": lambda html: "<pre>" not in html,
        "| a | b |\n|---|---|\n| 1 | 2 |": lambda html: "<table>" not in html,
        "- a\n  - b": lambda html: html.count("<ul>") == 1,
        "Text:\n- a": lambda html: "<li>" not in html,
        "See https://example.org": lambda html: "<a " not in html,
    }
    for answer, lost in cases.items():
        messages = hand_in(answer, number=1)
        assert messages and all("hand-in" in m for m in messages), answer
        assert lost(markdown.markdown(answer)), answer


#: What each line is depends on the lines before it (a fence, a list, an indented code block, an
#: HTML block, a table), also across the text lines the scan skips; (line, what) of each warning.
_KINDS = {"code block": "code", "table": "table", "nested": "nested", "list": "after", "URL": "url"}


@pytest.mark.parametrize(
    ("answer", "found"),
    [
        pytest.param("text\n\n    code http://x.org\n- item", [], id="url-in-code-list-after-it"),
        pytest.param("Intro:\n\n\tx\n<div>\nhttp://e.org", [], id="html-after-code-after-blank"),
        pytest.param("    - a\n  - b", [], id="code-first-then-an-item"),
        pytest.param("<div>\nhttp://x.org\n\nhttp://y.org", [(4, "url")], id="html-block-ends"),
        pytest.param(
            "| a | b |\n|---|---|\n| http://x.org |\n\nhttp://y.org",
            [(1, "table"), (5, "url")],
            id="table-rows-hide-urls",
        ),
        pytest.param(
            "- a\n\n  continued http://a.org\n- b\n\nafter http://b.org",
            [(3, "url")],
            id="list-goes-on-after-a-blank-line",
        ),
        pytest.param(
            "Text\n- a\n  - b\n\n```\n# h\nhttp://c.org\n````\nhttp://d.org",
            [(2, "after"), (3, "nested"), (5, "code"), (9, "url")],
            id="list-then-fence-closed-by-a-longer-one",
        ),
        pytest.param(
            "- a\n\n  ```\n  - b\n  ```\n   - c", [(3, "code"), (6, "nested")], id="fence-in-list"
        ),
        pytest.param(
            "x\n    - a\n     - b\n\n- c\n  - d", [(2, "after"), (3, "nested")], id="indented-list"
        ),
    ],
)
def test_what_a_line_is_depends_on_the_lines_before(
    answer: str, found: list[tuple[int, str]]
) -> None:
    issues = lint("Answer:" + answer, 7, 7 + len(answer), lambda offset: 1)
    kinds = [
        next(k for word, k in _KINDS.items() if word in m.split(" on line")[0]) for _, m in issues
    ]
    assert list(zip([line for line, _ in issues], kinds, strict=True)) == found


def test_clean_answers_get_no_hand_in_warnings() -> None:
    answer = "We used:\n\n- uv\n    - its lock file\n\n    uv sync\n\nSee <https://docs.astral.sh>."
    assert hand_in(words(110) + "\n\n" + answer) == []


# -- counts that surprise ----------------------------------------------------------------------


TABLE = "| Tool | Use |\n|---|---|\n" + "\n".join(f"| t{i} | u{i} |" for i in range(12))


def test_syntax_words() -> None:
    # 5 tokens a row, 3 of them pipes; the delimiter row "|---|---|" is one token
    assert syntax_words(TABLE) == (13 * 5 + 1, 13 * 3 + 1, 0)
    assert syntax_words('<img src="a.png" width="300"> text <br> more') == (0, 0, 4)
    assert syntax_words("no | table here") == (0, 0, 0)


def test_table_syntax_that_decides_the_verdict_is_explained() -> None:
    # 160 words of prose + 66 table tokens (40 of them pipes and dashes): over the 200 limit
    result = check_text(make_report(fill=passing, answers={5: words(160) + "\n\n" + TABLE}))
    assert result.questions[4].problems == ["too many words: 226 > 200"]
    [note] = [w for w in result.warnings if "table syntax" in w.message]
    assert note.question == 5
    assert "of the 226 words the official checker counts, 66 are in tables, 40 of them" in (
        note.message
    )
    assert "without it the answer has 186 words and would meet the limit of 200" in note.message


def test_syntax_that_lifts_an_answer_over_the_minimum_is_explained() -> None:
    answer = words(90) + "\n\n" + '<img src="figures/a.png" width="300" alt="a">' * 4
    result = check_text(make_report(fill=passing, answers={5: answer}))
    assert result.questions[4].ok  # 90 + 12 words of markup
    [note] = [w for w in result.warnings if "HTML markup" in w.message]
    assert "reaches 100 words only thanks to it (90 without it)" in note.message


def test_small_syntax_that_decides_nothing_is_not_mentioned() -> None:
    answer = words(150) + "\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    result = check_text(make_report(fill=passing, answers={5: answer}))
    assert not [w for w in result.warnings if "syntax" in w.message]


# -- warnings on real reports ------------------------------------------------------------------


def _shared(name: str) -> Path:
    matches = [p for p in shared_reports() if p.name.startswith(name)]
    if not matches:
        pytest.skip(SHARED_REASON)
    return matches[0]


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")


@pytest.mark.parametrize("path", shared_params())
def test_real_reports_code_and_table_warnings_match_python_markdown(path: Path) -> None:
    """Every fence and pipe table warned about starts on the line named, and no <pre> or
    <table> of the hand-in comes from an answer's fence or pipe table."""
    text = path.read_text(encoding="utf-8")
    lines = text.replace("\r\n", "\n").split("\n")
    for warning in check_text(text, str(path)).warnings:
        if "code block on line" in warning.message:
            assert re.match(r" *(```|~~~)", lines[warning.line - 1]), warning
        if "the table on line" in warning.message:
            assert "|" in lines[warning.line - 1] and "-" in lines[warning.line], warning
        if "hand-in" in warning.message:
            assert warning.question is not None
            assert f"line {warning.line}" in warning.message


def test_real_report_with_tables_and_fences() -> None:
    path = _shared("MikkelGodsk")
    result = check_text(path.read_text(encoding="utf-8"), str(path))
    kinds = [(w.question, w.message.split(" on line")[0]) for w in result.warnings]
    assert (8, "the table") in kinds
    assert (4, "the code block") in kinds and (19, "the code block") in kinds
    [note] = [w for w in result.warnings if "table syntax" in w.message]
    assert note.question == 8 and "would meet the limit of 200" in note.message
    assert result.questions[7].problems == ["too many words: 249 > 200"]


def test_real_report_with_crlf_and_a_table() -> None:
    path = _shared("ThorxNxEriksen")
    lines = _lines(path)
    result = check_text(path.read_text(encoding="utf-8"), str(path))
    [table] = [w for w in result.warnings if "the table on line" in w.message]
    assert table.question == 31 and lines[table.line - 1].lstrip().startswith("|")
    lists = [w for w in result.warnings if "follows a line of text" in w.message]
    assert len(lists) == 5 and all(_is_item(lines[w.line - 1]) for w in lists)


def test_real_seed_with_fences_in_lists_and_nested_lists() -> None:
    path = _shared("004_")
    lines = _lines(path)
    result = check_text(path.read_text(encoding="utf-8"), str(path))
    nested = [w for w in result.warnings if "nested list" in w.message]
    assert len(nested) == 5 and all(lines[w.line - 1].startswith(("  -", "   -")) for w in nested)
    fences = [w for w in result.warnings if w.question == 25 and "code block" in w.message]
    assert len(fences) == 1 and lines[fences[0].line - 1].strip() == "```json"


def _is_item(line: str) -> bool:
    return bool(re.match(r" *([-*+]|\d+[.)])[ \t]", line))


@pytest.mark.skipif(not SHARED.is_dir(), reason=SHARED_REASON)
def test_real_reports_hand_in_counts_as_the_readme_states() -> None:
    kinds = {
        "code": "code block on line",
        "table": "the table on line",
        "nested": "nested list",
        "after": "follows a line of text",
        "url": "is not a link",
    }
    found = dict.fromkeys(kinds, 0)
    reports = dict.fromkeys(kinds, 0)
    paths = sorted((SHARED / "corpus" / "real").glob("*.md"))
    paths += sorted((SHARED / "seeds").glob("*.txt"))
    for path in paths:
        result = check_text(path.read_text(encoding="utf-8"), str(path))
        for kind, needle in kinds.items():
            hits = sum(needle in w.message for w in result.warnings)
            found[kind] += hits
            reports[kind] += bool(hits)
    assert len(paths) == 35
    assert found == {"code": 90, "table": 5, "nested": 9, "after": 85, "url": 37}
    assert reports == {"code": 22, "table": 4, "nested": 3, "after": 23, "url": 18}


#: A bare URL as the lint defines it: outside code spans, links, images, tags and link
#: definitions (blanked out first), written plainly with the regexes.
_SPANS = re.compile(r"`+[^`\n]*`+|!?\[[^\]\n]*\]\([^)\n]*\)|<[^>\n]*>|\[[^\]\n]*\]:[^\n]*")
_BARE = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'`]+")


@pytest.mark.parametrize("seed", range(4))
def test_a_url_is_bare_exactly_where_the_masked_line_shows_one(seed: int) -> None:
    rng = random.Random(seed)
    pieces = ["`", "[", "]", "(", ")", "<", ">", "!", ":", "a", " ", "http://x", "https://", "www."]
    pieces += ["'", "x`", "é"]
    for _ in range(3000):
        line = "x " + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        masked = _SPANS.sub(lambda m: " " * len(m.group(0)), line)
        warned = any("URL" in message for _, message in lint(line, 0, len(line), lambda _: 1))
        assert warned == bool(_BARE.search(masked)), repr(line)
