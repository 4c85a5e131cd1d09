"""``report-nb build``: execute the notebook, validate it, write README.md, figures and the HTML.

The order is what keeps a student's work safe: holding the folder's lock (and after recovering a
write a killed command left), refuse early if README.md was edited by hand; execute a copy (or
reuse the cache); prepare and render everything in memory (:mod:`report_nb.pipeline`);
then write every output, remove figures no longer produced and record it all in ``state.json``
as one recoverable transaction (:mod:`report_nb.store.outputs`). A failing cell, a strict-mode
violation or an output report-nb may not replace leaves every previous output untouched.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nbformat import NotebookNode
from traitlets.config import Config

from report_nb.commands.conflicted import refuse_conflicted_notebook
from report_nb.commands.edits import merge_command, refuse_unmerged_readme
from report_nb.commands.halves import current_pair, read_tracked, remember
from report_nb.commands.options import ReportBuild
from report_nb.core.model import Report
from report_nb.core.results import CheckResult, Finding
from report_nb.errors import BuildError, WouldOverwriteError, naming
from report_nb.execution.cache import BuildCache, cache_key, last_outputs, with_outputs
from report_nb.notebook.metadata import cell_questions, readme_path
from report_nb.notebook.pairing import notebook_bytes, pair_path, text_format
from report_nb.notebook.validation import check_metadata
from report_nb.pipeline import prepare
from report_nb.store import mergebase
from report_nb.store.layout import Layout
from report_nb.store.outputs import write_outputs
from report_nb.store.state import State
from report_nb.store.transaction import beside, locked

if TYPE_CHECKING:
    from report_nb.execution.tracking import Progress


@dataclass
class BuildResult:
    """What a build produced and found."""

    readme: Path
    html: Path | None
    check: CheckResult
    findings: list[Finding]
    stale: dict[int, list[str]]
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    halves: list[str] = field(default_factory=list)
    executed: bool = False
    cached: bool = False

    def summary(self) -> str:
        """What the build did and found, a line each, as the command line prints it."""
        how = (
            "reused the cached outputs"
            if self.cached
            else ("executed the notebook" if self.executed else "used the stored outputs")
        )
        lines = [f"report-nb: {how}"]
        lines.extend(f"wrote {path}" for path in self.written)
        lines.extend(f"removed {path} (no longer produced)" for path in self.removed)
        if not self.written:
            lines.append(f"unchanged {self.readme}")
        lines.extend(f"skipped: {note}" for note in self.skipped)
        lines.extend(f"merged the pair's halves: {note}" for note in self.halves)
        for number, sources in sorted(self.stale.items()):
            lines.append(f"stale: question {number}: {', '.join(sources)}")
        for finding in self.findings + self.check.warnings:
            where = f"question {finding.question}: " if finding.question else ""
            lines.append(f"warning: {where}{finding.message}")
        for q in self.check.questions:
            if not q.ok:
                lines.append(f"FAIL question {q.number}: {'; '.join(q.problems)}")
        lines.append(
            f"passed {self.check.passed}/{self.check.total} (profile {self.check.profile})"
        )
        return "\n".join(lines) + "\n"


@locked(beside)
def build(
    path: str | Path,
    config: Config | None = None,
    *,
    on_cell: Progress | None = None,
    cancel: threading.Event | None = None,
) -> BuildResult:
    """Build the report of the notebook pair at ``path``; see the module docstring.

    ``config`` holds the :class:`~report_nb.commands.options.ReportBuild` options and those of the
    preprocessors, as :func:`~report_nb.commands.options.load_config` gives them. ``on_cell`` is
    told of each code cell as it starts (label, cells started, code cells in all); setting
    ``cancel`` interrupts the kernel.

    Raises :class:`~report_nb.errors.BuildError` (a failing cell, a strict-mode failure),
    :class:`~report_nb.errors.WouldOverwriteError` (an output edited by hand, merged text the
    notebook no longer holds), :class:`~report_nb.store.lock.FolderBusyError` (another command
    writes into the folder) and :class:`~report_nb.errors.NotebookError` (an unreadable pair).
    """
    with naming(path):  # a refusal from rendering a cell names the notebook too
        return _build(Path(path), config, on_cell, cancel)


def _build(
    path: Path,
    config: Config | None,
    on_cell: Progress | None,
    cancel: threading.Event | None,
) -> BuildResult:
    config = config if config is not None else Config()
    options = ReportBuild(config=config)
    state = State(path.parent)
    nb, nb_path, halves = read_tracked(path, state)
    refuse_conflicted_notebook(nb, nb_path)
    readme, html_path, skipped = _targets(options, state, nb, nb_path)
    executed, cached = nb, False
    if options.execute:
        executed, cached = _execute(nb, nb_path, options, on_cell, cancel)
        check_metadata(executed, nb_path)  # what the kernel returned is checked like the rest
    else:
        executed = _last_outputs(nb, nb_path)

    prepared = prepare(executed, readme, config)
    files: dict[Path, bytes] = {readme: prepared.readme().encode("utf-8")}
    figures = prepared.figures()
    files.update(figures)
    if html_path is not None:
        files[html_path] = prepared.html().encode("utf-8")

    info = prepared.info
    assert info.check is not None, "the build's config disabled ValidateReportPreprocessor"
    result = BuildResult(
        readme,
        html_path,
        info.check,
        info.findings,
        info.stale,
        skipped=skipped,
        executed=options.execute and not cached,
        cached=cached,
    )
    _refuse_dropped_merges(state, info.report, readme, nb_path, options.force)
    # the merge base: a later 'import --merge' compares README.md with what was written now
    merge_base = dict([mergebase.remember_base(state, readme, files[readme])])
    # both halves of the pair edited: the merged pair is written back, else only recorded
    pair = notebook_bytes(nb, nb_path) if halves else current_pair(nb_path, nb)
    merge_base.update({**(pair if halves else {}), **remember(state, nb, pair)})
    result.halves = halves
    mergebase.forget_merged(state)
    result.written, result.removed = write_outputs(
        state,
        files,
        figures,
        result.stale,
        figure_folder=readme.parent / info.figures,
        private=merge_base,
        protected=_protected(nb, nb_path, readme),
        force=options.force,
    )
    return result


def _targets(
    options: ReportBuild, state: State, nb: NotebookNode, nb_path: Path
) -> tuple[Path, Path | None, list[str]]:
    """The README and HTML page to write (None: none), and why a page is left as it is.

    Refuses a README that holds edits the notebook lacks (see ``refuse_unmerged_readme``).
    """
    readme = Path(options.readme) if options.readme else readme_path(nb, nb_path)
    html_path = None
    if options.html:
        html_path = Path(options.html_output or readme.with_name("report.html"))
    if not options.force and not state.owns(readme):
        refuse_unmerged_readme(state, readme, nb, nb_path)
        state.record(readme, readme.read_bytes())  # it holds nothing the notebook lacks
    skipped = []
    if html_path is not None and not options.force and not state.owns(html_path):
        # e.g. the report.html of the course's own 'python report.py html': not ours to replace
        skipped.append(
            f"{html_path} was not written by report-nb and is left as it is "
            "(remove it, pass --html-output, or --force)"
        )
        html_path = None
    return readme, html_path, skipped


def _protected(nb: NotebookNode, nb_path: Path, readme: Path) -> list[Path]:
    """Files a build never removes, whatever ``state.json`` lists: the pair, sources, report.py."""
    fmt = text_format(nb)
    pair = [nb_path, nb_path.with_suffix(".md")] + ([pair_path(nb_path, fmt)] if fmt else [])
    source = nb_path.parent / "README.md"  # the default source; -o may name another README
    return [*pair, readme, source, readme.with_name("report.py"), source.with_name("report.py")]


def _last_outputs(nb: NotebookNode, nb_path: Path) -> NotebookNode:
    """The notebook with the last build's outputs; refuse if code changed since that build."""
    executed, missing = last_outputs(nb, nb_path.parent)
    if missing:
        owner = cell_questions(nb)[missing[0]]
        raise BuildError(
            f"code cell {missing[0] + 1} changed since the last build and has no stored outputs, "
            "so writing now would drop what that build wrote (figures, tables, values); nothing "
            "was written",
            path=nb_path,
            question=owner,
            hint=f"run 'report-nb build {nb_path}' to execute it",
        )
    return executed


