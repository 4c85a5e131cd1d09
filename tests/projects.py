"""Student projects for build tests: a ``reports/`` folder with a README made by ``builders``,
imported, then code cells added under chosen questions, as a student would in JupyterLab."""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import nbformat

from report_nb.commands.importing import import_readme
from report_nb.io import atomic_write
from report_nb.notebook.pairing import pair_files

from builders import make_report, passing


def make_project(
    folder: Path,
    *,
    answers: Mapping[int, str] | None = None,
    edits: Mapping[int, str] | None = None,
    code: Mapping[int, Sequence[str | nbformat.NotebookNode]] | None = None,
    parameters: str | None = None,
) -> Path:
    """``folder/reports`` with README.md, report.py and a notebook pair; returns the notebook.

    ``answers`` go into the README before the import, ``edits`` into answer cells after it (where
    ``{{ name }}`` placeholders are live), ``code`` cells are added below a question's answer.
    """
    reports = folder / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    (reports / "README.md").write_text(
        make_report(fill=passing, answers=dict(answers or {})), encoding="utf-8"
    )
    (reports / "report.py").write_text("# the course's own checker\n", encoding="utf-8")
    add_figures(reports / "README.md")
    nb_path, _ = import_readme(reports / "README.md").written
    nb = nbformat.read(nb_path, as_version=4)

    def answer_index(question: int) -> int:
        return next(
            i
            for i, c in enumerate(nb.cells)
            if c.metadata.get("report_nb", {}).get("question") == question
            and c.metadata["report_nb"]["kind"] == "answer"
        )

    for question, text in (edits or {}).items():
        nb.cells[answer_index(question)].source = text
    for question, sources in sorted((code or {}).items(), reverse=True):
        index = answer_index(question)
        cells = [
            s if isinstance(s, nbformat.NotebookNode) else nbformat.v4.new_code_cell(s)
            for s in sources
        ]
        nb.cells[index + 1 : index + 1] = cells
    if parameters is not None:
        nb.cells.insert(0, nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}))
    write_pair(nb, nb_path, force=True)
    return nb_path


def write_pair(nb: nbformat.NotebookNode, nb_path: Path, *, force: bool = False) -> Path | None:
    """Save the notebook pair as JupyterLab with jupytext does: each file atomically, no lock.

    An editor takes no report-nb lock and writes no journal: it may save while a build writes.
    """
    files = pair_files(nb, nb_path, force=force)
    for path, data in files:
        atomic_write(path, data)
    return files[1][0] if len(files) > 1 else None


def add_figures(readme: Path) -> None:
    """Write a small PNG for every ``figures/...png`` the README links, as a student would."""
    for name in re.findall(r"\]\((figures/[^)]+\.png)\)", readme.read_text(encoding="utf-8")):
        (readme.parent / name).parent.mkdir(exist_ok=True)
        (readme.parent / name).write_bytes(tiny_png())


def tiny_png(rgb: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    """A valid 1x1 PNG: a student's screenshot stand-in."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" + bytes(rgb))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (but the build's own folder) with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".report-nb" not in p.parts
    }
