"""Report model <-> notebook: one cell per template block, one answer cell per question.

Prompt, section and preamble cells are locked in JupyterLab (``editable``/``deletable`` false) and
carry a checksum so that a build can tell when one was changed anyway. Every cell records in
``metadata.report_nb`` what it is (``kind``, ``question``) and the whitespace that follows it in
the README (``trail``, left out when it is the usual blank line), so that an unedited notebook
exports byte for byte to the README it came from. Cells a student adds after a prompt, markdown or
code, belong to that question's answer. Reading that metadata back on its own (which answer a cell
is in, whether the prompts are in order, where the README goes) is
:mod:`~report_nb.notebook.metadata`'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell, new_notebook

from report_nb.core.model import LOCKED_KINDS, Block, Report
from report_nb.core.rules import Rules
from report_nb.errors import NotebookError
from report_nb.io import sha256
from report_nb.notebook.metadata import (
    FORMAT_VERSION,
    KEY,
    TEMPLATE_KINDS,
    cell_info,
    check_format,
    check_questions,
)

# public names that moved to notebook.metadata, still importable from here
from report_nb.notebook.metadata import cell_questions as cell_questions
from report_nb.notebook.metadata import chosen_profile as chosen_profile
from report_nb.notebook.metadata import question_order_problem as question_order_problem
from report_nb.notebook.metadata import readme_path as readme_path
from report_nb.notebook.outputs import join_blocks

TEXT_FORMAT = "md:myst"
DEFAULT_TRAIL = "\n\n"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
#: The kernel's language_info as ipykernel reports it (without the version, which
#: :func:`language_info` adds): JupyterLab writes what the kernel reports into the notebook when
#: the kernel starts, so a partial one would make a freshly imported notebook open modified.
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}

#: Turns a code cell into answer Markdown; gets the cell and its question number.
OutputRenderer = Callable[[NotebookNode, int], str]

_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")
#: ``{{ name }}`` in answer text, filled with a glued value at build time (not ``${{ ... }}``).
PLACEHOLDER = re.compile(r"(?<![$\\{])\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def prompt_digest(text: str) -> str:
    """Checksum of a prompt's text, stored at import and compared at build time."""
    return sha256(text.encode("utf-8"))[:16]


def to_notebook(report: Report, rules: Rules, source: str, profile: str = "auto") -> NotebookNode:
    """A notebook with one cell per block of ``report``; ``source`` is the README's name.

    ``profile`` is the one chosen (``import --profile``), kept as ``report_nb.profile`` in the
    notebook's metadata: later commands use it unless told otherwise
    (:func:`~report_nb.notebook.metadata.chosen_profile`).
    """
    cells = [_cell(block, rules) for block in report.blocks if block.kind != "front_matter"]
    info: dict[str, Any] = {"format": FORMAT_VERSION, "source": source, "profile": profile}
    front = report.block("front_matter")
    if front is not None:  # Jekyll settings, not content: kept out of the cells (jupytext would
        info["front_matter"] = _block_info(front)  # merge a raw cell into its own YAML header)
    if report.newline != "\n":
        info["newline"] = report.newline
    if report.bom:
        info["bom"] = True
    if report.lead:
        info["lead"] = report.lead
    metadata = {
        "kernelspec": dict(KERNELSPEC),
        "language_info": language_info(),
        "jupytext": {"formats": f"ipynb,{TEXT_FORMAT}", "notebook_metadata_filter": KEY},
        KEY: info,
    }
    return new_notebook(cells=cells, metadata=metadata)


def language_info() -> dict[str, Any]:
    """The language_info ipykernel reports in this interpreter (where report-nb is installed)."""
    import copy
    import platform

    return {**copy.deepcopy(LANGUAGE_INFO), "version": platform.python_version()}


def _block_info(block: Block) -> dict[str, Any]:
    info: dict[str, Any] = {"kind": block.kind}
    if block.kind == "front_matter":
        info["text"] = block.text
    if block.question is not None:
        info["question"] = block.question
    if block.trail != DEFAULT_TRAIL:
        info["trail"] = block.trail
    if block.eol is not None:
        info["eol"] = list(block.eol)
    if block.kind == "answer" and PLACEHOLDER.search(block.text):
        info["glue"] = False  # the student's own "{{ ... }}" text, not a value to fill in
    return info


