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

import re
from pathlib import Path

import jupytext
import nbformat
from nbformat import NotebookNode

from report_nb.core.template import render
from report_nb.errors import NotebookError, ReportFormatError, WouldOverwriteError
from report_nb.io import atomic_write_all
from report_nb.notebook.cells import KEY, TEXT_FORMAT, to_report

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


def choose_format(nb: NotebookNode, expected: str) -> str | None:
    """Pair in MyST if the text survives it, else in jupytext Markdown, else not at all.

    The choice is set in ``nb``'s metadata; the return value says why MyST was not used (None
    when it was).
    """
    for fmt, note in (
        (TEXT_FORMAT, None),
        (
            FALLBACK_FORMAT,
            "paired as jupytext Markdown: a line starting with '+++' or "
            "'```{code-cell}' would be read as a cell break in MyST",
        ),
    ):
        nb.metadata["jupytext"]["formats"] = f"ipynb,{fmt}"
        if _survives(nb, fmt, expected):
            return note
    nb.metadata["jupytext"]["formats"] = "ipynb"
    bad = _UNPRINTABLE.search(expected)
    where = f" (line {expected.count(chr(10), 0, bad.start()) + 1})" if bad else ""
    return (
        f"not paired with a text file: the README has a control character{where} that "
        "jupytext's text formats cannot hold; report.ipynb alone holds the text"
    )


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


def write_pair(
    nb: NotebookNode, nb_path: Path, *, force: bool = False, protected: tuple[Path, ...] = ()
) -> Path | None:
    """Write ``nb_path`` and its text pair (if any) atomically; returns the pair's path.

    Existing files are replaced only with ``force``.

    ``protected`` files (the README the notebook came from) are never replaced, even with force.
    """
    files = pair_files(nb, nb_path, force=force, protected=protected)
    atomic_write_all(files)
    return files[1][0] if len(files) > 1 else None


def pair_files(
    nb: NotebookNode, nb_path: Path, *, force: bool = False, protected: tuple[Path, ...] = ()
) -> list[tuple[Path, bytes]]:
    """What :func:`write_pair` writes, in that order (the .ipynb first), after its checks."""
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
    files = [(nb_path, (nbformat.writes(nb) + "\n").encode("utf-8"))]
    if text_path is not None and fmt is not None:
        # The text file is written last so that it is never older than the .ipynb: jupytext
        # then takes the inputs from it without a warning.
        files.append((text_path, jupytext.writes(nb, fmt).encode("utf-8")))
    return files


def read_notebook(path: str | Path) -> tuple[NotebookNode, Path]:
    """Read a report notebook given either file of the pair; returns it and the ``.ipynb`` path.

    Inputs come from the newer file of the pair (so edits made in either are seen), outputs from
    the ``.ipynb``.
    """
    path = Path(path)
    if not path.exists():
        raise ReportFormatError("no such file", path=path)
    try:
        if path.suffix == ".ipynb":
            nb_path, nb = path, jupytext.read(path)
            fmt = text_format(nb)
            text_path = pair_path(path, fmt) if fmt else None
            if (
                text_path
                and text_path.exists()
                and text_path.stat().st_mtime > path.stat().st_mtime
            ):
                nb = _combine(jupytext.read(text_path), nb, fmt or TEXT_FORMAT)
        else:
            text_nb = jupytext.read(path)
            nb_path, nb = path.with_suffix(".ipynb"), text_nb
            if nb_path.exists():
                nb = _combine(text_nb, jupytext.read(nb_path), text_format(text_nb) or TEXT_FORMAT)
    except (ValueError, KeyError, nbformat.ValidationError) as error:
        raise ReportFormatError(f"not a readable notebook: {error}", path=path) from None
    if KEY not in nb.metadata:
        raise NotebookError(
            "not a report-nb notebook (no 'report_nb' metadata)",
            path=path,
            hint="create one with 'report-nb import reports/README.md'",
        )
    return nb, nb_path


def _combine(inputs: NotebookNode, outputs: NotebookNode, fmt: str) -> NotebookNode:
    from jupytext.combine import combine_inputs_with_outputs

    return combine_inputs_with_outputs(inputs, outputs, fmt=fmt)
