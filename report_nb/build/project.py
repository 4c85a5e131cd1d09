"""``import`` and ``export``: README.md on disk <-> the notebook pair on disk.

``import`` reads the course README, builds the notebook, proves that the pair gives the README back
unchanged, and only then writes it. ``export`` renders the README from the notebook's cells and
stored outputs without running anything. Both refuse to replace files report-nb did not write.
"""

from __future__ import annotations

import os
from pathlib import Path

from nbformat import NotebookNode

from report_nb.errors import NotebookError, WouldOverwriteError
from report_nb.io import read_text
from report_nb.core.model import Report
from report_nb.notebook.cells import KEY, to_notebook
from report_nb.notebook.pairing import choose_format, pair_files, read_notebook
from report_nb.core.rules import resolve
from report_nb.build.state import State
from report_nb.build.transaction import commit, locked
from report_nb.core.template import parse, render

DEFAULT_NOTEBOOK = "report.ipynb"


def _notebook_folder(readme: Path, output: Path | None = None, *_: object, **__: object) -> Path:
    return Path(output or Path(readme).parent / DEFAULT_NOTEBOOK).parent


@locked(_notebook_folder)
def import_readme(readme: Path, output: Path | None = None, *, force: bool = False,
                  merge: bool = False, profile: str = "auto",
                  notes: list[str] | None = None) -> list[Path]:
    """Create ``report.ipynb`` and its text pair from ``readme``; returns the written paths.

    Why the pair is not in MyST, if it is not, is appended to ``notes``.
    """
    text = read_text(readme)
    report = parse(text, str(readme))
    nb_path = output or readme.parent / DEFAULT_NOTEBOOK
    if nb_path.suffix != ".ipynb":
        raise WouldOverwriteError("the notebook name must end in .ipynb", path=nb_path)
    if merge:
        from report_nb.build.merge import merge_readme

        return merge_readme(report, text, readme, nb_path)
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


def report_from_notebook(path: Path) -> Report:
    """The README a notebook pair exports now, parsed again (so lines are that README's).

    Stored outputs are used, with glued values filled in and figures named as a build would.
    """
    from report_nb.build.builder import render_report

    nb, nb_path = read_notebook(path)
    return parse(render(render_report(nb, readme_path(nb, nb_path))), str(path))


def readme_path(nb: NotebookNode, nb_path: Path) -> Path:
    """The README a notebook exports to by default: the one it was imported from.

    The notebook's metadata is untrusted input: the path must stay inside the notebook's folder
    tree, or the build would write README.md, figures and report.html anywhere.
    """
    source = nb.metadata[KEY].get("source", "README.md")
    folder = nb_path.parent
    target = folder / source if isinstance(source, str) and source else None
    # the folder the README goes in must be inside; README.md itself may be a symlink (replacing
    # a symlink replaces the link, it does not write through it)
    if (
        target is None
        or target.name in ("", ".", "..")
        or not target.parent.resolve().is_relative_to(folder.resolve())
    ):
        raise NotebookError(
            f"the notebook metadata {KEY}.source ({source!r}) is not a path inside the "
            "notebook's folder; nothing was written",
            path=nb_path,
            hint="set it to the README's path relative to the notebook, e.g. README.md, "
            "or choose the README with -o",
        )
    return target


def export_readme(path: Path, output: Path | None = None, *,
                  force: bool = False) -> tuple[Path, bool]:
    """Write the README (and its figures) from the notebook's stored outputs, without running it.

    Returns the README's path and whether any file changed.
    """
    from report_nb.build.builder import build

    result = build(path, execute=False, strict=False, html=False, readme=output, force=force,
                   progress=False)
    return result.readme, bool(result.written or result.removed)
