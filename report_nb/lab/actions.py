"""The lab commands on the saved notebook: check, build, merge README edits.

Each calls the function the CLI calls and answers JSON for the front end; report-nb errors pass
through (the handler turns them into one line).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from report_nb.errors import NotebookError
from report_nb.execution.tracking import Progress


class MergeConflictError(NotebookError):
    """A merge refused: ``problems`` holds both texts of each conflicting question."""

    def __init__(self, message: str, *, problems: list[str], **where: Any) -> None:
        super().__init__(message, **where)
        self.problems = problems


def check(path: Path) -> dict[str, Any]:
    """``report-nb check NOTEBOOK``: passed/total, failing questions, warnings."""
    from report_nb.commands.checking import check as run_check

    return run_check(path).to_json()


def build(
    path: Path, progress: Progress | None = None, cancel: threading.Event | None = None
) -> dict[str, Any]:
    """``report-nb build NOTEBOOK`` (strict, cached): the files written and the check's totals.

    ``progress`` is told of each code cell as it starts; setting ``cancel`` interrupts the kernel.
    """
    from report_nb.commands.building import build as run_build
    from report_nb.commands.options import build_config, load_config

    config = load_config(path.parent, build_config(progress=False))
    result = run_build(path, config, on_cell=progress, cancel=cancel)
    folder = path.parent
    return {
        "readme": _relative(result.readme, folder),
        "written": [_relative(p, folder) for p in result.written],
        "removed": [_relative(p, folder) for p in result.removed],
        "skipped": result.skipped,
        "executed": result.executed,
        "cached": result.cached,
        "passed": result.check.passed,
        "total": result.check.total,
    }


def merge(path: Path) -> dict[str, Any]:
    """``report-nb import --merge README`` into the notebook; the front end then reloads it."""
    from report_nb.commands.merging import merge_readme
    from report_nb.notebook.metadata import readme_path
    from report_nb.notebook.pairing import read_notebook

    nb, nb_path = read_notebook(path)
    readme = readme_path(nb, nb_path)
    result = merge_readme(readme, nb_path)
    if result.conflicts:
        listed = ", ".join(
            f"question {c.question}" if c.question else "the checklist" for c in result.conflicts
        )
        both = []
        for c in result.conflicts:
            name = f"Question {c.question}" if c.question else "The checklist"
            both += [f"{name} in the notebook:\n{c.ours}", f"{name} in {readme.name}:\n{c.theirs}"]
        raise MergeConflictError(
            f"nothing was merged: {listed} changed both here and in {readme.name}",
            path=readme,
            hint="make the two texts agree (edit one of them), then merge again",
            problems=both,
        )
    return {
        "readme": _relative(readme, path.parent),
        "merged": result.questions,
        "written": [_relative(p, path.parent) for p in result.written],
    }


def undo_merge(path: Path) -> dict[str, Any]:
    """``report-nb import --undo-merge``: the notebook pair as it was before the last merge."""
    from report_nb.commands.merging import undo_merge as run_undo
    from report_nb.notebook.pairing import read_notebook

    _, nb_path = read_notebook(path)
    return {"written": [_relative(p, path.parent) for p in run_undo(nb_path).restored]}


def _relative(path: Path, folder: Path) -> str:
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return str(path)
