"""The execution engine's per-run state: what a Tracker reports, and that runs share nothing.

The kernel tests run real builds; these pin the pieces those builds rely on, on real notebooks
made with nbformat: the labels the progress names, the kernel a notebook asks for, the kernel's
environment, and papermill's engine registered once for every run.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from report_nb.execution import engine, tracking
from report_nb.execution.engine import executable_copy, kernel_name
from report_nb.execution.tracking import Tracker
from report_nb.protocol import OFFLINE_ENV, SNAPSHOT_ENV


def report_notebook() -> nbformat.NotebookNode:
    cells = [
        new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        new_markdown_cell(
            "### Question 1", metadata={"report_nb": {"kind": "prompt", "question": 1}}
        ),
        new_markdown_cell("An answer.", metadata={"report_nb": {"kind": "answer", "question": 1}}),
        new_code_cell("print(1)"),
        new_markdown_cell(
            "### Question 2", metadata={"report_nb": {"kind": "prompt", "question": 2}}
        ),
        new_markdown_cell("Another.", metadata={"report_nb": {"kind": "answer", "question": 2}}),
        new_code_cell("print(2)"),
    ]
    return executable_copy(new_notebook(cells=cells))


def test_labels_name_each_code_cell_by_question_and_number() -> None:
    nb = report_notebook()
    labels = engine._labels(nb)
    assert list(labels.values()) == ["cell 1", "question 1, cell 4", "question 2, cell 7"]
    assert set(labels) == {c.id for c in nb.cells if c.cell_type == "code"}


def test_the_tracker_reports_every_code_cell_in_order_and_remembers_the_last() -> None:
    nb = report_notebook()
    seen: list[tuple[str, int, int]] = []
    tracker = Tracker(engine._labels(nb), lambda *args: seen.append(args), None, {}, Path("."))
    for cell in nb.cells:
        tracker.cell_started(cell, None)
    assert seen == [
        ("cell 1", 1, 3),
        ("question 1, cell 4", 2, 3),
        ("question 2, cell 7", 3, 3),
    ]
    assert tracker.last == nb.cells[-1].id and not tracker.cancelled


def test_a_cell_papermill_injected_is_not_counted() -> None:
    nb = report_notebook()
    tracker = Tracker(engine._labels(nb), None, None, {}, Path("."))
    injected = new_code_cell("offline = True", metadata={"tags": ["injected-parameters"]})
    tracker.cell_started(injected, None)
    assert tracker.started == 0 and tracker.last is None


def test_a_watcher_without_a_kernel_stops_when_the_run_ends() -> None:
    cancel = threading.Event()
    tracker = Tracker({}, None, cancel, {}, Path("."))
    tracker.watch(object())  # a client with no kernel manager yet
    tracker.stop()
    cancel.set()
    assert tracker.cancelled in (False, True)  # no exception, and the thread ends
    alive = [t for t in threading.enumerate() if t.name == "report-nb-cancel"]
    for thread in alive:
        thread.join(timeout=2)
    assert not [t for t in threading.enumerate() if t.name == "report-nb-cancel"]


@pytest.mark.parametrize(
    ("kernelspec", "expected"),
    [
        ({"name": "python3"}, "python3"),
        ({"name": "ir", "language": "R"}, "ir"),
        ({}, "python3"),
        ({"name": ""}, "python3"),
        ({"name": 5}, "python3"),  # untrusted metadata: never passed on as a kernel name
        ("python3", "python3"),
    ],
)
def test_the_kernel_a_notebook_asks_for(kernelspec: object, expected: str) -> None:
    nb = new_notebook()
    nb.metadata["kernelspec"] = kernelspec
    assert kernel_name(nb) == expected


def test_the_kernel_environment_is_a_copy_with_this_run_s_values(tmp_path: Path) -> None:
    before = dict(os.environ)
    env = engine._kernel_env(True, tmp_path)
    assert env[OFFLINE_ENV] == "1"
    assert env[SNAPSHOT_ENV] == str((tmp_path / ".report-nb" / "live").resolve())
    assert engine._kernel_env(False, tmp_path)[OFFLINE_ENV] == "0"
    assert dict(os.environ) == before  # this process's environment is untouched
    assert {k: v for k, v in env.items() if k not in (OFFLINE_ENV, SNAPSHOT_ENV)} == {
        k: v for k, v in before.items() if k not in (OFFLINE_ENV, SNAPSHOT_ENV)
    }


def test_the_papermill_engine_is_registered_once_for_every_run() -> None:
    from papermill.engines import papermill_engines

    name = tracking.engine_name()
    first = papermill_engines.get_engine(name)
    assert tracking.engine_name() == name
    assert papermill_engines.get_engine(name) is first  # not a new class per run
    assert "report_nb_tracker" in first.execute_managed_notebook.__code__.co_varnames


def test_an_executable_copy_has_unique_ids_and_no_pairing(tmp_path: Path) -> None:
    nb = new_notebook(cells=[new_code_cell("a"), new_code_cell("b")])
    nb.cells[1].id = nb.cells[0].id
    nb.metadata["jupytext"] = {"formats": "ipynb,md:myst"}
    copy = executable_copy(nb)
    assert len({cell.id for cell in copy.cells}) == 2
    assert "jupytext" not in copy.metadata and "jupytext" in nb.metadata
