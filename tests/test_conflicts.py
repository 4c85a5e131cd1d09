"""git's conflict markers in an answer: found as git writes them, named by line, never guessed.

The regions are what ``git merge-file`` really writes (it runs here), in its default and diff3
styles; a lone line of ``=`` (a Markdown heading underline) or an opening marker that is never
closed is not a conflict.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from report_nb.core.check import CONFLICT, check_text
from report_nb.core.conflicts import regions, unresolved_lines

from builders import make_report, passing, words

BASE = "We trained a small CNN.\n\nIt took an hour.\n"
OURS = "We trained a small CNN on 4 GPUs.\n\nIt took an hour.\n"
THEIRS = "We trained a small CNN with PyTorch Lightning.\n\nIt took an hour.\n"


def git_merge(tmp_path: Path, style: str = "merge") -> str:
    """The text ``git merge-file`` writes for OURS and THEIRS from BASE, in ``style``."""
    paths = []
    for name, text in (("ours", OURS), ("base", BASE), ("theirs", THEIRS)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    styles = {"merge": [], "diff3": ["--diff3"]}
    done = subprocess.run(
        ["git", "merge-file", "-p", *styles[style], "-L", "HEAD", "-L", "base", "-L", "abc123",
         *paths],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr  # one conflict
    return done.stdout


@pytest.mark.parametrize("style", ["merge", "diff3"])
def test_the_regions_git_writes(tmp_path: Path, style: str) -> None:
    text = git_merge(tmp_path, style)
    [region] = regions(text)
    lines = text.split("\n")
    assert lines[region.first].startswith("<<<<<<< HEAD")
    assert lines[region.last].startswith(">>>>>>> abc123")
    assert region.ours == [(1, "We trained a small CNN on 4 GPUs.")]
    assert [line for _, line in region.theirs] == ["We trained a small CNN with PyTorch Lightning."]
    # the base side of diff3 is what both started from: no teammate typed it
    assert all("small CNN.\n" not in line for _, line in region.ours + region.theirs)


@pytest.mark.parametrize(
    "text",
    [
        "A title\n=======\n\nText.",  # a setext heading's underline
        "<<<<<<< HEAD\nnever closed\n=======\nstill open",
        "=======\n>>>>>>> abc\n",  # no opening marker
        "<<<<<<<< eight is not git's marker\n=======\n>>>>>>>> x",
        "code: a <<<<<<< b\n=======\n>>>>>>> c",  # not at the start of the line
    ],
)
def test_what_is_not_a_conflict(text: str) -> None:
    assert regions(text) == []
    assert unresolved_lines(text, "") == []


def test_crlf_lines_are_read_as_git_writes_them() -> None:
    text = "<<<<<<< HEAD\r\nours\r\n=======\r\ntheirs\r\n>>>>>>> x\r\n"
    [region] = regions(text)
    assert region.ours == [(1, "ours")] and region.theirs == [(3, "theirs")]


def test_unresolved_lines_are_what_the_known_text_lacks(tmp_path: Path) -> None:
    text = git_merge(tmp_path)
    lines = text.split("\n")
    both = OURS + THEIRS
    assert unresolved_lines(text, both) == []  # the student kept both texts elsewhere
    missing = unresolved_lines(text, OURS)  # kept only ours: theirs' line is named
    assert [lines[n] for n in missing] == ["We trained a small CNN with PyTorch Lightning."]
    # every line either teammate typed counts, inside the markers or between two regions
    merged = text + "A line only Alice typed.\n" + text
    assert merged.split("\n")[unresolved_lines(merged, both)[0]] == "A line only Alice typed."
    assert unresolved_lines(THEIRS, "") == []  # no conflict: nothing to resolve


def test_check_fails_the_conflicted_answer_naming_its_lines(tmp_path: Path) -> None:
    conflict = git_merge(tmp_path).rstrip("\n")
    text = make_report(answers={6: conflict + "\n\n" + words(120)}, fill=passing)
    result = check_text(text, "README.md")
    failing = [q for q in result.questions if not q.ok]
    assert [(q.number, q.problems) for q in failing] == [(6, [CONFLICT])]
    [finding] = [w for w in result.warnings if w.question == 6 and CONFLICT in w.message]
    first = text.split("\n").index("<<<<<<< HEAD") + 1
    assert finding.line == first and finding.error
    assert f"(lines {first}-{first + 4})" in finding.message
    assert not result.ok


def test_a_conflicted_checklist_is_named_by_line() -> None:
    text = make_report(fill=passing)
    first = text.index("* [")
    conflict = "<<<<<<< HEAD\n* [x] Ticked by Alice\n=======\n* [ ] Ticked by Alice\n>>>>>>> x\n"
    result = check_text(text[:first] + conflict + text[first:], "README.md")
    [finding] = [w for w in result.warnings if "the checklist holds" in w.message]
    line = text[:first].count("\n") + 1
    assert (
        finding.line == line and finding.error and f"(lines {line}-{line + 4})" in finding.message
    )
