"""``report-nb import --merge``: bring hand edits of README.md back into the notebook, three-way.

A build refuses to overwrite a README that was edited by hand. Merging compares, per answer and
for the checklist, three texts: the **base** (the README report-nb last wrote, see
:mod:`report_nb.store.mergebase`), **ours** (what the notebook renders now, outputs of the last
build filled in) and **theirs** (README.md). A change made on one side only is taken: a README
edit goes into the question's answer (its Markdown cells become one answer cell holding the
README's text), a notebook edit stays. A question changed on both sides, differently, is a
conflict, and so is a README edit to an answer that code cells or ``{{ }}`` values produce; with
any conflict nothing is written. Before the pair is rewritten it is backed up, and
``import --undo-merge`` puts it back. On a fresh clone the local copy of the base is missing
(copies are not committed): the base is then README.md itself if it is unchanged since report-nb
wrote it, else the version in git's history whose hash ``state.json`` records; without any, an
answer that differs between README.md and the notebook is a conflict (either side may have
changed it). Edits to the course's locked text are refused, naming the line.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell

from report_nb.commands.conflicted import refuse_conflicted_notebook, refuse_conflicted_readme
from report_nb.commands.edits import (
    base_report,
    cells_of,
    find_pair,
    locked_edits,
    made_by_code,
    merge_command,
    refuse_unclosed_fences,
    rendered_report,
)
from report_nb.commands.halves import read_tracked, remember, restored_record, saved_record
from report_nb.core.model import CHECKLIST, answer_texts
from report_nb.core.template import parse, render
from report_nb.errors import NotebookError, WouldOverwriteError
from report_nb.io import read_text
from report_nb.notebook.cells import PLACEHOLDER, to_report
from report_nb.notebook.metadata import KEY, cell_info
from report_nb.notebook.pairing import (
    choose_format,
    edited_half,
    notebook_bytes,
    pair_path,
    text_format,
)
from report_nb.store import mergebase
from report_nb.store.state import State
from report_nb.store.transaction import beside, commit, locked


@dataclass
class Conflict:
    """A question (or the checklist, 0) that cannot be merged, with both sides' texts."""

    question: int
    ours: str
    theirs: str
    reason: str


@dataclass
class MergeResult:
    """What a merge took from README.md, what it could not, and the files it wrote."""

    questions: list[int] = field(default_factory=list)
    checklist: bool = False
    kept: list[int] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    backup: list[Path] = field(default_factory=list)
    has_base: bool = True
    readme: Path = Path("README.md")
    notes: list[str] = field(default_factory=list)
    accepted: bool = False  # nothing to merge, and README.md is now report-nb's to rewrite

    def summary(self) -> str:
        """What the merge did, a line each, as the command line prints it."""
        lines = []
        if not self.has_base:
            lines.append(
                "note: no copy of the README the last build wrote (not here, not in git's "
                "history): an answer that differs cannot be told a README edit from a notebook "
                "edit"
            )
        for conflict in self.conflicts:
            what = f"question {conflict.question}" if conflict.question else "the checklist"
            lines.append(f"conflict: {what}: {conflict.reason}; nothing was merged")
            for text, side in ((conflict.ours, "notebook"), (conflict.theirs, self.readme.name)):
                lines.append(textwrap.indent(text, f"  {side} | ", lambda line: True).rstrip())
        if self.conflicts:
            lines.append(
                "edit those answers so that the notebook and the README agree, then merge again"
            )
            return "\n".join(lines) + "\n"
        for number in self.questions:
            lines.append(
                f"merged question {number}: its answer in {self.readme} replaces the notebook's"
            )
        if self.checklist:
            lines.append("merged the checklist ticks")
        for number in self.kept:
            lines.append(f"kept question {number}: changed in the notebook only")
        if not self.questions and not self.checklist:
            lines.append(f"nothing to merge: {self.readme} has no change the notebook lacks")
        if self.accepted:
            lines.append(f"the next build rewrites {self.readme} from the notebook")
        for path in self.backup:
            lines.append(
                f"backed up {path} (restore it with 'report-nb import --undo-merge {self.readme}')"
            )
        lines.extend(f"note: {note}" for note in self.notes)
        lines.extend(f"wrote {path}" for path in self.written)
        return "\n".join(lines) + "\n"


