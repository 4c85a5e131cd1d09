"""What a teammate changed in README.md since report-nb wrote it: answers, and locked course text.

Both ``import --merge`` and a build that refuses a hand-edited README ask the same question:
compared with the README report-nb last wrote (the merge base, or, on a fresh clone, what the
notebook renders), which answers differ, and did anyone type into the course's own text
(headings between questions, prompts, the preamble)? The course's text is locked: such an edit
cannot be merged into any cell, so it is named by its line, to be moved into an answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from nbformat import NotebookNode

from report_nb.commands.conflicted import without_resolved_conflicts
from report_nb.core.model import CHECKLIST, LOCKED_KINDS, Block, Report, answer_texts
from report_nb.core.template import parse
from report_nb.errors import NotebookError, ReportNbError, WouldOverwriteError
from report_nb.execution.cache import BuildCache, with_outputs
from report_nb.io import decode
from report_nb.notebook.cells import PLACEHOLDER
from report_nb.notebook.metadata import cell_info, cell_questions
from report_nb.pipeline import rendered
from report_nb.store import mergebase
from report_nb.store.layout import Layout
from report_nb.store.state import State

#: The names of the pair ``import`` writes beside the README.
PAIR_NAMES = ("report.ipynb", "report.md")

#: How each locked block is named in a message.
_WHAT = {
    "front_matter": "the front matter",
    "preamble": "the course's introduction",
    "section": "a section heading of the course",
    "prompt": "the prompt",
}


@dataclass
class LockedEdit:
    """An edit of the course's text, at ``line`` of README.md, near ``question`` (if any)."""

    line: int
    what: str
    question: int | None

    def error(self, readme: Path, nb_path: Path | None = None) -> NotebookError:
        """The one-line refusal: where, that the text is locked, and what to do."""
        after = (
            f" after question {self.question}"
            if self.question and self.what != "the prompt"
            else ""
        )
        command = (
            merge_command(readme, nb_path) if nb_path else f"report-nb import --merge {readme}"
        )
        return NotebookError(
            f"{self.what}{after} was edited, but the course's text is locked (the graders' "
            "checker reads it as the course wrote it); nothing was merged",
            path=readme,
            line=self.line,
            question=self.question if self.what == "the prompt" else None,
            hint=f"move that text into an answer in {readme.name}, then run '{command}'",
        )


def rendered_report(nb: NotebookNode, nb_path: Path, readme: Path) -> Report:
    """The report the notebook gives: with the cached outputs if their code still matches."""
    cached = BuildCache(Layout(nb_path.parent).cache).lookup_any()
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    if cached is not None and [c.source for c in cached.cells if c.cell_type == "code"] == code:
        nb = with_outputs(nb, cached)
    return rendered(nb, readme).report


def base_report(state: State, readme: Path) -> Report | None:
    """The README report-nb last wrote, parsed (None: no intact copy, e.g. on a fresh clone)."""
    stored = mergebase.load_base(state, readme)
    return parse(decode(stored, readme), str(readme)) if stored is not None else None


def find_pair(readme: Path, output: Path | None = None) -> Path:
    """The existing file of the notebook pair a README merges into.

    ``output`` (either file of the pair) if given, else ``report.ipynb`` or ``report.md`` beside
    the README: a clone of the layout groups commit has ``report.md`` only.
    """
    if output is not None:
        if output.suffix not in (".ipynb", ".md"):
            raise WouldOverwriteError("the notebook must be a .ipynb or its .md pair", path=output)
        candidates = [output, output.with_suffix(".md" if output.suffix == ".ipynb" else ".ipynb")]
    else:
        candidates = [Path(readme).parent / name for name in PAIR_NAMES]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise NotebookError(
        f"no notebook pair to merge into ({' or '.join(str(c) for c in candidates)})",
        path=readme,
        hint=f"create one from the README with 'report-nb import {readme}'",
    )


def unmerged(
    nb: NotebookNode, ours: Report, theirs: Report, base: Report | None
) -> tuple[list[int], list[LockedEdit]]:
    """README.md's edits the notebook lacks: answers and locked text.

    An answer is an edit when README.md differs from both the notebook and the base (without a
    base, from the notebook alone): exactly what ``import --merge`` would take or call a conflict.
    Answers made by code count too: typed text there would be lost as surely as elsewhere.
    """
    locked = locked_edits(theirs, base or ours)
    mine, new = answer_texts(ours), answer_texts(theirs)
    old = answer_texts(base) if base is not None else mine
    edited = [q for q in sorted(new) if new[q] not in (mine.get(q), old.get(q))]
    return edited, locked


def refuse_unmerged_readme(state: State, readme: Path, nb: NotebookNode, nb_path: Path) -> None:
    """Raise if README.md (not as report-nb wrote it) holds text the notebook lacks.

    Returns when it holds nothing a build would lose (e.g. after ``git pull`` merged two
    teammates' builds and their ``report.md`` edits): the build may then rewrite it.
    """
    command = merge_command(readme, nb_path)
    try:
        ours = rendered_report(nb, nb_path, readme)
        theirs = parse(decode(readme.read_bytes(), readme), str(readme))
        base = base_report(state, readme)
        edited, locked = unmerged(nb, ours, theirs, base)
    except (ReportNbError, OSError) as error:
        raise WouldOverwriteError(
            f"was edited after report-nb last wrote it and cannot be compared with the notebook "
            f"({error}); nothing was written",
            path=readme,
            hint=f"fix it, then run '{command}' (or discard the edits with --force)",
        ) from None
    if locked:
        raise locked[0].error(readme, nb_path)
    edited = without_resolved_conflicts(edited, ours, theirs, base, readme, nb_path)
    if edited:
        named = ", ".join("the checklist" if q == CHECKLIST else str(q) for q in edited)
        by_code = [q for q in edited if q != CHECKLIST and made_by_code(nb, q)]
        hint = f"bring them into the notebook with '{command}' (or discard them with --force)"
        if by_code and len(by_code) == len(edited):
            hint = (
                f"code cells make those answers: copy the text you want to keep from "
                f"{readme.name} into a Markdown cell of the notebook, then run "
                f"'report-nb build {nb_path} --force'"
            )
        raise WouldOverwriteError(
            f"was edited after report-nb last wrote it (question(s) {named}), and the notebook "
            "lacks those edits; nothing was written",
            path=readme,
            question=edited[0] if len(edited) == 1 and edited[0] else None,
            hint=hint,
        )


