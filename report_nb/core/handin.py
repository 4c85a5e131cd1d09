r"""The hand-in: the HTML page the course's ``report.py html`` makes of a README, byte for byte.

After the deadline the course runs ``report.py html`` on every group's ``reports/README.md``; the
page it writes is the final hand-in. In every course version since 2023 that command reads the file
in text mode (universal newlines: ``\r\n`` and ``\r`` become ``\n``; a byte order mark stays a
character), drops the first 43 characters (part of the title line, or the front matter),
calls ``markdown.markdown`` with no extensions and writes the result, a fragment without
``<html>`` or styles, in text mode. :func:`grader_text` and :func:`handin_html` do exactly that.
Python-Markdown is imported when a page is rendered, so that ``report-nb check`` does not pay
for it. :mod:`report_nb.core.handin_lint` says where this page differs from GitHub's view.
"""

from __future__ import annotations

import os

#: Characters the course's script drops from the start of the README ("remove header").
SKIPPED = 43


def grader_text(data: bytes) -> str:
    r"""The README as the course's script reads it: UTF-8 in text mode, universal newlines.

    Raises :class:`UnicodeDecodeError` where the script would fail too.
    """
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def handin_html(text: str) -> str:
    """``markdown.markdown(text[43:])``: the course's hand-in page for a README's ``text``."""
    import markdown

    return markdown.markdown(text[SKIPPED:])


def answer_html(answer: str) -> str:
    """One answer as the hand-in shows it (Python-Markdown, no extensions; unsanitised)."""
    import markdown

    return markdown.markdown(answer)


def handin_bytes(data: bytes) -> bytes:
    r"""The bytes the course's ``open("report.html", "w").write(html)`` leaves on this platform.

    Text mode writes every ``\\n`` as :data:`os.linesep` and encodes as UTF-8 (the locale of the
    machines the course runs it on).
    """
    html = handin_html(grader_text(data))
    if os.linesep != "\n":
        html = html.replace("\n", os.linesep)
    return html.encode("utf-8")
