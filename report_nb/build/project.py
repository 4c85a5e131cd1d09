"""The commands on a report folder besides build: ``import``, ``export`` and ``html``.

``import`` reads the course README, builds the notebook, proves that the pair gives the README back
unchanged, and only then writes it. ``export`` renders the README from the notebook's cells and
stored outputs without running anything (a build that does not execute). ``html`` renders a README
as the HTML report, through the same exporter as the build. All of them refuse to replace files
report-nb did not write.
"""

from __future__ import annotations

import os
from pathlib import Path

from traitlets.config import Config

from report_nb.build.builder import build
from report_nb.build.options import build_config
from report_nb.build.pipeline import prepare
from report_nb.build.state import State
from report_nb.core.rules import resolve
from report_nb.core.template import parse
from report_nb.errors import WouldOverwriteError
from report_nb.io import atomic_write, read_text
from report_nb.notebook.cells import to_notebook
from report_nb.notebook.pairing import choose_format, write_pair

DEFAULT_NOTEBOOK = "report.ipynb"


def import_readme(
    readme: Path,
    output: Path | None = None,
    *,
    force: bool = False,
    profile: str = "auto",
    notes: list[str] | None = None,
) -> list[Path]:
    """Create ``report.ipynb`` and its text pair from ``readme``; returns the written paths.

    Why the pair is not in MyST, if it is not, is appended to ``notes``.
    """
    text = read_text(readme)
    report = parse(text, str(readme))
    nb_path = notebook_path(readme, output)
    rules = resolve(report, profile)
    source = Path(os.path.relpath(readme.resolve(), nb_path.parent.resolve())).as_posix()
    nb = to_notebook(report, rules, source)
    note = choose_format(nb, text)
    if note and notes is not None:
        notes.append(note)
    text_path = write_pair(nb, nb_path, force=force, protected=(readme,))
    state = State(nb_path.parent)
    state.record(readme, text.encode("utf-8"))
    state.save()
    return [nb_path] + ([text_path] if text_path else [])


def notebook_path(readme: Path, output: Path | None) -> Path:
    """The notebook a README is imported to: ``output``, or ``report.ipynb`` beside it."""
    nb_path = output or readme.parent / DEFAULT_NOTEBOOK
    if nb_path.suffix != ".ipynb":
        raise WouldOverwriteError("the notebook name must end in .ipynb", path=nb_path)
    return nb_path


def export_readme(
    path: Path, output: Path | None = None, *, force: bool = False
) -> tuple[Path, bool]:
    """Write the README (and its figures) from the notebook's stored outputs, without running it.

    Returns the README's path and whether any file changed.
    """
    config = build_config(execute=False, strict=False, html=False, readme=output, force=force)
    result = build(path, config)
    return result.readme, bool(result.written or result.removed)


def write_html(
    readme: Path, output: Path | None = None, *, profile: str = "auto", force: bool = False
) -> Path:
    """Check ``readme`` and write its HTML report (default ``report.html`` beside it).

    Like every file report-nb writes, the page is recorded in ``.report-nb/state.json`` beside
    the README; an existing page report-nb did not write (the course script's, or one edited by
    hand) is replaced only with ``force``.
    """
    readme = Path(readme)
    report = parse(read_text(readme), str(readme))
    target = Path(output) if output is not None else readme.parent / "report.html"
    state = State(readme.parent)
    if not force and not state.owns(target):
        raise WouldOverwriteError(
            "report-nb did not write this file, or it was edited since; nothing was written",
            path=target,
            hint="pass --force to overwrite it",
        )
    rules = resolve(report, profile)
    nb = to_notebook(report, rules, readme.name)
    config = Config()
    config.ValidateReportPreprocessor.strict = False
    config.ValidateReportPreprocessor.profile = profile
    data = prepare(nb, readme, config).html().encode("utf-8")
    atomic_write(target, data)
    state.record(target, data)
    state.save()
    return target
