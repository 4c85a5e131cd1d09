"""The write phase of a build: who may replace each output, and writing them all as one commit.

The ownership rule is the same for every output (README.md, ``report.html``, every figure): a
build replaces or removes a file only if it still holds exactly what report-nb wrote there, as
``state.json`` records it. A figure name taken by a file report-nb never wrote is refused (rename
the figure); an output changed since report-nb wrote it is refused unless ``--force``. A figure
an earlier build wrote and this one no longer produces is removed if it is unchanged, else kept
and forgotten. Everything, ``state.json`` included, is then written by one
:func:`report_nb.store.transaction.commit`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from report_nb.errors import WouldOverwriteError
from report_nb.io import sha256
from report_nb.store.state import State
from report_nb.store.transaction import commit


def write_outputs(
    state: State,
    files: Mapping[Path, bytes],
    figures: Mapping[Path, bytes],
    stale: Mapping[int, list[str]],
    *,
    figure_folder: Path,
    private: Mapping[Path, bytes] | None = None,
    protected: Iterable[Path] = (),
    force: bool = False,
) -> tuple[list[Path], list[Path]]:
    """Write ``files`` (``figures`` among them), drop stale figures, record it all in ``state``.

    ``private`` files (under ``.report-nb/``) are written in the same transaction but are no
    outputs: not recorded, not reported. ``protected`` files (the pair, the README's source,
    the course's ``report.py``) are never removed, whatever ``state.json`` says. Returns the
    paths written (content changed) and removed. Refuses, with nothing written, when the
    ownership rule forbids replacing one.
    """
    refuse_unowned(state, files, figures, force=force)
    changed = sorted(p for p, data in files.items() if _content(p) != data)
    removed = _stale_figures(state, set(figures), figure_folder, protected)
    for path, data in files.items():
        state.record(path, data)
    state.data["stale"] = {str(q): list(s) for q, s in stale.items()}
    commit(state.folder, {**files, **(private or {}), **state.encoded()}, removed)
    return changed, removed


def refuse_unowned(
    state: State, files: Mapping[Path, bytes], figures: Mapping[Path, bytes], *, force: bool
) -> None:
    """Raise :class:`WouldOverwriteError` for the first output the build may not replace."""
    for path, data in files.items():
        current = _content(path)
        if current is None or current == data:
            continue
        recorded = state.files.get(state.key(path))
        if recorded is None and path in figures:
            raise WouldOverwriteError(
                "a figure of the report would replace this file, which report-nb did not write; "
                "nothing was written",
                path=path,
                hint="give the figure another name (ReportFigure(fig, name=...) or the cell's "
                "report_nb.figure metadata), or move your file",
            )
        if force or recorded == sha256(current):
            continue
        what = "was changed after report-nb wrote it" if recorded else "report-nb did not write it"
        raise WouldOverwriteError(
            f"{what}; nothing was written", path=path, hint="pass --force to overwrite it"
        )


def _stale_figures(
    state: State, current: set[Path], folder: Path, protected: Iterable[Path]
) -> list[Path]:
    """Figures the last build wrote and this one does not: remove if unchanged, else forget.

    ``state.json`` is committed, so anyone may have edited it: a file is removed only if it lies
    in the figure folder (symlinks resolved), is not ``protected`` and still holds exactly the
    bytes whose hash the record gives. Everything else listed is only forgotten.
    """
    keep = {state.key(path) for path in current}
    earlier = state.data.get("figures")
    if earlier is None:  # a record from before the figure list: the figure folder's files
        prefix = state.key(folder) + "/"
        earlier = [key for key in state.files if key.startswith(prefix)]
    removed = []
    for key in sorted(earlier):
        if key in keep:
            continue
        path = state.folder / key
        if _removable(state, path, folder, protected):
            removed.append(path)
        state.forget(path)
    state.data["figures"] = sorted(keep)
    return removed


def _removable(state: State, path: Path, folder: Path, protected: Iterable[Path]) -> bool:
    """True if ``path`` is a figure report-nb wrote, unchanged, in the figure folder."""
    try:
        resolved = path.resolve()
        inside = resolved.parent == folder.resolve() and resolved.is_file()
    except (OSError, RuntimeError):  # a symlink loop
        return False
    never = {p.resolve() for p in protected} | {state.layout.root.resolve()}
    if not inside or resolved in never or resolved.parent in never:
        return False
    recorded = state.files.get(state.key(path))
    return recorded is not None and recorded == sha256(resolved.read_bytes())


def _content(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
