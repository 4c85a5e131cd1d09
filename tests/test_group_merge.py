"""Merging in a group: nothing a teammate typed is dropped by merge, undo, or the committed layout.

Every test adds a sentence somewhere and then asks: is it in the README a build writes, or does
report-nb refuse, naming the file, the question and a command that works in that state?
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from report_nb.cli import main

from group import add_to_ipynb, add_to_readme, add_to_text, built_project, commit_all

NO_HTML = ["--no-execute", "-q", "--no-html", "--no-strict"]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _suggested(err: str) -> list[str]:
    """The report-nb commands a message suggests, as argument lists."""
    return [c.split()[1:] for c in re.findall(r"'(report-nb [^']+)'", err)]


def test_undo_merge_then_build_keeps_the_teammates_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nb_path = built_project(tmp_path)
    readme = nb_path.parent / "README.md"
    sentence = "Alice wrote this on GitHub."
    add_to_readme(readme, 6, sentence)
    assert _run(["build", *NO_HTML, str(nb_path)], capsys)[0] == 2
    assert _run(["import", "--merge", str(readme)], capsys)[0] == 0
    assert _run(["import", "--undo-merge", str(readme)], capsys)[0] == 0

    code, out, err = _run(["build", *NO_HTML, str(nb_path)], capsys)
    assert code == 2, out
    assert sentence in readme.read_text(encoding="utf-8")
    assert "README.md" in err and "question 6" in err and "import --merge" in err
    # the command it names brings the sentence back, and the build then keeps it
    for argv in _suggested(err)[:1]:
        assert _run(argv, capsys)[0] == 0
    assert _run(["build", *NO_HTML, str(nb_path)], capsys)[0] == 0
    assert sentence in readme.read_text(encoding="utf-8")


def test_undo_after_a_build_of_the_merge_makes_the_build_refuse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nb_path = built_project(tmp_path)
    readme = nb_path.parent / "README.md"
    add_to_readme(readme, 6, "Merged, built, then undone.")
    assert _run(["import", "--merge", str(readme)], capsys)[0] == 0
    assert _run(["build", *NO_HTML, str(nb_path)], capsys)[0] == 0
    assert _run(["import", "--undo-merge", str(readme)], capsys)[0] == 0
    code, _, err = _run(["build", *NO_HTML, str(nb_path)], capsys)
    assert code == 2 and "question 6" in err
    assert "Merged, built, then undone." in readme.read_text(encoding="utf-8")


def _committed_layout(nb_path: Path) -> None:
    """What a clone holds: report.md, README.md and state.json in git, no report.ipynb, no
    copies under .report-nb/."""
    nb_path.unlink()
    for copy in (nb_path.parent / ".report-nb").iterdir():
        if copy.name not in ("state.json", ".gitignore"):
            if copy.is_dir():
                shutil.rmtree(copy)
            else:
                copy.unlink()
    commit_all(nb_path.parent)


def test_merge_works_from_report_md_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nb_path = built_project(tmp_path)
    readme = nb_path.parent / "README.md"
    text_path = nb_path.with_suffix(".md")
    _committed_layout(nb_path)
    add_to_readme(readme, 9, "Bob typed this in the web editor.")
    code, _, err = _run(["build", *NO_HTML, str(text_path)], capsys)
    assert code == 2 and "question 9" in err
    suggested = _suggested(err)
    assert suggested and suggested[0][:2] == ["import", "--merge"]
    code, out, err = _run(suggested[0], capsys)
    assert code == 0, err
    assert "merged question 9" in out
    assert "Bob typed this in the web editor." in text_path.read_text(encoding="utf-8")
    assert _run(["build", *NO_HTML, str(text_path)], capsys)[0] == 0
    assert "Bob typed this in the web editor." in readme.read_text(encoding="utf-8")
    # and undo, from the same state, puts report.md back and leaves no stray report.ipynb
    assert _run(["import", "--undo-merge", str(readme)], capsys)[0] == 0
    assert "Bob typed" not in text_path.read_text(encoding="utf-8")


def test_merge_with_o_report_md_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nb_path = built_project(tmp_path)
    readme = nb_path.parent / "README.md"
    _committed_layout(nb_path)
    add_to_readme(readme, 9, "Named the text file.")
    code, out, err = _run(
        ["import", "--merge", str(readme), "-o", str(nb_path.with_suffix(".md"))], capsys
    )
    assert code == 0, err
    assert "merged question 9" in out


def test_refusals_name_commands_that_work_from_another_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    built_project(tmp_path)
    monkeypatch.chdir(tmp_path)  # the project root, as a student runs 'report-nb build reports/...'
    rel = Path("reports")
    add_to_text(rel / "report.md", 3, "Edited in the text file.")
    add_to_readme(rel / "README.md", 2, "Edited on GitHub.")
    code, _, err = _run(["build", *NO_HTML, str(rel / "report.md")], capsys)
    assert code == 2
    for argv in _suggested(err):
        if argv[:2] == ["import", "--merge"]:
            assert _run(argv, capsys)[0] == 0
    assert os.path.exists(rel / "README.md")


@pytest.mark.parametrize(
    "old, new, what",
    [
        ("## Versioning\n", "## Versioning\n\nWe used DVC for everything.\n", "section heading"),
        ("> **Tell us about topic number 5", "> **Tell us all about topic number 5", "prompt"),
    ],
    ids=["section-heading", "prompt"],
)
def test_an_edit_of_the_courses_text_is_named_by_line_not_nothing_to_merge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, what: str
) -> None:
    nb_path = built_project(tmp_path)
    readme = nb_path.parent / "README.md"
    text = readme.read_text(encoding="utf-8")
    readme.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    for argv in (["build", *NO_HTML, str(nb_path)], ["import", "--merge", str(readme)]):
        code, out, err = _run(argv, capsys)
        assert code == 2, out
        assert "nothing to merge" not in out + err
        assert len(err.strip().splitlines()) == 1
        assert f"README.md:{line}" in err or f"README.md:{line + 2}" in err, err
        assert "locked" in err and "move that text into an answer" in err and what in err
    assert new in readme.read_text(encoding="utf-8")  # nothing overwritten


def test_a_merged_plus_line_repairs_the_pair_in_jupytext_markdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nb_path = built_project(tmp_path)
    readme, text_path = nb_path.parent / "README.md", nb_path.with_suffix(".md")
    add_to_readme(readme, 6, "+++ more results below\n\nThe results follow.")
    code, out, err = _run(["import", "--merge", str(readme)], capsys)
    assert code == 0, err
    assert "merged question 6" in out and "jupytext Markdown" in out
    assert "format_name: markdown" in text_path.read_text(encoding="utf-8")
    for name in (str(text_path), str(nb_path)):
        code, out, err = _run(["check", name], capsys)
        assert code in (0, 1) and "not a readable notebook" not in err, err
    code, out, err = _run(["build", *NO_HTML, str(text_path)], capsys)
    assert code == 0, err
    assert "+++ more results below\n\nThe results follow." in readme.read_text(encoding="utf-8")


def test_an_unclosed_code_fence_is_refused_naming_line_and_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nb_path = built_project(tmp_path)
    readme = nb_path.parent / "README.md"
    add_to_readme(readme, 4, "Our training loop:\n\n```python\nfor epoch in range(3):\n    train()")
    add_to_readme(readme, 7, "A later answer that must not be garbled.")
    text = readme.read_text(encoding="utf-8")
    line = text[: text.index("```python")].count("\n") + 1
    before = {p.name: p.read_bytes() for p in (nb_path, nb_path.with_suffix(".md"))}
    code, out, err = _run(["import", "--merge", str(readme)], capsys)
    assert code == 2, out
    assert len(err.strip().splitlines()) == 1
    assert f"README.md:{line}: question 4:" in err and "never closed" in err
    assert {p.name: p.read_bytes() for p in (nb_path, nb_path.with_suffix(".md"))} == before
    # closing it, as the message says, and running the command it names merges both answers
    readme.write_text(text.replace("    train()", "    train()\n```"), encoding="utf-8")
    argv = _suggested(err)[0]
    assert _run(argv, capsys)[0] == 0
    assert _run(["build", *NO_HTML, str(nb_path)], capsys)[0] == 0
    built = readme.read_text(encoding="utf-8")
    assert "A later answer that must not be garbled.\n\nword0" in built


def _newer(path: Path, than: Path) -> None:
    later = than.stat().st_mtime + 5
    os.utime(path, (later, later))


def test_both_halves_edited_in_different_questions_are_merged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nb_path = built_project(tmp_path)
    text_path, readme = nb_path.with_suffix(".md"), nb_path.parent / "README.md"
    add_to_ipynb(nb_path, 2, "Typed in JupyterLab with an old tab open.")
    add_to_text(text_path, 3, "Typed in a text editor afterwards.")
    _newer(text_path, nb_path)
    code, out, err = _run(["build", *NO_HTML, str(nb_path)], capsys)
    assert code == 0, err
    assert "question 2 from report.ipynb" in out and "question 3 from report.md" in out
    text = readme.read_text(encoding="utf-8")
    assert "Typed in JupyterLab with an old tab open." in text
    assert "Typed in a text editor afterwards." in text
    # the pair on disk now holds both, so the next build (either name) keeps both
    assert "Typed in JupyterLab" in text_path.read_text(encoding="utf-8")
    assert _run(["build", *NO_HTML, str(text_path)], capsys)[0] == 0
    assert "Typed in JupyterLab" in readme.read_text(encoding="utf-8")


def test_both_halves_edited_in_the_same_question_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nb_path = built_project(tmp_path)
    text_path, readme = nb_path.with_suffix(".md"), nb_path.parent / "README.md"
    add_to_ipynb(nb_path, 3, "The notebook's version.")
    add_to_text(text_path, 3, "The text file's version.")
    _newer(text_path, nb_path)
    before = readme.read_bytes()
    code, out, err = _run(["build", *NO_HTML, str(nb_path)], capsys)
    assert code == 2, out
    assert len(err.strip().splitlines()) == 1
    assert "question 3" in err and "report.ipynb" in err and "report.md" in err
    assert readme.read_bytes() == before
    assert "The notebook's version." in nb_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["build", "export"])
def test_an_older_notebook_saved_over_a_merge_is_caught_and_recoverable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """JupyterLab: 'Merge README edits', then undo (z) in the open tab and save: the server-side
    guard refuses to drop the merged text, and the command it names brings it back."""
    nb_path = built_project(tmp_path)
    text_path, readme = nb_path.with_suffix(".md"), nb_path.parent / "README.md"
    old = {p: p.read_bytes() for p in (nb_path, text_path)}
    add_to_readme(readme, 6, "A teammate's sentence, merged in JupyterLab.")
    assert _run(["import", "--merge", str(readme)], capsys)[0] == 0
    for path, data in old.items():  # the tab's older copy is saved over the merge (both files)
        path.write_bytes(data)
    _newer(text_path, nb_path)
    argv = ["build", *NO_HTML, str(nb_path)] if command == "build" else ["export", str(nb_path)]
    code, out, err = _run(argv, capsys)
    assert code == 2, out
    assert "question 6" in err and len(err.strip().splitlines()) == 1
    assert "A teammate's sentence" in readme.read_text(encoding="utf-8")
    suggested = _suggested(err)
    assert suggested and suggested[0][:2] == ["import", "--merge"]
    assert _run(suggested[0], capsys)[0] == 0
    assert _run(argv, capsys)[0] == 0
    assert "A teammate's sentence" in readme.read_text(encoding="utf-8")


def test_without_any_base_a_differing_answer_is_a_conflict_not_taken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by the history test: a clone without copies or git, report.md edited, then a merge
    took README.md's older answer over the notebook's edit (exit 0)."""
    nb_path = built_project(tmp_path)
    readme, text_path = nb_path.parent / "README.md", nb_path.with_suffix(".md")
    nb_path.unlink()
    shutil.rmtree(nb_path.parent / ".report-nb" / "merge")
    add_to_text(text_path, 2, "Typed in report.md, not built yet.")
    add_to_readme(readme, 4, "Typed on GitHub.")
    code, out, _ = _run(["import", "--merge", str(readme)], capsys)
    assert code == 1 and "conflict: question 4" in out
    assert "Typed in report.md, not built yet." in text_path.read_text(encoding="utf-8")


