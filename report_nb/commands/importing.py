"""``report-nb import``: turn the course's README into a paired report notebook.

:func:`import_readme` reads the README, builds the notebook, proves that the pair gives the README
back unchanged, and only then writes the pair and the record that the README is report-nb's, as
one transaction. It never replaces a pair without ``force``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from report_nb.commands.halves import remember
from report_nb.core.rules import resolve
from report_nb.core.template import parse
from report_nb.errors import WouldOverwriteError
from report_nb.io import read_text
from report_nb.notebook.cells import to_notebook
from report_nb.notebook.pairing import choose_format, pair_files
from report_nb.store import mergebase
from report_nb.store.state import State
from report_nb.store.transaction import commit, locked

DEFAULT_NOTEBOOK = "report.ipynb"


@dataclass
class ImportResult:
    """The pair :func:`import_readme` wrote, and notes for the student (e.g. why not MyST)."""

    written: list[Path]
    notes: list[str] = field(default_factory=list)


def _notebook_folder(readme: Path, output: Path | None = None, *_: object, **__: object) -> Path:
    return Path(output or Path(readme).parent / DEFAULT_NOTEBOOK).parent


@locked(_notebook_folder)
def import_readme(
    readme: Path,
    output: Path | None = None,
    *,
    force: bool = False,
    profile: str = "auto",
) -> ImportResult:
    """Create ``report.ipynb`` and its text pair from ``readme``.

    Raises :class:`~report_nb.errors.ReportFormatError` for a README that is not the course's
    template, and :class:`~report_nb.errors.WouldOverwriteError` for an existing pair (without
    ``force``) or a notebook outside the README's folder tree.
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
    nb = to_notebook(report, rules, source, profile)
    note = choose_format(nb, text)
    pair = pair_files(nb, nb_path, force=force, protected=(readme,))
    state = State(nb_path.parent)
    state.record(readme, text.encode("utf-8"))
    copies = remember(state, nb, dict(pair))
    # the merge base: a later 'import --merge' tells README edits from notebook edits by it
    copies.update(dict([mergebase.remember_base(state, readme, text.encode("utf-8"))]))
    # one transaction: a kill never leaves a pair without the record that the README is ours
    commit(nb_path.parent, {**dict(pair), **copies, **state.encoded()}, rewrite=True)
    return ImportResult([path for path, _ in pair], [note] if note else [])


def notebook_path(readme: Path, output: Path | None) -> Path:
    """The notebook a README is imported to: ``output``, or ``report.ipynb`` beside it."""
    nb_path = output or readme.parent / DEFAULT_NOTEBOOK
    if nb_path.suffix != ".ipynb":
        raise WouldOverwriteError("the notebook name must end in .ipynb", path=nb_path)
    return nb_path