def _notebook_folder(readme: Path, nb_path: Path, *_: object, **__: object) -> Path:
    return Path(nb_path).parent


@locked(_notebook_folder)
def merge_readme(readme: Path, nb_path: Path) -> MergeResult:
    """Merge ``readme``'s answers and checklist into the notebook pair at ``nb_path``.

    ``nb_path`` is either file of the pair (``report.md`` alone is enough). Raises
    :class:`~report_nb.errors.NotebookError` when README.md's edit is in the course's locked
    text (named by its line): such an edit fits in no cell, and merging the rest would let the
    next build drop it.
    """
    text = read_text(readme)
    found = find_pair(readme, Path(nb_path))
    state = State(found.parent)
    # both halves of the pair edited apart: merged (or refused) before README.md is merged in
    nb, nb_path, _ = read_tracked(found, state)
    command = merge_command(Path(readme), nb_path)
    refuse_conflicted_notebook(nb, nb_path, command)
    their_report = parse(text, str(readme))
    refuse_conflicted_readme(their_report, Path(readme), command)
    our_report = rendered_report(nb, nb_path, readme)
    theirs, ours = answer_texts(their_report), answer_texts(our_report)
    base = base_report(state, readme)
    result = MergeResult(has_base=base is not None, readme=Path(readme))
    common = answer_texts(base) if base is not None else ours
    if set(theirs) != set(ours) or set(common) != set(ours):
        raise NotebookError(
            "the README and the notebook have different questions",
            path=readme,
            hint=f"nothing can be merged question by question: 'report-nb import {readme} -o "
            f"{nb_path} --force' starts the notebook over from {Path(readme).name} (its own "
            "edits and code cells are replaced)",
        )
    locked = locked_edits(their_report, base or our_report)
    if locked:
        raise locked[0].error(Path(readme), nb_path)
    take = _three_way(nb, ours, theirs, common, result, has_base=base is not None)
    if result.conflicts:
        return result
    refuse_unclosed_fences(their_report, take, Path(readme), command)
    if not take:  # the README holds nothing the notebook lacks: a build may rewrite it
        if not state.owns(readme):
            state.record(readme, text.encode("utf-8"))
            commit(state.folder, state.encoded())
            result.accepted = True
        return result
    for number, answer in take.items():
        if number == CHECKLIST:
            _replace_checklist(nb, answer)
        else:
            _replace_answer(nb, number, answer)
    result.questions = sorted(n for n in take if n != CHECKLIST)
    result.checklist = CHECKLIST in take
    _repair(nb, nb_path, Path(readme), result)
    mergebase.remember_merged(state, {n: take[n] for n in result.questions})
    mergebase.remember_readme(state, readme)
    state.record(readme, text.encode("utf-8"))
    _write(state, nb, nb_path, result)
    return result


def _three_way(
    nb: NotebookNode,
    ours: dict[int, str],
    theirs: dict[int, str],
    common: dict[int, str],
    result: MergeResult,
    *,
    has_base: bool,
) -> dict[int, str]:
    """The README's answers to take; conflicts and notebook-only changes go into ``result``.

    Without a base an answer that differs may have changed on either side: taking README.md's
    could drop the notebook's edit, so it is a conflict, shown with both texts.
    """
    take: dict[int, str] = {}
    for number in sorted(theirs):
        mine, new, old = ours[number], theirs[number], common[number]
        if not has_base and new != mine:
            reason = "no copy of the README report-nb last wrote tells which side changed"
            result.conflicts.append(Conflict(number, mine, new, reason))
            continue
        if new in (mine, old):
            if mine != old:
                result.kept.append(number)  # changed in the notebook only: it stays
            continue
        if mine != old:
            result.conflicts.append(Conflict(number, mine, new, "changed on both sides"))
        elif number != CHECKLIST and made_by_code(nb, number):
            result.conflicts.append(Conflict(number, mine, new, "made by code cells or {{ }}"))
        else:
            take[number] = new
    return take


class Undone(NamedTuple):
    """What ``import --undo-merge`` did: the pair files it restored, and the copies it kept.

    ``kept`` maps a pair file edited after the merge to the copy of that edit an undo with
    ``force`` saved under ``.report-nb/merge/undone/`` before restoring the file.
    """

    restored: list[Path]
    kept: dict[Path, Path]


