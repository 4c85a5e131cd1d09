"""import --merge brings README hand edits into the notebook; a build then accepts the README."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from report_nb.build.builder import build
from report_nb.build.merge import merge_readme
from report_nb.build.options import build_config
from report_nb.cli import main
from report_nb.errors import NotebookError

from builders import words
from projects import make_project, snapshot


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
    readme.write_text(
        readme.read_text(encoding="utf-8").replace("Value 42.", "Value 43."), encoding="utf-8"
    )
    before = snapshot(nb_path.parent)
    with pytest.raises(NotebookError, match=r"question\(s\) 6 changed in the README"):
        merge_readme(readme, nb_path)
    assert snapshot(nb_path.parent) == before
