"""``report-nb build``: execute the notebook, validate it, write README.md, figures and the HTML.

The order is what keeps a student's work safe: refuse early if README.md or the HTML were edited
by hand or a figure name is taken by a file report-nb did not write; execute a copy (or reuse the
cache); render everything in memory; only then write all files at once (atomically, each through
a temporary file) and remove the figures an earlier build wrote that are no longer produced.
A failing cell or a strict-mode violation leaves every previous output untouched.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nbformat import NotebookNode
from traitlets.config import Config

from report_nb.build.cache import BuildCache, cache_key, with_outputs
from report_nb.core.check import CheckResult, Finding
from report_nb.build.project import readme_path
from report_nb.errors import WouldOverwriteError
from report_nb.core.model import Report
from report_nb.notebook.pairing import read_notebook
from report_nb.build.state import STATE_DIR, State
from report_nb.build.outputs import write_outputs
from report_nb.build.transaction import beside, locked


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
    executed: bool = False
    cached: bool = False


@locked(beside)
def build(
    path: str | Path,
    *,
    execute: bool = True,
    strict: bool = True,
    parameters: Mapping[str, Any] | None = None,
    offline: bool = False,
    use_cache: bool = True,
    force: bool = False,
    html: bool = True,
    readme: Path | None = None,
    html_path: Path | None = None,
    kernel: str | None = None,
    progress: bool = True,
    profile: str = "auto",
) -> BuildResult:
    """Build the report of the notebook pair at ``path``; see the module docstring."""
    nb, nb_path = read_notebook(path)
    folder = nb_path.parent
    state = State(folder)
    readme = readme or readme_path(nb, nb_path)
    html_path = (html_path or readme.with_name("report.html")) if html else None
    _refuse_edited_readme(state, readme, force)
    skipped = []
    if html_path is not None and not force and not state.owns(html_path):
        # e.g. the report.html of the course's own 'python report.py html': not ours to replace
        skipped.append(f"{html_path} was not written by report-nb and is left as it is "
                       "(remove it, pass --html-output, or --force)")
        html_path = None

    params = dict(parameters or {})
    if offline:
        params["offline"] = True
    executed, cached = nb, False
    if execute:
        executed, cached = _execute(nb, nb_path, params, kernel, offline, use_cache, progress)

    prepared, resources = _prepare(executed, readme, strict=strict, profile=profile)
    text, _ = _export("readme", prepared, resources)
    files: dict[Path, bytes] = {readme: text.encode("utf-8")}
    figures = {readme.parent / name: data for name, data in resources.get("outputs", {}).items()}
    files.update(figures)
    if html_path is not None:
        page, _ = _export("html", prepared, resources)
        files[html_path] = page.encode("utf-8")

    info = resources["report_nb"]
    result = BuildResult(readme, html_path, info["check"], info["findings"], info["stale"],
                         skipped=skipped, executed=execute and not cached, cached=cached)
    result.written, result.removed = write_outputs(state, files, figures, readme, result.stale,
                                                   force=force)
    return result


def _execute(nb: NotebookNode, nb_path: Path, params: dict[str, Any], kernel: str | None,
             offline: bool, use_cache: bool, progress: bool) -> tuple[NotebookNode, bool]:
    from report_nb.build.execute import executable_copy, run

    folder = nb_path.parent
    kernel = kernel or nb.metadata.get("kernelspec", {}).get("name") or "python3"
    cache = BuildCache(folder / STATE_DIR / "cache")
    key = cache_key(nb, folder, params, kernel)
    if use_cache:
        hit = cache.lookup(key)
        if hit is not None:
            return with_outputs(nb, hit), True
    runnable = executable_copy(nb)
    executed = run(runnable, cwd=folder, output=folder / STATE_DIR / "build" / nb_path.name,
                   parameters=params, kernel=kernel, offline=offline, progress=progress)
    cache.store(key, executed)
    return with_outputs(nb, executed), False


def render_report(nb: NotebookNode, readme: Path) -> Report:
    """The report a notebook's stored outputs give, values glued and figures named (no checks)."""
    _, resources = _prepare(nb, readme, strict=False)
    return resources["report_nb"]["report"]


def _prepare(nb: NotebookNode, readme: Path, *, strict: bool,
             profile: str = "auto") -> tuple[NotebookNode, dict[str, Any]]:
    """Run the preprocessors once (glue, figures, validate) for both exporters."""
    from report_nb.preprocessors import (
        GluePreprocessor,
        SaveFiguresPreprocessor,
        ValidateReportPreprocessor,
    )

    resources: dict[str, Any] = {
        "metadata": {"path": str(readme.parent)},
        "report_nb": {"base": str(readme.parent), "readme": str(readme)},
    }
    nb = copy.deepcopy(nb)
    nb, resources = GluePreprocessor(enabled=True)(nb, resources)
    nb, resources = SaveFiguresPreprocessor(enabled=True)(nb, resources)
    validate = ValidateReportPreprocessor(enabled=True, strict=strict, profile=profile)
    return validate(nb, resources)


def _export(kind: str, nb: NotebookNode, resources: dict[str, Any]) -> tuple[str, dict]:
    """Render a notebook :func:`_prepare` made ready, with the exporter's preprocessors off."""
    from report_nb import preprocessors
    from report_nb.exporters import ReadmeExporter, ReportHTMLExporter

    config = Config()
    for name in preprocessors.__all__:  # _prepare ran them already
        config[name].enabled = False
    exporter = (ReadmeExporter if kind == "readme" else ReportHTMLExporter)(config=config)
    return exporter.from_notebook_node(nb, resources)


def _refuse_edited_readme(state: State, readme: Path, force: bool) -> None:
    if not force and not state.owns(readme):
        raise WouldOverwriteError(
            "was edited after report-nb last wrote it, or report-nb did not write it; "
            "nothing was written", path=readme,
            hint=f"bring the edits into the notebook with 'report-nb import --merge {readme}', "
                 "or pass --force to overwrite them",
        )
