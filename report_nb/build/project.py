"""The commands on a report folder besides build: ``import``, ``export`` and ``html``.

``import`` reads the course README, builds the notebook, proves that the pair gives the README back
unchanged, and only then writes it. ``export`` renders the README from the notebook's cells and
stored outputs without running anything (a build that does not execute). ``html`` renders a README
as the HTML report, through the same exporter as the build. All of them refuse to replace files
report-nb did not write.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from traitlets.config import Config

from report_nb.build.builder import build
from report_nb.build.options import build_config
from report_nb.build.pipeline import prepare
from report_nb.build.state import State
from report_nb.build.transaction import beside, commit, locked
from report_nb.core.rules import resolve
from report_nb.core.template import parse
from report_nb.errors import WouldOverwriteError
from report_nb.io import read_text
from report_nb.notebook.cells import to_notebook
from report_nb.notebook.pairing import choose_format, pair_files

DEFAULT_NOTEBOOK = "report.ipynb"


def _notebook_folder(readme: Path, output: Path | None = None, *_: object, **__: object) -> Path:
    return Path(output or Path(readme).parent / DEFAULT_NOTEBOOK).parent


@locked(_notebook_folder)
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
    if source.startswith("../"):  # a build writes only inside the notebook's folder tree
        raise WouldOverwriteError(
            "the notebook must be in the README's folder (or a folder above it); "
            "nothing was written",
            path=nb_path,
            hint=f"choose a notebook path with -o, e.g. {readme.parent / DEFAULT_NOTEBOOK}",
        )
    nb = to_notebook(report, rules, source)
    note = choose_format(nb, text)
    if note and notes is not None:
        notes.append(note)
    pair = pair_files(nb, nb_path, force=force, protected=(readme,))
    state = State(nb_path.parent)
    state.record(readme, text.encode("utf-8"))
    # one transaction: a kill never leaves a pair without the record that the README is ours
    commit(nb_path.parent, {**dict(pair), **state.encoded()}, rewrite=True)
    return [path for path, _ in pair]


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


@locked(beside)
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

    def page() -> bytes:
        nb = to_notebook(report, resolve(report, profile), readme.name)
        config = Config()
        config.ValidateReportPreprocessor.strict = False
        config.ValidateReportPreprocessor.profile = profile
        return prepare(nb, readme, config).html().encode("utf-8")

    return _write_page(readme, output, page, force=force)


@locked(beside)
def write_handin(readme: Path, output: Path | None = None, *, force: bool = False) -> Path:
    """Write the course's hand-in page of ``readme`` (``report-nb html --as-grader``).

    The page is what :func:`report_nb.core.handin.handin_bytes` gives: exactly what the course's
    ``report.py html`` writes. Its default name, ``report.html`` beside the README, is also the
    course script's and the HTML report's, so the usual rule holds: a file report-nb did not
    write (or that changed since) is replaced only with ``force``.
    """
    from report_nb.core.handin import handin_bytes

    readme = Path(readme)
    read_text(readme)  # one-line errors for a missing, empty, binary or non-UTF-8 file
    return _write_page(readme, output, lambda: handin_bytes(readme.read_bytes()), force=force)


def _write_page(
    readme: Path, output: Path | None, page: Callable[[], bytes], *, force: bool
) -> Path:
    """Write ``page()`` to ``output`` (default ``report.html`` beside the README), if ours.

    A page report-nb did not write, or that changed since, is replaced only with ``force``; the
    page and its record in ``state.json`` are one transaction.
    """
    target = Path(output) if output is not None else readme.parent / "report.html"
    state = State(readme.parent)
    if not force and not state.owns(target):
        raise WouldOverwriteError(
            "report-nb did not write this file, or it was edited since; nothing was written",
            path=target,
            hint="pass --force to overwrite it",
        )
    data = page()
    state.record(target, data)
    commit(state.folder, {target: data, **state.encoded()})
    return target
