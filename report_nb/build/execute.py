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

from report_nb.build.layout import Layout
from report_nb.errors import BuildError, ReportNbError
from report_nb.notebook.cells import cell_questions
from report_nb.protocol import OFFLINE_ENV, SNAPSHOT_ENV

PAPERMILL_TAGS = frozenset({"injected-parameters", "papermill-error-cell-tag"})


def check_parameters(nb: NotebookNode, parameters: Mapping[str, Any]) -> None:
    """Refuse ``-p NAME VALUE`` for a name the notebook's parameters cell does not set.

    papermill only warns and runs anyway, so a typo would silently build with the default.
    ``offline`` (set by ``--offline``) is always allowed.
    """
    wanted = sorted(set(parameters) - {"offline"})
    if not wanted:
        return
    index = next(
        (
            i
            for i, c in enumerate(nb.cells)
            if "parameters" in c.get("metadata", {}).get("tags", [])
        ),
        None,
    )
    if index is None:
        raise ReportNbError(
            f"-p {wanted[0]}: the notebook has no cell tagged 'parameters'",
            hint="tag the code cell that sets the default values 'parameters'",
        )
    known = _assigned_names(nb.cells[index].source)
    unknown = [name for name in wanted if name not in known]
    if unknown:
        listed = ", ".join(sorted(known)) or "nothing"
        raise ReportNbError(
            f"-p {unknown[0]}: the parameters cell (cell {index + 1}) sets {listed}",
            hint="use one of those names, or add it to the parameters cell",
        )


def _assigned_names(source: str) -> set[str]:
    """Names a cell assigns at top level (``name = ...``, ``name: int = ...``)."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


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
    timeout: float | None = None,
) -> NotebookNode:
    """Execute ``nb`` (an :func:`executable_copy`) in ``cwd``; the executed copy goes to ``output``.

    A cell running longer than ``timeout`` seconds fails. Raises :class:`BuildError` naming the
    question, the cell and the exception's last line. ``SystemExit(0)`` (``sys.exit()``) in a
    cell ends the run quietly, as it ends a script: it is not a failure.
    """
    import papermill
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    output.parent.mkdir(parents=True, exist_ok=True)
    kernel = kernel or nb.metadata.get("kernelspec", {}).get("name") or "python3"
    extra: dict[str, Any] = {}
    if nb.metadata.get("kernelspec", {}).get("language", "python") == "python":
        # ipykernel warns on every start that its TCP transport is unencrypted (it listens on
        # localhost only), and may log "KeyboardInterrupt caught in kernel" as papermill shuts it
        # down after a successful run: noise in a student's build log. A cell's own errors come
        # back as messages, not log lines, so they are still reported.
        extra["extra_arguments"] = ["--IPKernelApp.log_level=CRITICAL"]
    running: list[NotebookNode] = []
    try:
        with _environment(offline, cwd):
            executed = papermill.execute_notebook(
                nb,
                str(output),
                parameters=dict(parameters),
                kernel_name=kernel,
                progress_bar=progress,
                cwd=str(cwd),
                language="python",
                engine_name=_tracking_engine(running, _labels(nb)),
                execution_timeout=timeout,
                # papermill saves the whole notebook after every cell by default: with figures
                # that is most of a build's time; it still saves on failure and at the end
                request_save_on_cell_execute=False,
                **extra,
            )
    except PapermillExecutionError as error:
        raise _cell_error(
            nb, _failed_cell(output), f"{error.ename}: {error.evalue}", output
        ) from None
    except CellTimeoutError:
        cell = _last_started(running)
        raise _cell_error(
            nb, cell, f"still running after {timeout:g} s (--timeout)", None
        ) from None
    except DeadKernelError:
        cell = _last_started(running)
        raise _cell_error(nb, cell, "the kernel died (out of memory, or os._exit)", None) from None
    except NoSuchKernel:
        raise BuildError(
            f"there is no kernel named {kernel!r}",
            hint="pick one of 'jupyter kernelspec list' with --kernel",
        ) from None
    return _drop_clean_exits(drop_papermill_cells(executed))


def _labels(nb: NotebookNode) -> dict[str, str]:
    """Cell id -> how the progress bar names it: its question and its number in the notebook."""
    labels = {}
    for index, (cell, question) in enumerate(zip(nb.cells, cell_questions(nb), strict=True)):
        if cell.cell_type == "code":
            where = f"question {question}, " if question is not None else ""
            labels[cell.get("id", "")] = f"{where}cell {index + 1}"
    return labels


def _tracking_engine(running: list[NotebookNode], labels: dict[str, str]) -> str:
    """A papermill engine that shows which question runs, and lets us name a cell that hangs."""
    from papermill.engines import NBClientEngine, papermill_engines

    class TrackingEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, **kwargs: Any) -> Any:
            running.append(nb_man.nb)
            start = nb_man.cell_start

            def cell_start(cell: NotebookNode, *args: Any, **kw: Any) -> Any:
                bar = getattr(nb_man, "pbar", None)
                if bar is not None and cell.get("id") in labels:
                    bar.set_description(labels[cell.id])
                return start(cell, *args, **kw)

            nb_man.cell_start = cell_start
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)

    papermill_engines.register(ENGINE_NAME, TrackingEngine)
    return ENGINE_NAME


ENGINE_NAME = "report-nb"


def _last_started(running: list[NotebookNode]) -> str | None:
    """Id of the last cell papermill started in the notebook it was running."""
    started = [
        cell.get("id")
        for nb in running
        for cell in nb.cells
        if cell.get("metadata", {}).get("papermill", {}).get("start_time")
    ]
    return started[-1] if started else None


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


@contextmanager
def _environment(offline: bool, cwd: Path) -> Iterator[None]:
    """Tell the kernel (through its environment) about --offline and the snapshot folder."""
    saved = {name: os.environ.get(name) for name in (OFFLINE_ENV, SNAPSHOT_ENV)}
    os.environ[OFFLINE_ENV] = "1" if offline else "0"
    os.environ[SNAPSHOT_ENV] = str(Layout(cwd).live.resolve())
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


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
