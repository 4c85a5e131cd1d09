"""No process-global state: two commands at once in one process give what each gives alone.

A Jupyter server runs the extension's requests in threads of one process, and a test session runs
many builds in one process. Each build must run its kernel in its own folder, with its own
``--offline`` and snapshot folder, and nothing of the process (environment, working folder,
papermill's engines) may carry one build's state into another.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pytest

from report_nb.commands.building import build
from report_nb.commands.options import build_config
from report_nb.store.lock import FolderBusyError, folder_lock

from builders import words
from projects import make_project

WHERE = (
    "import os, report_nb\n"
    "report_nb.glue('where', os.path.basename(os.path.dirname(os.getcwd())))\n"
    "report_nb.glue('offline_env', os.environ.get('REPORT_NB_OFFLINE'))\n"
    "from pathlib import Path\n"
    "report_nb.glue('snapshots', Path(os.environ['REPORT_NB_SNAPSHOTS']).parents[2].name)"
)


def project(folder: Path) -> Path:
    return make_project(
        folder,
        edits={
            5: "Built in {{ where }}, offline {{ offline_env }}, kept in {{ snapshots }}. "
            + words(120)
        },
        code={5: [WHERE]},
    )


def in_threads(*calls: object) -> list[object]:
    """Run the calls at the same moment, each in its own thread; their results or exceptions."""
    results: list[object] = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def work(index: int, call: object) -> None:
        start.wait()
        try:
            results[index] = call()  # type: ignore[operator]
        except Exception as error:  # returned, so that the test can assert on it
            results[index] = error

    threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


@pytest.mark.kernel
def test_two_builds_at_once_in_one_process_each_give_their_own_result(tmp_path: Path) -> None:
    alpha, beta = project(tmp_path / "alpha"), project(tmp_path / "beta")
    environment, cwd, modules = dict(os.environ), os.getcwd(), set(sys.modules)
    results = in_threads(
        lambda: build(alpha, build_config(progress=False, offline=True, use_cache=False)),
        lambda: build(beta, build_config(progress=False, use_cache=False)),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    first = " ".join((alpha.parent / "README.md").read_text(encoding="utf-8").split())
    second = " ".join((beta.parent / "README.md").read_text(encoding="utf-8").split())
    assert "Built in alpha, offline 1, kept in alpha." in first
    assert "Built in beta, offline 0, kept in beta." in second
    # the process itself is as it was: its environment, its folder (modules may only be added)
    assert dict(os.environ) == environment
    assert os.getcwd() == cwd
    assert modules <= set(sys.modules)


def test_the_folder_lock_refuses_a_second_thread_of_the_same_process(tmp_path: Path) -> None:
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with folder_lock(tmp_path):
            inside.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert inside.wait(10)
        with (
            pytest.raises(FolderBusyError, match="another build is running"),
            folder_lock(tmp_path),
        ):
            pass
    finally:
        release.set()
        holder.join()
    with folder_lock(tmp_path):  # released: free again, and nothing was left behind
        pass
    assert not (tmp_path / ".report-nb").exists()


@pytest.mark.kernel
def test_two_builds_of_one_folder_at_once_one_refused(tmp_path: Path) -> None:
    nb = make_project(tmp_path, code={5: ["import time\ntime.sleep(2)"]})
    results = in_threads(
        lambda: build(nb, build_config(progress=False, use_cache=False)),
        lambda: build(nb, build_config(progress=False, use_cache=False)),
    )
    refused = [r for r in results if isinstance(r, FolderBusyError)]
    built = [r for r in results if not isinstance(r, Exception)]
    assert len(refused) == 1 and len(built) == 1, results
    assert "another build is running" in str(refused[0])


@pytest.mark.kernel
def test_a_cancelled_build_interrupts_the_kernel_and_writes_nothing(tmp_path: Path) -> None:
    from report_nb.errors import BuildError

    nb = make_project(tmp_path, code={7: ["import time\ntime.sleep(60)"]})
    cancel, started = threading.Event(), []

    def on_cell(label: str, done: int, total: int) -> None:
        started.append((label, done, total))
        threading.Timer(1.0, cancel.set).start()  # Cancel pressed while the cell runs

    start = time.monotonic()
    with pytest.raises(BuildError, match="cancelled") as caught:
        build(nb, build_config(progress=False, use_cache=False), on_cell=on_cell, cancel=cancel)
    assert time.monotonic() - start < 40  # interrupted, not the 60 s the cell would take
    assert caught.value.question == 7
    assert started and started[0][0].startswith("question 7, cell ")
    assert not (nb.parent / "report.html").exists()


@pytest.mark.kernel
def test_a_cancelled_build_whose_kernel_ignores_interrupts_is_killed(tmp_path: Path) -> None:
    # Models an interrupt ipykernel swallows (one landing between receiving a cell and running
    # it): the cell never answers, so after a few interrupts the kernel is killed
    from report_nb.errors import BuildError

    deaf = "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\ntime.sleep(60)"
    nb = make_project(tmp_path, code={7: [deaf]})
    cancel = threading.Event()
    start = time.monotonic()
    with pytest.raises(BuildError, match="cancelled") as caught:
        build(
            nb,
            build_config(progress=False, use_cache=False),
            on_cell=lambda *_: threading.Timer(1.0, cancel.set).start(),
            cancel=cancel,
        )
    assert time.monotonic() - start < 40  # killed, not the 60 s the cell would take
    assert caught.value.question == 7
    assert not (nb.parent / "report.html").exists()
