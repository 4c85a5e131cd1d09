"""Both halves of the pair edited: merge ``report.ipynb`` and ``report.md`` cell-wise, or refuse.

jupytext's rule takes the inputs from the newer file of the pair, so an edit made in the older
one (JupyterLab with an old tab open, then a text editor) disappears silently. report-nb
therefore records what the pair held each time it read or wrote it: the files' hashes and a copy
of the notebook, both under ``.report-nb/pair/``. The record is this clone's, never committed
(like the merge base): a ``git pull`` that fast-forwards a teammate's ``state.json`` must not
bring the teammate's idea of this clone's pair. When both files changed since, their cells are
merged three-way, question by question (a question's prompt and every cell up to the next
prompt form one group): a group changed in one file only is taken from it; a group changed
differently in both is refused, naming both files and the question. Without a record or a copy
nothing can be told apart, and jupytext's rule applies as before.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jupytext
import nbformat
from nbformat import NotebookNode

from report_nb.errors import NotebookError
from report_nb.io import sha256
from report_nb.notebook.metadata import cell_info
from report_nb.notebook.pairing import _read_one, pair_path, read_notebook, text_format
from report_nb.notebook.validation import check_metadata
from report_nb.store.state import State

Group = list[tuple[str, str]]


def base_copy(state: State) -> Path:
    """The notebook as report-nb last read or wrote the pair."""
    return state.layout.root / "pair" / "base.ipynb"


def record_file(state: State) -> Path:
    """The pair's files' hashes and the base copy's, as report-nb last read or wrote them."""
    return state.layout.root / "pair" / "record.json"


def _recorded(state: State) -> dict[str, str]:
    """The local record (empty when missing or not a record: nothing can be told apart)."""
    try:
        data = json.loads(record_file(state).read_bytes())
    except (OSError, ValueError):
        return {}
    ok = isinstance(data, dict) and all(isinstance(v, str) for v in data.values())
    return data if ok else {}


def read_tracked(path: Path, state: State) -> tuple[NotebookNode, Path, list[str]]:
    """Read the pair as :func:`read_notebook` does, merging halves both edited since last time.

    Returns the notebook, the ``.ipynb`` path, and what was merged from which file (empty when
    no merge was needed).
    """
    nb, nb_path = read_notebook(path)
    fmt = text_format(nb)
    if fmt is None:
        return nb, nb_path, []
    text_path = pair_path(nb_path, fmt)
    if not (nb_path.is_file() and text_path.is_file()):
        return nb, nb_path, []
    ipynb, text = _read_one(nb_path), _read_one(text_path, _fmt(fmt))
    if _sources_of(_as_text(ipynb, fmt)) == _sources_of(text):
        return nb, nb_path, []
    changed = _changed(state, (nb_path, text_path))
    if changed is None or changed == (False, False):  # jupytext's rule: the newer half
        newer = text_path if text_path.stat().st_mtime >= nb_path.stat().st_mtime else nb_path
        older = nb_path if newer == text_path else text_path
        return nb, nb_path, [f"{older.name} synced from {newer.name}, the newer"]
    if changed == (True, True):
        base = _base(state)
        if base is None:
            raise NotebookError(
                f"both {nb_path.name} and {text_path.name} were edited since report-nb last "
                "read them, and the copy to tell the edits apart is gone; nothing was written",
                path=text_path,
                hint=f"keep one: 'jupytext --sync {text_path}' keeps the newer",
            )
        merged, notes = merge_halves(base, ipynb, text, nb_path, text_path, fmt)
        check_metadata(merged, text_path)
        return merged, nb_path, notes or [f"{text_path.name} and {nb_path.name} synced"]
    if changed == (False, True):
        check_metadata(text, text_path)
        return text, nb_path, [f"{nb_path.name} synced from {text_path.name}, the edited one"]
    return ipynb, nb_path, [f"{text_path.name} synced from {nb_path.name}, the edited one"]


def _changed(state: State, files: tuple[Path, Path]) -> tuple[bool, bool] | None:
    """Which halves changed since report-nb last saw the pair (None: no record of it)."""
    recorded = _recorded(state)
    if not all(state.key(p) in recorded for p in files):
        return None
    first, second = (sha256(p.read_bytes()) != recorded[state.key(p)] for p in files)
    return first, second


def _base(state: State) -> NotebookNode | None:
    """The copy of the pair as report-nb last saw it, if intact."""
    try:
        base = nbformat.read(base_copy(state), as_version=4)
    except (OSError, ValueError, nbformat.ValidationError):
        return None
    return base if sha256(_bytes(base)) == _recorded(state).get("base") else None


def _as_text(nb: NotebookNode, fmt: str) -> NotebookNode:
    """``nb`` as its text half reads back: the form the two halves are compared in."""
    return jupytext.reads(jupytext.writes(nb, fmt), fmt)


def _sources_of(nb: NotebookNode) -> Group:
    return _sources(nb.cells)


def _fmt(fmt: str) -> dict[str, str]:
    name = fmt.split(":", 1)[1] if ":" in fmt else "markdown"
    return {"extension": "." + fmt.split(":")[0], "format_name": name}


