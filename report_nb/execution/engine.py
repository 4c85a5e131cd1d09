"""Run the report notebook with papermill on a copy, and turn a failing cell into one message.

papermill cannot read jupytext text notebooks and writes timing metadata into every cell, so the
student's pair is never executed in place: the build hands papermill an in-memory copy without
pairing metadata, writes the executed copy to ``.report-nb/build/``, and never touches the
student's files. Cells are matched back by id, since papermill inserts an ``injected-parameters``
cell (and, on failure, an error banner) that shift every index.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import inspect
import os
import signal
import sys
import threading
import uuid
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from nbformat import NotebookNode

from report_nb.errors import BuildError, ReportNbError
from report_nb.notebook.cells import KERNELSPEC, cell_questions
from report_nb.protocol import OFFLINE_ENV, SNAPSHOT_ENV
from report_nb.store.layout import Layout

PAPERMILL_TAGS = frozenset({"injected-parameters", "papermill-error-cell-tag"})
CANCELLED = "cancelled (the kernel was interrupted)"
# A cancelled run is interrupted once a second; if it still runs after this many interrupts, its
# kernel is killed. An interrupt that lands while ipykernel is between receiving a cell and
# running it is swallowed ("KeyboardInterrupt caught in kernel") and the cell never replies:
# without the kill, such a run would wait for that reply forever.
INTERRUPTS_BEFORE_KILL = 5


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


#: A progress callback: the running cell's label ("question 5, cell 12"), cells started, total.
Progress = Callable[[str, int, int], None]

ENGINE_NAME = "report-nb"


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
        with _thread_event_loop():
            executed = papermill.execute_notebook(
                nb,
                str(output),
                parameters=dict(parameters),
                kernel_name=kernel,
                progress_bar=progress,
                # no cwd=: papermill would os.chdir() the whole process to it for the run,
                # which moves every other thread too; the kernel is started in cwd instead
                language="python",
                engine_name=_engine(),
                execution_timeout=timeout,
                # papermill saves the whole notebook after every cell by default: with figures
                # that is most of a build's time; it still saves on failure and at the end
                request_save_on_cell_execute=False,
                report_nb_tracker=tracker,  # engine_kwargs: this run's state, for this run only
                **extra,
            )
    except (PapermillExecutionError, CellTimeoutError, DeadKernelError) as error:
        if tracker.cancelled:  # the interrupt (or, failing that, the kill) ended the run
            raise _cell_error(nb, tracker.last, CANCELLED, None) from None
        if isinstance(error, PapermillExecutionError):
            raise _cell_error(
                nb, _failed_cell(output), f"{error.ename}: {error.evalue}", output
            ) from None
        if isinstance(error, CellTimeoutError):
            raise _cell_error(
                nb, tracker.last, f"still running after {timeout:g} s (--timeout)", None
            ) from None
        raise _cell_error(
            nb, tracker.last, "the kernel died (out of memory, or os._exit)", None
        ) from None
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


class Tracker:
    """One run's state, handed to the engine through papermill's ``engine_kwargs``.

    It holds the kernel's environment and working folder (given to the kernel as it starts, never
    set on this process), names the running cell for the progress bar and ``on_cell``, remembers
    the last cell that started (to name a cell that hangs or kills the kernel), and interrupts the
    kernel when ``cancel`` is set.
    """

    def __init__(
        self,
        labels: dict[str, str],
        on_cell: Progress | None,
        cancel: threading.Event | None,
        env: dict[str, str],
        cwd: Path,
    ) -> None:
        self.labels, self.on_cell, self.cancel, self.env = labels, on_cell, cancel, env
        self.cwd = cwd
        self.last: str | None = None
        self.started = 0
        self.cancelled = False
        self._done = threading.Event()

    def cell_started(self, cell: NotebookNode, bar: Any) -> None:
        """Called by the engine as each cell starts."""
        cell_id = cell.get("id")
        if cell_id not in self.labels:
            return
        self.last = cell_id
        self.started += 1
        if bar is not None:
            bar.set_description(self.labels[cell_id])
        if self.on_cell is not None:
            self.on_cell(self.labels[cell_id], self.started, len(self.labels))

    def watch(self, client: Any) -> None:
        """Interrupt ``client``'s kernel if ``cancel`` is set before the run ends."""
        if self.cancel is None:
            return
        cancel = self.cancel

        def wait() -> None:
            # An interrupt that reaches the kernel between two cells does nothing, so it is
            # sent again each second until the run ends (papermill stops at the interrupted
            # cell); a kernel that outlives INTERRUPTS_BEFORE_KILL of them is killed
            sent = 0
            while not self._done.is_set():
                if cancel.wait(0.1):
                    self.cancelled = True
                    _stop(client, kill=sent >= INTERRUPTS_BEFORE_KILL)
                    sent += 1
                    self._done.wait(1.0)

        threading.Thread(target=wait, name="report-nb-cancel", daemon=True).start()

    def stop(self) -> None:
        """The run is over: stop watching for a cancel."""
        self._done.set()


