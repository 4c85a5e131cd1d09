"""Build cache: reuse the last execution's outputs when nothing they depend on has changed.

Like Quarto's freeze, but keyed on more than the code: the code cells' sources, the parameters,
the kernel, the files the notebook declares (``report_nb.inputs`` in its metadata, and parameter
values that name files) and the files its cells reported reading at the last run
(``report_nb.kernel.record_input``, which every ``report_nb.live`` reader calls). Glued values are
outputs, so a cache hit keeps them. Markdown is not part of the key: editing prose never re-runs
code. The cache is one entry in ``.report-nb/cache/``; ``--no-cache`` skips it.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode

from report_nb.errors import NotebookError
from report_nb.io import atomic_write, sha256
from report_nb.notebook.metadata import KEY
from report_nb.protocol import INPUT_MIME
from report_nb.store.layout import Layout

#: Changes when report-nb's own outputs do (``MarkdownTable`` became an HTML ``<table>`` in 2):
#: outputs cached by an older report-nb are not reused.
OUTPUTS_VERSION = 2


def file_digest(path: Path) -> str | None:
    """SHA-256 of a file's content, None if it does not exist."""
    return sha256(path.read_bytes()) if path.is_file() else None


def declared_inputs(nb: NotebookNode, folder: Path, parameters: Mapping[str, Any]) -> list[Path]:
    """Files the notebook names as inputs: metadata globs and parameters that are file paths."""
    found: set[Path] = set()
    for pattern in nb.metadata.get(KEY, {}).get("inputs", []):
        try:
            found.update(p for p in folder.glob(pattern) if p.is_file())
        except (ValueError, NotImplementedError) as error:  # a pattern glob cannot read
            raise NotebookError(
                f"the notebook metadata report_nb.inputs holds {pattern!r}, which is not a file "
                f"pattern ({error})",
                hint="use patterns such as 'data/*.csv', relative to the notebook's folder",
            ) from None
    for value in parameters.values():
        if isinstance(value, str) and value and len(value) < 4096:
            candidate = folder / value
            if candidate.is_file():
                found.add(candidate)
    return sorted(found)


def cache_key(nb: NotebookNode, folder: Path, parameters: Mapping[str, Any], kernel: str) -> str:
    """Hash of everything but the recorded inputs that the outputs depend on."""
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    # relative to the notebook, so that the key does not depend on where the build was started
    inputs = {
        Path(os.path.relpath(p.resolve(), folder.resolve())).as_posix(): file_digest(p)
        for p in declared_inputs(nb, folder, parameters)
    }
    blob = json.dumps(
        {
            "code": code,
            "parameters": dict(parameters),
            "kernel": kernel,
            "inputs": inputs,
            "outputs": OUTPUTS_VERSION,
        },
        sort_keys=True,
        default=str,
    )
    return sha256(blob.encode("utf-8"))


def recorded_inputs(executed: NotebookNode) -> dict[str, str | None]:
    """Files the cells said they read, with their hashes at that time."""
    inputs: dict[str, str | None] = {}
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            payload = output.get("data", {}).get(INPUT_MIME)
            if isinstance(payload, dict) and "path" in payload:
                inputs[payload["path"]] = payload.get("sha256")
    return inputs


class BuildCache:
    """The last executed notebook and what it depended on."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.index = folder / "cache.json"
        self.notebook = folder / "executed.ipynb"

    def lookup(self, key: str) -> NotebookNode | None:
        """The cached executed notebook if ``key`` matches and no recorded input changed."""
        try:
            entry = json.loads(self.index.read_text(encoding="utf-8"))
            if entry.get("key") != key:
                return None
            for path, digest in entry.get("inputs", {}).items():
                if file_digest(Path(path)) != digest:
                    return None
            return nbformat.read(self.notebook, as_version=4)
        except (OSError, ValueError, nbformat.ValidationError):
            return None

    def lookup_any(self) -> NotebookNode | None:
        """The last executed notebook, whatever changed since (None if there is none)."""
        try:
            return nbformat.read(self.notebook, as_version=4)
        except (OSError, ValueError, nbformat.ValidationError):
            return None

    def store(self, key: str, executed: NotebookNode) -> None:
        """Remember ``executed`` under ``key`` with the inputs its cells recorded."""
        atomic_write(self.notebook, (nbformat.writes(executed) + "\n").encode("utf-8"))
        entry = {"key": key, "inputs": recorded_inputs(executed)}
        atomic_write(self.index, (json.dumps(entry, indent=1) + "\n").encode("utf-8"))


def with_outputs(nb: NotebookNode, executed: NotebookNode) -> NotebookNode:
    """``nb`` (current prose) with the outputs of ``executed``'s code cells, matched in order."""
    merged = copy.deepcopy(nb)
    done = iter([c for c in executed.cells if c.cell_type == "code"])
    for cell in merged.cells:
        if cell.cell_type == "code":
            source = next(done)
            cell.outputs = copy.deepcopy(source.get("outputs", []))
            cell.execution_count = source.get("execution_count")
    return merged


def last_outputs(nb: NotebookNode, folder: Path) -> tuple[NotebookNode, list[int]]:
    """``nb`` with the last build's outputs when its code is unchanged since that build.

    A build stores its outputs in the cache, not in the pair, so commands that render without
    executing (``export``, ``check`` of a notebook) take them from there. Returns the notebook
    and the indices of code cells whose outputs are unknown: changed since the last build, with
    nothing stored in the notebook either (empty when nothing is missing or nothing was built).
    """
    code = [c for c in nb.cells if c.cell_type == "code"]
    cached = BuildCache(Layout(folder).cache).lookup_any()
    if not code or cached is None:
        return nb, []
    if [c.source for c in cached.cells if c.cell_type == "code"] == [c.source for c in code]:
        return with_outputs(nb, cached), []
    built = {c.source for c in cached.cells if c.cell_type == "code"}
    missing = [
        index
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and not cell.get("outputs") and cell.source not in built
    ]
    return nb, missing
