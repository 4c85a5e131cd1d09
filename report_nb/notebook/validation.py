"""A notebook is untrusted input: every shape report-nb reads from it is checked before any use.

JupyterLab, another tool or a hand edit can leave anything in a ``.ipynb``: metadata of the wrong
type, a line ending that is a NUL byte, input patterns naming ``/etc``, outputs of an unknown type,
an ``image/png`` that is not base64 or not a PNG, Markdown nested deeper than a renderer can
follow. :func:`check_metadata` finds the first such problem and raises
:class:`~report_nb.errors.NotebookError` naming the file and the cell (exit 2), before anything
is rendered, executed or written.
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from nbformat import NotebookNode

from report_nb.core import nesting, sniff
from report_nb.core.rules import PROFILE_CHOICES
from report_nb.errors import NotebookError
from report_nb.io import utf8_json
from report_nb.notebook.metadata import KEY, cell_info, question_order_problem

NEWLINES = ("\n", "\r\n", "\r")
CELL_TYPES = ("markdown", "code", "raw")
OUTPUT_TYPES = ("stream", "display_data", "execute_result", "error")
#: Image MIME types whose value is base64 (SVG is text).
BASE64_IMAGES = ("image/png", "image/jpeg", "image/gif", "image/webp")
_LEAD = re.compile(r"[ \t\f\v\r\n]*")
_SPACE = re.compile(rb"\s+")
_FIX_CELL = "fix the cell, clear its outputs, or restore the notebook from git"


def check_metadata(nb: NotebookNode, path: str | Path | None = None) -> None:
    """Check the notebook's ``report_nb`` metadata and every cell; raise on the first problem.

    Raises :class:`NotebookError` naming the file and the cell, so that a notebook broken by
    hand or by another tool is a one-line error instead of a crash deep in the build.
    """
    info = nb.metadata.get(KEY)
    if not isinstance(info, dict):
        shown = "no" if info is None else f"{type(info).__name__}, not a mapping, as its"
        raise NotebookError(
            f"not a report-nb notebook ({shown} 'report_nb' metadata)",
            path=path,
            hint="create one with 'report-nb import reports/README.md'",
        )
    problem = _metadata_problem(info)
    if problem:
        raise NotebookError(
            f"the notebook metadata {problem}",
            path=path,
            hint="fix the notebook's metadata (Property Inspector in JupyterLab), or restore it "
            "from git",
        )
    if not isinstance(nb.get("cells"), list):
        raise NotebookError(
            "the notebook's cells are not a list", path=path, hint="restore it from git"
        )
    for number, cell in enumerate(nb.cells, start=1):
        problem = cell_problem(cell)
        if problem:
            raise NotebookError(f"cell {number}: {problem}", path=path, hint=_FIX_CELL)
    order = question_order_problem(
        [cell_info(c).get("question") for c in nb.cells if cell_info(c).get("kind") == "prompt"]
    )
    if order is not None:
        message, question, hint = order
        raise NotebookError(message, path=path, question=question, hint=hint)
    if not utf8_json(nb):
        where = next(
            (f"cell {n}" for n, cell in enumerate(nb.cells, start=1) if not utf8_json(cell)),
            "the notebook metadata",
        )
        raise NotebookError(
            f"{where} holds a lone surrogate (an escape such as \\ud800 with no pair), which no "
            "UTF-8 file can store",
            path=path,
            hint=_FIX_CELL,
        )


def _metadata_problem(info: dict[str, Any]) -> str | None:
    for key in ("newline", "lead", "profile"):  # "source" is checked where it is used
        if key in info and not isinstance(info[key], str):
            return f"report_nb.{key} is not text"
    if info.get("newline", "\n") not in NEWLINES:
        return f"report_nb.newline is {info['newline']!r}, not a line ending (\\n, \\r\\n or \\r)"
    if not _LEAD.fullmatch(info.get("lead", "")):
        return "report_nb.lead holds more than the blank lines a README may start with"
    if info.get("profile", "auto") not in PROFILE_CHOICES:
        return f"report_nb.profile is {info['profile']!r}, not one of {', '.join(PROFILE_CHOICES)}"
    front = info.get("front_matter")
    if front is not None and not (isinstance(front, dict) and isinstance(front.get("text"), str)):
        return "report_nb.front_matter is not a mapping with its text"
    return inputs_problem(info.get("inputs", []))


def inputs_problem(inputs: Any) -> str | None:
    """Why ``report_nb.inputs`` is not a list of file patterns inside the notebook's folder."""
    if not isinstance(inputs, list) or not all(isinstance(p, str) and p for p in inputs):
        shown = _short(inputs)
        return f"report_nb.inputs is {shown}, not a list of file patterns such as ['data/*.csv']"
    for pattern in inputs:
        if (
            "\0" in pattern
            or len(pattern) > 1024
            or PurePosixPath(pattern).is_absolute()
            or PureWindowsPath(pattern).is_absolute()
            or PureWindowsPath(pattern).drive
            or ".." in PurePosixPath(pattern).parts
        ):
            return (
                f"report_nb.inputs holds {_short(pattern)}: input patterns must be relative to "
                "the notebook's folder and stay inside it"
            )
        try:  # the pattern is compiled before any folder is read: no file is touched
            next(iter(Path("/nonexistent-report-nb").glob(pattern)), None)
        except (ValueError, NotImplementedError) as error:
            return (
                f"report_nb.inputs holds {_short(pattern)}, which is not a file pattern ({error})"
            )
    return None


