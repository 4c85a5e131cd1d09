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
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from nbformat import NotebookNode

from report_nb.errors import BuildError
from report_nb.kernel import OFFLINE_ENV, SNAPSHOT_ENV
from report_nb.notebook.cells import cell_questions

PAPERMILL_TAGS = frozenset({"injected-parameters", "papermill-error-cell-tag"})


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


def run(
    nb: NotebookNode,
    *,
    cwd: Path,
    output: Path,
    parameters: Mapping[str, Any],
    kernel: str | None = None,
    offline: bool = False,
    progress: bool = True,
) -> NotebookNode:
    """Execute ``nb`` (an :func:`executable_copy`) in ``cwd``; the executed copy goes to ``output``.

    Raises :class:`BuildError` naming the question, the cell and the exception's last line.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    output.parent.mkdir(parents=True, exist_ok=True)
    kernel = kernel or nb.metadata.get("kernelspec", {}).get("name") or "python3"
    extra: dict[str, Any] = {}
    if nb.metadata.get("kernelspec", {}).get("language", "python") == "python":
        # ipykernel warns on every start that its TCP transport is unencrypted (it listens on
        # localhost only); the warning is noise in a student's build log.
        extra["extra_arguments"] = ["--IPKernelApp.log_level=ERROR"]
    try:
        with _environment(offline, cwd):
            executed = papermill.execute_notebook(
                nb, str(output), parameters=dict(parameters), kernel_name=kernel,
                progress_bar=progress, cwd=str(cwd), language="python",
                # papermill saves the whole notebook after every cell by default: with figures
                # that is most of a build's time; it still saves on failure and at the end
                request_save_on_cell_execute=False, **extra,
            )
    except PapermillExecutionError as error:
        raise _cell_error(nb, output, error) from None
    except Exception as error:  # kernel could not start, or died: no cell to blame
        if type(error).__name__ in ("NoSuchKernel", "DeadKernelError", "RuntimeError",
                                    "TimeoutError", "CellTimeoutError"):
            raise BuildError(f"the kernel {kernel!r} failed: {error}".splitlines()[0],
                             hint="check the notebook's kernel with 'jupyter kernelspec list'"
                             ) from None
        raise
    return drop_papermill_cells(executed)


def drop_papermill_cells(nb: NotebookNode) -> NotebookNode:
    """The executed notebook without papermill's injected and error-banner cells."""
    nb.cells = [c for c in nb.cells if not PAPERMILL_TAGS & set(c.metadata.get("tags", []))]
    return nb


@contextmanager
def _environment(offline: bool, cwd: Path) -> Iterator[None]:
    """Tell the kernel (through its environment) about --offline and the snapshot folder."""
    saved = {name: os.environ.get(name) for name in (OFFLINE_ENV, SNAPSHOT_ENV)}
    os.environ[OFFLINE_ENV] = "1" if offline else "0"
    os.environ[SNAPSHOT_ENV] = str((cwd / ".report-nb" / "live").resolve())
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _cell_error(nb: NotebookNode, output: Path, error: Any) -> BuildError:
    """One line: question, cell number in the student's notebook, the exception's last line."""
    import nbformat

    failed_id = None
    if output.exists():
        executed = nbformat.read(output, as_version=4)
        for cell in executed.cells:
            if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                failed_id = cell.get("id")
                break
    index = next((i for i, c in enumerate(nb.cells) if c.get("id") == failed_id), None)
    last = f"{error.ename}: {error.evalue}".strip().rstrip(":").splitlines()[-1]
    where = f"cell {index + 1}" if index is not None else "a cell"
    question = cell_questions(nb)[index] if index is not None else None
    return BuildError(f"{where} failed: {last}", question=question,
                      hint=f"full traceback in {output}; the previous outputs are untouched")
