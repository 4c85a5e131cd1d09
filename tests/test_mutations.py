"""Any edit of a README, a notebook or report-nb's records: a clear refusal or a right answer.

Hypothesis draws the edits: lines and characters put into, taken out of and moved around real
reports (``../shared``), and fields of a report notebook or of ``.report-nb``'s records replaced,
deleted or added. For every edited input:

* ``check`` of a README agrees, question by question, with the official checker's algorithm
  (:func:`test_grader.reference`), or refuses the file with a :class:`ReportNbError`;
* ``import`` then ``export`` gives the README back byte for byte;
* ``check`` and ``export`` of a notebook, and JupyterLab's analysis of its JSON, end in a result
  or in a :class:`ReportNbError` naming the file: never in another exception (exit 3, or a 500);
* ``export`` with broken records never writes outside the report's folder.

Edits like these found six crashes and one wrong verdict, each now a test of its own: a deleted
heading in a report with ``\\r`` line endings, a deleted heading made up for by a stray
``Answer:`` (said to be rejected), a cell without ``cell_type`` or ``source``, lone surrogates in
a notebook and in ``state.json``, a NUL byte in a recorded path, and outputs that are not objects
in JupyterLab's JSON. ``REPORT_NB_HYPOTHESIS_PROFILE=long`` draws many more examples.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_grader import counts, reference

from report_nb.commands import check, export_readme, import_readme
from report_nb.core.check import check_text
from report_nb.errors import ReportNbError
from report_nb.lab.analysis import analyse, from_json

from conftest import SHARED_REASON, shared_reports
from projects import make_project

LONG = os.environ.get("REPORT_NB_HYPOTHESIS_PROFILE") == "long"


def examples(count: int) -> settings:
    return settings(
        max_examples=count * 20 if LONG else count,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


REPORTS = [f for f in shared_reports() if f.parent.name in ("seeds", "real")]
#: Lines a student, a formatter or a merge puts into a report.
LINES = [
    *("```python", "```", "~~~", "    indented code", "\tcode", "| a | b |", "|---|---|"),
    *("- item", "  - nested", "1. first", "* star", "https://example.com/x", "<table>"),
    *("## Section heading", "### Question 3", "### Question", "> quoted", ">", "Answer:"),
    *("> Answer:", "", "![fig](figures/a.png)", "<img src='x.png'>", "---", "<<<<<<< HEAD"),
    *("=======", ">>>>>>> theirs", "# heading", "Recommended answer length: 100-200 words"),
    *("é ünïcode", "\u00a0nbsp\u2003em", "a\x1cb", "text\r", "\ufeff"),
]
#: Characters that end lines, split words or start Markdown syntax.
CHARACTERS = ["\r", "\n", "\r\n", "\t", "\x0c", "\u2028", "\u0085", ">", "#", "`", "\u00a0", " "]

LINE_EDIT = st.tuples(
    st.sampled_from(["insert", "delete", "copy", "unquote", "append", "swap", "indent"]),
    st.floats(0, 1),
    st.floats(0, 1),
    st.sampled_from(LINES),
)
CHARACTER_EDIT = st.tuples(
    st.sampled_from(["insert", "cut"]), st.floats(0, 1), st.sampled_from(CHARACTERS)
)


def _edit_lines(text: str, edits: list[tuple[str, float, float, str]]) -> str:
    lines = text.split("\n")
    for op, where, other, line in edits:
        i, j = int(where * (len(lines) - 1)), int(other * (len(lines) - 1))
        if op == "insert":
            lines.insert(i, line)
        elif op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "copy":
            lines.insert(i, lines[j])
        elif op == "unquote":
            lines[i] = lines[i].lstrip("> ")
        elif op == "append":
            lines[i] += " " + line
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] = "  " + lines[i]
    return "\n".join(lines)


def _edit_characters(text: str, edits: list[tuple[str, float, str]]) -> str:
    for op, where, character in edits:
        i = int(where * len(text))
        text = text[:i] + character + text[i:] if op == "insert" else text[:i] + text[i + 3 :]
    return text


@st.composite
def edited_reports(draw: st.DrawFn) -> str:
    """A real report with a few line edits and, sometimes, character edits and other endings."""
    if not REPORTS:
        pytest.skip(SHARED_REASON)  # conftest stops the run instead in CI
    text = draw(st.sampled_from(REPORTS)).read_bytes().decode("utf-8")
    text = _edit_lines(text, draw(st.lists(LINE_EDIT, min_size=1, max_size=6)))
    text = _edit_characters(text, draw(st.lists(CHARACTER_EDIT, max_size=4)))
    return text.replace("\n", draw(st.sampled_from(["\n", "\n", "\r\n", "\r"])))


@examples(60)
@given(edited_reports())
def test_check_agrees_with_the_official_checker_or_refuses(text: str) -> None:
    try:
        result = check_text(text, "README.md")
    except ReportNbError as error:
        assert "\n" not in str(error)
        return
    as_read = text.replace("\r\n", "\n").replace("\r", "\n")  # Python's universal newlines
    try:
        expected = [counts(answer) for answer in reference(as_read.lstrip("\ufeff"))]
    except IndexError:  # no 'Answer:' at all: the course's checker crashes
        assert result.rejected is not None
        return
    if result.rejected and "' is missing (put it back above line" in result.rejected:
        assert len(expected) != result.total  # counted as if the heading were put back
        return
    got = [(q.words, q.images) for q in result.questions]
    assert got[: len(expected)] == expected[: result.total]
    assert (len(expected) != result.total) == (result.rejected is not None)


@examples(15)
@given(text=edited_reports())
def test_import_then_export_gives_the_readme_back(text: str, tmp_path: Path) -> None:
    case = Path(tempfile.mkdtemp(dir=tmp_path))  # one folder per example
    readme = case / "README.md"
    readme.write_bytes(text.encode("utf-8"))
    try:
        notebook = import_readme(readme).written[0]
    except ReportNbError:
        return
    copy_path = case / "again.md"
    export_readme(notebook, copy_path)
    assert copy_path.read_bytes() == text.encode("utf-8")


# --- notebooks and records: any field replaced, deleted or added ---------------------------

VALUES = [
    *(None, 0, -1, 2**70, 1.5, True, "", "x", "\x00", "a" * 5000, "/etc/*", "../../x", []),
    *([None], ["/etc/*"], {}, {"a": 1}, "README.md", "prompt", "answer", "checklist", "\r"),
    *("2024", "template", "\ud800", {"words": "x"}, "### Question 3", "<script>x</script>", 31),
]
OUTPUTS = [
    {"output_type": "stream", "name": "stdout", "text": "42\n"},
    {"output_type": "stream", "name": 5, "text": 7},
    {"output_type": "bogus"},
    {"output_type": "display_data", "data": {"image/png": "notbase64!!"}, "metadata": {}},
    {"output_type": "display_data", "data": {"text/markdown": 3}, "metadata": {}},
    {"output_type": "display_data", "data": {"text/html": "<img src=x onerror=alert(1)>"}},
    {"output_type": "execute_result", "data": {"text/plain": ["a", "b"]}, "metadata": {}},
    {"output_type": "error", "ename": "E", "evalue": "v", "traceback": ["t"]},
    {"output_type": "display_data", "data": {"text/plain": "a\ud800"}, "metadata": {}},
    {"output_type": "display_data", "data": 5},
    "not an output",
    None,
]


def _places(node: Any, at: tuple = ()) -> Iterator[tuple]:
    """Every place in a JSON tree: a key of a mapping, an index of a list."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*at, key)
            yield from _places(value, (*at, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield (*at, index)
            yield from _places(value, (*at, index))


def _mutate(draw: st.DrawFn, data: Any, skip: tuple[str, ...] = ("source",)) -> Any:
    """``data`` with one to three places replaced, deleted or given a list entry more."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 3))):
        places = [p for p in _places(data) if not skip or p[-1] not in skip]
        if not places:
            return draw(st.sampled_from(VALUES))
        place = draw(st.sampled_from(places))
        parent = data
        for step in place[:-1]:
            parent = parent[step]
        op = draw(st.sampled_from(["replace", "replace", "delete", "insert"]))
        if op == "delete" and isinstance(parent, dict):
            del parent[place[-1]]
        elif op == "insert" and isinstance(parent, list):
            parent.insert(place[-1], copy.deepcopy(draw(st.sampled_from(VALUES))))
        else:
            parent[place[-1]] = copy.deepcopy(draw(st.sampled_from(VALUES)))
    return data


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built report folder (README, pair, records) to copy for each example."""
    nb_path = make_project(tmp_path_factory.mktemp("project"), code={14: ["print(1)"]})
    export_readme(nb_path)  # README.md and .report-nb/ as a build leaves them
    return nb_path.parent


@st.composite
def edited_notebooks(draw: st.DrawFn, nb: dict[str, Any]) -> dict[str, Any]:
    """A report notebook with outputs added and fields replaced, deleted or inserted."""
    nb = copy.deepcopy(nb)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    for cell in draw(st.lists(st.sampled_from(code), max_size=2)):
        cell["outputs"].append(copy.deepcopy(draw(st.sampled_from(OUTPUTS))))
    if draw(st.booleans()):  # aim at report-nb's own metadata, where most shapes are read
        cell = draw(st.sampled_from(nb["cells"]))
        cell["metadata"] = _mutate(draw, cell["metadata"], skip=())
        return nb
    return _mutate(draw, nb)


def _copy(project: Path, folder: Path) -> Path:
    """A copy of ``project`` in a new folder of its own under ``folder`` (one per example)."""
    case = Path(tempfile.mkdtemp(dir=folder)) / "reports"
    shutil.copytree(project, case)
    (case / "report.md").unlink(missing_ok=True)  # the .ipynb alone: the edit is the newest
    return case


def _refused_or_done(call: Any) -> None:
    """Run ``call``: a result, or a one-line error that names the file it is about."""
    try:
        call()
    except ReportNbError as error:
        assert "\n" not in str(error) and error.path, str(error)


@examples(30)
@given(data=st.data())
def test_an_edited_notebook_is_checked_exported_or_refused(
    data: st.DataObject, project: Path, tmp_path: Path
) -> None:
    nb = json.loads((project / "report.ipynb").read_text(encoding="utf-8"))
    edited = data.draw(edited_notebooks(nb))
    case = _copy(project, tmp_path)
    nb_path = case / "report.ipynb"
    nb_path.write_text(json.dumps(edited), encoding="utf-8")
    _refused_or_done(lambda: check(nb_path))
    _refused_or_done(lambda: export_readme(nb_path, case / "OUT.md"))
    try:  # as JupyterLab sends it: the answer is about the notebook in the request
        analyse(from_json(json.loads(json.dumps(edited))), nb_path)
    except ReportNbError as error:
        assert "\n" not in str(error)


@examples(30)
@given(data=st.data())
def test_edited_records_are_read_or_refused_and_nothing_outside_is_written(
    data: st.DataObject, project: Path, tmp_path: Path
) -> None:
    case = _copy(project, tmp_path)
    records = sorted((case / ".report-nb").rglob("*.json"))
    record = data.draw(st.sampled_from(records))
    raw = record.read_text(encoding="utf-8")
    if data.draw(st.booleans()):
        record.write_text(json.dumps(_mutate(data.draw, json.loads(raw), skip=())), "utf-8")
    else:  # cut short, as a killed writer or a bad merge leaves it
        record.write_text(raw[: data.draw(st.integers(0, len(raw)))], encoding="utf-8")
    outside = case.parent / "outside.txt"
    outside.write_text("not report-nb's", encoding="utf-8")
    readme = case / "README.md"
    for call in (lambda: check(readme), lambda: export_readme(case / "report.ipynb")):
        try:
            call()
        except ReportNbError as error:
            assert "\n" not in str(error)
    assert sorted(p.name for p in case.parent.iterdir()) == ["outside.txt", "reports"]
    assert outside.read_text(encoding="utf-8") == "not report-nb's"
