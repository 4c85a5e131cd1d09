"""Running the notebook: papermill's and nbclient's errors become one line naming the cell."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from report_nb.commands.building import build
from report_nb.commands.options import build_config
from report_nb.errors import BuildError

from projects import make_project, snapshot

pytestmark = pytest.mark.kernel


def test_a_runtime_error_in_a_cell_names_the_cell_not_the_kernel(tmp_path: Path) -> None:
    nb_path = make_project(tmp_path, code={8: ["raise RuntimeError('no GPU here')"]})
    with pytest.raises(BuildError) as caught:
        build(nb_path, build_config(progress=False, html=False))
    message = str(caught.value)
    assert "question 8: cell" in message and "failed: RuntimeError: no GPU here" in message
    assert "kernel" not in message.split("(")[0]
    assert "\n" not in message


def test_sys_exit_zero_ends_the_run_without_failing(tmp_path: Path) -> None:
    nb_path = make_project(
        tmp_path, code={8: ["print('done early')\nimport sys\nsys.exit(0)"], 9: ["print('later')"]}
    )
    result = build(nb_path, build_config(progress=False, html=False))
    readme = (nb_path.parent / "README.md").read_text(encoding="utf-8")
    assert "done early" in readme and "SystemExit" not in readme and "later" not in readme
    assert result.executed


def test_sys_exit_with_an_error_code_fails(tmp_path: Path) -> None:
    nb_path = make_project(tmp_path, code={8: ["import sys\nsys.exit(3)"]})
    with pytest.raises(BuildError, match=r"question 8: cell \d+ failed: SystemExit: 3"):
        build(nb_path, build_config(progress=False, html=False))


def test_a_cell_that_hangs_times_out_naming_its_question(tmp_path: Path) -> None:
    nb_path = make_project(tmp_path, code={8: ["x = 1"], 12: ["import time\ntime.sleep(600)"]})
    build(nb_path, build_config(execute=False, strict=False, progress=False))
    before = snapshot(nb_path.parent)
    started = time.monotonic()
    with pytest.raises(BuildError) as caught:
        build(nb_path, build_config(progress=False, timeout=3))
    assert time.monotonic() - started < 60
    message = str(caught.value)
    assert "question 12: cell" in message and "still running after 3 s" in message
    assert snapshot(nb_path.parent) == before  # the previous outputs are untouched


def test_a_kernel_that_dies_names_the_cell(tmp_path: Path) -> None:
    nb_path = make_project(tmp_path, code={10: ["import os\nos._exit(1)"]})
    with pytest.raises(BuildError) as caught:
        build(nb_path, build_config(progress=False, html=False))
    message = str(caught.value)
    assert "question 10: cell" in message and "the kernel died" in message
    assert "\n" not in message


def test_the_progress_bar_names_the_running_question(
    tmp_path: Path, capfd: pytest.CaptureFixture
) -> None:
    nb_path = make_project(tmp_path, code={8: ["x = 1"], 12: ["y = 2"]})
    build(nb_path, build_config(html=False))
    err = capfd.readouterr().err
    assert "question 8, cell" in err and "question 12, cell" in err


def test_a_pyplot_figure_shown_as_a_report_figure_appears_once(tmp_path: Path) -> None:
    code = (
        "import matplotlib.pyplot as plt\n"
        "from report_nb.live.figures import ReportFigure\n"
        "fig, ax = plt.subplots()\n"
        "ax.bar(['a', 'b'], [3, 5])\n"
        "ax.set_title('Bucket sizes')\n"
        "ReportFigure(fig, name='bucket_sizes')"
    )
    nb_path = make_project(tmp_path, code={19: [code]})
    build(nb_path, build_config(progress=False, html=False, strict=False))
    figures = sorted(p.name for p in (nb_path.parent / "figures").glob("q19_*"))
    readme = (nb_path.parent / "README.md").read_text(encoding="utf-8")
    assert "q19_bucket_sizes.png" in figures and "q19_2.png" not in figures
    assert readme.count("](figures/q19_bucket_sizes.png)") == 1
    assert "![Bucket sizes](figures/q19_bucket_sizes.png)" in readme


def test_unknown_parameter_names_the_known_ones(tmp_path: Path) -> None:
    from report_nb.errors import ReportNbError

    nb_path = make_project(tmp_path, code={8: ["x = 1"]}, parameters="epochs = 3\nlr: float = 0.1")
    with pytest.raises(ReportNbError) as caught:
        build(nb_path, build_config(progress=False, parameters={"epoch": 5}))
    assert caught.value.exit_code == 2
    assert "-p epoch: the parameters cell (cell 1) sets epochs, lr" in str(caught.value)


def test_a_parameter_without_a_parameters_cell_is_refused(tmp_path: Path) -> None:
    from report_nb.errors import ReportNbError

    nb_path = make_project(tmp_path, code={8: ["x = 1"]})
    with pytest.raises(ReportNbError, match="no cell tagged 'parameters'"):
        build(nb_path, build_config(progress=False, parameters={"epochs": 5}))


def test_a_clone_with_only_the_text_pair_builds_the_same_readme(tmp_path: Path) -> None:
    import shutil

    nb_path = make_project(tmp_path, code={8: ["print('measured: 42')"]})
    build(nb_path, build_config(progress=False))
    folder = nb_path.parent
    readme = (folder / "README.md").read_bytes()
    # what a group commits when it ignores the .ipynb: report.md, state.json, the outputs
    clone = tmp_path / "clone"
    shutil.copytree(folder, clone, ignore=shutil.ignore_patterns("report.ipynb", ".report-nb"))
    (clone / ".report-nb").mkdir()
    shutil.copy2(folder / ".report-nb" / "state.json", clone / ".report-nb" / "state.json")
    assert not (clone / "report.ipynb").exists()
    result = build(clone / "report.md", build_config(progress=False))
    assert result.executed and (clone / "README.md").read_bytes() == readme
    assert "measured: 42" in readme.decode("utf-8")
    assert not (clone / "report.ipynb").exists()  # the build never writes the student's pair
