"""README -> notebook pair -> README: locked prompts, answer cells, MyST pairing, lossless."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import jupytext
import nbformat
import pytest

from report_nb.commands.exporting import export_readme
from report_nb.commands.importing import import_readme
from report_nb.core.template import render
from report_nb.errors import NotebookError, ReportFormatError
from report_nb.notebook.cells import to_report
from report_nb.notebook.outputs import cell_markdown
from report_nb.notebook.pairing import read_notebook

from builders import make_report, passing, variants
from conftest import seed_params, shared_params


def imported(tmp_path: Path, text: str) -> tuple[Path, Path]:
    readme = tmp_path / "README.md"
    readme.write_bytes(text.encode("utf-8"))
    nb_path, text_path = import_readme(readme).written
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
    assert "\n\nSecond paragraph.\n\n    shown output\n\n## Tooling" in out
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
    assert "has the control character '\\x0c'" in capsys.readouterr().err
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


def _touch_later(path: Path, than: Path) -> None:
    later = than.stat().st_mtime + 5
    os.utime(path, (later, later))


@pytest.mark.parametrize("edited", ["report.ipynb", "report.md"])
def test_either_name_reads_the_newest_inputs(tmp_path: Path, edited: str) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(make_report(fill=passing), encoding="utf-8")
    nb_path, text_path = import_readme(readme).written
    nb = nbformat.read(nb_path, as_version=4)
    answer = next(c for c in nb.cells if c.metadata["report_nb"].get("kind") == "answer")
    answer.source = "Edited in one file of the pair only."
    target = tmp_path / edited
    if edited == "report.ipynb":  # as VS Code saves: the .ipynb alone
        nbformat.write(nb, nb_path)
        _touch_later(nb_path, than=text_path)
    else:
        text_path.write_text(jupytext.writes(nb, "md:myst"), encoding="utf-8")
        _touch_later(text_path, than=nb_path)
    assert target.stat().st_mtime > (text_path if target == nb_path else nb_path).stat().st_mtime
    from_ipynb, path_a = read_notebook(nb_path)
    from_md, path_b = read_notebook(text_path)
    assert path_a == path_b == nb_path
    for read in (from_ipynb, from_md):
        assert "Edited in one file of the pair only." in render(to_report(read))


def test_a_pair_jupytext_refuses_is_one_line(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(make_report(fill=passing), encoding="utf-8")
    nb_path, text_path = import_readme(readme).written
    text = text_path.read_text(encoding="utf-8")
    # a text file written by a jupytext format version this one cannot read
    text_path.write_text(
        text.replace("format_version: 0.13", "format_version: 9.9"), encoding="utf-8"
    )
    _touch_later(text_path, than=nb_path)
    with pytest.raises(NotebookError) as caught:
        read_notebook(nb_path)
    assert "\n" not in str(caught.value) and "jupytext" in str(caught.value)


@pytest.mark.parametrize(
    ("version", "message"),
    [
        pytest.param(2, "made by a newer report-nb (format 2", id="newer"),
        pytest.param("1", "not a format number", id="text"),
    ],
)
def test_notebook_format_version_is_checked_on_read(
    tmp_path: Path, version: object, message: str
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(make_report(fill=passing), encoding="utf-8")
    nb_path, _ = import_readme(readme).written
    nb, _ = read_notebook(nb_path)
    nb.metadata["report_nb"]["format"] = version
    with pytest.raises(NotebookError, match=re.escape(message)):
        to_report(nb)


def test_questions_follow_a_block_replaced_in_place() -> None:
    from report_nb.core.model import Block
    from report_nb.core.template import parse

    report = parse(make_report(fill=passing))
    assert report.questions[0].answer.text == "Group 1"
    index = report.blocks.index(report.questions[0].answer)
    report.blocks[index] = Block("answer", "Replaced", trail="\n\n", question=1)
    assert report.questions[0].answer.text == "Replaced"


@pytest.mark.parametrize(
    ("answer", "note"),
    [
        pytest.param("+++ not a cell break\n" + "w " * 120, "starts with '+++'", id="plus"),
        pytest.param("an escape \x1b[1m here " + "w " * 120, "'\\x1b'", id="escape"),
    ],
)
def test_the_pairing_note_names_what_the_text_has(
    tmp_path: Path, capsys: pytest.CaptureFixture, answer: str, note: str
) -> None:
    from report_nb.cli import main

    text = make_report(fill=passing, answers={4: answer})
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    assert main(["import", str(tmp_path / "README.md")]) == 0
    err = capsys.readouterr().err
    assert note in err
    if "escape" in answer:
        assert "+++" not in err


def _imported_nb(tmp_path: Path) -> tuple[Path, nbformat.NotebookNode]:
    readme = tmp_path / "README.md"
    readme.write_text(make_report(fill=passing), encoding="utf-8")
    nb_path, text_path = import_readme(readme).written
    text_path.unlink()  # the .ipynb alone, edited by another tool
    return nb_path, nbformat.read(nb_path, as_version=4)


def _prompt_index(nb: nbformat.NotebookNode, question: int) -> int:
    return next(
        i
        for i, c in enumerate(nb.cells)
        if c.metadata.get("report_nb", {}).get("kind") == "prompt"
        and c.metadata["report_nb"]["question"] == question
    )


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        pytest.param(
            lambda nb: nb.metadata.__setitem__("report_nb", "oops"),
            "str, not a mapping, as its 'report_nb' metadata",
            id="notebook-metadata-string",
        ),
        pytest.param(
            lambda nb: nb.cells[3].metadata.__setitem__("report_nb", [1, 2]),
            "cell 4: its report_nb metadata is a list, not a mapping",
            id="cell-metadata-list",
        ),
        pytest.param(
            lambda nb: nb.cells[5].__setitem__("source", 42),
            "cell 6: its source is int, not text",
            id="integer-source",
        ),
        pytest.param(
            lambda nb: (
                nb.cells[5].metadata.setdefault("report_nb", {}).__setitem__("question", "x")
            ),
            "cell 6: its report_nb.question is 'x'",
            id="question-text",
        ),
    ],
)
def test_broken_metadata_is_one_line_naming_the_cell(
    tmp_path: Path, damage: object, message: str
) -> None:
    from report_nb.cli import main

    nb_path, nb = _imported_nb(tmp_path)
    damage(nb)  # type: ignore[operator]
    nb_path.write_text(json.dumps(nb), encoding="utf-8")
    before = (tmp_path / "README.md").read_bytes()
    with pytest.raises(NotebookError) as caught:
        read_notebook(nb_path)
    assert message in str(caught.value) and str(nb_path) in str(caught.value)
    assert main(["export", str(nb_path), "--force"]) == 2
    assert (tmp_path / "README.md").read_bytes() == before


def test_swapped_questions_are_named_out_of_order(tmp_path: Path) -> None:
    _, nb = _imported_nb(tmp_path)
    three, four = _prompt_index(nb, 3), _prompt_index(nb, 4)
    nb.cells[three], nb.cells[four] = nb.cells[four], nb.cells[three]
    with pytest.raises(NotebookError, match="questions are out of order"):
        to_report(nb)


def test_a_broken_yaml_header_names_the_text_file(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(make_report(fill=passing), encoding="utf-8")
    nb_path, text_path = import_readme(readme).written
    text = text_path.read_text(encoding="utf-8")
    text_path.write_text(text.replace("jupytext:\n", "jupytext: [\n", 1), encoding="utf-8")
    _touch_later(text_path, than=nb_path)
    with pytest.raises(ReportFormatError) as caught:
        read_notebook(nb_path)
    assert str(text_path) in str(caught.value) and "\n" not in str(caught.value)


def test_a_binary_text_pair_is_named(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(make_report(fill=passing), encoding="utf-8")
    nb_path, text_path = import_readme(readme).written
    text_path.write_bytes(b"\x00\x01\x02binary")
    _touch_later(text_path, than=nb_path)
    with pytest.raises(ReportFormatError) as caught:
        read_notebook(nb_path)
    assert str(caught.value).startswith(str(text_path))


def test_an_nbformat_3_notebook_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "old.ipynb"
    path.write_text(
        json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}),
        encoding="utf-8",
    )
    with pytest.raises(NotebookError, match="not a report-nb notebook"):
        read_notebook(path)


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