def parameters_of(options: ReportBuild) -> dict[str, Any]:
    """The parameters papermill injects: ``-p`` values, and ``offline`` with ``--offline``."""
    parameters = dict(options.parameters)
    if options.offline:
        parameters["offline"] = True
    return parameters


def _execute(
    nb: NotebookNode,
    nb_path: Path,
    options: ReportBuild,
    on_cell: Progress | None,
    cancel: threading.Event | None,
) -> tuple[NotebookNode, bool]:
    from report_nb.execution.engine import executable_copy, kernel_name, run
    from report_nb.execution.parameters import check_parameters

    folder = nb_path.parent
    layout = Layout(folder)
    kernel = options.kernel or kernel_name(nb)
    params = parameters_of(options)
    check_parameters(nb, params)
    cache = BuildCache(layout.cache)
    key = cache_key(nb, folder, params, kernel)
    if options.use_cache:
        hit = cache.lookup(key)
        if hit is not None:
            return with_outputs(nb, hit), True
    executed = run(
        executable_copy(nb),
        cwd=folder,
        output=layout.build / nb_path.name,
        parameters=params,
        kernel=kernel,
        offline=options.offline,
        progress=options.progress,
        timeout=options.timeout or None,
        on_cell=on_cell,
        cancel=cancel,
    )
    cache.store(key, executed)
    return with_outputs(nb, executed), False


def _refuse_dropped_merges(
    state: State, report: Report | None, readme: Path, nb_path: Path, force: bool
) -> None:
    dropped = mergebase.dropped_merges(state, report) if report is not None else []
    if dropped and not force:
        listed = ", ".join(map(str, dropped))
        raise WouldOverwriteError(
            f"the notebook no longer gives the text 'import --merge' brought from {readme.name} "
            f"into question(s) {listed} (an editor that had the notebook open may have saved an "
            "older copy over the merge); nothing was written",
            path=nb_path,
            question=dropped[0] if len(dropped) == 1 else None,
            hint=f"{readme.name} still holds that text: bring it back with "
            f"'{merge_command(readme, nb_path)}' (or build as the notebook is with --force)",
        )
