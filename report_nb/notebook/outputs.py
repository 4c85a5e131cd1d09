"""Code cell outputs as answer Markdown that GitHub and the hand-in page render alike.

A code cell inside a question belongs to its answer; its source is never shown. Each output
becomes Markdown in order: ``text/markdown`` as is (a :class:`~report_nb.live.tables.MarkdownTable`
gives an HTML ``<table>``), a PNG/JPEG figure as ``![alt](figures/NAME.png)`` once
:mod:`report_nb.preprocessors.figures` has named it, printed or returned plain text as a code block
indented by 4 spaces after a blank line. Not a ```` ``` ```` fence: the hand-in page
(Python-Markdown without extensions, :mod:`report_nb.core.handin`) shows a fence as one line of
inline code, while both renderers show an indented block as code. :func:`join_blocks` puts an
empty HTML comment between a list and such a block, which would otherwise continue the list's
last item in both. Cells tagged ``hide-output`` (or ``remove-output``) add nothing. stderr and bare
object reprs (``<Figure ... at 0x7f...>``) are noise, not answer text, and are dropped.
"""

from __future__ import annotations

import re
from typing import Any

from nbformat import NotebookNode

from report_nb.errors import NotebookError
from report_nb.protocol import GLUE_MIME, INPUT_MIME, STALE_MIME

IMAGE_MIMES = ("image/png", "image/jpeg")
HIDE_TAGS = frozenset({"hide-output", "remove-output", "remove_output", "report-nb-hide"})

#: Ends a list before an indented code block: an empty HTML comment, one word for the checker.
LIST_END = "<!---->"
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")

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
            parts.append(indented("".join(stdout)))
            stdout = []
        if output.output_type == "error":
            raise NotebookError(
                f"a code cell failed: {output.ename}: {output.evalue}",
                question=question,
                hint="fix the cell and build again",
            )
        parts.append(_display(output, question))
    if stdout:
        parts.append(indented("".join(stdout)))
    return join_blocks([part for part in parts if part.strip()])


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
        return "" if is_object_repr(text) else indented(text)
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


def indented(text: str) -> str:
    r"""Printed text as a code block indented by 4 spaces (the caller puts a blank line before).

    Tabs are expanded to stops of 4, as Python-Markdown does, so both renderers align alike;
    ``\r`` line ends become ``\n``; blank lines around the text are dropped.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join("    " + line if line else "" for line in lines)


def join_blocks(parts: list[str]) -> str:
    """Blocks of an answer separated by blank lines, with :data:`LIST_END` where one is needed.

    After a blank line, text indented by 4 spaces continues the last item of a list above it
    (GitHub and Python-Markdown agree on that): an indented code block that follows a list
    gets an empty comment in between, which ends the list in both.
    """
    joined: list[str] = []
    for part in parts:
        if joined and part.startswith("    ") and ends_in_list(joined[-1]):
            joined.append(LIST_END)
        joined.append(part)
    return "\n\n".join(joined)


def ends_in_list(text: str) -> bool:
    """Whether a block of Markdown ends inside a list (an item, or an indented continuation)."""
    lines = [line for line in text.rstrip().split("\n") if line.strip()]
    if not lines or all(line.startswith(("    ", "\t")) for line in lines):
        return False  # nothing, or a code block: the next block of code just continues it
    last_block = _BLANK_LINE.split(text.rstrip())[-1]
    return (
        lines[-1][:1] in (" ", "\t")
        or bool(_LIST_ITEM.match(lines[-1]))
        or bool(_LIST_ITEM.match(last_block.lstrip("\n")))
    )
