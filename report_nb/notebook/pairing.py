"""The notebook on disk: ``report.ipynb`` and its jupytext-paired text file ``report.md``.

The text file uses jupytext's MyST Markdown format: answers stay plain Markdown that reads and
diffs like the README itself, cells are separated by one ``+++`` line, and code cells are explicit
``{code-cell}`` blocks, so a ```` ```python ```` sample inside an answer stays prose. MyST cannot
hold a line that starts with ``+++`` or ```` ```{code-cell} ```` inside a Markdown cell; a report
with such a line is paired in jupytext's plain Markdown format instead (cells in HTML-comment
regions), which can. Before anything is written, the pair is read back and compared with the
README, so a notebook that would lose text is never written.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import jupytext
import nbformat
from nbformat import NotebookNode

from report_nb.core.template import render
from report_nb.errors import NotebookError, ReportFormatError, WouldOverwriteError
from report_nb.io import read_text
from report_nb.notebook.cells import TEXT_FORMAT, to_report
from report_nb.notebook.validation import check_metadata

FALLBACK_FORMAT = "md"
#: Names the paired files may never take in a student's reports/ folder.
RESERVED_NAMES = frozenset({"readme.md", "report.py", "report.html"})


def text_format(nb: NotebookNode) -> str | None:
    """The jupytext format of the notebook's text pair, from its metadata (None: unpaired)."""
    formats = nb.metadata.get("jupytext", {}).get("formats", f"ipynb,{TEXT_FORMAT}")
    return next((f for f in formats.split(",") if f != "ipynb"), None)


def pair_path(nb_path: Path, fmt: str = TEXT_FORMAT) -> Path:
    """Where the text pair of ``nb_path`` lives: same folder and name, ``.md``."""
    return nb_path.with_suffix("." + fmt.split(":")[0])


def text_half(nb: NotebookNode, nb_path: Path) -> Path | None:
    """The pair's text file (``report.md``) if the notebook is paired and it exists."""
    fmt = text_format(nb)
    path = pair_path(nb_path, fmt) if fmt is not None else None
    return path if path is not None and path.is_file() else None


def edited_half(nb_path: Path) -> Path:
    """The file of the pair a group edits and commits: ``report.md`` if it exists."""
    text = nb_path.with_suffix(".md")
    return text if text.is_file() else nb_path


def choose_format(nb: NotebookNode, expected: str) -> str | None:
    """Pair in MyST if the text survives it, else in jupytext Markdown, else not at all.

    The choice is set in ``nb``'s metadata; the return value says why MyST was not used (None
    when it was).
    """
    for fmt in (TEXT_FORMAT, FALLBACK_FORMAT):
        nb.metadata["jupytext"]["formats"] = f"ipynb,{fmt}"
        if _survives(nb, fmt, expected):
            return None if fmt == TEXT_FORMAT else f"paired as jupytext Markdown: {_why(expected)}"
    nb.metadata["jupytext"]["formats"] = "ipynb"
    return (
        f"not paired with a text file: {_why(expected)}, which jupytext's text formats cannot "
        "hold; report.ipynb alone holds the text"
    )


def _why(text: str) -> str:
    """What in ``text`` a text format cannot hold: a MyST cell break, or a control character."""
    breaks = _MYST_BREAK.search(text)
    if breaks:
        line = text.count("\n", 0, breaks.start()) + 1
        return f"line {line} starts with {breaks.group(1)!r}, which MyST reads as a cell break"
    bad = _UNPRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        return f"line {line} has the control character {bad.group()!r}"
    return "MyST does not give the text back unchanged"


#: Lines MyST reads as cell breaks or code cells: ``+++`` and ````` ```{code-cell} `````.
_MYST_BREAK = re.compile(r"^[ \t]*(\+\+\+|```+\s*\{code-cell\})", re.MULTILINE)


# Characters YAML (and so jupytext's readers) refuse anywhere in a text notebook.
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _survives(nb: NotebookNode, fmt: str, expected: str) -> bool:
    try:
        again = jupytext.reads(jupytext.writes(nb, fmt), fmt)
        return render(to_report(again)) == expected
    except NotebookError:
        return False
    except Exception:  # jupytext's readers fail on some text (YAML refuses control characters)
        return False


