"""``--profile`` sticks: ``import --profile 2024`` keeps the year in the notebook, and every later
command on the notebook (check, build, export, the Lab analysis, the invoke tasks) uses it unless
told otherwise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from report_nb.cli import main
from report_nb.core.check import OLD_TEMPLATE

from builders import make_report, passing
from projects import add_figures

WARNING = "this is the 27-question template"


def _old_template(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    reports.mkdir()
    readme = reports / "README.md"
    readme.write_text(make_report("2024", fill=passing), encoding="utf-8")
    add_figures(readme)
    return readme


@pytest.fixture
def chosen(tmp_path: Path) -> Path:
    """A 27-question report imported with --profile 2024; returns the notebook."""
    readme = _old_template(tmp_path)
    assert main(["import", str(readme), "--profile", "2024"]) == 0
    return readme.parent / "report.ipynb"


def test_import_keeps_the_chosen_profile(chosen: Path) -> None:
    assert nbformat.read(chosen, as_version=4).metadata["report_nb"]["profile"] == "2024"
    assert "profile: '2024'" in (chosen.with_suffix(".md")).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["report.ipynb", "report.md"])
def test_check_of_the_notebook_uses_it(chosen: Path, name: str, capsys) -> None:
    assert main(["check", str(chosen.with_name(name))]) == 0
    out = capsys.readouterr().out
    assert "(profile 2024)" in out and WARNING not in out


def test_an_explicit_profile_still_wins(chosen: Path, capsys) -> None:
    assert main(["check", str(chosen), "--profile", "2025"]) == 1
    out = capsys.readouterr().out
    assert "(profile 2025)" in out and "expects 31" in out


def test_without_a_choice_the_warning_stays(tmp_path: Path, capsys) -> None:
    readme = _old_template(tmp_path)
    assert main(["import", str(readme)]) == 0
    nb_path = readme.parent / "report.ipynb"
    assert nbformat.read(nb_path, as_version=4).metadata["report_nb"]["profile"] == "auto"
    capsys.readouterr()
    main(["check", str(nb_path)])
    assert WARNING in capsys.readouterr().out


def test_build_and_export_use_it(chosen: Path, capsys) -> None:
    assert main(["build", str(chosen), "--no-execute"]) == 0
    out = capsys.readouterr().out
    assert "passed 27/27 (profile 2024)" in out and WARNING not in out
    assert main(["export", str(chosen), "--force"]) == 0
    html = (chosen.parent / "report.html").read_text(encoding="utf-8")
    assert OLD_TEMPLATE not in html


def test_the_lab_analysis_uses_it(chosen: Path) -> None:
    from report_nb.lab.analysis import analyse

    result = analyse(nbformat.read(chosen, as_version=4), chosen)
    assert result["profile"] == "2024"
    assert result["passed"] == result["total"] == 27 and result["ok"]
    assert not [w for w in result["warnings"] if WARNING in w["message"]]


def test_the_invoke_tasks_use_it(chosen: Path) -> None:
    project = chosen.parent.parent
    invoke = [sys.executable, "-m", "invoke", "--search-root", str(project)]
    (project / "tasks.py").write_text(
        "from report_nb.tasks import build_report, check_report, import_report  # noqa: F401\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [*invoke, "build-report", "--no-execute"], cwd=project, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "(profile 2024)" in run.stdout and WARNING not in run.stdout
    run = subprocess.run(
        [*invoke, "check-report", "--path", "reports/report.ipynb"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0 and "(profile 2024)" in run.stdout, run.stdout + run.stderr
    run = subprocess.run(
        [*invoke, "check-report", "--path", "reports/report.ipynb", "--profile", "2026"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and "(profile 2026)" in run.stdout