@contextmanager
def _thread_event_loop() -> Iterator[None]:
    """In a thread other than the main one, close the event loop nbclient made for the run.

    nbclient runs its coroutines on the thread's event loop and creates one if there is none,
    never to close it: a Jupyter server's worker threads and a test's threads would leak a loop
    (and its sockets) per build. The thread is left with the loop it had before, if any.
    """
    if threading.current_thread() is threading.main_thread():
        yield
        return
    policy = asyncio.get_event_loop_policy()
    before = _set_loop(policy)
    try:
        yield
    finally:
        after = _set_loop(policy)
        if after is not None and after is not before and not after.is_running():
            after.close()
        policy.set_event_loop(before)


def _set_loop(policy: asyncio.AbstractEventLoopPolicy) -> asyncio.AbstractEventLoop | None:
    """The event loop set for this thread, or None (asking does not create one here)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return policy.get_event_loop()
    except RuntimeError:
        return None


def _stop(client: Any, *, kill: bool) -> None:
    """Interrupt, or kill, the kernel of a running nbclient client.

    The kill goes to the kernel's process group; nbclient notices the dead kernel within a second.
    """
    km = getattr(client, "km", None)
    if km is None or not km.has_kernel:
        return
    try:
        done = km.signal_kernel(signal.SIGKILL) if kill else km.interrupt_kernel()
        if inspect.isawaitable(done):  # nbclient's AsyncKernelManager: run it on a loop of ours
            asyncio.run(_awaited(done))
    except (RuntimeError, OSError):  # the run ended and shut its kernel down meanwhile
        return


async def _awaited(awaitable: Any) -> Any:
    return await awaitable


@functools.cache
def _engine() -> str:
    """Register report-nb's papermill engine, once per process (every run shares it)."""
    from papermill.engines import papermill_engines

    papermill_engines.register(ENGINE_NAME, _tracking_engine_class())
    return ENGINE_NAME


def _tracking_engine_class() -> type:
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    class TrackingEngine(NBClientEngine):
        """papermill's nbclient engine, with a :class:`Tracker` per run and the kernel's env."""

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man: Any,
            kernel_name: str,
            log_output: bool = False,
            stdout_file: Any = None,
            stderr_file: Any = None,
            start_timeout: int = 60,
            execution_timeout: float | None = None,
            report_nb_tracker: Tracker | None = None,
            **kwargs: Any,
        ) -> Any:
            tracker = report_nb_tracker
            assert tracker is not None, "run() passes a Tracker"
            start = nb_man.cell_start

            def cell_start(cell: NotebookNode, *args: Any, **kw: Any) -> Any:
                tracker.cell_started(cell, getattr(nb_man, "pbar", None))
                return start(cell, *args, **kw)

            nb_man.cell_start = cell_start
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            client = PapermillNotebookClient(
                nb_man,
                **merge_kwargs(
                    kwargs,
                    timeout=execution_timeout,
                    startup_timeout=start_timeout,
                    kernel_name=kernel_name,
                    log=logger,
                    log_output=log_output,
                    stdout_file=stdout_file,
                    stderr_file=stderr_file,
                ),
            )
            tracker.watch(client)
            return client.execute(env=tracker.env, cwd=str(tracker.cwd))

    return TrackingEngine


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