def pair_files(
    nb: NotebookNode, nb_path: Path, *, force: bool = False, protected: tuple[Path, ...] = ()
) -> list[tuple[Path, bytes]]:
    """The pair's files to write, in that order (the .ipynb first), after their checks."""
    fmt = text_format(nb)
    text_path = pair_path(nb_path, fmt) if fmt else None
    for path in (nb_path, text_path) if text_path else (nb_path,):
        owned = {p.resolve() for p in protected}
        if path.name.lower() in RESERVED_NAMES or path.resolve() in owned:
            raise WouldOverwriteError(
                f"the notebook pair would be written to {path.name}, a file the course owns",
                path=path,
                hint="choose another notebook name with -o, e.g. reports/report.ipynb",
            )
        if path.exists() and not force:
            raise WouldOverwriteError(
                "already exists; nothing was written", path=path, hint="pass --force to replace it"
            )
    return list(notebook_bytes(nb, nb_path).items())


def notebook_bytes(nb: NotebookNode, nb_path: Path) -> dict[Path, bytes]:
    """The files of the pair and their content, the ``.ipynb`` first.

    The text file comes last, so that written in this order it is never older than the
    ``.ipynb``: jupytext then takes the inputs from it without a warning.
    """
    files = {nb_path: (nbformat.writes(nb) + "\n").encode("utf-8")}
    fmt = text_format(nb)
    if fmt is not None:
        files[pair_path(nb_path, fmt)] = jupytext.writes(nb, fmt).encode("utf-8")
    return files


def read_notebook(path: str | Path) -> tuple[NotebookNode, Path]:
    """Read a report notebook given either file of the pair; returns it and the ``.ipynb`` path.

    jupytext's own pairing rules decide, as ``jupytext --sync`` does: the inputs come from the
    most recently modified file of the pair (so edits made in either, in JupyterLab, VS Code or a
    text editor, are seen), the outputs from the ``.ipynb``; both names give the same notebook.
    """
    path = Path(path)
    if not path.exists():
        raise ReportFormatError("no such file", path=path)
    named = _read_one(path)
    pairing = named.metadata.get("jupytext")
    formats = pairing.get("formats") if isinstance(pairing, dict) else None
    if formats is not None and not isinstance(formats, str):
        raise NotebookError("the notebook's jupytext.formats is not text", path=path)
    nb = _read_pair(path, named, formats) if formats else named
    check_metadata(nb, path)
    return nb, path if path.suffix == ".ipynb" else path.with_suffix(".ipynb")


def _read_pair(path: Path, named: NotebookNode, formats: str) -> NotebookNode:
    """Inputs and outputs from the newest files of the pair, chosen by jupytext."""
    from jupytext.formats import JupytextFormatError, long_form_multiple_formats
    from jupytext.paired_paths import InconsistentPath, find_base_path_and_format
    from jupytext.pairs import latest_inputs_and_outputs
    from jupytext.sync_pairs import read_pair

    def read_one(other: str, fmt: dict[str, Any]) -> NotebookNode:
        return named if Path(other) == path else _read_one(Path(other), fmt)

    try:
        long_formats = long_form_multiple_formats(formats)
        _, fmt = find_base_path_and_format(str(path), long_formats)
        inputs, outputs = latest_inputs_and_outputs(str(path), fmt, long_formats, _timestamp)
        return read_pair(inputs, outputs, read_one)
    except (InconsistentPath, JupytextFormatError) as error:
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise NotebookError(
            f"jupytext cannot pair this notebook: {message}",
            path=path,
            hint=f"run 'jupytext --sync {path}' to see which file to keep",
        ) from None


def _timestamp(path: str) -> float | None:
    """When a file of the pair was last modified (None if it does not exist), as jupytext asks."""
    try:
        return os.lstat(path).st_mtime
    except OSError:
        return None


def _read_one(path: Path, fmt: dict[str, Any] | None = None) -> NotebookNode:
    """One file of the pair, with an error naming that file if it is not a notebook."""
    if path.suffix != ".ipynb":  # a text file: refuse binary or non-UTF-8 bytes by name first
        text = read_text(path)
    try:
        if path.suffix != ".ipynb":
            return jupytext.reads(text, fmt=fmt or path.suffix.lstrip("."))
        return jupytext.read(path, fmt=fmt)
    except Exception as error:  # jupytext and YAML raise many kinds on text that is not a notebook
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ReportFormatError(f"not a readable notebook: {message}", path=path) from None
