"""What a three-way merge needs to remember between commands, kept under ``.report-nb/merge/``.

* the **base**: a copy of the README the last build or export wrote, so that ``import --merge``
  can tell a change made in README.md from one made in the notebook since;
* the **merged answers**: a checksum of each answer a merge brought into the notebook, so that a
  build refuses to drop that text (an editor that had the notebook open may save an older copy
  over the merge) until the notebook holds it again;
* the **backup**: the notebook pair as it was before the last merge, which
  ``import --undo-merge`` puts back.

The checksums live in ``state.json`` (key ``merge``); the copies are ignored by git with the rest
of ``.report-nb/``, so on a fresh clone a merge falls back to comparing with the notebook.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from report_nb.core.model import Report
from report_nb.io import sha256
from report_nb.store.layout import Layout
from report_nb.store.state import State


def base_file(layout: Layout) -> Path:
    """The copy of the README the last build wrote."""
    return layout.merge / "base.md"


def backup_folder(layout: Layout) -> Path:
    """The notebook pair as it was before the last merge."""
    return layout.merge / "backup"


def undone_copy(state: State, path: Path) -> Path:
    """Where an undo with ``--force`` keeps a pair file edited since the merge.

    A name no earlier undo took (``report.md``, then ``report.2.md``, ...): a kept copy is
    never replaced.
    """
    folder = state.layout.merge / "undone"
    candidate, number = folder / path.name, 2
    while candidate.exists():
        candidate, number = folder / f"{path.stem}.{number}{path.suffix}", number + 1
    return candidate


def _record(state: State) -> dict[str, Any]:
    record = state.data.get("merge")
    if not isinstance(record, dict):
        record = state.data["merge"] = {}
    return record


def remember_base(state: State, readme: Path, data: bytes) -> tuple[Path, bytes]:
    """Note that ``data`` is the README at ``readme`` now; returns the base copy to write."""
    _record(state)["base"] = {"readme": state.key(readme), "sha256": sha256(data)}
    return base_file(state.layout), data


def load_base(state: State, readme: Path) -> bytes | None:
    """The README report-nb last wrote to ``readme``, if it can be found.

    The local copy first; else README.md itself when it is unchanged since report-nb wrote it;
    else (a fresh clone: copies are not committed) the version of README.md in git's history
    whose hash ``state.json`` records. None when none of them is there.
    """
    entry = _record(state).get("base")
    path = base_file(state.layout)
    if isinstance(entry, dict) and entry.get("readme") == state.key(readme):
        try:
            data = path.read_bytes()
        except OSError:
            data = None
        if data is not None and sha256(data) == entry.get("sha256"):
            return data
    recorded = state.files.get(state.key(readme))
    if recorded is None:
        return None
    if readme.is_file() and state.owns(readme):
        return readme.read_bytes()
    return _from_git(readme, recorded)


def _from_git(readme: Path, digest: str, depth: int = 50) -> bytes | None:
    """The version of ``readme`` in the last ``depth`` commits whose SHA-256 is ``digest``."""
    import subprocess

    def git(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            ["git", *args], cwd=readme.parent, capture_output=True, check=False, timeout=30
        )

    try:
        commits = git("log", "--format=%H", f"-n{depth}", "--", readme.name)
        for commit in commits.stdout.decode("ascii", "replace").split():
            shown = git("show", f"{commit}:./{readme.name}")
            if shown.returncode == 0 and sha256(shown.stdout) == digest:
                return shown.stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return None


def remember_merged(state: State, answers: dict[int, str]) -> None:
    """Note the answers a merge brought into the notebook."""
    merged = {str(number): sha256(text.encode("utf-8")) for number, text in answers.items()}
    _record(state).setdefault("answers", {}).update(merged)


def dropped_merges(state: State, report: Report) -> list[int]:
    """Questions whose merged answer the notebook no longer gives (see the module docstring)."""
    merged = _record(state).get("answers")
    if not isinstance(merged, dict) or not merged:
        return []
    now = {str(q.number): sha256(q.answer.text.encode("utf-8")) for q in report.questions}
    return sorted(int(n) for n, digest in merged.items() if n.isdigit() and now.get(n) != digest)


def forget_merged(state: State) -> None:
    """The notebook gives every merged answer and the README was rebuilt: stop guarding them."""
    _record(state).pop("answers", None)


def remember_backup(state: State, pair: dict[Path, bytes]) -> dict[Path, bytes]:
    """Back up the pair's files before a merge; returns the copies to write (path -> bytes)."""
    folder = backup_folder(state.layout)
    _record(state)["backup"] = {state.key(path): sha256(data) for path, data in pair.items()}
    return {folder / path.name: data for path, data in pair.items()}


def forget_backup(state: State) -> list[Path]:
    """The merge was undone: forget its backup (a second undo has nothing to undo).

    Returns the backup copies to remove.
    """
    copies = list(backups(state).values())
    record = _record(state)
    record.pop("backup", None)
    record.pop("wrote", None)
    return [copy for copy in copies if copy.is_file()]


def backups(state: State) -> dict[Path, Path]:
    """Pair file -> its backup copy, as the last merge kept them."""
    entry = _record(state).get("backup")
    if not isinstance(entry, dict):
        return {}
    folder = backup_folder(state.layout)
    inside = state.folder.resolve()
    found = {}
    for key in entry:
        path = state.folder / str(key)
        # state.json is committed and may be edited: never restore outside the notebook's folder
        if path.resolve().parent == inside:
            found[path] = folder / path.name
    return found


def remember_merge_result(state: State, pair: dict[Path, bytes]) -> None:
    """Note what the merge wrote to the pair, so an undo can tell later edits apart."""
    _record(state)["wrote"] = {state.key(path): sha256(data) for path, data in pair.items()}


def changed_since_merge(state: State) -> list[Path]:
    """Files of the pair edited after the last merge wrote them."""
    wrote = _record(state).get("wrote")
    if not isinstance(wrote, dict):
        return []
    changed = []
    for key, digest in wrote.items():
        path = state.folder / key
        current = sha256(path.read_bytes()) if path.is_file() else None
        if current != digest:
            changed.append(path)
    return changed


def remember_readme(state: State, readme: Path) -> None:
    """Before a merge records README.md as report-nb's: note whose it was, for an undo."""
    key = state.key(readme)
    record = _record(state)
    record["readme"] = {key: state.files.get(key, "")}
    base = record.get("base")
    record["based"] = base.get("sha256", "") if isinstance(base, dict) else ""


def restore_readme(state: State) -> None:
    """After an undo: README.md is report-nb's again only if it was before the merge."""
    record = _record(state)
    entry = record.pop("readme", None)
    base = record.get("base")
    if isinstance(base, dict) and base.get("sha256") != record.pop("based", None):
        # a build of the merged notebook since: its README holds the merged text, no base now
        record.pop("base", None)
    for key, digest in (entry or {}).items():
        if digest:
            state.files[key] = digest
        else:
            state.files.pop(key, None)


def created_by_merge(state: State) -> list[Path]:
    """Files of the pair the last merge created (no backup): an undo removes them."""
    record = _record(state)
    wrote, backup = record.get("wrote") or {}, record.get("backup") or {}
    inside = state.folder.resolve()
    paths = [state.folder / key for key in wrote if key not in backup]
    return [p for p in paths if p.resolve().parent == inside and p.is_file()]
