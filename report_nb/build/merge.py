"""``report-nb import --merge``: bring hand edits of README.md back into the notebook.

A build refuses to overwrite a README that was edited by hand. Merging compares each answer of
the README with the answer the notebook renders (glued values and outputs of the last build
filled in) and, where they differ, puts the README's text into the question's answer: its
Markdown cells become one answer cell holding the README's text (the cell tagged as the answer if
it is still there, else the first Markdown cell under the prompt, else a new one). An answer that
code cells or ``{{ }}`` values produce cannot be mapped back to cells safely: such a question is
a conflict, and with any conflict nothing is written. Checklist ticks are merged too; edits to
the course's prompts are not (the course asks to change nothing but the answers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell

from report_nb.build.cache import BuildCache, with_outputs
from report_nb.build.layout import Layout
from report_nb.build.pipeline import rendered_report
from report_nb.build.state import State
from report_nb.core.model import Report
from report_nb.core.template import parse
from report_nb.errors import NotebookError
from report_nb.io import read_text
from report_nb.notebook.cells import KEY, PLACEHOLDER, cell_info, cell_questions
from report_nb.notebook.pairing import read_notebook, write_pair


@dataclass
class MergeResult:
    """What a merge changed: the questions whose answers it took, the checklist, the files."""

    questions: list[int] = field(default_factory=list)
    checklist: bool = False
    written: list[Path] = field(default_factory=list)


def merge_readme(readme: Path, nb_path: Path) -> MergeResult:
    """Merge ``readme``'s answers and checklist into the notebook pair at ``nb_path``."""
    text = read_text(readme)
    edited = _answers(parse(text, str(readme)))
    nb, nb_path = read_notebook(nb_path)
    current = _answers(_rendered(nb, nb_path, readme))
    if set(edited) != set(current):
        raise NotebookError(
            "the README and the notebook have different questions",
            path=readme,
            hint="re-import with --force to start over",
        )
    changed = [number for number in sorted(edited) if edited[number] != current[number]]
    conflicts = [number for number in changed if _made_by_code(nb, number)]
    if conflicts:
        listed = ", ".join(map(str, conflicts))
        raise NotebookError(
            f"nothing was merged: the answers to question(s) {listed} changed in the README but "
            "are made by code cells or {{ }} values",
            path=readme,
            hint="edit those answers in the notebook, then merge again",
        )
    result = MergeResult(questions=changed)
    for number in changed:
        _replace_answer(nb, number, edited[number])
    result.checklist = _merge_checklist(nb, parse(text, str(readme)))
    if changed or result.checklist:
        text_path = write_pair(nb, nb_path, force=True)
        result.written = [nb_path] + ([text_path] if text_path else [])
    state = State(nb_path.parent)
    state.record(readme, text.encode("utf-8"))
    state.save()
    return result


def _answers(report: Report) -> dict[int, str]:
    return {question.number: question.answer.text for question in report.questions}


def _rendered(nb: NotebookNode, nb_path: Path, readme: Path) -> Report:
    """The report the last build wrote: cached outputs if their code still matches."""
    cached = BuildCache(Layout(nb_path.parent).cache).lookup_any()
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    if cached is not None and [c.source for c in cached.cells if c.cell_type == "code"] == code:
        nb = with_outputs(nb, cached)
    return rendered_report(nb, readme)


def _cells_of(nb: NotebookNode, number: int) -> list[int]:
    """Indices of the cells that make question ``number``'s answer."""
    return [index for index, owner in enumerate(cell_questions(nb)) if owner == number]


def _made_by_code(nb: NotebookNode, number: int) -> bool:
    cells = [nb.cells[index] for index in _cells_of(nb, number)]
    return any(
        cell.cell_type != "markdown"
        or (PLACEHOLDER.search(cell.source) and cell_info(cell).get("glue") is not False)
        for cell in cells
    )


def _replace_answer(nb: NotebookNode, number: int, text: str) -> None:
    """Make ``text`` the one Markdown cell of question ``number``'s answer."""
    indices = _cells_of(nb, number)
    tagged = [i for i in indices if cell_info(nb.cells[i]).get("kind") == "answer"]
    candidates = tagged or indices
    if not candidates:
        prompt = next(
            i
            for i, cell in enumerate(nb.cells)
            if cell_info(cell).get("kind") == "prompt" and cell_info(cell).get("question") == number
        )
        nb.cells.insert(
            prompt + 1, new_markdown_cell(text, metadata={KEY: _answer_info(number, {}, text)})
        )
        return
    keep = candidates[0]
    cell = nb.cells[keep]
    cell.source = text
    cell.setdefault("metadata", {})[KEY] = _answer_info(number, cell_info(cell), text)
    for index in sorted((i for i in indices if i != keep), reverse=True):
        del nb.cells[index]


def _answer_info(number: int, info: dict[str, Any], text: str) -> dict[str, Any]:
    """A cell's metadata as this question's answer cell (its whitespace details kept)."""
    kept = {key: value for key, value in info.items() if key in ("trail", "eol")}
    if PLACEHOLDER.search(text):
        kept["glue"] = False  # the README's own "{{ ... }}" text, not a value to fill in
    return {"kind": "answer", "question": number, **kept}


def _merge_checklist(nb: NotebookNode, readme_report: Report) -> bool:
    block = readme_report.block("checklist")
    cell = next((c for c in nb.cells if cell_info(c).get("kind") == "checklist"), None)
    if block is None or cell is None or cell.source == block.text:
        return False
    cell.source = block.text
    return True
