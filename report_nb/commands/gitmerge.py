"""git merge drivers for the files report-nb writes: ``state.json`` and the generated README.md.

A group commits ``.report-nb/state.json`` and ``README.md``; both change on every build, so two
teammates' builds always conflict in them under git's line merge. ``report-nb config-git``
registers these drivers (like ``nbdime config-git --enable``), and git calls them as
``report-nb merge-driver state|readme %O %A %B %P``: base, ours (the result goes there), theirs.

* **state.json**: a three-way merge per recorded file. A hash both sides agree on, or that only
  one side changed, is kept; a file both changed differently is dropped from the record. Dropping
  is the safe direction: a file report-nb does not own is never overwritten or removed, and the
  next build compares README.md with the notebook instead of trusting a hash. The records of
  this clone's own copies (merge, pair) are no longer committed (``.report-nb/local.json`` and
  ``pair/``); a record of them an older version left in ``state.json`` is kept as ours.
* **README.md**: a three-way merge per block (answers, checklist, the course's text). When no
  block changed differently on both sides the result is the README with both teammates' edits,
  which the next build accepts (it holds nothing ``report.md`` lacks once git merged that too).
  An answer both changed is merged line by line; lines both changed keep both texts between
  git's markers *inside that answer*, and git reports the conflict. The README stays the course's
  template around them, so ``check`` fails that question naming the lines, and a build replaces
  the answer once the notebook holds every line of it (see :mod:`report_nb.core.conflicts`).
  A file that is not the course's template, or an edit of the course's own text on both sides,
  falls back to ``git merge-file`` over the whole file.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from report_nb.core.model import Block, Report
from report_nb.core.template import from_source, parse, render, source_parts
from report_nb.errors import ReportNbError
from report_nb.store.state import StateError, clean, load


def merge_state_files(base: Path, ours: Path, theirs: Path) -> int:
    """Merge the three ``state.json`` versions into ``ours``; 0 (git's "no conflict")."""
    o, a, b = (_load_or_empty(path) for path in (base, ours, theirs))
    merged = merge_states(o, a, b)
    data = (json.dumps(merged, indent=1, sort_keys=True) + "\n").encode("utf-8")
    ours.write_bytes(data)
    return 0


def _load_or_empty(path: Path) -> dict[str, Any]:
    """A version of the record; one that is no record (or missing) counts as knowing nothing."""
    try:
        return load(path)
    except StateError:
        return {"files": {}}


def merge_states(o: dict[str, Any], a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """The record after a merge: see the module docstring."""
    o, a, b = clean(o), clean(a), clean(b)
    merged: dict[str, Any] = {"files": _three_way_hashes(o["files"], a["files"], b["files"])}
    figures = set(a.get("figures", [])) | set(b.get("figures", []))
    if figures or "figures" in a or "figures" in b:
        merged["figures"] = sorted(figures)  # removal still needs the hash: a union is safe
    stale = {**b.get("stale", {}), **a.get("stale", {})}
    if stale:
        merged["stale"] = stale
    for local in ("merge", "pair"):  # records of this clone's files and copies: ours
        if local in a:
            merged[local] = a[local]
    return merged


def _three_way_hashes(o: dict[str, str], a: dict[str, str], b: dict[str, str]) -> dict[str, str]:
    merged = {}
    for key in sorted(set(a) | set(b)):
        mine, new, old = a.get(key), b.get(key), o.get(key)
        if mine == new:
            value = mine
        elif mine == old:
            value = new
        elif new == old:
            value = mine
        else:
            value = None  # both changed it differently: report-nb owns neither version
        if value is not None:
            merged[key] = value
    return merged


def merge_readme_files(base: Path, ours: Path, theirs: Path, name: str = "README.md") -> int:
    """Merge the three README versions into ``ours``; git's count of conflicts (0: clean).

    Conflicts are kept inside their answers (see the module docstring); a file that is not the
    course's template, or an edit of the course's text on both sides, gets git's line merge.
    """
    try:
        texts = [path.read_bytes().decode("utf-8") for path in (base, ours, theirs)]
        o, a, b = (parse(text, name) for text in texts)
        merged = merge_reports(o, a, b, name=name)
    except (ReportNbError, UnicodeDecodeError, ValueError):
        merged = None
    if merged is None:
        return _merge_file(base, ours, theirs, name)
    text, conflicts = merged
    ours.write_bytes(text.encode("utf-8"))
    return min(conflicts, 127)


def merge_reports(
    o: Report, a: Report, b: Report, name: str = "README.md"
) -> tuple[str, int] | None:
    """The README text with both sides' changes, block by block, and its count of conflicts.

    An answer (or the checklist) both sides changed is merged line by line, with git's markers
    around the lines both changed; None when the files differ in shape or in the course's text.
    """
    if not (_shape(o) == _shape(a) == _shape(b)):
        return None
    blocks: list[Block] = []
    conflicts = 0
    for old, mine, new in zip(o.blocks, a.blocks, b.blocks, strict=True):
        # each side's text and trailing whitespace with their line endings (ours where a side
        # records none, so that a whole file saved with other endings is no change of each line)
        (old_text, old_trail), (text, trail), (new_text, new_trail) = (
            source_parts(block, a.newline) for block in (old, mine, new)
        )
        # the whitespace after a block is merged apart from its text: "Answer: 42" typed on the
        # marker line is a change of the prompt's trail, kept even where its text is the same
        merged_trail = _one_side(old_trail, trail, new_trail)
        trail = trail if merged_trail is None else merged_trail  # both moved it: ours, as git
        one = _one_side(old_text, text, new_text)
        if one is not None:
            text = one
        elif mine.kind in ("answer", "checklist"):
            text, count = merge_lines(old_text, text, new_text, name)
            conflicts += count
        else:
            return None
        blocks.append(from_source(mine.kind, text, trail, mine.line, mine.question, a.newline))
    merged = Report(blocks=blocks, newline=a.newline, bom=a.bom, lead=a.lead, path=a.path)
    return render(merged), conflicts


def _one_side(old: str, mine: str, new: str) -> str | None:
    """The value after a three-way merge of one value; None when both sides changed it apart."""
    if mine == new or new == old:
        return mine
    if mine == old:
        return new
    return None


def merge_lines(base: str, ours: str, theirs: str, name: str) -> tuple[str, int]:
    """Merge three texts line by line as git does: the result (with markers), its conflicts."""
    with tempfile.TemporaryDirectory(prefix="report-nb-merge-") as folder:
        paths = []
        for side, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(folder) / side
            path.write_bytes((text + "\n").encode("utf-8"))
            paths.append(str(path))
        completed = subprocess.run(
            ["git", "merge-file", "-p", *_labels(name), *paths],
            check=False,
            capture_output=True,
        )
    if completed.returncode < 0:
        raise ReportNbError(f"git merge-file failed: {completed.stderr.decode(errors='replace')}")
    # no text ends in a line break: what does is the one added above, or a marker line's
    return completed.stdout.decode("utf-8").rstrip("\r\n"), completed.returncode


def _labels(name: str) -> list[str]:
    return ["-L", f"{name} (ours)", "-L", f"{name} (base)", "-L", f"{name} (theirs)"]


def _shape(report: Report) -> list[tuple[str, int | None]]:
    return [(block.kind, block.question) for block in report.blocks]


def _merge_file(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """Run git's own line merge into ``ours``, with conflict markers; its count of conflicts."""
    completed = subprocess.run(
        ["git", "merge-file", *_labels(name), str(ours), str(base), str(theirs)],
        check=False,
        capture_output=True,
    )
    return min(completed.returncode, 127) if completed.returncode >= 0 else 1
