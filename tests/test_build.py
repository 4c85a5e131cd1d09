"""report-nb build with a real kernel: parameters, glue, figures, failures, cache, safety."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from report_nb.cli import main
from report_nb.commands.building import build
from report_nb.commands.options import build_config
from report_nb.errors import BuildError, ReportFormatError, WouldOverwriteError

from builders import words
from conftest import CHROMIUM_ARGS
from projects import make_project, snapshot

pytestmark = pytest.mark.kernel

FIGURE = """
from report_nb.live.figures import ReportFigure, new_figure
figure = new_figure(4, 3)
figure.add_subplot().plot([1, 3, 2])
ReportFigure(figure, name="{name}", alt="Loss curve")
"""
TABLE = """
from report_nb.live.tables import MarkdownTable
MarkdownTable(["metric", "value"], [["accuracy", 0.91], ["loss", 0.25]])
"""
GLUE = """
import report_nb
report_nb.glue("coverage", round(87.25, 1))
report_nb.glue("mode", "offline" if offline else "online")
report_nb.glue("epochs", epochs)
"""
COUNTER = """
from pathlib import Path
runs = Path("runs.txt")
runs.write_text(runs.read_text() + "x" if runs.exists() else "x")
print(Path("data.csv").read_text().strip())
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("project")
    nb_path = make_project(
        folder,
        parameters="offline = False\nepochs = 3",
        answers={14: words(250)},
        edits={
            3: "We used a tool. <script>window.__pwned = 1</script>"
            '<svg onload="window.__pwned = 2"></svg> <a href="javascript:window.__pwned=3">'
            "a link</a> and that was all.",
            8: "Our coverage is {{ coverage }}% in {{ mode }} mode after {{ epochs }} epochs. "
            + words(100),
        },
        code={8: [GLUE, TABLE], 14: [FIGURE.format(name="loss")]},
    )
    (nb_path.parent / "figures").mkdir(exist_ok=True)
    (nb_path.parent / "figures" / "mine.png").write_bytes(b"student's own screenshot")
    before = {p: p.read_bytes() for p in (nb_path, nb_path.with_suffix(".md"))}
    result = build(nb_path, build_config(parameters={"epochs": 12}, offline=True, progress=False))
    return nb_path, result, before


def test_glue_and_parameters_reach_the_readme(built) -> None:
    nb_path, result, _ = built
    readme = (nb_path.parent / "README.md").read_text(encoding="utf-8")
    assert "Our coverage is 87.2% in offline mode after 12 epochs." in readme
    assert "{{" not in readme
    assert result.executed and not result.cached


