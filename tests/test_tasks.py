"""The invoke tasks students add to their tasks.py, run through invoke itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from invoke import Context
from invoke.exceptions import Exit

from report_nb import tasks

from builders import make_report, passing, words
from projects import add_figures


def project(tmp_path: Path, answers: dict[int, str] | None = None) -> Path:
    (tmp_path / "reports").mkdir()
    readme = tmp_path / "reports" / "README.md"
    readme.write_text(make_report(fill=passing, answers=answers), encoding="utf-8")
    add_figures(readme)
    return readme


def test_one_line_in_a_cookiecutter_tasks_py(tmp_path: Path) -> None:
    project(tmp_path)
    (tmp_path / "tasks.py").write_text(
        "from invoke import task\n\n"
        "from report_nb.tasks import build_report, check_report, import_report  # noqa: F401\n\n"
        "@task\ndef train(c):\n    '''The course's own task.'''\n",
        encoding="utf-8",
    )
    invoke = [sys.executable, "-m", "invoke"]
    listed = subprocess.run(
        [*invoke, "--list"], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    assert all(
        name in listed for name in ("build-report", "check-report", "import-report", "train")
    )
    run = subprocess.run(
        [*invoke, "import-report"], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert "wrote reports/report.ipynb" in run.stdout
    run = subprocess.run(
        [*invoke, "build-report", "--no-execute"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "passed 31/31" in run.stdout
    assert (tmp_path / "reports" / "report.html").exists()


def test_failures_become_invoke_exits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project(tmp_path, answers={7: words(5)})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(Exit) as caught:
        tasks.check_report(Context())
    assert caught.value.code == 1


def test_the_configured_readme_is_the_one_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    (tmp_path / "handin").mkdir()
    readme = tmp_path / "handin" / "README.md"  # not the default reports/README.md
    readme.write_text(make_report(fill=passing, answers={7: words(5)}), encoding="utf-8")
    add_figures(readme)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(Exit) as caught:
        tasks.check_report(Context())
    assert caught.value.code == 2  # no reports/README.md here
    context = Context()
    context.config["report_nb"] = {"readme": str(readme)}
    with pytest.raises(Exit) as caught:
        tasks.check_report(context, format="json")
    assert caught.value.code == 1  # the configured report, whose question 7 fails
    assert f'"path": "{readme}"' in capsys.readouterr().out


def test_build_report_help_lists_each_option_once(tmp_path: Path) -> None:
    (tmp_path / "tasks.py").write_text(
        "from report_nb.tasks import build_report  # noqa: F401\n", encoding="utf-8"
    )
    shown = subprocess.run(
        [sys.executable, "-m", "invoke", "build-report", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--no-execute" in shown and "--, " not in shown
