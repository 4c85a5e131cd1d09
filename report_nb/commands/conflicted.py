"""git's conflict markers in the pair or in README.md, after a pull: refused by line, or resolved.

When two teammates change the same lines of one answer, ``git pull`` leaves both texts between
git's markers: in ``report.md`` (git's own line merge of the student's file) and, through
report-nb's merge driver, inside that answer of README.md (see
:mod:`report_nb.commands.gitmerge`). A build refuses a notebook that still holds markers,
naming the file and line; a conflicted README answer is replaced once the notebook holds every
line of it, and named otherwise. ``import --merge`` refuses a conflicted README answer.
"""

from __future__ import annotations

from pathlib import Path

from nbformat import NotebookNode

from report_nb.core import conflicts
from report_nb.core.model import CHECKLIST, Report, answer_texts
from report_nb.errors import NotebookError, WouldOverwriteError
from report_nb.notebook.metadata import cell_questions
from report_nb.notebook.pairing import edited_half, text_half


def without_resolved_conflicts(
    edited: list[int],
    ours: Report,
    theirs: Report,
    base: Report | None,
    readme: Path,
    nb_path: Path,
) -> list[int]:
    """``edited`` without answers whose git conflict the notebook has resolved; raise for others.

    After ``git pull`` both teammates' texts of an answer can stand in README.md between git's
    markers. Once every line of them is in the notebook's answer or in the README report-nb last
    wrote, the build may replace it; a line in neither would be lost, so it is named.
    """
    mine, new = answer_texts(ours), answer_texts(theirs)
    old = answer_texts(base) if base is not None else {}
    source = edited_half(nb_path)
    kept = []
    for number in edited:
        if not conflicts.regions(new[number]):
            kept.append(number)
            continue
        lacking = conflicts.unresolved_lines(new[number], f"{mine[number]}\n{old.get(number, '')}")
        if lacking:
            raise WouldOverwriteError(
                "holds both teammates' texts from a git merge conflict, and the notebook lacks "
                "this line of them; nothing was written",
                path=readme,
                line=_answer_line(theirs, number) + lacking[0],
                question=number or None,
                hint=f"copy the text you want to keep into {source.name}, or delete it from "
                f"{readme.name}, then run 'report-nb build {source}'",
            )
    return kept


def refuse_conflicted_notebook(nb: NotebookNode, nb_path: Path, command: str = "build") -> None:
    """Refuse to build (or merge into) a notebook that still holds a git conflict, by line.

    ``command`` is the one the hint says to run again (``build``: on the conflicted file). The
    line is that of the pair's text file (``report.md``, where git wrote the markers) when it has
    one, else the cell's number in ``nb_path``. A conflict across cells (a teammate added one) is
    found in that file as a whole.
    """
    text_path = text_half(nb, nb_path)
    for index, (cell, question) in enumerate(zip(nb.cells, cell_questions(nb), strict=True)):
        found = conflicts.regions(cell.source) if cell.cell_type == "markdown" else []
        if found:
            marker = cell.source.split("\n")[found[0].first]
            line = _line_of(text_path, marker) if text_path else None
            where = "" if line else f"cell {index + 1} "
            path = text_path if text_path and line else nb_path
            _refuse(f"{where}holds", path, line, question, command)
    text = _read(text_path) if text_path else ""
    found = conflicts.regions(text)
    if text_path and found:
        _refuse("holds", text_path, found[0].first + 1, None, command)


def _refuse(what: str, path: Path, line: int | None, question: int | None, command: str) -> None:
    raise NotebookError(
        f"{what} both teammates' texts from a git merge conflict; nothing was written",
        path=path,
        line=line,
        question=question,
        hint=f"keep the text you want (or both) and delete {conflicts.MARKER_LINES} in "
        f"{path.name}, then run "
        + (f"'report-nb build {path}'" if command == "build" else f"'{command}'"),
    )


def refuse_conflicted_readme(theirs: Report, readme: Path, command: str) -> None:
    """Refuse to merge README.md answers that still hold a git conflict: name the first."""
    for number, text in answer_texts(theirs).items():
        found = conflicts.regions(text)
        if found:
            raise NotebookError(
                "holds both teammates' texts from a git merge conflict; nothing was merged",
                path=readme,
                line=_answer_line(theirs, number) + found[0].first,
                question=number or None,
                hint=f"keep the text you want (or both) and delete {conflicts.MARKER_LINES} "
                f"in {readme.name}, then run '{command}'",
            )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return ""


def _line_of(path: Path, marker: str) -> int | None:
    """The 1-based line of ``marker`` in ``path`` (None when it is not found there)."""
    lines = _read(path).split("\n")
    return lines.index(marker) + 1 if marker in lines else None


def _answer_line(report: Report, number: int) -> int:
    """README line of question ``number``'s answer (0: the checklist)."""
    if number == CHECKLIST:
        block = report.block("checklist")
        return block.line if block is not None else 1
    return next(q.answer.line for q in report.questions if q.number == number)