def test_table_and_figure_become_answer_text(built) -> None:
    nb_path, result, _ = built
    readme = (nb_path.parent / "README.md").read_text(encoding="utf-8")
    assert (
        '<table border="1"><thead><tr><th>metric</th> <th>value</th></tr></thead>\n'
        "<tbody><tr><td>accuracy</td> <td>0.91</td></tr>" in readme
    )
    assert "![Loss curve](figures/q14_loss.png)\n\n### Question 15" in readme
    png = (nb_path.parent / "figures" / "q14_loss.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    assert result.check.questions[13].images == 1 and result.check.questions[13].ok
    assert "from report_nb" not in readme  # code stays hidden


def test_build_never_rewrites_the_students_pair_or_files(built) -> None:
    nb_path, _, before = built
    for path, data in before.items():
        assert path.read_bytes() == data
    assert (nb_path.parent / "figures" / "mine.png").read_bytes() == b"student's own screenshot"
    course_script = (nb_path.parent / "report.py").read_text(encoding="utf-8")
    assert course_script == "# the course's own checker\n"
    html = (nb_path.parent / "report.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in html


def test_failing_cell_names_question_and_keeps_outputs(tmp_path: Path) -> None:
    nb_path = make_project(tmp_path, code={9: ["x = 1", "values = []\nvalues[3]"]})
    build(nb_path, build_config(execute=False, strict=False, progress=False))
    before = snapshot(nb_path.parent)
    with pytest.raises(BuildError) as caught:
        build(nb_path, build_config(progress=False))
    message = str(caught.value)
    assert caught.value.question == 9
    assert "IndexError: list index out of range" in message
    cell_number = 1 + next(
        i for i, c in enumerate(nbformat.read(nb_path, 4).cells) if "values[3]" in c.source
    )
    assert f"cell {cell_number} failed" in message and "\n" not in message
    assert snapshot(nb_path.parent) == before
    executed = nb_path.parent / ".report-nb" / "build" / "report.ipynb"
    assert "IndexError" in executed.read_text(encoding="utf-8")
    assert main(["build", str(nb_path), "-q"]) == 1


def test_cache_hit_starts_no_kernel(tmp_path: Path) -> None:
    nb_path = make_project(tmp_path, code={10: [COUNTER]})
    reports = nb_path.parent
    (reports / "data.csv").write_text("first\n", encoding="utf-8")
    nb = nbformat.read(nb_path, as_version=4)
    nb.metadata["report_nb"]["inputs"] = ["data.csv"]
    nbformat.write(nb, nb_path)
    (reports / "report.md").unlink()  # keep the .ipynb as the only source of inputs

    first = build(nb_path, build_config(progress=False, html=False))
    second = build(nb_path, build_config(progress=False, html=False))
    assert (first.cached, second.cached) == (False, True)
    assert (reports / "runs.txt").read_text() == "x"  # the code ran once
    readme = (reports / "README.md").read_text(encoding="utf-8")
    assert "\n\n    first\n" in readme

    (reports / "data.csv").write_text("second\n", encoding="utf-8")
    third = build(nb_path, build_config(progress=False, html=False))
    assert not third.cached and (reports / "runs.txt").read_text() == "xx"
    assert "\n\n    second\n" in (reports / "README.md").read_text(encoding="utf-8")
    fourth = build(nb_path, build_config(progress=False, html=False, use_cache=False))
    assert not fourth.cached and (reports / "runs.txt").read_text() == "xxx"


def test_hand_edited_readme_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    nb_path = make_project(tmp_path)
    readme = nb_path.parent / "README.md"
    build(nb_path, build_config(execute=False, progress=False))
    readme.write_text(
        readme.read_text(encoding="utf-8").replace("Group 1", "Group one"), encoding="utf-8"
    )
    edited = readme.read_bytes()
    with pytest.raises(WouldOverwriteError, match="import --merge"):
        build(nb_path, build_config(execute=False, progress=False))
    assert readme.read_bytes() == edited
    assert main(["build", str(nb_path), "--no-execute"]) == 2
    assert "was edited after report-nb last wrote it" in capsys.readouterr().err


def test_stale_figures_are_removed_but_foreign_files_kept(tmp_path: Path) -> None:
    cell = nbformat.v4.new_code_cell(FIGURE.format(name="old"))
    nb_path = make_project(tmp_path, answers={14: words(250)}, code={14: [cell]})
    figures = nb_path.parent / "figures"
    build(nb_path, build_config(progress=False, html=False))
    assert (figures / "q14_old.png").exists()
    nb = nbformat.read(nb_path, as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.source = FIGURE.format(name="new")
    nbformat.write(nb, nb_path)
    (nb_path.with_suffix(".md")).unlink()
    result = build(nb_path, build_config(progress=False, html=False))
    assert not (figures / "q14_old.png").exists() and (figures / "q14_new.png").exists()
    assert result.removed == [figures / "q14_old.png"]

    (figures / "q14_other.png").write_bytes(b"taken by the student")
    code.source = FIGURE.format(name="other")
    nbformat.write(nb, nb_path)
    with pytest.raises(WouldOverwriteError, match="report-nb did not write"):
        build(nb_path, build_config(progress=False, html=False))
    assert (figures / "q14_other.png").read_bytes() == b"taken by the student"
    assert (figures / "q14_new.png").exists()


def test_cli_parameters_and_json_state(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    nb_path = make_project(
        tmp_path,
        parameters="offline = False\nlabel = 'none'",
        edits={5: "Label {{ label }}, offline {{ offline_text }}. " + words(120)},
        code={
            5: [
                "import report_nb\nreport_nb.glue('label', label)\n"
                "report_nb.glue('offline_text', offline)"
            ]
        },
    )
    code = main(["build", str(nb_path), "-p", "label", "from-cli", "--offline", "-q", "--no-html"])
    assert code == 0
    readme = (nb_path.parent / "README.md").read_text(encoding="utf-8")
    assert "Label from-cli, offline True." in readme
    state = json.loads((nb_path.parent / ".report-nb" / "state.json").read_text())
    assert "README.md" in state["files"]
    assert "wrote" in capsys.readouterr().out


def test_offline_snapshot_marks_questions_stale(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    cell = (
        "from report_nb.kernel import mark_stale, is_offline\n"
        "if is_offline():\n    mark_stale('wandb:team/chirp/run1', '2026-11-20T10:00:00')"
    )
    answer = words(250) + "\n\n![runs](figures/q14_0.png)"
    nb_path = make_project(tmp_path, answers={14: answer}, code={14: [cell]})
    build(nb_path, build_config(offline=True, progress=False))
    readme = nb_path.parent / "README.md"
    assert main(["check", str(readme)]) == 0
    out = capsys.readouterr().out
    assert "question 14: stale: built --offline from saved data: wandb:team/chirp/run1" in out
    html = (nb_path.parent / "report.html").read_text(encoding="utf-8")
    assert "wandb:team/chirp/run1" in html and "stale" in html
    build(nb_path, build_config(progress=False))  # online again: nothing is stale
    assert main(["check", str(readme)]) == 0
    assert "stale" not in capsys.readouterr().out


@pytest.mark.browser
def test_built_html_in_chromium(built, chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    nb_path, _, _ = built
    page_file = nb_path.parent / "report.html"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(page_file.as_uri())
            page.locator("#question-3 a", has_text="a link").click()
            assert page.evaluate("window.__pwned") is None
            figure = page.locator("img[data-file='figures/q14_loss.png']")
            assert figure.evaluate("img => img.complete && img.naturalWidth") > 0
            assert page.locator(".badge.pass").count() == 31
            cells = page.locator("#question-8 table td").all_inner_texts()
            assert cells[:2] == ["accuracy", "0.91"]
            assert all(url.startswith(("file:", "data:")) for url in requests)
        finally:
            browser.close()


def test_unknown_kernel_is_one_line(tmp_path: Path) -> None:
    nb_path = make_project(tmp_path, code={4: ["x = 1"]})
    build(nb_path, build_config(execute=False, strict=False, progress=False))
    before = snapshot(nb_path.parent)
    with pytest.raises(BuildError) as caught:
        build(nb_path, build_config(kernel="no-such-kernel", progress=False))
    assert "there is no kernel named 'no-such-kernel'" in str(caught.value)
    assert "jupyter kernelspec list" in str(caught.value) and "\n" not in str(caught.value)
    assert snapshot(nb_path.parent) == before


def test_a_foreign_report_html_is_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    nb_path = make_project(tmp_path)
    html = nb_path.parent / "report.html"
    html.write_text("<p>written by python report.py html</p>", encoding="utf-8")
    assert main(["build", str(nb_path), "--no-execute", "-q"]) == 0
    assert (
        "report.html was not written by report-nb and is left as it is" in capsys.readouterr().out
    )
    assert html.read_text(encoding="utf-8") == "<p>written by python report.py html</p>"
    assert main(["build", str(nb_path), "--no-execute", "-q", "--force"]) == 0
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_an_nbconvert_config_file_reaches_the_build(tmp_path: Path) -> None:
    from report_nb.commands.options import load_config

    nb_path = make_project(tmp_path, edits={5: words(5)})  # question 5 fails its limit
    with pytest.raises(BuildError, match="question 5"):
        build(nb_path, load_config(nb_path.parent, build_config(execute=False, progress=False)))
    (nb_path.parent / "jupyter_nbconvert_config.py").write_text(
        "c.ValidateReportPreprocessor.strict = False\nc.ReportBuild.html = False\n",
        encoding="utf-8",
    )
    result = build(
        nb_path, load_config(nb_path.parent, build_config(execute=False, progress=False))
    )
    assert result.html is None and not (nb_path.parent / "report.html").exists()
    assert [q.number for q in result.check.questions if not q.ok] == [5]


def test_a_broken_config_file_is_one_line(tmp_path: Path) -> None:
    from report_nb.commands.options import load_config

    (tmp_path / "jupyter_nbconvert_config.py").write_text("c.X = (\n", encoding="utf-8")
    with pytest.raises(ReportFormatError) as caught:
        load_config(tmp_path)
    assert "jupyter_nbconvert_config.py" in str(caught.value) and "\n" not in str(caught.value)


def test_a_strict_build_stops_on_a_changed_prompt(tmp_path: Path) -> None:
    nb_path = make_project(tmp_path)
    nb = nbformat.read(nb_path, as_version=4)
    prompt = next(c for c in nb.cells if c.metadata["report_nb"].get("kind") == "prompt")
    prompt.source += " (reworded)"
    nbformat.write(nb, nb_path)
    nb_path.with_suffix(".md").unlink()
    with pytest.raises(BuildError, match="prompt of question 1 was changed"):
        build(nb_path, build_config(execute=False, progress=False))
    result = build(nb_path, build_config(execute=False, strict=False, progress=False))
    assert any("prompt of question 1 was changed" in f.message for f in result.findings)
