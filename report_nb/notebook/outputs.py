"""Code cell outputs as answer Markdown: tables verbatim, figures as links, text as fenced blocks.

A code cell inside a question belongs to its answer; its source is never shown. Each output
becomes Markdown in order: ``text/markdown`` as is (a table made with ``IPython.display.Markdown``),
a PNG/JPEG figure as ``![alt](figures/NAME.png)`` once :mod:`report_nb.preprocessors.figures` has
named it, printed or returned plain text as a fenced block. Cells tagged ``hide-output`` (or
``remove-output``) add nothing. stderr and bare object reprs (``<Figure ... at 0x7f...>``) are
noise, not answer text, and are dropped.
"""

from __future__ import annotations

import re
from typing import Any

from nbformat import NotebookNode

from report_nb.errors import NotebookError
from report_nb.protocol import GLUE_MIME, INPUT_MIME, STALE_MIME

IMAGE_MIMES = ("image/png", "image/jpeg")
HIDE_TAGS = frozenset({"hide-output", "remove-output", "remove_output", "report-nb-hide"})

_OBJECT_REPR = re.compile(
    r"^\[?(?:<[^<>\n]* at 0x[0-9a-fA-F]+>,?\s*)+\]?$|^<Figure size [^>]*>$|^<[\w.]+ object>$"
)


def tags(cell: NotebookNode) -> set[str]:
    """A cell's tags."""
    return set(cell.get("metadata", {}).get("tags", []))


def cell_markdown(cell: NotebookNode, question: int) -> str:
    """The Markdown a code cell's stored outputs add to ``question``'s answer."""
    if tags(cell) & HIDE_TAGS:
        return ""
    parts: list[str] = []
    stdout: list[str] = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            if output.name == "stdout":
                stdout.append(output.text)
            continue
        if stdout:
            parts.append(_fenced("".join(stdout)))
            stdout = []
        if output.output_type == "error":
            raise NotebookError(
                f"a code cell failed: {output.ename}: {output.evalue}",
                question=question,
                hint="fix the cell and build again",
            )
        parts.append(_display(output, question))
    if stdout:
        parts.append(_fenced("".join(stdout)))
    return "\n\n".join(part for part in parts if part.strip())


def _display(output: NotebookNode, question: int) -> str:
    data: dict[str, Any] = output.get("data", {})
    if GLUE_MIME in data or STALE_MIME in data or INPUT_MIME in data:
        return ""
    if "text/markdown" in data:
        return _text(data["text/markdown"]).strip("\n")
    for mime in IMAGE_MIMES:
        if mime in data:
            name = output.get("metadata", {}).get("filenames", {}).get(mime)
            if not name:
                raise NotebookError(
                    "a figure has no file name yet",
                    question=question,
                    hint="build with 'report-nb build' so that figures are saved to figures/",
                )
            alt = output.get("metadata", {}).get("report_nb", {}).get("alt", "figure")
            return f"![{escape_alt(str(alt))}]({name})"
    if "text/plain" in data:
        text = _text(data["text/plain"])
        return "" if is_object_repr(text) else _fenced(text)
    return ""


def escape_alt(text: str) -> str:
    """Alt text that cannot end the image link early: brackets escaped, on one line."""
    one_line = " ".join(text.split())
    return one_line.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def is_object_repr(text: str) -> bool:
    """True for a bare object repr (``<Figure ... at 0x7f...>``, ``<...HTML object>``)."""
    return bool(_OBJECT_REPR.match(text.strip()))


def _text(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


def _fenced(text: str) -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}text\n{text.rstrip()}\n{fence}"
