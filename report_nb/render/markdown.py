"""Markdown to safe HTML: GitHub-style rendering of the report's text, then sanitised with nh3.

Students' answers are Markdown with raw HTML mixed in (``<img width=..>``, ``<p align=center>``,
``<details>``). :class:`MarkdownRenderer` turns such text into an HTML fragment the way GitHub
shows a README (pipe tables, fenced code with a language class, lists and tables that follow a
paragraph line), removes anything that could run or load (scripts, styles, frames, ``on*``
handlers, ``javascript:`` URLs) with nh3, and hands images to
:class:`report_nb.render.images.ImageEmbedder` so that the fragment opens from disk without
fetching anything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import HtmlInlineProcessor

from report_nb.core.handin import answer_html
from report_nb.render.images import ImageEmbedder

_EXTENSIONS = ("tables", "fenced_code", "sane_lists")

# Removed together with their content: what is inside them is code or a fallback, not prose.
_DROP_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "noscript",
        "template",
        "textarea",
        "select",
        "title",
        "frameset",
        "frame",
        "applet",
    }
)
_TAGS = frozenset(nh3.ALLOWED_TAGS) - _DROP_WITH_CONTENT
_ATTRIBUTES = {
    "*": {"title", "lang", "dir", "align"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style", "scope"},
    "col": {"span", "width"},
    "colgroup": {"span"},
    "table": {"width"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "code": {"class"},
}
_LANGUAGE_CLASS = re.compile(r"language-[\w+#.-]+")

# Python-Markdown takes ``<learn.inside.dtu.dk>`` (in the course's first prompt) for a tag, and
# the sanitiser would then delete it; CommonMark tag names are letters, digits and hyphens only.
_STRICT_HTML = (
    r"(<(/?[a-zA-Z][a-zA-Z0-9-]*(?:\s+[^\s\"'=<>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'"
    r"|[^\s\"'=<>`]+))?)*\s*/?|!--(?:(?!<!--|-->).)*--)>)"
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_START = re.compile(r"^ {0,3}(?:[-*+]|1[.)])[ \t]+\S")
_TABLE_ROW = re.compile(r"^ {0,3}\|")
_TABLE_RULE = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_PARAGRAPH = re.compile(r"^(<p>)(.*)(</p>)$", re.DOTALL)


class _StrictHtmlExtension(Extension):
    """Replaces Python-Markdown's inline raw-HTML pattern by one that needs a real tag name."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        """Register the stricter pattern under the name and priority of the built-in one."""
        md.inlinePatterns.register(HtmlInlineProcessor(_STRICT_HTML, md), "html", 90)


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """nh3 attribute filter: only ``language-*`` classes (from fenced code) survive."""
    if attribute != "class":
        return value
    kept = [name for name in value.split() if tag == "code" and _LANGUAGE_CLASS.fullmatch(name)]
    return " ".join(kept) or None


_CLEANER = nh3.Cleaner(
    tags=set(_TAGS),
    clean_content_tags=set(_DROP_WITH_CONTENT),
    attributes=_ATTRIBUTES,
    attribute_filter=_keep_attribute,
    url_schemes={"http", "https", "mailto"},
    filter_style_properties={"text-align"},
)


def sanitize(fragment: str) -> str:
    """An HTML fragment with everything that could run script or load a resource removed.

    Relative and ``http(s)``/``mailto`` links stay; ``img`` sources are left for
    :class:`~report_nb.render.images.ImageEmbedder` to embed or replace.
    """
    return _CLEANER.clean(fragment)


class MarkdownRenderer:
    """Renders Markdown fragments to sanitised, self-contained HTML, images read from ``base``.

    ``images`` (path relative to ``base`` -> bytes) supplies figures not written to disk yet.
    """

    def __init__(self, base: Path, images: Mapping[str, bytes] | None = None) -> None:
        self.images = ImageEmbedder(base, images)
        self._markdown = markdown.Markdown(
            extensions=[*_EXTENSIONS, _StrictHtmlExtension()], output_format="html"
        )

    def block(self, text: str) -> str:
        """Block-level HTML for a stretch of Markdown (paragraphs, lists, tables, code)."""
        if not text.strip():
            return ""
        self._markdown.reset()
        rendered = self._markdown.convert(github_blocks(text))
        return self.images.rewrite(sanitize(rendered))

    def handin(self, text: str) -> str:
        """The hand-in view of a stretch of Markdown, sanitised, with images as in :meth:`block`.

        Rendered as the course's ``report.py html`` renders it (Python-Markdown, no extensions;
        see :mod:`report_nb.core.handin`): a fenced block becomes one line of inline code. Empty
        where that is what :meth:`block` shows too, so that the page embeds no figure twice.
        """
        if not text.strip():
            return ""
        self._markdown.reset()
        github = sanitize(self._markdown.convert(github_blocks(text)))
        handin = sanitize(answer_html(text))
        return "" if handin == github else self.images.rewrite(handin)

    def inline(self, text: str) -> str:
        """HTML for one line of Markdown without the ``<p>`` that wraps a lone paragraph."""
        rendered = self.block(text).strip()
        match = _PARAGRAPH.match(rendered)
        if match and "<p>" not in match.group(2):
            return match.group(2)
        return rendered


def github_blocks(text: str) -> str:
    """Markdown with a blank line inserted where GitHub starts a list or table after a paragraph.

    GitHub lets a list or a pipe table follow a line of text directly; Python-Markdown needs a
    blank line first and would otherwise show ``- item`` or ``| a | b |`` as plain text.
    """
    lines = text.split("\n")
    out: list[str] = []
    fence: str | None = None
    for index, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
        elif opened:
            fence = opened.group(1)
        elif out and _paragraph_line(out[-1]) and _starts_block(line, lines[index + 1 : index + 2]):
            out.append("")
        out.append(line)
    return "\n".join(out)


def _paragraph_line(line: str) -> bool:
    """A line of running text: not blank, indented, quoted, a list item or a table row."""
    return bool(line.strip()) and not (
        line[:1] in (" ", "\t", ">")
        or _LIST_START.match(line)
        or _TABLE_ROW.match(line)
        or line.lstrip().startswith("#")
    )


def _starts_block(line: str, following: list[str]) -> bool:
    if _LIST_START.match(line):
        return True
    return bool(_TABLE_ROW.match(line) and following and _TABLE_RULE.match(following[0]))
