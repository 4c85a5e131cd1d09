"""The command functions of ``report_nb.commands``: what the CLI, the tasks and the lab adapt.

Each test calls the library directly and, where a front end adapts the same function, asserts
that the front end shows exactly what the function returned.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import report_nb.commands as commands
from report_nb.cli import main
from report_nb.commands import (
    build,
    build_config,
    check,
    export_readme,
    import_readme,
    merge_readme,
    undo_merge,
    write_handin,
    write_html,
)
from report_nb.commands.exporting import ExportResult
from report_nb.commands.importing import ImportResult
from report_nb.errors import NotebookError, ReportFormatError, WouldOverwriteError

from builders import make_report, passing
from conftest import FIXTURES, ROOT
from projects import add_figures

SHORT = "Too short an answer here."


@pytest.fixture
def readme(tmp_path: Path) -> Path:
    path = tmp_path / "reports" / "README.md"
    path.parent.mkdir()
    path.write_text(make_report(fill=passing, answers={7: SHORT}), encoding="utf-8")
    add_figures(path)
    return path


def test_every_listed_command_is_a_function_of_the_package() -> None:
    assert set(commands.__all__) >= {"check", "import_readme", "merge_readme", "build"}
    for name in commands.__all__:
        function = getattr(commands, name)
        assert callable(function) and function.__name__ == name
        assert function.__doc__  # the API is documented where it is defined
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        commands.nothing  # noqa: B018


def test_check_returns_what_the_command_line_prints(
    readme: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = check(readme)
    assert (result.passed, result.total, result.ok) == (30, 31, False)
    assert [q.number for q in result.questions if not q.ok] == [7]
    assert main(["check", str(readme), "--format", "json"]) == 1
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(result.to_json()))


def test_check_of_a_notebook_equals_the_check_of_its_readme(readme: Path) -> None:
    pair = import_readme(readme)
    for path in pair.written:
        result = check(path)
        assert (result.passed, result.total) == (30, 31)
        assert result.path == str(path)


def test_check_errors_are_typed_and_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ReportFormatError, match="no such file") as caught:
        check(tmp_path / "README.md")
    assert str(caught.value.path) == str(tmp_path / "README.md")
    (tmp_path / "notes.md").write_text("# just notes\n", encoding="utf-8")
    with pytest.raises(ReportFormatError):
        check(tmp_path / "notes.md")


def test_import_returns_the_pair_and_refuses_to_replace_it(readme: Path) -> None:
    result = import_readme(readme)
    assert isinstance(result, ImportResult)
    assert [p.name for p in result.written] == ["report.ipynb", "report.md"]
    assert all(isinstance(note, str) for note in result.notes)
    before = [p.read_bytes() for p in result.written]
    with pytest.raises(WouldOverwriteError):
        import_readme(readme)
    assert [p.read_bytes() for p in result.written] == before
    assert import_readme(readme, force=True).written == result.written


def test_export_result_unpacks_and_says_whether_anything_changed(readme: Path) -> None:
    nb = import_readme(readme).written[0]
    readme.unlink()
    first = export_readme(nb)
    assert isinstance(first, ExportResult) and first.readme == readme and first.changed
    path, changed = export_readme(nb)  # a named tuple: both spellings work
    assert (path, changed) == (readme, False)


def test_merge_and_undo_round_trip_through_the_functions(readme: Path) -> None:
    nb = import_readme(readme).written[0]
    export_readme(nb)
    text = readme.read_text(encoding="utf-8")
    readme.write_text(text.replace(SHORT, SHORT + " Added by a teammate."), "utf-8")
    merged = merge_readme(readme, nb)
    assert merged.questions == [7] and not merged.conflicts
    assert "merged question 7" in merged.summary()
    assert "Added by a teammate." in nb.with_suffix(".md").read_text(encoding="utf-8")
    restored = undo_merge(nb).restored
    assert sorted(p.name for p in restored) == ["report.ipynb", "report.md"]
    assert "Added by a teammate." not in nb.with_suffix(".md").read_text(encoding="utf-8")


def test_merge_without_a_notebook_is_a_typed_error(readme: Path) -> None:
    with pytest.raises((NotebookError, ReportFormatError)):
        merge_readme(readme, readme.with_name("report.ipynb"))


def test_html_functions_return_the_page_they_wrote(readme: Path, tmp_path: Path) -> None:
    page = write_html(readme, tmp_path / "page.html")
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    handin = write_handin(readme, tmp_path / "handin.html")
    assert b"<h3>Question 7</h3>" in handin.read_bytes()


def test_build_summary_is_what_the_command_line_prints(
    readme: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nb = import_readme(readme).written[0]
    result = build(nb, build_config(execute=False, strict=False))
    summary = result.summary()
    assert "wrote " in summary and "passed 30/31" in summary
    assert "FAIL question 7" in summary
    readme.write_text(readme.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["build", str(nb), "--no-execute", "--no-strict"]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[-1] == summary.splitlines()[-1]
    assert "FAIL question 7" in printed


def test_the_invoke_tasks_call_the_functions_not_the_command_line(readme: Path) -> None:
    code = (
        "import sys\n"
        "from invoke import Context\n"
        "from invoke.exceptions import Exit\n"
        "from report_nb import tasks\n"
        "try:\n"
        f"    tasks.check_report(Context(), path={str(readme)!r})\n"
        "except Exit as exit:\n"
        "    print('exit', exit.code)\n"
        "print('report_nb.cli' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.splitlines()[-2:] == ["exit 1", "False"], done.stderr


def test_a_task_error_is_the_cli_s_one_line_error(tmp_path: Path) -> None:
    from invoke import Context
    from invoke.exceptions import Exit

    from report_nb import tasks

    with pytest.raises(Exit) as caught:
        tasks.import_report(Context(), readme=str(tmp_path / "README.md"))
    assert caught.value.code == 2
    assert re.fullmatch(
        r"report-nb: error: .*README\.md: no such file.*", str(caught.value.message)
    )


@pytest.mark.kernel
def test_the_readme_from_python_snippet_runs(tmp_path: Path) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## From Python", 1)[1].split("\n## ", 1)[0]
    snippet = re.findall(r"^```python\n(.*?)^```$", section, flags=re.DOTALL | re.MULTILINE)[0]
    (tmp_path / "reports").mkdir()
    shutil.copy(FIXTURES / "filled_31.md", tmp_path / "reports" / "README.md")
    add_figures(tmp_path / "reports" / "README.md")
    done = subprocess.run(
        [sys.executable, "-c", snippet], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "passed 31/31" in done.stdout
