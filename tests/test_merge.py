"""import --merge brings README hand edits into the notebook; a build then accepts the README."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from report_nb.cli import main
from report_nb.commands.building import build
from report_nb.commands.merging import merge_readme
from report_nb.commands.options import build_config
from report_nb.errors import WouldOverwriteError
from report_nb.notebook.pairing import read_notebook

from builders import words
from projects import make_project, snapshot, write_pair


def answer_cell(nb_path: Path, question: int) -> str:
    nb = nbformat.read(nb_path, as_version=4)
    return next(
        c.source
        for c in nb.cells
        if c.metadata.get("report_nb", {}) == {"kind": "answer", "question": question}
    )


def test_merge_moves_edited_answers_and_ticks_into_the_notebook(tmp_path: Path) -> None:
    nb_path = make_project(tmp_path)
    readme = nb_path.parent / "README.md"
    build(nb_path, build_config(execute=False, progress=False))
    text = readme.read_text(encoding="utf-8")
    edited = text.replace("Group 1\n", "Group 1, edited on GitHub\n").replace(
        "* [ ] Track data", "* [x] Track data"
    )
    readme.write_text(edited, encoding="utf-8")

    assert main(["import", "--merge", str(readme)]) == 0
    assert answer_cell(nb_path, 1) == "Group 1, edited on GitHub"
    nb = nbformat.read(nb_path, as_version=4)
    checklist = next(c for c in nb.cells if c.metadata["report_nb"].get("kind") == "checklist")
    assert "* [x] Track data" in checklist.source
    result = build(
        nb_path, build_config(execute=False, progress=False)
    )  # accepted: the edits are merged
    assert readme.read_text(encoding="utf-8") == edited
    assert result.written == [nb_path.parent / "report.html"]  # the README is already right


def test_merge_refuses_answers_made_by_code(tmp_path: Path) -> None:
    nb_path = make_project(
        tmp_path,
        edits={6: "Value {{ v }}. " + words(110)},
        code={6: ["import report_nb\nreport_nb.glue('v', 42)"]},
    )
    build(nb_path, build_config(progress=False, html=False))
    readme = nb_path.parent / "README.md"
    _edit_readme(readme, "Value 42.", "Value 43.")
    before = snapshot(nb_path.parent)
    result = merge_readme(readme, nb_path)
    assert [(c.question, c.reason) for c in result.conflicts] == [
        (6, "made by code cells or {{ }}")
    ]
    assert "Value 42." in result.conflicts[0].ours and "Value 43." in result.conflicts[0].theirs
    assert snapshot(nb_path.parent) == before


def _answer_index(nb: nbformat.NotebookNode, question: int) -> int:
    return next(
        i
        for i, c in enumerate(nb.cells)
        if c.metadata.get("report_nb", {}) == {"kind": "answer", "question": question}
    )


def test_merge_into_a_student_cell_that_replaced_the_answer_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    nb_path = make_project(tmp_path)
    readme = nb_path.parent / "README.md"
    nb = nbformat.read(nb_path, as_version=4)
    # question 2: the tagged answer cell was deleted and the student wrote in a new cell
    index = _answer_index(nb, 2)
    nb.cells[index] = nbformat.v4.new_markdown_cell("Group 2")
    # question 4: two Markdown cells make the answer; question 9: the order of two cells swapped
    nb.cells.insert(_answer_index(nb, 4) + 1, nbformat.v4.new_markdown_cell("More on four."))
    nine = _answer_index(nb, 9)
    nb.cells.insert(nine, nbformat.v4.new_markdown_cell("Before nine."))
    write_pair(nb, nb_path, force=True)
    build(nb_path, build_config(execute=False, progress=False, strict=False))

    text = readme.read_text(encoding="utf-8")
    edited = (
        text.replace("Group 2\n", "Group 2 edited\n")
        .replace("More on four.", "More on four, edited.")
        .replace("Before nine.", "Before nine, edited.")
        .replace("Group 1\n", "Group 1 edited\n")
    )
    readme.write_text(edited, encoding="utf-8")
    assert main(["import", "--merge", str(readme)]) == 0
    out = capsys.readouterr().out
    for number in (1, 2, 4, 9):
        assert f"merged question {number}:" in out
    assert "merged question 3:" not in out

    result = build(nb_path, build_config(execute=False, progress=False, strict=False))
    assert readme.read_text(encoding="utf-8") == edited  # no text twice, nothing lost
    assert "Group 2 edited\n\nGroup 2" not in edited
    assert result.written == [nb_path.parent / "report.html"]
    nb = nbformat.read(nb_path, as_version=4)
    assert nb.cells[_answer_index(nb, 2)].source == "Group 2 edited"
    # a second merge of the same README finds nothing to do
    assert main(["import", "--merge", str(readme)]) == 0
    assert "nothing to merge" in capsys.readouterr().out


def test_merge_with_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    nb_path = make_project(tmp_path)
    build(nb_path, build_config(execute=False, progress=False))
    before = snapshot(nb_path.parent)
    result = merge_readme(nb_path.parent / "README.md", nb_path)
    assert (result.questions, result.checklist, result.written) == ([], False, [])
    assert snapshot(nb_path.parent) == before


def _edit_readme(readme: Path, old: str, new: str) -> None:
    """Edit README.md as a student would on GitHub."""
    text = readme.read_text(encoding="utf-8")
    assert old in text
    readme.write_text(text.replace(old, new), encoding="utf-8")


def _edit_pair_text(nb_path: Path, old: str, new: str) -> None:
    """Edit report.md as a text editor would (it becomes the newer file of the pair)."""
    text_path = nb_path.with_suffix(".md")
    text = text_path.read_text(encoding="utf-8")
    assert old in text
    text_path.write_text(text.replace(old, new), encoding="utf-8")
    later = nb_path.stat().st_mtime + 5
    os.utime(text_path, (later, later))


def test_three_way_merge_keeps_notebook_edits_made_since_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    nb_path = make_project(tmp_path)
    readme = nb_path.parent / "README.md"
    build(nb_path, build_config(execute=False, progress=False))
    # README.md: text appended to question 2; report.md: question 1 edited, a box ticked
    _edit_readme(readme, "Group 2\n", "Group 2\n\nAdded on GitHub.\n")
    _edit_pair_text(nb_path, "Group 1\n", "Group 1, edited in the notebook\n")
    _edit_pair_text(nb_path, "* [ ] Track data", "* [x] Track data")

    assert main(["import", "--merge", str(readme)]) == 0
    out = capsys.readouterr().out
    assert "merged question 2:" in out and "kept question 1:" in out and "backed up" in out
    nb, _ = read_notebook(nb_path)
    sources = "\n".join(c.source for c in nb.cells)
    assert "Group 2\n\nAdded on GitHub." in sources
    assert "Group 1, edited in the notebook" in sources
    assert "* [x] Track data" in sources
    result = build(nb_path, build_config(execute=False, progress=False))
    text = readme.read_text(encoding="utf-8")
    assert "Added on GitHub." in text and "Group 1, edited in the notebook" in text
    assert "* [x] Track data" in text and result.written


def test_a_question_changed_on_both_sides_is_a_conflict(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    nb_path = make_project(tmp_path)
    readme = nb_path.parent / "README.md"
    build(nb_path, build_config(execute=False, progress=False))
    _edit_readme(readme, "Group 1\n", "Group 1 from GitHub\n")
    _edit_pair_text(nb_path, "Group 1\n", "Group 1 from the notebook\n")
    before = snapshot(nb_path.parent)
    assert main(["import", "--merge", str(readme)]) == 1
    out = capsys.readouterr().out
    assert "conflict: question 1: changed on both sides; nothing was merged" in out
    assert "  notebook | Group 1 from the notebook" in out
    assert "  README.md | Group 1 from GitHub" in out
    assert snapshot(nb_path.parent) == before


def test_undo_merge_puts_the_pair_back(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    nb_path = make_project(tmp_path)
    readme = nb_path.parent / "README.md"
    build(nb_path, build_config(execute=False, progress=False))
    pair = {p: p.read_bytes() for p in (nb_path, nb_path.with_suffix(".md"))}
    _edit_readme(readme, "Group 1\n", "Group 1, merged\n")
    assert main(["import", "--merge", str(readme)]) == 0
    assert all(p.read_bytes() != data for p, data in pair.items())
    assert main(["import", "--undo-merge", str(readme)]) == 0
    assert "restored" in capsys.readouterr().out
    assert all(p.read_bytes() == data for p, data in pair.items())


def test_a_build_refuses_to_drop_merged_text(tmp_path: Path) -> None:
    nb_path = make_project(tmp_path)
    readme = nb_path.parent / "README.md"
    build(nb_path, build_config(execute=False, progress=False))
    pair = {p: p.read_bytes() for p in (nb_path, nb_path.with_suffix(".md"))}
    _edit_readme(readme, "Group 1\n", "Group 1, merged\n")
    merge_readme(readme, nb_path)
    merged = readme.read_bytes()
    for path, data in pair.items():  # JupyterLab, open since before the merge, saves its copy
        path.write_bytes(data)
    with pytest.raises(WouldOverwriteError, match=r"question\(s\) 1"):
        build(nb_path, build_config(execute=False, progress=False))
    assert readme.read_bytes() == merged
    merge_readme(readme, nb_path)  # merged again: the notebook holds the text once more
    build(nb_path, build_config(execute=False, progress=False))
    assert readme.read_bytes() == merged
