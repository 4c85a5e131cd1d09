"""A real ``jupyter lab`` for the browser tests (tests/test_lab*.py), and what they do in it.

:func:`start_lab` runs JupyterLab on 127.0.0.1 with a free port, a random token, its own root,
settings and workspaces folders. It loads this checkout's lab extension when it is built
(``labextension/`` -> ``report_nb/labextension/``), ahead of any installed copy, so that a
worktree tests its own TypeScript; the server extension is imported from this checkout when
``PYTHONPATH`` points here. The fixtures that use it are in conftest.py.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell

from report_nb.commands.importing import import_readme
from report_nb.notebook.cells import cell_info
from report_nb.notebook.pairing import read_notebook

from conftest import FIXTURES, ROOT
from projects import write_pair

#: This checkout's built lab extension (npm run build in labextension/ writes it).
BUILT = ROOT / "report_nb" / "labextension"

NEWS = "@jupyterlab/apputils-extension/notification.jupyterlab-settings"
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    NEWS: {
        "checkForUpdates": False,
        "fetchNews": "false",
    },
}
BADGE_LATENCY_S = 1.5
#: Where the measured badge latencies go, for the closing note and the README.
LATENCY_LOG = ROOT / "bench" / "results" / "badge_latency.json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Lab:
    """A running ``jupyter lab`` and what the tests need to reach it."""

    def __init__(self, root: Path, port: int, token: str, process: subprocess.Popen) -> None:
        self.root, self.port, self.token, self.process = root, port, token, process

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/lab/tree/{path}?token={self.token}&reset"


def start_lab(base: Path, settings: dict[str, dict]) -> Iterator[Lab]:
    """Run ``jupyter lab`` with its own root, user settings and workspaces below ``base``."""
    root, settings_dir = base / "root", base / "settings"
    root.mkdir()
    for name, values in settings.items():
        path = settings_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = free_port(), secrets.token_hex(16)
    log = (base / "lab.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            f"--LabApp.user_settings_dir={settings_dir}",
            f"--LabApp.workspaces_dir={base / 'workspaces'}",
            *extension_args(base),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=root,
        env={**os.environ, "JUPYTER_PLATFORM_DIRS": "1"},
    )
    try:
        wait_for_server(port, token, process, base / "lab.log")
        yield Lab(root, port, token, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def wait_for_server(port: int, token: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"jupyter lab exited: {log.read_text()[-2000:]}")
        try:
            url = f"http://127.0.0.1:{port}/api/status?token={token}"
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"jupyter lab did not start: {log.read_text()[-2000:]}")


def report_in(lab: Lab, name: str, edit=None) -> Path:
    """Import tests/fixtures/filled_31.md into the folder ``name`` of the server's root."""
    folder = lab.root / name
    folder.mkdir()
    shutil.copy(FIXTURES / "filled_31.md", folder / "README.md")
    import_readme(folder / "README.md")
    path = folder / "report.ipynb"
    if edit is not None:
        nb, _ = read_notebook(path)
        edit(nb)
        write_pair(nb, path, force=True)
    return path


def open_report(page, lab: Lab, path: Path) -> None:
    page.goto(lab.url(path.relative_to(lab.root).as_posix()))
    page.wait_for_selector("#report-nb-status[data-total]", timeout=60_000)
    page.wait_for_selector("[data-report-nb-question]", timeout=30_000)


def check(path: Path) -> dict:
    """``report-nb check --format json`` of the saved notebook, through the real CLI."""
    cli = Path(sys.executable).with_name("report-nb")
    done = subprocess.run(
        [str(cli), "check", "--format", "json", str(path)], capture_output=True, text=True
    )
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def badges(page) -> dict[int, tuple[int, int, bool]]:
    found = page.eval_on_selector_all(
        "[data-report-nb-question]",
        "els => els.map(e => [e.dataset.reportNbQuestion, e.dataset.words, e.dataset.images,"
        " e.dataset.ok])",
    )
    return {int(n): (int(w), int(i), ok == "true") for n, w, i, ok in found}


def answer_cell(page, question: int):
    """The cell that shows question ``question``'s badge (its last answer cell)."""
    return page.locator(f".jp-Cell:has([data-report-nb-question='{question}'])")


def cell_index(nb, kind: str, question: int) -> int:
    for index, cell in enumerate(nb.cells):
        info = cell_info(cell)
        if info.get("kind") == kind and info.get("question") == question:
            return index
    raise AssertionError((kind, question))


def replace_answer(page, question: int, text: str, typed: str = "") -> None:
    """Edit the answer cell in the browser: select its text, put ``text`` instead (one input
    event, like a paste), then type ``typed`` key by key."""
    cell = answer_cell(page, question)
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-MarkdownOutput").dblclick()
    editor = cell.locator(".cm-content")
    editor.wait_for()
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(text)
    page.keyboard.type(typed)


def save(page, path: Path) -> None:
    before = path.stat().st_mtime_ns
    page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + 15
    while path.stat().st_mtime_ns == before:
        assert time.monotonic() < deadline, f"{path} was not saved"
        time.sleep(0.1)
    time.sleep(0.3)  # the jupytext pair is written right after the notebook


def notification(page, text: str, timeout: float = 60_000) -> str:
    toast = page.locator(".Toastify__toast", has_text=text).first
    toast.wait_for(timeout=timeout)
    return toast.inner_text()


def extension_args(base: Path) -> list[str]:
    """``--LabApp.extra_labextensions_path`` to this checkout's build (it wins over installed
    copies), or nothing when the extension is not built here."""
    if not (BUILT / "package.json").is_file():
        return []
    extensions = base / "labextensions"
    extensions.mkdir(exist_ok=True)
    (extensions / "report-nb").symlink_to(BUILT, target_is_directory=True)
    return [f"--LabApp.extra_labextensions_path={extensions}"]


#: A 1x1 PNG, for the figures the fixture's answers link to (a strict build checks they exist).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def with_glue(nb) -> None:
    index = cell_index(nb, "answer", 3)
    nb.cells[index].source = "Our tests cover {{ coverage }}% of the code, measured by CI."
    nb.cells.insert(index + 1, new_code_cell('import report_nb\nreport_nb.glue("coverage", 87.3)'))


def with_figures(path: Path) -> None:
    """The figures the fixture's answers link to, beside the notebook at ``path``, as a student
    would have them: a strict build passes, and no badge says an image is missing."""
    readme = path.parent / "README.md"
    for name in set(re.findall(r"\(\s*(figures/[^)\s]+\.png)", readme.read_text())):
        (path.parent / name).parent.mkdir(exist_ok=True)
        (path.parent / name).write_bytes(PNG)


def sleeping(seconds: float):
    """An edit for report_in: a code cell in question 3's answer that sleeps."""

    def edit(nb) -> None:
        index = cell_index(nb, "answer", 3)
        nb.cells.insert(index + 1, new_code_cell(f"import time\ntime.sleep({seconds})"))

    return edit
