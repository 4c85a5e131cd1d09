"""Bad input never crashes: one line on stderr naming the file (and cell), exit 2, nothing written.

Each case breaks one thing a notebook or README can hold (by hand, by another tool, by a bug)
and runs the commands through the CLI adapter, ``report_nb.cli.main``, as a student would.
"""

from __future__ import annotations

import base64
import copy
import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import pytest

from report_nb.cli import main

from projects import make_project

QUESTION = 14  # the question whose answer has the code cell


def _everything(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder``, the build's own folder included (but its lock file)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "lock"
    }


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nb_path = make_project(tmp_path_factory.mktemp("base"), code={QUESTION: ["print(1)"]})
    (nb_path.parent / "report.md").unlink()  # the .ipynb alone: the cases edit only it
    return nb_path.parent


def _code_index(nb: dict[str, Any]) -> int:
    return next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code")


def metadata(key: str, value: object) -> Callable[[dict[str, Any]], None]:
    def mutate(nb: dict[str, Any]) -> None:
        nb["metadata"]["report_nb"][key] = value

    return mutate


def output(data: object, output_type: str = "display_data") -> Callable[[dict[str, Any]], None]:
    def mutate(nb: dict[str, Any]) -> None:
        out = {"output_type": output_type, "metadata": {}, "data": data}
        if output_type == "bogus":
            out = {"output_type": "bogus"}
        nb["cells"][_code_index(nb)]["outputs"] = [out]

    return mutate


def cell_key(key: str, value: object) -> Callable[[dict[str, Any]], None]:
    """Set (None: delete) a key of the first answer cell."""

    def mutate(nb: dict[str, Any]) -> None:
        cell = next(c for c in nb["cells"] if c["metadata"].get("report_nb", {}).get("question"))
        if value is None:
            del cell[key]
        else:
            cell[key] = value

    return mutate


def cells(value: object) -> Callable[[dict[str, Any]], None]:
    def mutate(nb: dict[str, Any]) -> None:
        nb["cells"] = value

    return mutate


def duplicated_prompt(nb: dict[str, Any]) -> None:
    prompt = next(
        c for c in nb["cells"] if c["metadata"].get("report_nb", {}).get("kind") == "prompt"
    )
    nb["cells"].append({**copy.deepcopy(prompt), "id": "a-copy"})


def failed_output(nb: dict[str, Any]) -> None:
    """An error output kept from a run (rendering names its question; the command, the file)."""
    error = {"output_type": "error", "ename": "ValueError", "evalue": "bad", "traceback": []}
    nb["cells"][_code_index(nb)]["outputs"] = [error]


def deep_answer(levels: int) -> Callable[[dict[str, Any]], None]:
    def mutate(nb: dict[str, Any]) -> None:
        cell = nb["cells"][_code_index(nb) - 1]  # the answer cell above the code cell
        cell["source"] = "\n".join(" " * (4 * i) + "- item" for i in range(levels))

    return mutate


SCRIPT = base64.b64encode(b"<script>alert(document.cookie)</script>").decode()
CASES = [
    pytest.param(metadata("source", "READ\0ME.md"), "report_nb.source", id="source-NUL"),
    pytest.param(metadata("source", "figures"), "names a folder", id="source-folder"),
    pytest.param(metadata("source", "a" * 5000), "report_nb.source", id="source-5000-chars"),
    pytest.param(metadata("inputs", 5), "report_nb.inputs", id="inputs-int"),
    pytest.param(metadata("inputs", ["/etc/*"]), "report_nb.inputs", id="inputs-absolute"),
    pytest.param(metadata("inputs", [None]), "report_nb.inputs", id="inputs-None"),
    pytest.param(metadata("inputs", ["../*"]), "report_nb.inputs", id="inputs-outside"),
    pytest.param(metadata("inputs", ["**x"]), "not a file pattern", id="inputs-bad-glob"),
    pytest.param(metadata("newline", "\u0000"), "report_nb.newline", id="newline-NUL"),
    pytest.param(metadata("lead", "# title\n"), "report_nb.lead", id="lead-not-blank"),
    pytest.param(metadata("profile", "1999"), "report_nb.profile", id="profile-unknown"),
    pytest.param(output({"image/png": "not base64!!"}), "cell", id="png-not-base64"),
    pytest.param(output({"image/png": 5}), "cell", id="png-int"),
    pytest.param(output({"image/png": SCRIPT}), "not a PNG image", id="png-holding-script"),
    pytest.param(output({"image/jpeg": SCRIPT}), "not a JPEG image", id="jpeg-holding-script"),
    pytest.param(output({"text/markdown": 5}), "cell", id="markdown-int"),
    pytest.param(output({}, "bogus"), "output_type", id="output-type-bogus"),
    pytest.param(output([1]), "not a readable notebook", id="data-not-a-mapping"),
    pytest.param(failed_output, "a code cell failed: ValueError: bad", id="stored-error-output"),
    pytest.param(cell_key("cell_type", None), "its cell_type is None", id="no-cell-type"),
    pytest.param(cell_key("source", None), "its source is NoneType", id="no-source"),
    pytest.param(cells({}), "the notebook's cells are not a list", id="cells-not-a-list"),
    pytest.param(duplicated_prompt, "the prompt cell of question 1 appears", id="prompt-twice"),
    # a JSON escape of half a character: readable, but no UTF-8 file can hold it
    pytest.param(output({"text/plain": "a\ud800b"}), "lone surrogate", id="output-lone-surrogate"),
    pytest.param(
        metadata("title", "\udc00"), "the notebook metadata holds a lone", id="metadata-surrogate"
    ),
    pytest.param(deep_answer(1000), "nested deeper", id="list-1000-deep"),
    pytest.param(deep_answer(3000), "nested deeper", id="list-3000-deep"),
    pytest.param(
        output({"text/markdown": "\n".join(" " * 4 * i + "- x" for i in range(1000))}),
        "nested deeper",
        id="markdown-output-1000-deep",
    ),
]
COMMANDS = [
    pytest.param(["export"], id="export"),
    pytest.param(["build", "--no-execute"], id="build-no-execute"),
    pytest.param(["check"], id="check"),
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("mutate", "said"), CASES)
def test_bad_notebook_is_one_line_exit_two_nothing_written(
    base: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture,
    mutate: Callable[[dict[str, Any]], None],
    said: str,
    command: list[str],
) -> None:
    folder = tmp_path / "reports"
    shutil.copytree(base, folder)
    nb_path = folder / "report.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    mutate(nb)
    nb_path.write_text(json.dumps(nb), encoding="utf-8")
    before = _everything(folder)

    started = time.monotonic()
    code = main([*command, str(nb_path)])
    elapsed = time.monotonic() - started

    err = capsys.readouterr().err
    assert code == 2, err
    assert err.count("\n") == 1 and err.startswith("report-nb: error: "), err
    assert str(nb_path) in err and said in err
    if not said.startswith(
        (
            "report_nb.",
            "names a folder",
            "not a readable",
            "not a file",
            "the notebook",
            "the prompt cell",
            "a code cell failed",
        )
    ):
        assert ": cell " in err  # a problem in a cell names the cell
    assert "\0" not in err and len(err) < 600
    assert elapsed < 10
    assert _everything(folder) == before


