"""README -> notebook pair -> README: locked prompts, answer cells, MyST pairing, lossless."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import jupytext
import nbformat
import pytest

from report_nb.build.project import export_readme, import_readme
from report_nb.core.template import render
from report_nb.errors import NotebookError
from report_nb.notebook.cells import to_report
from report_nb.notebook.outputs import cell_markdown
from report_nb.notebook.pairing import read_notebook

from builders import make_report, passing, variants
from conftest import seed_params, shared_params


def imported(tmp_path: Path, text: str) -> tuple[Path, Path]:
    readme = tmp_path / "README.md"
    readme.write_bytes(text.encode("utf-8"))
    nb_path, text_path = import_readme(readme)
    return nb_path, text_path


def test_cells_and_metadata(tmp_path: Path) -> None:
    nb_path, text_path = imported(tmp_path, make_report(fill=passing))
    nb = nbformat.read(nb_path, as_version=4)
    prompts = [c for c in nb.cells if c.metadata.get("report_nb", {}).get("kind") == "prompt"]
    answers = [c for c in nb.cells if c.metadata.get("report_nb", {}).get("kind") == "answer"]
    assert len(prompts) == len(answers) == 31
    q14 = prompts[13]
    assert q14.metadata["editable"] is False and q14.metadata["deletable"] is False
    assert q14.metadata["report_nb"]["question"] == 14
    assert q14.metadata["report_nb"]["profile"] == "2026"
    assert q14.metadata["report_nb"]["limits"] == {"words": [200, 300], "images": [1, 3]}
    assert "editable" not in answers[13].metadata
    assert answers[0].source == "Group 1"
    assert nb.metadata["jupytext"]["formats"] == "ipynb,md:myst"
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert text_path.name == "report.md"
    text = text_path.read_text(encoding="utf-8")
    assert "format_name: myst" in text
    assert '+++ {"report_nb": {"kind": "answer", "question": 1}}' in text


@pytest.mark.parametrize(("name", "text"), list(variants(make_report(fill=passing))))
def test_every_variant_survives_the_pair_on_disk(tmp_path: Path, name: str, text: str) -> None:
    nb_path, text_path = imported(tmp_path, text)
    readme = tmp_path / "README.md"
    for keep in ("both", "ipynb-only", "text-only"):
        if keep == "ipynb-only":
            os.replace(text_path, tmp_path / "aside.md")
        if keep == "text-only":
            os.replace(tmp_path / "aside.md", text_path)
            nb_path.unlink()
        nb, _ = read_notebook(text_path if keep == "text-only" else nb_path)
        assert render(to_report(nb)).encode("utf-8") == readme.read_bytes(), keep


@pytest.mark.parametrize("path", shared_params())
def test_every_shared_report_imports_and_exports_byte_for_byte(tmp_path: Path, path: Path) -> None:
    nb_path, _ = imported(tmp_path, path.read_bytes().decode("utf-8"))
    (tmp_path / "README.md").unlink()
    target, changed = export_readme(nb_path)
    assert changed and target.read_bytes() == path.read_bytes()


def test_myst_marker_in_an_answer_falls_back_to_markdown_pairing(tmp_path: Path) -> None:
    text = make_report(fill=passing, answers={6: "+++\nA line that MyST reads as a cell break."})
    nb_path, text_path = imported(tmp_path, text)
    nb = nbformat.read(nb_path, as_version=4)
    assert nb.metadata["jupytext"]["formats"] == "ipynb,md"
    assert "<!-- #region" in text_path.read_text(encoding="utf-8")
    nb, _ = read_notebook(text_path)
    assert render(to_report(nb)) == text


def test_edit_in_the_text_file_changes_only_that_answer(tmp_path: Path) -> None:
    text = make_report(fill=passing)
    nb_path, text_path = imported(tmp_path, text)
    paired = text_path.read_text(encoding="utf-8")
    time.sleep(0.01)
    text_path.write_text(paired.replace("Group 2\n", "Group two, edited\n", 1), encoding="utf-8")
    nb, _ = read_notebook(nb_path)  # the text file is newer: its inputs win
    assert render(to_report(nb)) == text.replace("Group 2\n", "Group two, edited\n", 1)


def test_added_cells_join_the_answer_and_code_sources_stay_hidden(tmp_path: Path) -> None:
    nb_path, _ = imported(tmp_path, make_report(fill=passing))
    nb = nbformat.read(nb_path, as_version=4)
    index = next(
        i
        for i, c in enumerate(nb.cells)
        if c.metadata.get("report_nb", {}).get("question") == 3
        and c.metadata["report_nb"]["kind"] == "answer"
    )
    code = nbformat.v4.new_code_cell("print('hidden source')")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="shown output\n")]
    nb.cells[index + 1 : index + 1] = [nbformat.v4.new_markdown_cell("Second paragraph."), code]
    out = render(to_report(nb, render_code=cell_markdown))
    assert "\n\nSecond paragraph.\n\n```text\nshown output\n```\n\n## Tooling" in out
    assert "hidden source" not in out


def test_deleted_prompt_cell_is_named(tmp_path: Path) -> None:
    nb_path, _ = imported(tmp_path, make_report(fill=passing))
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells = [
        c
        for c in nb.cells
        if c.metadata.get("report_nb", {}).get("question") != 12
        or c.metadata["report_nb"]["kind"] != "prompt"
    ]
    with pytest.raises(NotebookError, match="prompt cell of question 12 is missing"):
        to_report(nb)


def test_copied_prompt_cell_is_named(tmp_path: Path) -> None:
    nb_path, _ = imported(tmp_path, make_report(fill=passing))
    nb = nbformat.read(nb_path, as_version=4)
    prompt = next(c for c in nb.cells if c.metadata.get("report_nb", {}).get("question") == 5)
    nb.cells.append(prompt)
    with pytest.raises(NotebookError, match="question 5 appears twice"):
        to_report(nb)


def test_notebook_without_report_metadata_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.ipynb"
    path.write_text(json.dumps(nbformat.v4.new_notebook()), encoding="utf-8")
    with pytest.raises(NotebookError, match="not a report-nb notebook"):
        read_notebook(path)


def test_jupytext_reads_the_pair_like_jupyterlab(tmp_path: Path) -> None:
    nb_path, text_path = imported(tmp_path, make_report(fill=passing))
    via_jupytext = jupytext.read(text_path)
    assert [c.source for c in via_jupytext.cells] == [
        c.source for c in nbformat.read(nb_path, as_version=4).cells
    ]


@pytest.mark.parametrize("path", seed_params())
def test_seeds_build_without_execution_byte_for_byte(tmp_path: Path, path: Path) -> None:
    from report_nb.cli import main

    nb_path, _ = imported(tmp_path, path.read_bytes().decode("utf-8"))
    assert main(["build", str(nb_path), "--no-execute", "--no-strict", "-q"]) == 0
    assert (tmp_path / "README.md").read_bytes() == path.read_bytes()
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html.count('class="badge ') >= 31


def test_control_character_keeps_the_notebook_unpaired(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    from report_nb.cli import main

    text = make_report(fill=passing, answers={4: "pasted from a PDF:\x0c page two " + "w " * 120})
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    assert main(["import", str(tmp_path / "README.md")]) == 0
    assert "control character (line" in capsys.readouterr().err
    assert not (tmp_path / "report.md").exists()
    nb = nbformat.read(tmp_path / "report.ipynb", as_version=4)
    assert nb.metadata["jupytext"]["formats"] == "ipynb"
    (tmp_path / "README.md").unlink()
    assert main(["export", str(tmp_path / "report.ipynb")]) == 0
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == text


def test_answer_cell_copied_into_another_question_stays_where_it_is(tmp_path: Path) -> None:
    nb_path, _ = imported(tmp_path, make_report(fill=passing))
    nb = nbformat.read(nb_path, as_version=4)
    copy = next(c for c in nb.cells if c.metadata["report_nb"] == {"kind": "answer", "question": 1})
    index = next(
        i
        for i, c in enumerate(nb.cells)
        if c.metadata["report_nb"] == {"kind": "answer", "question": 2}
    )
    nb.cells.insert(index + 1, nbformat.from_dict(dict(copy)))
    text = render(to_report(nb))
    assert "Group 2\n\nGroup 1\n\n### Question 3" in text


def test_unquoted_prompts_are_locked_cells_and_export_byte_for_byte(tmp_path: Path) -> None:
    fixture = Path(__file__).parent / "fixtures" / "unquoted_31.md"
    text = fixture.read_text(encoding="utf-8")
    nb_path, _ = imported(tmp_path, text)
    nb = nbformat.read(nb_path, as_version=4)
    kind = [(c.metadata.get("report_nb", {}).get("kind"), c) for c in nb.cells]
    prompts = [c for k, c in kind if k == "prompt"]
    answers = [c for k, c in kind if k == "answer"]
    assert len(prompts) == len(answers) == 31
    for cell in prompts:
        assert cell.metadata["editable"] is False and cell.metadata["deletable"] is False
        assert cell.source.rstrip().endswith("Answer:")
    assert "Recommended answer length: 200-300 words" in prompts[13].source
    assert prompts[13].metadata["report_nb"]["limits"] == {"words": [200, 300], "images": [1, 3]}
    assert not any("Answer:" in c.source or "Example:" in c.source for c in answers)
    assert answers[0].source == "Group 1"
    out = tmp_path / "exported.md"
    export_readme(nb_path, out)
    assert out.read_bytes() == text.encode("utf-8")
