"""The record of what report-nb wrote, kept in ``.report-nb/state.json`` beside the notebook.

report-nb may replace a file only if it wrote that exact content itself (or read it at import).
The record holds a SHA-256 per file, keyed by the path relative to the notebook's folder, so that a
README edited by hand, or a figure a student put in ``figures/``, is never overwritten or removed.
``state.json`` is small and meant to be committed; the rest of ``.report-nb/`` (build copies,
cache) is ignored by the ``.gitignore`` written there.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from report_nb.errors import ReportFormatError
from report_nb.io import atomic_write, sha256, utf8_json
from report_nb.store.layout import GITIGNORE, Layout

#: A record larger than this is no record of report-nb's (a few KiB for a real report).
MAX_BYTES = 2**20
_HEX = re.compile(r"^[0-9a-f]{64}$")
#: Records of this clone's own copies: kept in ``.report-nb/local.json``, never committed.
LOCAL_KEYS = ("merge",)
#: Records older versions kept in ``state.json`` that are now this clone's own elsewhere (the
#: pair's, in ``.report-nb/pair/``): a pulled one is a teammate's, so it is ignored.
_LEGACY_KEYS = ("pair",)


class StateError(ReportFormatError):
    """``state.json`` is not a record report-nb can read (not JSON, conflict markers, huge)."""


def load(path: Path) -> dict[str, Any]:
    """The record at ``path``, cleaned (see :func:`clean`); empty if there is none.

    Raises :class:`StateError` for a file that is no record at all: refusing is safer than
    guessing, since without the record report-nb would take no file for its own.
    """
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return {"files": {}}
    except OSError as error:
        raise StateError(f"cannot read: {error.strerror}", path=path) from None
    hint = (
        "delete it and run the command again: report-nb then takes no output for its own and "
        "asks before replacing any; 'report-nb config-git' lets git merge it"
    )
    if len(raw) > MAX_BYTES:
        raise StateError(
            f"larger than {MAX_BYTES} bytes: not report-nb's record", path=path, hint=hint
        )
    if re.search(rb"^(<<<<<<<|>>>>>>>)", raw, re.MULTILINE):
        raise StateError("holds git conflict markers", path=path, hint=hint)
    try:
        loaded = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise StateError("not UTF-8: not report-nb's record", path=path, hint=hint) from None
    except RecursionError:
        raise StateError(
            "nested too deeply: not report-nb's record", path=path, hint=hint
        ) from None
    except ValueError as error:
        line = getattr(error, "lineno", None)
        raise StateError("not valid JSON", path=path, line=line, hint=hint) from None
    if not isinstance(loaded, dict):
        raise StateError("not a JSON object: not report-nb's record", path=path, hint=hint)
    if not utf8_json(loaded):  # half a character names no file and cannot be written back
        raise StateError("holds a lone surrogate: not report-nb's record", path=path, hint=hint)
    return clean(loaded)


def clean(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with every entry of the wrong shape dropped.

    Dropping is the safe direction: a file whose hash is dropped is no longer report-nb's, so a
    build asks before replacing it rather than replacing it.
    """
    out: dict[str, Any] = {"files": _hashes(data.get("files"))}
    figures = data.get("figures")
    if isinstance(figures, list):
        out["figures"] = sorted({f for f in figures if _names_a_file(f)})
    stale = data.get("stale")
    if isinstance(stale, dict):
        out["stale"] = {
            q: [s for s in v if isinstance(s, str)]
            for q, v in stale.items()
            if q.isdigit() and isinstance(v, list)
        }
    merge = data.get("merge")
    if isinstance(merge, dict):
        out["merge"] = _clean_merge(merge)
    pair = _hashes(data.get("pair"))
    if pair:
        out["pair"] = pair  # the pair's files and "base" (its copy) as report-nb last saw them
    return out