def _cell(block: Block, rules: Rules) -> NotebookNode:
    info = _block_info(block)
    metadata: dict[str, Any] = {}
    if block.kind in LOCKED_KINDS:
        metadata = {"editable": False, "deletable": False}
        info["sha256"] = prompt_digest(block.text)
    if block.kind == "prompt":
        limits = rules.limits.get(block.question or 0)
        info["profile"] = rules.profile
        info["limits"] = limits.to_json() if limits else None
    metadata[KEY] = info
    return new_markdown_cell(block.text, metadata=metadata)


def to_report(nb: NotebookNode, render_code: OutputRenderer | None = None) -> Report:
    """The report a notebook stands for; code cells become answer text through ``render_code``."""
    info = nb.metadata.get(KEY)
    if not isinstance(info, dict):
        raise NotebookError(
            "not a report-nb notebook (no 'report_nb' metadata)",
            hint="create it with 'report-nb import reports/README.md'",
        )
    check_format(info.get("format", FORMAT_VERSION))
    report = Report(
        newline=info.get("newline", "\n"), bom=bool(info.get("bom")), lead=info.get("lead", "")
    )
    front = info.get("front_matter")
    if isinstance(front, dict):
        report.blocks.append(_template_block(front.get("text", ""), front, "front_matter"))
    answer: _Answer | None = None
    for index, cell in enumerate(nb.cells):
        meta = cell_info(cell)
        kind = meta.get("kind")
        if kind in TEMPLATE_KINDS:
            if answer is not None:
                report.blocks.append(answer.block())
                answer = None
            report.blocks.append(_template_block(cell.source, meta, kind))
            if kind == "prompt":
                answer = _Answer(report.blocks[-1].question or 0)
        elif answer is None:
            if kind == "answer":  # its prompt cell was deleted: say which one
                raise NotebookError(
                    f"the prompt cell of question {meta.get('question')} is missing",
                    question=meta.get("question"),
                    hint="restore it from git or re-import the README",
                )
            if _cell_text(cell, 0, render_code).strip():
                raise NotebookError(
                    f"cell {index + 1} is outside every answer (before question 1 or between a "
                    "section heading and the next question)",
                    hint="move it below a question's prompt or delete it",
                )
        else:
            answer.add(cell, meta, render_code)
    if answer is not None:
        report.blocks.append(answer.block())
    check_questions(report)
    return report


def _template_block(source: str, meta: dict[str, Any], kind: Any) -> Block:
    eol = meta.get("eol")
    return Block(
        kind=kind,
        text=clean_source(source),
        trail=meta.get("trail", DEFAULT_TRAIL),
        question=meta.get("question"),
        eol=tuple(eol) if eol else None,
    )


class _Answer:
    """Collects the cells after a prompt into one answer block."""

    def __init__(self, question: int) -> None:
        self.question = question
        self.parts: list[str] = []
        self.meta: dict[str, Any] | None = None

    def add(self, cell: NotebookNode, meta: dict[str, Any], render: OutputRenderer | None) -> None:
        # A cell copied from another question keeps that question's metadata: it still belongs
        # where it stands, but only this question's own answer cell says what whitespace follows.
        if (
            meta.get("kind") == "answer"
            and meta.get("question") == self.question
            and self.meta is None
        ):
            self.meta = meta
        text = _cell_text(cell, self.question, render)
        if text.strip():
            self.parts.append(text)

    def block(self) -> Block:
        text = join_blocks(self.parts)
        meta = self.meta or {}
        eol = meta.get("eol")
        default = DEFAULT_TRAIL if text else ""
        return Block(
            "answer",
            text,
            trail=meta.get("trail", default),
            question=self.question,
            eol=tuple(eol) if eol else None,
        )


def _cell_text(cell: NotebookNode, question: int, render: OutputRenderer | None) -> str:
    if cell.cell_type == "code":
        if render is None:
            return ""
        return clean_source(render(cell, question))
    return clean_source(cell.source)


def clean_source(source: str) -> str:
    r"""A cell's text as a block: ``\\n`` line ends, no blank lines before, no whitespace after."""
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    return _LEADING_BLANK_LINES.sub("", text).rstrip(" \t\n\f\v")