def remember(state: State, nb: NotebookNode, pair: dict[Path, bytes]) -> dict[Path, bytes]:
    """Record what the pair holds now; returns the record and the base copy to write."""
    data = _bytes(nb)
    record = {state.key(path): sha256(content) for path, content in pair.items()}
    record["base"] = sha256(data)
    encoded = (json.dumps(record, indent=1, sort_keys=True) + "\n").encode("utf-8")
    return {base_copy(state): data, record_file(state): encoded}


def saved_record(state: State, folder: Path) -> dict[Path, bytes]:
    """The pair's record and base copy as they are now, as copies in ``folder`` (a backup)."""
    files = (record_file(state), base_copy(state))
    return {folder / f"pair.{path.name}": path.read_bytes() for path in files if path.is_file()}


def restored_record(state: State, folder: Path) -> tuple[dict[Path, bytes], list[Path]]:
    """Put back the record :func:`saved_record` kept in ``folder``: (writes, removals).

    With the pair as it was before a merge comes the record of it as it was then, so that the
    halves are told apart as they were; without a kept record there is none (removals).
    """
    files = (record_file(state), base_copy(state))
    kept = {path: folder / f"pair.{path.name}" for path in files}
    if all(copy.is_file() for copy in kept.values()):
        return {path: copy.read_bytes() for path, copy in kept.items()}, list(kept.values())
    return {}, [path for path in files if path.is_file()]


def current_pair(nb_path: Path, nb: NotebookNode) -> dict[Path, bytes]:
    """The pair's files as they are on disk now."""
    fmt = text_format(nb)
    paths = [nb_path] + ([pair_path(nb_path, fmt)] if fmt else [])
    return {p: p.read_bytes() for p in paths if p.is_file()}


def _bytes(nb: NotebookNode) -> bytes:
    return (nbformat.writes(nb) + "\n").encode("utf-8")


def merge_halves(
    base: NotebookNode,
    ipynb: NotebookNode,
    text: NotebookNode,
    nb_path: Path,
    text_path: Path,
    fmt: str,
) -> tuple[NotebookNode, list[str]]:
    """The notebook with each group of cells from the half that changed it; see the docstring.

    The groups are compared as the text half holds them (the ``.ipynb`` and the base read back
    through ``fmt``); the cells taken are the originals, outputs and metadata included.
    """
    compared = [_groups(_as_text(base, fmt)), _groups(_as_text(ipynb, fmt)), _groups(text)]
    groups = [compared[0], _groups(ipynb), _groups(text)]
    if len({len(g) for g in compared + groups}) != 1 or not _same_prompts(*groups):
        raise NotebookError(
            f"both {nb_path.name} and {text_path.name} were edited since report-nb last read "
            "them, and their questions no longer line up; nothing was written",
            path=text_path,
            hint=f"keep one: open {text_path.name} in JupyterLab and save it, or run "
            f"'jupytext --sync {text_path}'",
        )
    merged = copy.deepcopy(ipynb)
    merged.cells = []
    notes = []
    for number, (old_c, mine_c, new_c, mine, new) in enumerate(
        zip(*compared, groups[1], groups[2], strict=True)
    ):
        old_s, mine_s, new_s = (_sources(cells) for cells in (old_c, mine_c, new_c))
        if mine_s == new_s or new_s == old_s:
            merged.cells.extend(mine)
            if mine_s != old_s:
                notes.append(f"{_name(mine, number)} from {nb_path.name}")
        elif mine_s == old_s:
            merged.cells.extend(copy.deepcopy(new))
            notes.append(f"{_name(new, number)} from {text_path.name}")
        else:
            raise NotebookError(
                f"{_name(mine, number)} was edited in both {nb_path.name} and {text_path.name} "
                "since report-nb last read them, differently; nothing was written",
                path=text_path,
                question=_question(mine),
                hint=f"make the two agree (or delete the one you do not want), then run the "
                f"command again; 'jupytext --sync {text_path}' keeps the newer",
            )
    return merged, notes


def _groups(nb: NotebookNode) -> list[list[NotebookNode]]:
    """The cells before the first prompt, then each prompt with the cells up to the next."""
    groups: list[list[NotebookNode]] = [[]]
    for cell in nb.cells:
        if cell_info(cell).get("kind") == "prompt":
            groups.append([])
        groups[-1].append(cell)
    return groups


def _sources(cells: list[NotebookNode]) -> Group:
    return [(cell.cell_type, cell.source) for cell in cells]


def _same_prompts(*versions: list[list[NotebookNode]]) -> bool:
    keys = [[_question(group) for group in groups] for groups in versions]
    return all(k == keys[0] for k in keys)


def _question(cells: list[NotebookNode]) -> int | None:
    info = cell_info(cells[0]) if cells else {}
    return info.get("question") if info.get("kind") == "prompt" else None


def _name(cells: list[NotebookNode], index: int) -> str:
    question = _question(cells)
    return f"question {question}" if question else "the cells before the first question"
