"""The lab endpoints hold as the CLI does: real HTTP requests to a real ``jupyter lab``.

Malformed requests get a 4xx with one line (never a 500), bodies over the limit a 413, a second
build of one folder a 409, analyse/check/merge answer while builds run, and no endpoint reads or
writes through a symlink that leaves the server's root folder.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
import requests
from nbformat.v4 import new_code_cell

from report_nb.notebook.pairing import read_notebook

from labkit import Lab, cell_index, report_in, sleeping, with_figures

pytestmark = pytest.mark.browser  # a real jupyter lab, as the browser tests


def call(
    lab: Lab, endpoint: str, body: object = None, data: bytes | None = None, method: str = "POST"
) -> tuple[int, dict]:
    """One request to ``/report-nb/<endpoint>``: (status, JSON answer)."""
    url = f"http://127.0.0.1:{lab.port}/report-nb/{endpoint}"
    payload = data if data is not None else json.dumps(body).encode()
    response = requests.request(
        method,
        url,
        data=None if method == "GET" else payload,
        params=body if method == "GET" else None,
        headers={"Authorization": f"token {lab.token}"},
        timeout=120,
    )
    try:
        answer = response.json()
    except ValueError:
        answer = {"text": response.text}
    return response.status_code, answer


def relative(lab: Lab, path: Path) -> str:
    return path.relative_to(lab.root).as_posix()


def test_malformed_requests_get_4xx_never_500(lab: Lab) -> None:
    path = relative(lab, report_in(lab, "malformed"))
    notebook = read_notebook(lab.root / path)[0]
    bad_cells = [[1], "cells", [{"cell_type": "markdown", "source": 5}], [{"cell_type": "x"}]]
    requests_: list[tuple[str, object, bytes | None]] = [
        ("check", {"path": "a\x00b.ipynb"}, None),
        ("check", {"path": "x" * 5000}, None),
        ("build", {"path": "/" + "y" * 300 + "/" * 2000}, None),
        ("analyse", None, b"\xff\xfe\x00"),
        ("check", None, b"\xff\xfe\x00"),
        ("merge", None, b"[" * 100_000),
        ("analyse", None, b"{" * 100_000),
        ("check", {"path": 7}, None),
        ("check", [], None),
        ("check", {"path": "missing/report.ipynb"}, None),
        ("analyse", {"path": path}, None),
        ("analyse", {"path": path, "notebook": "not a notebook"}, None),
        *[("analyse", {"path": path, "notebook": {"cells": c}}, None) for c in bad_cells],
        ("analyse", {"path": path, "notebook": {**notebook, "metadata": []}}, None),
        ("handin", {"path": path, "notebook": {"cells": [{"cell_type": "code", "id": 3}]}}, None),
        ("handin", None, b"\xff\xfe\x00"),
        ("build/cancel", None, b"[" * 100_000),
        ("build/cancel", {"path": "a\x00"}, None),
        ("undo-merge", {"path": "x" * 5000}, None),
        ("undo-merge", {"path": path}, None),  # no merge to undo
    ]
    for endpoint, body, data in requests_:
        status, answer = call(lab, endpoint, body, data)
        assert 400 <= status < 500, (endpoint, body, data and data[:10], status, answer)
        assert answer["error"] and "\n" not in answer["error"], answer
    for query in ({"path": "z" * 5000}, {}):
        status, answer = call(lab, "build", query, method="GET")
        assert 400 <= status < 500, (query, status, answer)
    # tornado drops control characters from query arguments: "a\x00b" asks for "ab"
    status, answer = call(lab, "build", {"path": "a\x00b"}, method="GET")
    assert status == 200 and answer["running"] is False
    log = (lab.root.parent / "lab.log").read_text()
    assert "Traceback" not in log and " 500 " not in log


def test_a_body_over_10_mb_gets_413(lab: Lab) -> None:
    path = relative(lab, report_in(lab, "big"))
    body = json.dumps({"path": path, "notebook": {"cells": [], "pad": "x" * (11 * 2**20)}})
    status, answer = call(lab, "analyse", data=body.encode())
    assert status == 413
    assert "10 MB" in answer["error"]


def _build(lab: Lab, path: str, answers: list) -> None:
    answers.append(call(lab, "build", {"path": path}))


def _wait_running(lab: Lab, path: str) -> dict:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status, progress = call(lab, "build", {"path": path}, method="GET")
        assert status == 200
        if progress["running"]:
            return progress
        time.sleep(0.1)
    raise AssertionError("the build never showed as running")


def test_a_second_build_of_one_folder_gets_409(lab: Lab) -> None:
    first = report_in(lab, "twice", sleeping(4))
    with_figures(first)
    path = relative(lab, first)
    answers: list = []
    thread = threading.Thread(target=_build, args=(lab, path, answers))
    thread.start()
    _wait_running(lab, path)
    status, answer = call(lab, "build", {"path": path})
    assert status == 409
    assert "a build is running" in answer["error"]
    thread.join()
    status, built = answers[0]
    assert status == 200, built
    assert built["readme"] == "README.md" and built["passed"] == 31
    status, progress = call(lab, "build", {"path": path}, method="GET")
    assert progress["running"] is False


def test_check_and_merge_answer_while_builds_run(lab: Lab) -> None:
    busy = [relative(lab, report_in(lab, f"busy{i}", sleeping(12))) for i in range(3)]
    quiet = report_in(lab, "quiet")
    threads = [threading.Thread(target=_build, args=(lab, p, [])) for p in busy]
    for thread in threads:
        thread.start()
    for path in busy[:2]:
        _wait_running(lab, path)
    for endpoint in ("check", "merge", "check"):
        start = time.monotonic()
        status, answer = call(lab, endpoint, {"path": relative(lab, quiet)})
        assert status == 200, answer
        assert time.monotonic() - start < 5, endpoint
    nb = read_notebook(quiet)[0]
    start = time.monotonic()
    status, answer = call(lab, "analyse", {"path": relative(lab, quiet), "notebook": nb})
    assert status == 200 and answer["total"] == 31
    assert time.monotonic() - start < 2
    for path in busy:  # done: no need to wait out the sleeping cells
        call(lab, "build/cancel", {"path": path})
    for thread in threads:
        thread.join()


def test_symlinks_out_of_the_root_are_refused(lab: Lab, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    # figures/ a symlink outside: the build would write the figures there
    built = report_in(lab, "figlink")
    (built.parent / "figures").symlink_to(outside, target_is_directory=True)
    status, answer = call(lab, "build", {"path": relative(lab, built)})
    assert status == 403, answer
    assert "figures/" in answer["error"] and "outside the server's root" in answer["error"]
    assert list(outside.iterdir()) == []
    # README.md a symlink outside: merge would read it into the notebook
    merged = report_in(lab, "readmelink")
    (outside / "README.md").write_text((merged.parent / "README.md").read_text() + "\nsecret\n")
    (merged.parent / "README.md").unlink()
    (merged.parent / "README.md").symlink_to(outside / "README.md")
    before = merged.read_bytes()
    for endpoint in ("merge", "check", "build"):
        status, answer = call(lab, endpoint, {"path": relative(lab, merged)})
        assert status == 403, (endpoint, answer)
        assert "the README" in answer["error"]
    assert merged.read_bytes() == before
    # the notebook itself through a symlink that leaves the root
    (lab.root / "escape").symlink_to(outside, target_is_directory=True)
    (outside / "report.ipynb").write_bytes(before)
    status, answer = call(lab, "check", {"path": "escape/report.ipynb"})
    assert status == 403, answer


def glue_where(nb) -> None:
    """An edit for report_in: a code cell that glues the folder its kernel runs in."""
    index = cell_index(nb, "answer", 3)
    source = "import os, report_nb\nreport_nb.glue('where', os.path.basename(os.getcwd()))"
    nb.cells.insert(index + 1, new_code_cell(source))


def glued_where(notebook: Path) -> str:
    """The value the executed copy of ``notebook``'s last build glued as ``where``."""
    from report_nb.protocol import GLUE_MIME

    executed = read_notebook(notebook.parent / ".report-nb" / "build" / notebook.name)[0]
    values = [
        output["data"][GLUE_MIME]["text"]
        for cell in executed.cells
        for output in cell.get("outputs", [])
        if GLUE_MIME in output.get("data", {})
    ]
    assert len(values) == 1, values
    return values[0]


