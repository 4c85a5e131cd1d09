"""Run the report notebook with papermill on a copy, and turn a failing cell into one message.

papermill cannot read jupytext text notebooks and writes timing metadata into every cell, so the
student's pair is never executed in place: the build hands papermill an in-memory copy without
pairing metadata, writes the executed copy to ``.report-nb/build/``, and never touches the
student's files. Cells are matched back by id, since papermill inserts an ``injected-parameters``
cell (and, on failure, an error banner) that shift every index.
"""

from __future__ import annotations

import copy
import os
import sys
import threading
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nbformat import NotebookNode

from report_nb.errors import BuildError
from report_nb.execution.tracking import Progress, Tracker, engine_name, thread_event_loop
from report_nb.notebook.cells import KERNELSPEC
from report_nb.notebook.metadata import cell_questions
from report_nb.protocol import OFFLINE_ENV, SNAPSHOT_ENV
from report_nb.store.layout import Layout

PAPERMILL_TAGS = frozenset({"injected-parameters", "papermill-error-cell-tag"})
CANCELLED = "cancelled (the kernel was interrupted)"


def executable_copy(nb: NotebookNode) -> NotebookNode:
    """A copy to execute: no jupytext pairing, every cell with a unique id."""
    runnable = copy.deepcopy(nb)
    runnable.metadata.pop("jupytext", None)
    runnable.nbformat, runnable.nbformat_minor = 4, max(runnable.get("nbformat_minor", 5), 5)
    seen: set[str] = set()
    for cell in runnable.cells:
        if not cell.get("id") or cell.id in seen:
            cell.id = uuid.uuid4().hex[:12]
        seen.add(cell.id)
    return runnable


def console_progress(quiet: bool = False) -> tuple[bool, Progress | None]:
    """How a build on a console shows progress: ``(progress_bar, on_cell)`` for :func:`run`.

    On a terminal, papermill's bar. Elsewhere (a CI log, a pipe, a file) the bar's carriage
    returns would fill the log with fragments, so there is no bar, and a plain line on stderr
    names each code cell as it starts: ``running question 5, cell 12 (3/8)``.
    """
    if quiet:
        return False, None
    if sys.stdout.isatty() and sys.stderr.isatty():
        return True, None

    def line(label: str, started: int, total: int) -> None:
        print(f"running {label} ({started}/{total})", file=sys.stderr, flush=True)

    return False, line


def run(
    nb: NotebookNode,
    *,
    cwd: Path,
    output: Path,
    parameters: Mapping[str, Any],
    kernel: str | None = None,
    offline: bool = False,
    progress: bool = True,
    timeout: float | None = None,
    on_cell: Progress | None = None,
    cancel: threading.Event | None = None,
) -> NotebookNode:
    """Execute ``nb`` (an :func:`executable_copy`) in ``cwd``; the executed copy goes to ``output``.

    A cell running longer than ``timeout`` seconds fails. ``on_cell`` is told of every cell that
    starts; setting ``cancel`` interrupts the kernel and ends the run with :class:`BuildError`.
    Raises :class:`BuildError` naming the question, the cell and the exception's last line.
    ``SystemExit(0)`` (``sys.exit()``) in a cell ends the run quietly, as it ends a script: it is
    not a failure. Nothing of this process (its environment, working folder, modules) changes:
    the kernel gets ``offline`` and the snapshot folder in its own environment.
    """
    import papermill
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    output.parent.mkdir(parents=True, exist_ok=True)
    kernel = kernel or kernel_name(nb)
    extra: dict[str, Any] = {}
    if nb.metadata.get("kernelspec", {}).get("language", "python") == "python":
        # ipykernel warns on every start that its TCP transport is unencrypted (it listens on
        # localhost only), and may log "KeyboardInterrupt caught in kernel" as papermill shuts it
        # down after a successful run: noise in a student's build log. A cell's own errors come
        # back as messages, not log lines, so they are still reported.
        extra["extra_arguments"] = ["--IPKernelApp.log_level=CRITICAL"]
    tracker = Tracker(_labels(nb), on_cell, cancel, _kernel_env(offline, cwd), cwd)
    try:
        with thread_event_loop():
            executed = papermill.execute_notebook(
                nb,
                str(output),
                parameters=dict(parameters),
                kernel_name=kernel,
                progress_bar=progress,
                # no cwd=: papermill would os.chdir() the whole process to it for the run,
                # which moves every other thread too; the kernel is started in cwd instead
                language="python",
                engine_name=engine_name(),
                execution_timeout=timeout,
                # papermill saves the whole notebook after every cell by default: with figures
                # that is most of a build's time; it still saves on failure and at the end
                request_save_on_cell_execute=False,
                report_nb_tracker=tracker,  # engine_kwargs: this run's state, for this run only
                **extra,
            )
    except (PapermillExecutionError, CellTimeoutError, DeadKernelError) as error:
        raise _run_error(nb, error, tracker, output, timeout) from None
    except NoSuchKernel:
        raise BuildError(
            f"there is no kernel named {kernel!r}",
            hint="pick one of 'jupyter kernelspec list' with --kernel",
        ) from None
    finally:
        tracker.stop()
    if tracker.cancelled:
        raise _cell_error(nb, tracker.last, CANCELLED, None)
    return _drop_clean_exits(drop_papermill_cells(executed))


