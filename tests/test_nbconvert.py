"""``jupyter nbconvert --to report_readme|report_html``: names, options and config."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from builders import words
from projects import make_project


def nbconvert(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nbconvert", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("output", "written"),
    [
        pytest.param(None, "report.readme.md", id="default-name-never-the-pair"),
        pytest.param("README", "README.md", id="output-README"),
        pytest.param("README.md", "README.md", id="output-README.md"),
    ],
)
def test_readme_exporter_names_its_output_as_nbconvert_does(
    tmp_path: Path, output: str | None, written: str
) -> None:
    nb_path = make_project(tmp_path)
    folder = nb_path.parent
    readme = (folder / "README.md").read_bytes()
    (folder / "README.md").unlink()
    pair = (folder / "report.md").read_bytes()
    before = {p.name for p in folder.iterdir()}
    extra = ["--output", output] if output else []
    done = nbconvert("--to", "report_readme", nb_path.name, *extra, cwd=folder)
    assert done.returncode == 0, done.stderr
    assert {p.name for p in folder.iterdir()} - before == {written}
    assert (folder / written).read_bytes() == readme
    assert (folder / "report.md").read_bytes() == pair  # the jupytext pair is never replaced


def test_output_dir_keeps_the_notebook_name(tmp_path: Path) -> None:
    # as for nbconvert's own NotebookExporter, another folder needs no suffix
    nb_path = make_project(tmp_path)
    out = tmp_path / "out"
    done = nbconvert("--to", "report_readme", str(nb_path), "--output-dir", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in out.iterdir()] == ["report.md"]


def test_html_exporter_writes_the_report_page(tmp_path: Path) -> None:
    nb_path = make_project(tmp_path)
    done = nbconvert("--to", "report_html", str(nb_path), "--output", "page", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    page = (nb_path.parent / "page.html").read_text(encoding="utf-8")
    assert page.count('class="badge pass"') == 31 and "Content-Security-Policy" in page


def test_command_line_options_reach_the_preprocessors(tmp_path: Path) -> None:
    nb_path = make_project(tmp_path, edits={5: words(5)})  # question 5 fails its limit
    strict = nbconvert("--to", "report_readme", str(nb_path), "--output", "strict", cwd=tmp_path)
    assert strict.returncode != 0 and "question 5" in strict.stderr
    assert not (nb_path.parent / "strict.md").exists()
    relaxed = nbconvert(
        "--to",
        "report_readme",
        str(nb_path),
        "--output",
        "relaxed",
        "--ValidateReportPreprocessor.strict=False",
        cwd=tmp_path,
    )
    assert relaxed.returncode == 0, relaxed.stderr
    assert "TraitError" not in relaxed.stderr
    assert (nb_path.parent / "relaxed.md").is_file()


def test_html_export_with_validation_disabled(tmp_path: Path) -> None:
    nb_path = make_project(tmp_path, edits={5: words(5)})
    (tmp_path / "jupyter_nbconvert_config.py").write_text(
        "c.ValidateReportPreprocessor.enabled = False\n", encoding="utf-8"
    )
    done = nbconvert(
        "--to",
        "report_html",
        str(nb_path),
        "--output",
        "page",
        "--config",
        str(tmp_path / "jupyter_nbconvert_config.py"),
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    page = (nb_path.parent / "page.html").read_text(encoding="utf-8")
    # the page still checks the report itself, without failing on what it finds
    assert page.count('class="badge fail"') == 1 and page.count('class="badge pass"') == 30


def test_figure_folder_is_read_from_one_place(tmp_path: Path) -> None:
    from report_nb.commands.building import build
    from report_nb.commands.options import build_config

    nb_path = make_project(
        tmp_path,
        code={
            14: [
                "from report_nb.live.figures import ReportFigure\n"
                "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
                "fig, ax = plt.subplots()\nax.plot([1, 2])\nReportFigure(fig, name='loss')"
            ]
        },
    )
    config = build_config(progress=False, html=False, strict=False)
    config.SaveFiguresPreprocessor.folder = "figures/built"
    result = build(nb_path, config)
    assert (nb_path.parent / "figures/built/q14_loss.png").is_file()
    # validation reads the same folder: the image is neither missing nor "outside figures/"
    assert [f.message for f in result.findings if "q14_loss" in f.message] == []
    assert any("outside figures/built/" in f.message for f in result.findings)  # the fixture's
    config.SaveFiguresPreprocessor.folder = "figures/other"
    result = build(nb_path, config)
    assert (nb_path.parent / "figures/other/q14_loss.png").is_file()
    # state.json is untrusted: a build removes nothing outside today's figure folder, so the
    # figure in the folder of before is kept (and no longer recorded as report-nb's)
    assert result.removed == []
    assert (nb_path.parent / "figures/built/q14_loss.png").is_file()


@pytest.mark.parametrize("to", ["report_readme", "report_html"])
def test_an_unexecuted_notebook_is_a_one_line_error(tmp_path: Path, to: str) -> None:
    # a {{ value }} no cell has glued yet, and no --execute: what a student tries first
    nb_path = make_project(tmp_path, edits={5: "We cover {{ cov }}% of it. " + words(120)})
    before = sorted(p.name for p in nb_path.parent.iterdir())
    done = nbconvert("--to", to, nb_path.name, cwd=nb_path.parent)
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if not line.startswith("[NbConvertApp]")]
    assert errors == [
        "report-nb: error: report.ipynb: 1 problem(s): question 5: '{{ cov }}' has no value: "
        "run the cell that calls report_nb.glue('cov', ...), or build (fix them, or build "
        "with --no-strict to write the outputs anyway)"
    ]
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in nb_path.parent.iterdir()) == before


def test_the_exporter_still_raises_for_library_callers(tmp_path: Path) -> None:
    from report_nb.errors import BuildError
    from report_nb.exporters import ReadmeExporter

    nb_path = make_project(tmp_path, edits={5: words(5)})
    with pytest.raises(BuildError, match="question 5"):
        ReadmeExporter().from_filename(str(nb_path))