def test_two_builds_of_two_folders_at_once_each_run_in_their_own(lab: Lab) -> None:
    # one server process runs both builds in its threads: nothing of one may reach the other
    notebooks = {name: report_in(lab, name, glue_where) for name in ("alpha", "beta")}
    for notebook in notebooks.values():
        with_figures(notebook)
    answers: dict[str, list] = {name: [] for name in notebooks}
    threads = [
        threading.Thread(target=_build, args=(lab, relative(lab, notebook), answers[name]))
        for name, notebook in notebooks.items()
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for name, notebook in notebooks.items():
        status, built = answers[name][0]
        assert status == 200, built
        assert built["passed"] == 31
        assert glued_where(notebook) == name


def _wait_for_label(lab: Lab, path: str, prefix: str) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        _, progress = call(lab, "build", {"path": path}, method="GET")
        if progress["running"] and progress["label"].startswith(prefix):
            return progress
        time.sleep(0.1)
    raise AssertionError(f"the build never showed {prefix!r}")


def test_a_build_shows_its_running_cell_and_cancel_interrupts_it(lab: Lab) -> None:
    notebook = report_in(lab, "cancelled", sleeping(120))
    with_figures(notebook)
    path = relative(lab, notebook)
    readme = (notebook.parent / "README.md").read_bytes()
    answers: list = []
    thread = threading.Thread(target=_build, args=(lab, path, answers))
    thread.start()
    progress = _wait_for_label(lab, path, "question 3, cell ")
    assert progress["total"] >= 1 and 1 <= progress["done"] <= progress["total"]
    start = time.monotonic()
    status, answer = call(lab, "build/cancel", {"path": path})
    assert status == 200 and answer == {"cancelled": True}
    thread.join(timeout=60)
    assert not thread.is_alive() and time.monotonic() - start < 30  # not the 120 s cell
    status, built = answers[0]
    assert status == 400 and "cancelled" in built["error"]
    assert "question 3" in built["error"]
    assert (notebook.parent / "README.md").read_bytes() == readme  # nothing written
    status, progress = call(lab, "build", {"path": path}, method="GET")
    assert progress["running"] is False


def test_a_client_that_goes_away_cancels_its_build(lab: Lab) -> None:
    import http.client

    notebook = report_in(lab, "gone", sleeping(120))
    with_figures(notebook)
    path = relative(lab, notebook)
    connection = http.client.HTTPConnection("127.0.0.1", lab.port, timeout=120)
    body = json.dumps({"path": path})
    headers = {"Authorization": f"token {lab.token}", "Content-Type": "application/json"}
    connection.request("POST", "/report-nb/build", body=body, headers=headers)
    _wait_for_label(lab, path, "question 3, cell ")
    connection.close()  # the browser tab closed
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        _, progress = call(lab, "build", {"path": path}, method="GET")
        if not progress["running"]:
            break
        time.sleep(0.2)
    assert progress["running"] is False  # stopped long before the 120 s cell would end


def test_stopping_the_server_cancels_its_builds(tmp_path: Path) -> None:
    """Ctrl-C (SIGTERM here) on `jupyter lab` while a build's cell sleeps: the server stops in
    seconds, not when the cell would end; its kernel is gone too."""
    import contextlib

    from labkit import SETTINGS, start_lab

    with contextlib.contextmanager(start_lab)(tmp_path, SETTINGS) as lab:
        notebook = report_in(lab, "stopped", sleeping(120))
        with_figures(notebook)
        path = relative(lab, notebook)

        def build() -> None:
            with contextlib.suppress(OSError):  # the server goes away mid-request
                _build(lab, path, [])

        thread = threading.Thread(target=build, daemon=True)
        thread.start()
        _wait_for_label(lab, path, "question 3, cell ")
        start = time.monotonic()
        lab.process.terminate()
        lab.process.wait(timeout=60)
        assert time.monotonic() - start < 15  # not the 120 s the cell would take
    log = (tmp_path / "lab.log").read_text()
    assert "report-nb: cancelled 1 build(s) as the server stops" in log
