"""The pipeline and the exporters: prepared once, rendered the same by the build and nbconvert.

A build renders the README from the prepared cells and the HTML from the template with Jinja
alone; ``jupyter nbconvert --to report_readme|report_html`` goes through the exporters, whose
preprocessors are the same chain, enabled by their default config. These tests hold the two
paths equal in process, and the configuration rules nbconvert users rely on.
"""

from __future__ import annotations

import base64
import shutil
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_output
from traitlets.config import Config

from report_nb.commands.importing import import_readme
from report_nb.errors import BuildError
from report_nb.exporters import ReadmeExporter, ReportHTMLExporter
from report_nb.notebook.cells import cell_info, readme_path
from report_nb.notebook.pairing import read_notebook
from report_nb.pipeline import checked_notebook, prepare, rendered
from report_nb.preprocessors import chain
from report_nb.render.readme import readme_text
from report_nb.render.report_html import render_html

from conftest import FIXTURES
from projects import add_figures, tiny_png


@pytest.fixture
def notebook(tmp_path: Path):
    readme = tmp_path / "README.md"
    shutil.copy(FIXTURES / "filled_31.md", readme)
    add_figures(readme)  # the student's screenshots the answers link to
    import_readme(readme)
    nb, nb_path = read_notebook(tmp_path / "report.ipynb")
    return nb, nb_path


def with_figure(nb) -> None:
    """A code cell under question 14 whose stored output is a PNG: a figure a build writes."""
    index = next(
        i
        for i, cell in enumerate(nb.cells)
        if cell_info(cell).get("kind") == "answer" and cell_info(cell).get("question") == 14
    )
    code = new_code_cell("plot()")
    png = base64.b64encode(tiny_png()).decode()
    code.outputs = [new_output("display_data", data={"image/png": png})]
    nb.cells.insert(index + 1, code)


def test_the_readme_is_the_exporter_s_byte_for_byte(notebook) -> None:
    nb, nb_path = notebook
    readme = readme_path(nb, nb_path)
    prepared = prepare(nb, readme, Config({"ValidateReportPreprocessor": {"strict": False}}))
    exported, resources = ReadmeExporter(
        config=Config({"ValidateReportPreprocessor": {"strict": False}})
    ).from_notebook_node(nb, {"metadata": {"path": str(nb_path.parent)}})
    assert prepared.readme() == exported == readme.read_text(encoding="utf-8")
    assert readme_text(prepared.nb) == exported
    assert resources["output_suffix"] == ".readme"


def test_the_build_s_page_is_the_exporter_s_byte_for_byte(notebook) -> None:
    nb, nb_path = notebook
    with_figure(nb)
    readme = readme_path(nb, nb_path)
    strict_off = Config({"ValidateReportPreprocessor": {"strict": False}})
    prepared = prepare(nb, readme, strict_off)
    page, _ = ReportHTMLExporter(config=strict_off).from_notebook_node(
        nb, {"metadata": {"path": str(nb_path.parent)}}
    )
    assert render_html(prepared.nb, prepared.resources) == prepared.html() == page
    assert page.startswith("<!DOCTYPE html>")
    assert "data:image/png;base64," in page  # the code's figure is embedded


def test_both_exporters_run_the_one_chain_and_a_user_s_config_wins() -> None:
    for exporter_class in (ReadmeExporter, ReportHTMLExporter):
        enabled = exporter_class()
        ours = [p for p in enabled._preprocessors if type(p) in chain()]
        assert [type(p) for p in ours] == chain() and all(p.enabled for p in ours)
        off = exporter_class(config=Config({"ValidateReportPreprocessor": {"enabled": False}}))
        states = {type(p).__name__: p.enabled for p in off._preprocessors if type(p) in chain()}
        assert states == {
            "GluePreprocessor": True,
            "SaveFiguresPreprocessor": True,
            "ValidateReportPreprocessor": False,
        }


def test_a_strict_export_refuses_and_a_disabled_validation_writes(notebook) -> None:
    nb, nb_path = notebook
    answer = next(c for c in nb.cells if cell_info(c).get("question") == 7)
    answer.source = "Too short."
    resources = {"metadata": {"path": str(nb_path.parent)}}
    with pytest.raises(BuildError, match="question 7"):
        ReadmeExporter().from_notebook_node(nb, resources)
    off = Config({"ValidateReportPreprocessor": {"enabled": False}})
    text, _ = ReadmeExporter(config=off).from_notebook_node(nb, resources)
    assert "Too short." in text


def test_prepare_works_on_a_copy_and_names_the_figures(notebook) -> None:
    nb, nb_path = notebook
    with_figure(nb)
    before = [dict(cell) for cell in nb.cells]
    prepared = prepare(nb, readme_path(nb, nb_path), Config())
    assert [dict(cell) for cell in nb.cells] == before  # the caller's notebook is untouched
    figures = prepared.figures()
    assert [path.name for path in figures] == ["q14_1.png"]
    assert next(iter(figures.values())) == tiny_png()
    assert "figures/q14_1.png" in prepared.readme()


def test_rendered_and_checked_carry_the_report_and_the_figures(notebook) -> None:
    nb, nb_path = notebook
    with_figure(nb)
    readme = readme_path(nb, nb_path)
    report, info, figures = rendered(nb, readme)
    assert figures == frozenset({"figures/q14_1.png"})
    assert len(report.questions) == 31 and info.base == readme.parent
    checked = checked_notebook(nb, readme)
    assert checked.figures == figures
    assert checked.report is not None and len(checked.report.questions) == 31
    assert (checked.result.passed, checked.result.total) == (31, 31)