@locked(beside)
def undo_merge(nb_path: Path, *, force: bool = False, readme: Path | None = None) -> Undone:
    """Put back the notebook pair as it was before the last merge.

    README.md is again report-nb's only if it still holds what report-nb last wrote before the
    merge: otherwise it holds the teammate's unmerged edits, and a build refuses to drop them.
    A pair file edited since the merge is refused, or with ``force`` copied aside first.
    ``readme`` is the README the student names, for the command a refusal gives.
    """
    state = State(nb_path.parent)
    readme = readme or nb_path.with_name("README.md")
    copies = mergebase.backups(state)
    if not copies or not all(copy.is_file() for copy in copies.values()):
        shown = edited_half(nb_path)
        raise NotebookError(
            "there is no merge to undo (no backup of the pair)",
            path=nb_path,
            hint=f"an undo follows 'report-nb import --merge {readme}'; earlier versions of "
            f"the notebook are in git: 'git log -p -- {shown}'",
        )
    edited = mergebase.changed_since_merge(state)
    aside = {path: mergebase.undone_copy(state, path) for path in edited}
    if edited and not force:
        raise WouldOverwriteError(
            "was edited after the merge; undoing the merge would replace those edits",
            path=edited[0],
            hint=f"to undo it anyway, run 'report-nb import --undo-merge {readme} --force': "
            f"your edited {edited[0].name} is kept as {aside[edited[0]]}",
        )
    created = mergebase.created_by_merge(state)
    mergebase.forget_merged(state)
    mergebase.restore_readme(state)
    # the pair as the merge found it, and the record of the pair as it was then
    record, unused = restored_record(state, mergebase.backup_folder(state.layout))
    restored = {path: copy.read_bytes() for path, copy in copies.items()}
    kept = {copy: path.read_bytes() for path, copy in aside.items()}
    used = mergebase.forget_backup(state)  # undone once: a second undo has nothing to undo
    writes = {**kept, **restored, **record, **state.encoded()}
    commit(state.folder, writes, [*created, *used, *unused], rewrite=True)
    return Undone(sorted(copies), aside)


def _repair(nb: NotebookNode, nb_path: Path, readme: Path, result: MergeResult) -> None:
    """Pair in a text format that holds the merged text, as a fresh ``import`` would choose.

    A line that starts with ``+++`` is a cell break in MyST: such an answer switches the pair to
    jupytext's Markdown format (the note says why); text no format holds is refused.
    """
    before = text_format(nb)
    note = choose_format(nb, render(to_report(nb)))
    if text_format(nb) is None and before is not None:
        raise NotebookError(
            f"the merged text cannot be kept in {pair_path(nb_path, before).name} ({note}); "
            "nothing was merged",
            path=readme,
            hint=f"change that line in {readme.name}, then run '{merge_command(readme, nb_path)}'",
        )
    if note and text_format(nb) != before:
        result.notes.append(note)


def _write(state: State, nb: NotebookNode, nb_path: Path, result: MergeResult) -> None:
    """Back up the pair and write the merged one with the state, as one transaction."""
    merged = notebook_bytes(nb, nb_path)
    current = {path: path.read_bytes() for path in merged if path.is_file()}
    copies = mergebase.remember_backup(state, current)
    copies.update(saved_record(state, mergebase.backup_folder(state.layout)))  # for an undo
    mergebase.remember_merge_result(state, merged)
    copies.update(remember(state, nb, merged))
    commit(state.folder, {**copies, **merged, **state.encoded()}, rewrite=True)
    result.backup = sorted(copies)
    result.written = sorted(merged)


def _replace_answer(nb: NotebookNode, number: int, text: str) -> None:
    """Make ``text`` the one Markdown cell of question ``number``'s answer."""
    indices = cells_of(nb, number)
    tagged = [i for i in indices if cell_info(nb.cells[i]).get("kind") == "answer"]
    candidates = tagged or indices
    if not candidates:
        prompt = next(
            i
            for i, cell in enumerate(nb.cells)
            if cell_info(cell).get("kind") == "prompt" and cell_info(cell).get("question") == number
        )
        info = _answer_info(number, {}, text)
        nb.cells.insert(prompt + 1, new_markdown_cell(text, metadata={KEY: info}))
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


def _replace_checklist(nb: NotebookNode, text: str) -> None:
    cell = next((c for c in nb.cells if cell_info(c).get("kind") == "checklist"), None)
    if cell is not None:
        cell.source = text