def test_a_merge_does_not_drop_a_report_md_edit_when_the_ipynb_was_edited_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by the history test: report.md and report.ipynb both edited in question 1, then a
    merge of a README edit took the newer half and rewrote the pair without report.md's text."""
    nb_path = built_project(tmp_path)
    text_path, readme = nb_path.with_suffix(".md"), nb_path.parent / "README.md"
    add_to_text(text_path, 1, "Typed in report.md.")
    add_to_readme(readme, 29, "Typed on GitHub.")
    add_to_ipynb(nb_path, 1, "Typed in an old JupyterLab tab.")
    _newer(nb_path, text_path)
    code, out, err = _run(["import", "--merge", str(readme)], capsys)
    assert code == 2, out
    assert "question 1" in err and "report.ipynb" in err and "report.md" in err
    assert "Typed in report.md." in text_path.read_text(encoding="utf-8")


def test_undo_refusals_name_a_command_that_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nb_path = built_project(tmp_path)
    readme = nb_path.parent / "README.md"
    code, _, err = _run(["import", "--undo-merge", str(readme)], capsys)
    assert code == 2 and "no merge to undo" in err and len(err.strip().splitlines()) == 1
    assert f"'report-nb import --merge {readme}'" in err and "'git log -p -- " in err

    add_to_readme(readme, 6, "Alice's sentence, merged.")
    assert _run(["import", "--merge", str(readme)], capsys)[0] == 0
    text = nb_path.with_suffix(".md")
    add_to_text(text, 8, "Bob's sentence, typed after the merge.")
    code, _, err = _run(["import", "--undo-merge", str(readme)], capsys)
    assert code == 2 and "report.md" in err and len(err.strip().splitlines()) == 1
    [command] = _suggested(err)
    assert command == ["import", "--undo-merge", str(readme), "--force"]
    code, out, _ = _run(command, capsys)
    assert code == 0
    kept = nb_path.parent / ".report-nb" / "merge" / "undone" / "report.md"
    assert f"as {kept}" in out
    assert "Bob's sentence, typed after the merge." in kept.read_text(encoding="utf-8")
    assert "Bob's sentence" not in text.read_text(encoding="utf-8")  # the merge is undone
    # undone once: a second undo has nothing to undo, and says so
    code, _, err = _run(["import", "--undo-merge", str(readme)], capsys)
    assert code == 2 and "no merge to undo" in err

    # a later merge undone with --force keeps its copy beside the first, never over it
    assert _run(["import", "--merge", str(readme)], capsys)[0] == 0
    add_to_text(text, 9, "Carol's sentence, typed after the second merge.")
    code, out, _ = _run(command, capsys)
    assert code == 0
    second = kept.with_name("report.2.md")
    assert f"as {second}" in out
    assert "Carol's sentence" in second.read_text(encoding="utf-8")
    assert "Bob's sentence, typed after the merge." in kept.read_text(encoding="utf-8")


def test_an_undone_merge_keeps_telling_the_halves_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An old tab's edit in report.ipynb, then a merge and its undo: the pair is back as it was,
    with the record of it as it was, so a later edit of report.md does not outvote the tab's."""
    nb_path = built_project(tmp_path)
    readme, text = nb_path.parent / "README.md", nb_path.with_suffix(".md")
    tab, typed, web = "Typed in an old tab.", "Typed in report.md.", "Typed on GitHub."
    assert add_to_ipynb(nb_path, 23, tab)
    add_to_readme(readme, 7, web)
    assert _run(["import", "--merge", str(readme)], capsys)[0] == 0
    assert _run(["import", "--undo-merge", str(readme)], capsys)[0] == 0
    assert add_to_text(text, 5, typed)
    code, _, err = _run(["import", "--merge", str(readme)], capsys)
    assert code == 0, err
    pair = nb_path.read_text(encoding="utf-8") + text.read_text(encoding="utf-8")
    assert tab in pair and typed in pair and web in pair
    assert _run(["build", *NO_HTML, str(nb_path)], capsys)[0] == 0
    built = readme.read_text(encoding="utf-8")
    assert tab in built and typed in built and web in built