def cell_problem(cell: NotebookNode) -> str | None:
    """What is wrong with one cell's source, metadata or stored outputs (None: nothing)."""
    if not isinstance(cell, dict):
        return f"it is {_short(cell)}, not a cell"
    if cell.get("cell_type") not in CELL_TYPES:
        return (
            f"its cell_type is {_short(cell.get('cell_type'))}, not one of {', '.join(CELL_TYPES)}"
        )
    if not isinstance(cell.get("source"), str):
        return f"its source is {type(cell.get('source')).__name__}, not text"
    problem = _cell_metadata_problem(cell.get("metadata", {}))
    if problem:
        return problem
    if cell.get("cell_type") == "markdown":
        return _depth_problem(cell.get("source", ""), "its text")
    if cell.get("cell_type") != "code":
        return None
    outputs = cell.get("outputs", [])
    if not isinstance(outputs, list):
        return "its outputs are not a list"
    for number, output in enumerate(outputs, start=1):
        problem = _output_problem(output)
        if problem:
            return f"output {number}: {problem}"
    return None


def _cell_metadata_problem(meta: Any) -> str | None:
    if not isinstance(meta, dict):
        return "its metadata is not a mapping"
    info = meta.get(KEY, {})
    if not isinstance(info, dict):
        return f"its report_nb metadata is a {type(info).__name__}, not a mapping"
    question = info.get("question")
    if question is not None and (not isinstance(question, int) or isinstance(question, bool)):
        return f"its report_nb.question is {question!r}, not a number"
    if not isinstance(info.get("kind", ""), str) or not isinstance(info.get("trail", ""), str):
        return "its report_nb.kind and report_nb.trail must be text"
    eol = info.get("eol")
    if eol is not None and not (isinstance(eol, list) and all(e in NEWLINES for e in eol)):
        return "its report_nb.eol must be a list of line endings"
    tags = meta.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        return "its tags are not a list of text"
    return None


def _output_problem(output: Any) -> str | None:
    if not isinstance(output, dict):
        return f"it is {_short(output)}, not an output"
    kind = output.get("output_type")
    if kind not in OUTPUT_TYPES:
        return f"its output_type is {_short(kind)}, not one of {', '.join(OUTPUT_TYPES)}"
    if kind == "stream":
        if not isinstance(output.get("name"), str) or not _is_text(output.get("text")):
            return "a stream output needs a name and text"
        return None
    if kind == "error":
        if not all(isinstance(output.get(k), str) for k in ("ename", "evalue")):
            return "an error output needs ename and evalue as text"
        return None
    data, metadata = output.get("data", {}), output.get("metadata", {})
    if not isinstance(data, dict) or not isinstance(metadata, dict):
        return "its data and metadata must be mappings"
    for mime, value in data.items():
        problem = _data_problem(mime, value)
        if problem:
            return f"its {mime} {problem}"
    return None


def _data_problem(mime: str, value: Any) -> str | None:
    """What is wrong with one MIME type's value in an output's data."""
    if mime in BASE64_IMAGES:
        if not _is_text(value):
            return f"is {_short(value)}, not base64 text"
        text = value if isinstance(value, str) else "".join(value)
        try:
            data = base64.b64decode(_SPACE.sub(b"", text.encode("ascii")), validate=True)
        except (binascii.Error, UnicodeEncodeError):
            return "is not valid base64"
        return sniff.mismatch(mime, data)
    if mime.startswith("text/") or mime == "image/svg+xml":
        if not _is_text(value):
            return f"is {_short(value)}, not text"
        if mime == "text/markdown":
            return _depth_problem(value if isinstance(value, str) else "".join(value), "its text")
    return None


def _depth_problem(text: str, what: str) -> str | None:
    offset = nesting.too_deep(text) if len(text) > nesting.MAX_DEPTH else None
    if offset is None:
        return None
    line = text.count("\n", 0, offset) + 1
    return f"line {line} of {what}: {nesting.message(text, offset)}"


def _is_text(value: Any) -> bool:
    return isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(v, str) for v in value)
    )


def _short(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."
