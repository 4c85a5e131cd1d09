"""The lab extension's analysis equals ``report-nb check``; glue outputs stay out of the README."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

from report_nb.commands.importing import import_readme
from report_nb.errors import NotebookError
from report_nb.kernel import GLUE_MIME
from report_nb.lab.analysis import analyse, from_json
from report_nb.notebook.cells import cell_info
from report_nb.notebook.outputs import cell_markdown
from report_nb.notebook.pairing import read_notebook

from conftest import FIXTURES
from projects import tiny_png, write_pair


def imported(tmp_path: Path, name: str = "filled_31.md") -> Path:
    readme = tmp_path / "README.md"
    shutil.copy(FIXTURES / name, readme)
    import_readme(readme)
    return tmp_path / "report.ipynb"


def answer_index(nb, question: int) -> int:
    for index, cell in enumerate(nb.cells):
        info = cell_info(cell)
        if info.get("kind") == "answer" and info.get("question") == question:
            return index
    raise AssertionError(question)


def same_as_check(result: dict, path: Path) -> None:
    """The analysis equals what ``report-nb check NOTEBOOK --format json`` prints."""
    import contextlib
    import io
    import json

    from report_nb.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["check", str(path), "--format", "json"])
    check = json.loads(out.getvalue())
    assert (result["passed"], result["total"]) == (check["passed"], check["total"])
    got = [(q["number"], q["words"], q["images"], q["ok"]) for q in result["questions"]]
    assert got == [(q["number"], q["words"], q["images"], q["ok"]) for q in check["questions"]]


def test_glue_output_with_visible_text_adds_nothing_to_the_readme() -> None:
    glued = new_output(
        "display_data",
        data={GLUE_MIME: {"name": "cov", "text": "87.3"}, "text/plain": "cov = 87.3"},
    )
    code = new_code_cell("report_nb.glue('cov', 87.3)")
    code.outputs = [glued]
    assert cell_markdown(code, 3) == ""


def test_analysis_of_imported_reports_equals_check(tmp_path: Path) -> None:
    for name in ("filled_31.md", "blank_31.md", "blank_27.md"):
        folder = tmp_path / name.split(".")[0]
        folder.mkdir()
        path = imported(folder, name)
        nb, _ = read_notebook(path)
        result = analyse(nb, path)
        same_as_check(result, path)
        # as JupyterLab sends it: every text split in lines
        assert analyse(from_json(json.loads(nbformat.writes(nb))), path) == result
        assert all(q["cell_id"] == nb.cells[q["cell"]].id for q in result["questions"])


def test_unsaved_edits_count_and_agree_with_check_once_saved(tmp_path: Path) -> None:
    path = imported(tmp_path)
    nb, _ = read_notebook(path)
    index = answer_index(nb, 14)
    nb.cells[index].source = " ".join(["word"] * 57) + "\n\n![loss](figures/loss.png)"
    result = analyse(nb, tmp_path / "report.ipynb")
    q14 = next(q for q in result["questions"] if q["number"] == 14)
    assert (q14["words"], q14["images"]) == (58, 1)
    assert q14["label"].startswith("Q14 · 58 words")
    write_pair(nb, path, force=True)
    same_as_check(result, path)


def test_glued_values_and_unresolved_placeholders_do_not_raise(tmp_path: Path) -> None:
    path = imported(tmp_path)
    nb, _ = read_notebook(path)
    index = answer_index(nb, 3)
    nb.cells[index].source = "Coverage is {{ cov }}% and latency {{ latency }} ms."
    code = new_code_cell("report_nb.glue('cov', 87.3)")
    code.outputs = [new_output("display_data", data={GLUE_MIME: {"name": "cov", "text": "87.3"}})]
    nb.cells.insert(index + 1, code)
    nb.cells.insert(index + 2, new_markdown_cell("--- question 3 fill here ---"))
    result = analyse(nb, tmp_path / "report.ipynb")
    q3 = next(q for q in result["questions"] if q["number"] == 3)
    assert result["glue"] == {"cov": "87.3"}
    assert result["unresolved"] == ["latency"] and q3["unresolved"] == ["latency"]
    assert q3["cell"] == index + 2 and nb.cells[index + 2].id in result["placeholders"]
    assert any("placeholder" in w["message"] for w in q3["warnings"])
    # the grader sees the value, not the braces: "Coverage is 87.3% and latency {{ latency }} ms."
    assert q3["words"] == 9 + 6


def test_lab_actions_check_and_merge_the_saved_notebook(tmp_path: Path) -> None:
    from report_nb.lab.actions import check, merge

    path = imported(tmp_path)
    assert (check(path)["passed"], check(path)["total"]) == (31, 31)
    nb, _ = read_notebook(path)
    old = nb.cells[answer_index(nb, 2)].source
    readme = tmp_path / "README.md"
    readme.write_text(readme.read_text().replace(old, "Edited in the README."))
    assert merge(path) == {
        "readme": "README.md",
        "merged": [2],
        "written": ["report.ipynb", "report.md"],
    }
    nb, _ = read_notebook(path)
    assert nb.cells[answer_index(nb, 2)].source == "Edited in the README."


def test_a_request_without_a_notebook_is_a_one_line_error() -> None:
    with pytest.raises(NotebookError, match="no notebook JSON"):
        from_json({"path": "report.ipynb"})


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        ({"cell_type": "code", "source": "", "outputs": [None]}, "outputs that are not a list"),
        ({"cell_type": "code", "source": "", "outputs": [{"data": 5}]}, "data is not an object"),
        ({"cell_type": "markdown", "source": "", "attachments": {"a.png": 5}}, "attachments"),
    ],
    ids=["output-null", "data-int", "attachment-int"],
)
def test_a_request_with_broken_cells_is_a_one_line_error(cell: dict, said: str) -> None:
    # nbformat's line rejoining reads into outputs and attachments before any check ran: these
    # were AttributeErrors (a 500 in the server), found by mutating notebooks
    with pytest.raises(NotebookError, match=said) as caught:
        from_json({"metadata": {}, "cells": [cell]})
    assert "cell 1 of the notebook JSON" in str(caught.value)


def test_missing_and_fake_images_are_flagged_live_naming_the_file(tmp_path: Path) -> None:
    path = imported(tmp_path)
    nb, _ = read_notebook(path)
    index = answer_index(nb, 14)
    (tmp_path / "figures").mkdir(exist_ok=True)
    (tmp_path / "figures" / "real.png").write_bytes(tiny_png())
    (tmp_path / "figures" / "fake.png").write_bytes(b"<script>alert(1)</script>")
    nb.cells[index].source = (
        " ".join(["word"] * 220)
        + "\n\n![a](figures/real.png)\n![b](figures/gone.png)\n![c](figures/fake.png)"
    )
    result = analyse(nb, tmp_path / "report.ipynb")
    q14 = next(q for q in result["questions"] if q["number"] == 14)
    messages = [w["message"] for w in q14["warnings"]]
    assert any("figures/gone.png not found" in m for m in messages)
    assert any("figures/fake.png is not a PNG image" in m for m in messages)
    assert not any("real.png" in m for m in messages)
    assert q14["label"].endswith("3 images (1-3) ✓ · 2 images broken")
    # the counts and pass/fail stay the official checker's, as `check` gives them
    write_pair(nb, path, force=True)
    same_as_check(result, path)


def test_a_figure_the_code_makes_is_not_missing(tmp_path: Path) -> None:
    path = imported(tmp_path)
    nb, _ = read_notebook(path)
    index = answer_index(nb, 14)
    nb.cells[index].source = " ".join(["word"] * 220)
    code = new_code_cell("plot()")
    png = base64.b64encode(tiny_png()).decode()
    code.outputs = [new_output("display_data", data={"image/png": png})]
    nb.cells.insert(index + 1, code)
    result = analyse(nb, tmp_path / "report.ipynb")
    q14 = next(q for q in result["questions"] if q["number"] == 14)
    assert q14["images"] == 1 and "broken" not in q14["label"]