def cells_of(nb: NotebookNode, number: int) -> list[int]:
    """Indices of the cells that make question ``number``'s answer."""
    return [index for index, owner in enumerate(cell_questions(nb)) if owner == number]


def made_by_code(nb: NotebookNode, number: int) -> bool:
    """True if code cells or live ``{{ }}`` values make (part of) question ``number``'s answer."""
    cells = [nb.cells[index] for index in cells_of(nb, number)]
    return any(
        cell.cell_type != "markdown"
        or (PLACEHOLDER.search(cell.source) and cell_info(cell).get("glue") is not False)
        for cell in cells
    )


def locked_edits(theirs: Report, base: Report) -> list[LockedEdit]:
    """The locked blocks of ``base`` that ``theirs`` (README.md) changed, by README line.

    Blocks are matched by kind and question (prompts) or order (the rest); a block that is no
    longer found (text typed into a heading can make the parser read it as an answer) is named
    where its first line now stands.
    """
    found = []
    mine = {key: block for key, block in _locked(base)}
    seen = set()
    for key, block in _locked(theirs):
        seen.add(key)
        other = mine.get(key)
        if other is not None and other.text == block.text:
            continue
        near = block.question if block.kind == "prompt" else _before(theirs, block.line)
        line = block.line + _first_difference(block, other)
        found.append(LockedEdit(line, _WHAT.get(block.kind, block.kind), near))
    lines = _lines(theirs)
    for key, block in mine.items():
        if key not in seen:
            first = block.text.split("\n", 1)[0]
            line = lines.index(first) + 1 if first in lines else 1
            near = block.question if block.kind == "prompt" else _before(theirs, line)
            found.append(LockedEdit(line, _WHAT.get(block.kind, block.kind), near))
    return sorted(found, key=lambda edit: edit.line)


def _locked(report: Report) -> list[tuple[tuple[str, str, int], Block]]:
    """The locked blocks, keyed by kind, question (prompts) or first line, and order."""
    keyed: list[tuple[tuple[str, str, int], Block]] = []
    counts: dict[tuple[str, str], int] = {}
    for block in report.blocks:
        if block.kind not in LOCKED_KINDS:
            continue
        name = str(block.question) if block.kind == "prompt" else block.text.split("\n", 1)[0]
        counts[block.kind, name] = counts.get((block.kind, name), 0) + 1
        keyed.append(((block.kind, name, counts[block.kind, name]), block))
    return keyed


def _before(report: Report, line: int) -> int | None:
    """The question whose answer comes last before ``line``."""
    numbers = [q.number for q in report.questions if q.prompt.line < line]
    return numbers[-1] if numbers else None


def _lines(report: Report) -> list[str]:
    from report_nb.core.template import render

    return render(report).lstrip("\ufeff").replace("\r\n", "\n").split("\n")


def _first_difference(block: Block, other: Block | None) -> int:
    """Lines from the start of ``block`` to its first line that ``other`` lacks."""
    if other is None:
        return 0
    for offset, (a, b) in enumerate(
        zip(block.text.split("\n"), other.text.split("\n"), strict=False)
    ):
        if a != b:
            return offset
    return min(len(block.text.split("\n")), len(other.text.split("\n")))


def merge_command(readme: Path, nb_path: Path) -> str:
    """The ``import --merge`` command for ``readme``, with ``-o`` only when it is needed."""
    default = {readme.parent / name for name in PAIR_NAMES}
    target = "" if nb_path in default else f" -o {nb_path}"
    return f"report-nb import --merge {readme}{target}"


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")


def unclosed_fence(text: str) -> int | None:
    """The line (0-based) of a code fence ``text`` opens and never closes, as CommonMark reads."""
    opened: tuple[int, str] | None = None
    for number, line in enumerate(text.split("\n")):
        match = _FENCE.match(line)
        if match is None:
            continue
        fence, rest = match.groups()
        if opened is None:
            if not (fence[0] == "`" and "`" in rest):
                opened = (number, fence)
        elif fence[0] == opened[1][0] and len(fence) >= len(opened[1]) and not rest.strip():
            opened = None
    return opened[0] if opened is not None else None


def refuse_unclosed_fences(
    theirs: Report, take: dict[int, str], readme: Path, command: str
) -> None:
    """Refuse an answer that opens a code fence and never closes it.

    Merged into the pair, the fence would swallow the cells after it in ``report.md`` (every
    later answer garbled); in README.md the graders' checker would read the rest as code.
    """
    for question in theirs.questions:
        offset = unclosed_fence(take.get(question.number, "")) if question.number in take else None
        if offset is not None:
            raise NotebookError(
                "a code fence opened here is never closed, so everything after it would read as "
                "code; nothing was merged",
                path=readme,
                line=question.answer.line + offset,
                question=question.number,
                hint=f"close it with a line of ``` in {readme.name}, then run '{command}'",
            )
