"""export and check right after a build render what the build wrote: its figure, its values.

A build keeps its outputs in ``.report-nb/cache/``, not in the pair; commands that render
without executing take them from there while the code is unchanged, and refuse (naming the
question and ``report-nb build``) when it changed.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from report_nb.cli import main

from projects import make_project, write_pair

pytestmark = pytest.mark.kernel

FIGURE = """
from report_nb.live.figures import ReportFigure, new_figure
figure = new_figure(4, 3)
figure.add_subplot().plot([1, 3, 2])
ReportFigure(figure, name="curve", alt="Loss curve")
"""
GLUE = "import report_nb\nreport_nb.glue('acc', 0.91)"


@pytest.fixture
def built(tmp_path: Path) -> Path:
    nb_path = make_project(
        tmp_path,
        edits={8: "Accuracy {{ acc }}. " + " ".join(f"w{i}" for i in range(120))},
        code={8: [GLUE], 14: [FIGURE]},
    )
    assert main(["build", "-q", "--no-html", "--no-strict", str(nb_path)]) == 0
    return nb_path


def test_export_after_a_build_keeps_the_figure_and_its_link(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = built.parent
    readme = (reports / "README.md").read_bytes()
    figure = (reports / "figures" / "q14_curve.png").read_bytes()
    capsys.readouterr()
    assert main(["export", str(built)]) == 0
    assert (reports / "README.md").read_bytes() == readme
    assert (reports / "figures" / "q14_curve.png").read_bytes() == figure
    assert "![Loss curve](figures/q14_curve.png)" in readme.decode()
    assert main(["export", str(built.with_suffix(".md"))]) == 0  # from the text pair too
    assert (reports / "README.md").read_bytes() == readme


def test_check_of_the_notebook_after_a_build_agrees_with_the_build(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = built.parent / "README.md"
    capsys.readouterr()
    main(["check", "--format", "json", str(readme)])
    of_readme = capsys.readouterr().out
    main(["check", "--format", "json", str(built)])
    of_notebook = capsys.readouterr().out
    assert '"passed"' in of_readme
    passed = [line for line in of_readme.splitlines() if '"passed"' in line]
    assert passed == [line for line in of_notebook.splitlines() if '"passed"' in line]
    assert "0.91" not in of_notebook or "{{ acc }}" not in of_notebook


def test_export_after_a_code_edit_refuses_naming_the_question(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = built.parent
    nb = nbformat.read(built, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "ReportFigure" in c.source)
    cell.source = cell.source.replace("[1, 3, 2]", "[2, 3, 1]")
    write_pair(nb, built, force=True)
    before = (reports / "README.md").read_bytes()
    capsys.readouterr()
    assert main(["export", str(built)]) == 1
    err = capsys.readouterr().err
    assert "question 14" in err and f"'report-nb build {built}'" in err
    assert len(err.strip().splitlines()) == 1
    assert (reports / "README.md").read_bytes() == before
    assert (reports / "figures" / "q14_curve.png").exists()


def test_a_sentence_typed_into_an_answer_made_by_code_is_not_overwritten(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = built.parent / "README.md"
    text = readme.read_text(encoding="utf-8")
    assert "Accuracy 0.91." in text
    readme.write_text(text.replace("Accuracy 0.91.", "Accuracy 0.91. Typed on GitHub."), "utf-8")
    capsys.readouterr()
    assert main(["build", "--no-execute", "-q", "--no-html", "--no-strict", str(built)]) == 2
    err = capsys.readouterr().err
    assert "question 8" in err and "code cells make those answers" in err
    assert "Typed on GitHub." in readme.read_text(encoding="utf-8")