def _run_error(
    nb: NotebookNode, error: Exception, tracker: Tracker, output: Path, timeout: float | None
) -> BuildError:
    """The :class:`BuildError` of a run that papermill or nbclient ended with ``error``."""
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    if tracker.cancelled:  # the interrupt (or, failing that, the kill) ended the run
        return _cell_error(nb, tracker.last, CANCELLED, None)
    if isinstance(error, PapermillExecutionError):
        return _cell_error(nb, _failed_cell(output), f"{error.ename}: {error.evalue}", output)
    if isinstance(error, CellTimeoutError):
        return _cell_error(nb, tracker.last, f"still running after {timeout:g} s (--timeout)", None)
    return _cell_error(nb, tracker.last, "the kernel died (out of memory, or os._exit)", None)


def kernel_name(nb: NotebookNode) -> str:
    """The kernel a notebook asks for in its kernelspec, else ``python3``."""
    spec = nb.metadata.get("kernelspec")
    name = spec.get("name") if isinstance(spec, dict) else None
    return name if isinstance(name, str) and name else KERNELSPEC["name"]


def _labels(nb: NotebookNode) -> dict[str, str]:
    """Cell id -> how the progress bar names it: its question and its number in the notebook."""
    labels = {}
    for index, (cell, question) in enumerate(zip(nb.cells, cell_questions(nb), strict=True)):
        if cell.cell_type == "code":
            where = f"question {question}, " if question is not None else ""
            labels[cell.get("id", "")] = f"{where}cell {index + 1}"
    return labels


def _kernel_env(offline: bool, cwd: Path) -> dict[str, str]:
    """The kernel's environment: this process's, plus --offline and the snapshot folder."""
    env = dict(os.environ)
    env[OFFLINE_ENV] = "1" if offline else "0"
    env[SNAPSHOT_ENV] = str(Layout(cwd).live.resolve())
    return env


def _failed_cell(output: Path) -> str | None:
    """Id of the cell with an error output in the executed copy papermill saved on failure."""
    import nbformat

    if not output.exists():
        return None
    for cell in nbformat.read(output, as_version=4).cells:
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return cell.get("id")
    return None


def _drop_clean_exits(nb: NotebookNode) -> NotebookNode:
    """Remove the error output ``sys.exit()``/``SystemExit(0)`` leaves (papermill accepts it)."""
    for cell in nb.cells:
        if "outputs" in cell:
            cell.outputs = [
                o
                for o in cell.outputs
                if not (
                    o.get("output_type") == "error"
                    and o.get("ename") == "SystemExit"
                    and o.get("evalue") in ("", "0")
                )
            ]
    return nb


def drop_papermill_cells(nb: NotebookNode) -> NotebookNode:
    """The executed notebook without papermill's injected and error-banner cells."""
    nb.cells = [c for c in nb.cells if not PAPERMILL_TAGS & set(c.metadata.get("tags", []))]
    return nb


def _cell_error(
    nb: NotebookNode, cell_id: str | None, what: str, output: Path | None
) -> BuildError:
    """One line: question, cell number in the student's notebook, what went wrong."""
    index = next((i for i, c in enumerate(nb.cells) if cell_id and c.get("id") == cell_id), None)
    last = what.strip().rstrip(":").splitlines()[-1] if what.strip() else "failed"
    where = f"cell {index + 1}" if index is not None else "a cell"
    question = cell_questions(nb)[index] if index is not None else None
    trace = f"full traceback in {output}; " if output is not None else ""
    return BuildError(
        f"{where} failed: {last}",
        question=question,
        hint=f"{trace}the previous outputs are untouched",
    )
