"""git merge drivers for the files report-nb writes: ``state.json`` and the generated README.md.

A group commits ``.report-nb/state.json`` and ``README.md``; both change on every build, so two
teammates' builds always conflict in them under git's line merge. ``report-nb config-git``
registers these drivers (like ``nbdime config-git --enable``), and git calls them as
``report-nb merge-driver state|readme %O %A %B %P``: base, ours (the result goes there), theirs.

* **state.json**: a three-way merge per recorded file. A hash both sides agree on, or that only
  one side changed, is kept; a file both changed differently is dropped from the record. Dropping
  is the safe direction: a file report-nb does not own is never overwritten or removed, and the
  next build compares README.md with the notebook instead of trusting a hash. The merge and pair
  records are ours: they describe this clone's copies (``.report-nb/merge/``, ``pair/``) and its
  pair as report-nb last saw it, so a half git changed since counts as changed.
* **README.md**: a three-way merge per block (answers, checklist, the course's text). When no
  block changed differently on both sides the result is the README with both teammates' edits,
  which the next build accepts (it holds nothing ``report.md`` lacks once git merged that too).
  A real conflict, or a file that is not the course's template, falls back to ``git merge-file``:
  conflict markers, and git reports the conflict.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from report_nb.core.model import Block, Report
from report_nb.core.template import parse, render
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
    """Merge the three README versions into ``ours``; 0 when clean, else git merge-file's."""
    try:
        texts = [path.read_bytes().decode("utf-8") for path in (base, ours, theirs)]
        reports = [parse(text, name) for text in texts]
        merged = merge_reports(*reports)
    except (ReportNbError, UnicodeDecodeError, ValueError):
        merged = None
    if merged is None:
        return _merge_file(base, ours, theirs, name)
    ours.write_bytes(merged.encode("utf-8"))
    return 0


def merge_reports(o: Report, a: Report, b: Report) -> str | None:
    """The README text with both sides' changes, block by block; None on a real conflict."""
    if not (_shape(o) == _shape(a) == _shape(b)):
        return None
    blocks: list[Block] = []
    for old, mine, new in zip(o.blocks, a.blocks, b.blocks, strict=True):
        if mine.text == new.text or new.text == old.text:
            blocks.append(mine)
        elif mine.text == old.text:
            blocks.append(new)
        else:
            return None
    merged = Report(blocks=blocks, newline=a.newline, bom=a.bom, lead=a.lead, path=a.path)
    return render(merged)


def _shape(report: Report) -> list[tuple[str, int | None]]:
    return [(block.kind, block.question) for block in report.blocks]


def _merge_file(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """Run git's own line merge into ``ours``, with conflict markers; its count of conflicts."""
    completed = subprocess.run(
        [
            "git",
            "merge-file",
            "-L",
            f"{name} (ours)",
            "-L",
            f"{name} (base)",
            "-L",
            f"{name} (theirs)",
            str(ours),
            str(base),
            str(theirs),
        ],
        check=False,
        capture_output=True,
    )
    return min(completed.returncode, 127) if completed.returncode >= 0 else 1
