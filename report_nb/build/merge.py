"""``report-nb import --merge``: bring hand edits of README.md back into the notebook.

A build refuses to overwrite a README that was edited by hand. Merging compares each answer of
the README with the answer the notebook renders (glued values and outputs of the last build
filled in) and, where they differ, puts the README's text into the question's answer cell. An
answer that code cells or ``{{ }}`` values produce cannot be mapped back to cells safely: such a
question is a conflict, and with any conflict nothing is written. Checklist ticks are merged too;
edits to the course's prompts are not (the course asks to change nothing but the answers).
"""

from __future__ import annotations

from pathlib import Path

from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell

from report_nb.build.cache import BuildCache, with_outputs
from report_nb.errors import NotebookError
from report_nb.core.model import Report
from report_nb.notebook.cells import PLACEHOLDER, cell_info, cell_questions
from report_nb.notebook.pairing import read_notebook, write_pair
from report_nb.build.state import STATE_DIR, State


def merge_readme(readme_report: Report, text: str, readme: Path, nb_path: Path) -> list[Path]:
    """Merge ``readme``'s answers and checklist into the notebook at ``nb_path``."""
    nb, nb_path = read_notebook(nb_path)
    rendered = _rendered(nb, nb_path, readme)
    edited = {q.number: q.answer.text for q in readme_report.questions}
    current = {q.number: q.answer.text for q in rendered.questions}
    if set(edited) != set(current):
        raise NotebookError("the README and the notebook have different questions",
                            path=readme, hint="re-import with --force to start over")
    owners = cell_questions(nb)
    conflicts = []
    for number in sorted(n for n in edited if edited[n] != current[n]):
        cells = [c for c, q in zip(nb.cells, owners, strict=True) if q == number]
        if any(c.cell_type == "code" or PLACEHOLDER.search(c.source) for c in cells):
            conflicts.append(number)
        else:
            _replace_answer(nb, owners, number, edited[number])
    if conflicts:
        listed = ", ".join(map(str, conflicts))
        raise NotebookError(
            f"nothing was merged: the answers to question(s) {listed} changed in the README but "
            "are made by code cells or {{ }} values",
            path=readme, hint="edit those answers in the notebook, then merge again",
        )
    _merge_checklist(nb, readme_report)
    text_path = write_pair(nb, nb_path, force=True)
    state = State(nb_path.parent)
    state.record(readme, text.encode("utf-8"))
    state.save()
    return [nb_path] + ([text_path] if text_path else [])


def _rendered(nb: NotebookNode, nb_path: Path, readme: Path) -> Report:
    """The report the last build wrote: cached outputs if their code still matches."""
    from report_nb.build.builder import render_report

    cached = BuildCache(nb_path.parent / STATE_DIR / "cache").lookup_any()
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    if cached is not None and [c.source for c in cached.cells if c.cell_type == "code"] == code:
        nb = with_outputs(nb, cached)
    return render_report(nb, readme)


def _replace_answer(nb: NotebookNode, owners: list[int | None], number: int, text: str) -> None:
    """Put ``text`` into the question's answer cell and drop its other Markdown cells."""
    indices = [i for i, q in enumerate(owners) if q == number]
    keep = next((i for i in indices if cell_info(nb.cells[i]).get("kind") == "answer"), None)
    if keep is None:
        prompt = next(i for i, c in enumerate(nb.cells) if cell_info(c).get("kind") == "prompt"
                      and cell_info(c).get("question") == number)
        nb.cells.insert(prompt + 1, new_markdown_cell(
            text, metadata={"report_nb": {"kind": "answer", "question": number}}))
        return
    nb.cells[keep].source = text
    for index in sorted((i for i in indices if i != keep), reverse=True):
        del nb.cells[index]
        owners.pop(index)


def _merge_checklist(nb: NotebookNode, readme_report: Report) -> None:
    block = readme_report.block("checklist")
    cell = next((c for c in nb.cells if cell_info(c).get("kind") == "checklist"), None)
    if block is not None and cell is not None:
        cell.source = block.text
