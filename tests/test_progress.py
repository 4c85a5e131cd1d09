"""A build's progress: papermill's bar on a terminal, plain lines in a log (CI, a pipe, a file)."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from projects import make_project

pytestmark = pytest.mark.kernel


@pytest.fixture(scope="module")
def notebook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("progress")
    return make_project(folder, code={5: ["x = 1"], 10: ["print('ten')", "y = 2"]})


def _cell_numbers(nb_path: Path) -> list[int]:
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    return [i + 1 for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]


def _build(nb_path: Path, *extra: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "report_nb", "build", str(nb_path), "--no-cache", *extra]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_a_log_gets_one_plain_line_per_code_cell(notebook: Path) -> None:
    done = _build(notebook)
    assert done.returncode == 0, done.stderr
    first, second, third = _cell_numbers(notebook)
    assert done.stderr.splitlines() == [
        f"running question 5, cell {first} (1/3)",
        f"running question 10, cell {second} (2/3)",
        f"running question 10, cell {third} (3/3)",
    ]
    assert "\r" not in done.stderr + done.stdout and "passed 31/31" in done.stdout


def test_quiet_prints_no_progress(notebook: Path) -> None:
    done = _build(notebook, "-q")
    assert done.returncode == 0 and done.stderr == ""


def test_a_terminal_gets_the_bar(notebook: Path) -> None:
    leader, follower = pty.openpty()
    # a terminal of 100 columns (a new pty has 0, and tqdm draws a bar as wide as the terminal)
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    command = [sys.executable, "-m", "report_nb", "build", str(notebook), "--no-cache"]
    process = subprocess.Popen(command, stdout=follower, stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the build is over
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=120) == 0
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert "\r" in shown and "cell/s" in shown and "running question" not in shown
