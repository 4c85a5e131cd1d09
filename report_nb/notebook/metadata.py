"""What a report-nb notebook's metadata says: which cell is what, and where the README goes.

This module owns reading back what :mod:`~report_nb.notebook.cells` wrote under each cell's and
the notebook's ``metadata.report_nb`` (:data:`KEY`): its layout's version (:func:`check_format`
refuses a newer one), a cell's kind and question (:func:`cell_info`), the question whose answer
each cell belongs to (:func:`cell_questions`), whether the prompt cells' question numbers are all
there and in order (:func:`question_order_problem`, :func:`check_questions`), the README the
notebook exports to (:func:`readme_path`, kept inside the notebook's folder) and the course year
it was imported for (:func:`chosen_profile`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nbformat import NotebookNode

from report_nb.core.model import Report
from report_nb.errors import NotebookError

KEY = "report_nb"
#: The layout of the notebook's ``report_nb`` metadata; a notebook of a newer one is refused.
FORMAT_VERSION = 1
#: The kinds of the cells that hold the template's own text (all but the answers).
TEMPLATE_KINDS = frozenset({"preamble", "checklist", "section", "prompt"})


def check_format(version: object) -> None:
    """Refuse notebook metadata of a layout this version of report-nb does not know."""
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise NotebookError(
            f"the notebook's report_nb.format is {version!r}, not a format number",
            hint="restore the notebook's metadata from git or re-import the README",
        )
    if version > FORMAT_VERSION:
        raise NotebookError(
            f"the notebook was made by a newer report-nb (format {version}; this one reads "
            f"format {FORMAT_VERSION})",
            hint="upgrade with 'pip install -U report-nb'",
        )


def cell_info(cell: NotebookNode) -> dict[str, Any]:
    """The ``report_nb`` metadata of a cell (empty for cells a student added)."""
    return cell.get("metadata", {}).get(KEY, {})


def chosen_profile(nb: NotebookNode, profile: str = "auto") -> str:
    """``profile``, or with ``auto`` the one the notebook keeps (``import --profile 2024``).

    Notebooks made before the choice was kept hold the detected year there, which gives the
    limits ``auto`` would give.
    """
    if profile != "auto":
        return profile
    info = nb.metadata.get(KEY, {})
    kept = info.get("profile", "auto") if isinstance(info, dict) else "auto"
    return kept if isinstance(kept, str) and kept else "auto"


def readme_path(nb: NotebookNode, nb_path: Path) -> Path:
    """The README a notebook exports to by default: the one it was imported from.

    The notebook's metadata is untrusted input: the path must stay inside the notebook's folder
    tree, or the build would write README.md, figures and report.html anywhere.
    """
    source = nb.metadata[KEY].get("source", "README.md")
    folder = nb_path.parent
    usable = isinstance(source, str) and source and "\0" not in source and len(source) <= 1024
    shown = repr(source) if len(repr(source)) <= 60 else repr(source)[:57] + "..."
    target = folder / source if usable else None
    # the folder the README goes in must be inside; README.md itself may be a symlink (replacing
    # a symlink replaces the link, it does not write through it)
    if (
        target is None
        or target.name in ("", ".", "..")
        or any(len(part) > 255 for part in target.parts)
        or not target.parent.resolve().is_relative_to(folder.resolve())
    ):
        raise NotebookError(
            f"the notebook metadata {KEY}.source ({shown}) is not a path inside the "
            "notebook's folder; nothing was written",
            path=nb_path,
            hint="set it to the README's path relative to the notebook, e.g. README.md, "
            "or choose the README with -o",
        )
    if target.is_dir():
        raise NotebookError(
            f"the notebook metadata {KEY}.source ({shown}) names a folder, not the README; "
            "nothing was written",
            path=nb_path,
            hint="set it to the README's path relative to the notebook, e.g. README.md",
        )
    return target


def check_questions(report: Report) -> None:
    """Raise :class:`NotebookError` unless the prompts are questions 1, 2, 3, ... in order."""
    problem = question_order_problem([b.question for b in report.blocks if b.kind == "prompt"])
    if problem is not None:
        message, question, hint = problem
        raise NotebookError(message, question=question, hint=hint)


def question_order_problem(numbers: list[int | None]) -> tuple[str, int | None, str] | None:
    """What is wrong with the prompt cells' question numbers, in cell order (None: nothing).

    The message, the question it concerns and how to fix it.
    """
    if not numbers:
        return "the notebook has no question prompt cells", None, _REIMPORT
    for expected, number in enumerate(numbers, start=1):
        if number == expected:
            continue
        if number in numbers[: expected - 1]:
            return f"the prompt cell of question {number} appears twice", number, "delete the copy"
        if expected in numbers:  # it is there, further down: the cells were moved
            return (
                f"the prompt cell of question {number} stands where question {expected}'s "
                f"should: the questions are out of order",
                expected,
                "move the cells back (or restore the notebook from git)",
            )
        return (
            f"the prompt cell of question {expected} is missing",
            expected,
            "restore it from git or re-import the README",
        )
    return None


_REIMPORT = "re-create it with 'report-nb import --force'"


def cell_questions(nb: NotebookNode) -> list[int | None]:
    """For each cell, the question whose answer it belongs to (None outside the answers).

    A cell belongs to the question of the closest prompt cell above it, until a section heading.
    """
    owners: list[int | None] = []
    current: int | None = None
    for cell in nb.cells:
        kind = cell_info(cell).get("kind")
        if kind == "prompt":
            current = cell_info(cell).get("question")
            owners.append(None)
        elif kind in TEMPLATE_KINDS:
            current = None
            owners.append(None)
        else:
            owners.append(current)
    return owners