def test_the_cell_is_named_by_its_number(base: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "reports"
    shutil.copytree(base, folder)
    nb_path = folder / "report.ipynb"
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    output({"image/png": SCRIPT})(nb)
    nb_path.write_text(json.dumps(nb), encoding="utf-8")
    assert main(["export", str(nb_path)]) == 2
    assert f": cell {_code_index(nb) + 1}: output 1: its image/png" in capsys.readouterr().err


def _deep_readme(base: Path, folder: Path, levels: int) -> Path:
    shutil.copytree(base, folder)
    readme = folder / "README.md"
    text = readme.read_text(encoding="utf-8")
    nested = "\n".join(" " * (4 * i) + "- item" for i in range(levels))
    readme.write_text(text.replace("Answer:\n\n", "Answer:\n\n" + nested + "\n\n", 1), "utf-8")
    return readme


@pytest.mark.parametrize(
    "command",
    [["check"], ["html"], ["html", "--as-grader"], ["import", "--force"]],
    ids=["check", "html", "as-grader", "import"],
)
def test_a_readme_nested_1000_deep_is_refused_in_seconds(
    base: Path, tmp_path: Path, capsys: pytest.CaptureFixture, command: list[str]
) -> None:
    readme = _deep_readme(base, tmp_path / "reports", 1000)
    before = _everything(readme.parent)
    started = time.monotonic()
    assert main([*command, str(readme)]) == 2
    assert time.monotonic() - started < 10
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{readme}:" in err and "nested deeper than 64" in err
    assert _everything(readme.parent) == before


def test_moderate_nesting_still_renders(base: Path, tmp_path: Path) -> None:
    readme = _deep_readme(base, tmp_path / "reports", 20)
    assert main(["html", str(readme), "-o", str(tmp_path / "page.html")]) == 0


@pytest.mark.kernel
def test_a_kernel_made_png_holding_a_script_is_never_written(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    cell = (
        "from IPython.display import display\n"
        'display({"image/png": b"<script>alert(1)</script>"}, raw=True)'
    )
    nb_path = make_project(tmp_path, code={QUESTION: [cell]})
    folder = nb_path.parent
    before = _everything(folder)
    assert main(["build", str(nb_path), "-q"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ": cell " in err and "not a PNG image" in err
    after = _everything(folder)
    assert {k: v for k, v in after.items() if ".report-nb" not in k} == {
        k: v for k, v in before.items() if ".report-nb" not in k
    }
    assert not (folder / "figures" / f"q{QUESTION}_1.png").exists()


def test_validation_leaves_a_good_notebook_alone(base: Path) -> None:
    nb = nbformat.read(base / "report.ipynb", as_version=4)
    from report_nb.notebook.validation import check_metadata

    check_metadata(copy.deepcopy(nb), base / "report.ipynb")  # raises nothing


def test_the_lab_endpoint_refuses_a_bad_notebook_by_cell(base: Path) -> None:
    from report_nb.errors import NotebookError
    from report_nb.lab.analysis import from_json

    nb = json.loads((base / "report.ipynb").read_text(encoding="utf-8"))
    output({"image/png": SCRIPT})(nb)
    with pytest.raises(
        NotebookError, match=rf"cell {_code_index(nb) + 1}: output 1: its image/png"
    ):
        from_json(nb)