def _hashes(value: object) -> dict[str, str]:
    """A mapping of relative path -> SHA-256, without the entries of any other shape."""
    if not isinstance(value, dict):
        return {}
    return {
        k: v for k, v in value.items() if _names_a_file(k) and isinstance(v, str) and _HEX.match(v)
    }


def _names_a_file(name: object) -> bool:
    """Whether ``name`` can be a file's path at all (no NUL byte, which no system allows)."""
    return isinstance(name, str) and bool(name) and "\0" not in name


def _clean_merge(merge: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    base = merge.get("base")
    if (
        isinstance(base, dict)
        and isinstance(base.get("readme"), str)
        and isinstance(base.get("sha256"), str)
    ):
        out["base"] = {"readme": base["readme"], "sha256": base["sha256"]}
    for key in ("answers", "backup", "wrote"):
        hashes = _hashes(merge.get(key))
        if hashes:
            out[key] = hashes
    if isinstance(merge.get("based"), str):
        out["based"] = merge["based"]
    readme = merge.get("readme")
    if isinstance(readme, dict):  # whose README.md was before the merge ("" for nobody's)
        out["readme"] = {
            k: v for k, v in readme.items() if isinstance(v, str) and (not v or _HEX.match(v))
        }
    return out


class State:
    """Hashes of the files report-nb wrote or imported, plus build facts (cache key, stale data)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.layout = Layout(self.folder)
        self.path = self.layout.state
        self.local = self.layout.root / "local.json"
        self.data: dict[str, Any] = load(self.path)
        # The merge record describes this clone's copies under .report-nb/merge/: it lives in
        # local.json, never committed, so that a pull cannot bring a teammate's (older
        # versions kept it in state.json: ignored)
        for key in (*LOCAL_KEYS, *_LEGACY_KEYS):
            self.data.pop(key, None)
        local = load(self.local)
        self.data.update({key: local[key] for key in LOCAL_KEYS if key in local})

    @property
    def files(self) -> dict[str, str]:
        """Relative path -> SHA-256 of the content report-nb wrote there."""
        return self.data["files"]

    def key(self, path: str | Path) -> str:
        """How ``path`` is named in the record: relative to the notebook's folder, with ``/``."""
        return Path(os.path.relpath(Path(path).resolve(), self.folder.resolve())).as_posix()

    def owns(self, path: str | Path) -> bool:
        """True if ``path`` is missing or holds exactly what report-nb last wrote or imported."""
        path = Path(path)
        if not path.exists():
            return True
        return self.files.get(self.key(path)) == sha256(path.read_bytes())

    def record(self, path: str | Path, data: bytes) -> None:
        """Remember that ``path`` now holds ``data``, written or read by report-nb."""
        self.files[self.key(path)] = sha256(data)

    def forget(self, path: str | Path) -> None:
        """Drop ``path`` from the record (after report-nb removed it)."""
        self.files.pop(self.key(path), None)

    def stale(self, path: str | Path) -> dict[int, list[str]]:
        """Questions whose data came from offline snapshots in the build that wrote ``path``.

        Empty unless ``path`` still holds exactly what that build wrote.
        """
        if not Path(path).exists() or self.key(path) not in self.files or not self.owns(path):
            return {}
        return {int(q): list(s) for q, s in self.data.get("stale", {}).items()}

    def encoded(self) -> dict[Path, bytes]:
        """The files :meth:`save` writes: the record, ``local.json``, a missing ``.gitignore``."""
        ignore = self.layout.gitignore
        files = {} if ignore.exists() else {ignore: GITIGNORE.encode("utf-8")}
        shared = {k: v for k, v in self.data.items() if k not in LOCAL_KEYS}
        local = {k: self.data[k] for k in LOCAL_KEYS if k in self.data}
        files[self.path] = _encode(shared)
        if local or self.local.exists():
            files[self.local] = _encode({"files": {}, **local})
        return files

    def save(self) -> None:
        """Write the record (and the folder's ``.gitignore``) atomically."""
        for path, data in self.encoded().items():
            atomic_write(path, data)


def _encode(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8")
