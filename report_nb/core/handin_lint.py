r"""Where the hand-in page loses structure that GitHub shows, and syntax the grader counts as words.

Students check their report on GitHub; the graders read the page the course's ``report.py html``
makes with Python-Markdown and no extensions (:mod:`report_nb.core.handin`). There a fenced code
block is a paragraph of inline code (one line, its ``#`` lines turned into headings), a pipe
table is text with pipes, a list nested by fewer than 4 spaces is flattened, a list straight after
a line of text runs into it, and a bare URL is no link. A raw HTML block (report-nb's tables) is
passed through by both, so nothing in it is warned about. :func:`lint` finds these in one answer, on
the report's text with ``\n`` line endings, by offset, and says what both renderers show alike.
:func:`syntax_words` counts the words the official checker counts that are table or HTML syntax,
and :func:`syntax_note` says so where that decides pass/fail.
Pure functions on strings; no Markdown library.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from report_nb.core.patterns import lazy

_LATER_ITEM = re.compile(r"\n[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)", re.M)
_FENCE_CHARS = ("`", "~")
_ITEM_CHARS = frozenset("-*+0123456789")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})([^\n]*)")
_ITEM = re.compile(r"( *)([-*+]|\d{1,9}[.)])(?:[ \t]+\S|[ \t]*$)")
# lazy ones are compiled on first use (see core.patterns): few answers hold tables or HTML
_DELIMITER = lazy(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
# a raw HTML block (a MarkdownTable's <table>, a <details>): both renderers pass it through as
# it is, up to the next blank line, so nothing in it renders differently
_HTML_BLOCK = lazy(
    r" {0,3}<(?:!--|/?(?:table|div|details|pre|p|ul|ol|dl|blockquote|figure|center|section)\b)",
    re.IGNORECASE,
)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'`]+")
# spans whose URLs are links, code or attribute values in both renderers
# (each alternative starts with its own character, so that the search skips to those fast)
_NOT_BARE = re.compile(
    r"`+[^`\n]*`+|!\[[^\]\n]*\]\([^)\n]*\)|\[[^\]\n]*\]\([^)\n]*\)|<[^>\n]*>|\[[^\]\n]*\]:[^\n]*"
)
_SYNTAX = lazy(r"[|:\-]+")
_TAG = lazy(r"<(?:[a-zA-Z][a-zA-Z0-9-]*|/[a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?/?>|<!--.*?-->")

Issue = tuple[int, str]  # (line number, message)

CODE = (
    "the code block on line {line} renders on one line in the hand-in HTML{extra}; indent it by "
    "4 spaces instead (after a blank line), which GitHub and the hand-in both show as code"
)
TABLE = (
    "the table on line {line} renders as plain text with pipes in the hand-in HTML; a list, or "
    "an HTML <table> (whose tags the official checker counts as words), renders in both"
)
NESTED = (
    "the nested list on line {line} is flattened in the hand-in HTML (nested by {spaces} "
    "space{s}); indent nested items by 4 spaces, which GitHub and the hand-in both nest"
)
AFTER_TEXT = (
    "the list on line {line} follows a line of text without a blank line: the hand-in HTML runs "
    "it into that paragraph; put a blank line before it, which both renderers show as a list"
)
URL = (
    "the URL on line {line} is not a link in the hand-in HTML{more}; write it as <https://...> "
    "or [text](https://...), which GitHub and the hand-in both link"
)


def lint(text: str, start: int, end: int, line_of: Callable[[int], int]) -> list[Issue]:
    """Structure the hand-in page loses in ``text[start:end]`` (one answer), by line number.

    ``line_of`` gives the line number of an offset in ``text``; it is called once, and only for
    an answer with something to say.
    """
    answer = text[start:end]
    # one-character tests first: each is a memchr, many times faster than a longer search
    fences = ("`" in answer and "```" in answer) or ("~" in answer and "~~~" in answer)
    urls = (":" in answer and "://" in answer) or "www." in answer  # as any _URL match has
    if not (fences or urls or "|" in answer or _ITEM.match(answer) or _LATER_ITEM.search(answer)):
        return []  # the common case: nothing that renders differently
    return _Scan(answer.split("\n"), lambda: line_of(start), fences, urls).run()


class _Scan:
    """One pass over an answer's lines: fences first, then tables, lists and URLs outside them."""

    def __init__(
        self, lines: list[str], first_line: Callable[[], int], fences: bool, urls: bool
    ) -> None:
        self.lines = lines
        self.first_line = first_line
        self.fences, self.may_link = fences, urls  # whether the answer can hold any at all
        self.line = 0  # of the answer's first line, looked up on the first issue
        self.issues: list[Issue] = []
        self.urls: list[int] = []

    def run(self) -> list[Issue]:
        lines, index, previous = self.lines, 0, ""
        while index < len(lines):
            line = lines[index]
            head = line.lstrip(" ")[:1]  # cheap tests first: most lines are running text
            fence = _FENCE.fullmatch(line) if self.fences and head in _FENCE_CHARS else None
            if fence and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
                index = self._fence(index, fence.group(1))
                previous = ""
                continue
            if head and line[:1] in " \t" and _indented_code(line, previous):
                index += 1
                continue
            if head == "<" and not previous.strip() and _HTML_BLOCK().match(line):
                index = self._skip_rows(index)
                previous = ""
                continue
            if "|" in line and self._table_at(index):
                self._add(index, TABLE)
                index = self._skip_rows(index + 2)
                previous = ""
                continue
            if head in _ITEM_CHARS and _ITEM.match(line):
                index = self._list(index, previous)
                previous = lines[index - 1]
                continue
            self._find_urls(index, line)
            previous = line
            index += 1
        if self.urls:
            more = len(self.urls) - 1
            extra = f" (nor {more} more in this answer)" if more else ""
            self._add(self.urls[0], URL, more=extra)
        return sorted(self.issues)

    def _add(self, index: int, template: str, **values: object) -> None:
        if not self.line:
            self.line = self.first_line()
        line = self.line + index
        self.issues.append((line, template.format(line=line, **values)))

    def _fence(self, start: int, opening: str) -> int:
        """Skip a fenced block (closed by the same character, at least as long); warn on it."""
        headings = False
        index = start + 1
        while index < len(self.lines):
            line = self.lines[index]
            close = _FENCE.fullmatch(line.lstrip())
            index += 1
            if _closes(close, opening):
                break
            headings = headings or line.startswith("#")
        extra = " (its lines starting with '#' become headings)" if headings else ""
        self._add(start, CODE, extra=extra)
        return index

    def _table_at(self, index: int) -> bool:
        """A GitHub pipe table: a row with a pipe, then a delimiter row of as many cells."""
        if index + 1 >= len(self.lines):
            return False
        header, rule = self.lines[index], self.lines[index + 1]
        if "|" not in rule or "-" not in rule or not _DELIMITER().fullmatch(rule):
            return False
        return _cells(header) == _cells(rule)

    def _skip_rows(self, index: int) -> int:
        while index < len(self.lines) and self.lines[index].strip():
            index += 1
        return index

    def _list(self, index: int, previous: str) -> int:
        """A list: warn if it follows text directly or nests items by 1-3 spaces."""
        lines = self.lines
        item = _ITEM.match(lines[index])
        assert item is not None
        if previous.strip() and not _is_block_line(previous) and _interrupts(item):
            self._add(index, AFTER_TEXT)
        top, flattened = len(item.group(1)), None
        while index < len(lines):
            line = lines[index]
            if not line.strip():
                following = lines[index + 1] if index + 1 < len(lines) else ""
                if not following.startswith((" ", "\t")) and not _ITEM.match(following):
                    break  # a blank line, then something that is not part of the list
                index += 1
                continue
            fence = _FENCE.fullmatch(line.lstrip()) if self.fences else None
            if fence:  # a code block inside an item breaks in the hand-in just the same
                index = self._fence(index, fence.group(1))
                continue
            item = _ITEM.match(line)
            spaces = len(item.group(1)) if item else 0
            if item and flattened is None and top < spaces < top + 4:
                flattened = (index, spaces - top)
            self._find_urls(index, line)
            index += 1
        if flattened is not None:
            spaces = flattened[1]
            self._add(flattened[0], NESTED, spaces=spaces, s="" if spaces == 1 else "s")
        return index

    def _find_urls(self, index: int, line: str) -> None:
        if self.may_link and _bare_url(line):
            self.urls.append(index)


def _bare_url(line: str) -> bool:
    """Whether ``line`` holds a URL outside code spans, links, tags and link definitions."""
    web, www = line.find("http"), line.find("www.")
    if web < 0 and www < 0:
        return False
    first = www if web < 0 else web if www < 0 else min(web, www)  # no URL starts before it
    if "`" in line or "[" in line or "<" in line:  # else nothing for _NOT_BARE to blank out
        line = _NOT_BARE.sub(_blank, line)
    return _URL.search(line, first) is not None


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _closes(fence: re.Match[str] | None, opening: str) -> bool:
    """A closing fence: the opening's character, at least as many, nothing after it."""
    return (
        fence is not None
        and fence.group(1)[0] == opening[0]
        and len(fence.group(1)) >= len(opening)
        and not fence.group(2).strip()
    )


def _cells(row: str) -> int:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return len(re.split(r"(?<!\\)\|", row))


def _indented_code(line: str, previous: str) -> bool:
    """An indented code block line (4 spaces or a tab, after a blank line or more code)."""
    indented = line.startswith(("    ", "\t"))
    return indented and (not previous.strip() or previous.startswith(("    ", "\t")))


def _is_block_line(line: str) -> bool:
    """A line after which a list starts a block anyway: heading, quote, item, rule, table row."""
    stripped = line.strip()
    return (
        stripped.startswith(("#", ">", "|", "<"))
        or bool(_ITEM.match(line))
        or bool(re.fullmatch(r"(?:[-*_][ \t]*){3,}", stripped))
    )


def _interrupts(item: re.Match[str]) -> bool:
    """GitHub lets a bullet list, or a numbered one starting at 1, interrupt a paragraph."""
    marker = item.group(2)
    return not marker[0].isdigit() or marker[:-1] == "1"


def syntax_words(answer: str) -> tuple[int, int, int]:
    """Words the official checker counts in pipe tables, the table syntax among them, and HTML.

    Table syntax: tokens of table rows made only of ``|``, ``:`` and ``-`` (the pipes, the
    ``---|---`` row). HTML markup: the words that vanish when the tags are removed.
    """
    in_tables = table = 0
    if "|" in answer and "-" in answer:
        lines = answer.split("\n")
        in_table = False
        for index, line in enumerate(lines):
            if not line.strip():
                in_table = False
                continue
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if not in_table and "|" in line and "|" in following:
                in_table = bool(_DELIMITER().fullmatch(following)) and "-" in following
            if in_table:
                tokens = line.split()
                in_tables += len(tokens)
                table += sum(1 for token in tokens if _SYNTAX().fullmatch(token))
    markup = 0
    if "<" in answer and _TAG().search(answer):
        markup = max(0, len(answer.split()) - len(_TAG().sub("", answer).split()))
    return in_tables, table, markup


def syntax_note(seen: str, words: int, bounds: tuple[int, int]) -> str | None:
    """Why the official checker's count of ``seen`` surprises, if it does; else None.

    Said where table or HTML syntax decides pass/fail against ``bounds`` (over the limit only
    because of it, or over the minimum only thanks to it), or is a fifth of the count or more.
    """
    in_tables, table, markup = syntax_words(seen)
    syntax = table + markup
    if not syntax:
        return None
    low, high = bounds
    prose = words - syntax
    if words > high >= prose:
        verdict = f"; without it the answer has {prose} words and would meet the limit of {high}"
    elif prose < low <= words:
        verdict = f"; the answer reaches {low} words only thanks to it ({prose} without it)"
    elif table * 5 >= words:
        verdict = ""
    else:
        return None
    parts = []
    if table:
        parts.append(
            f"{in_tables} are in tables, {table} of them table syntax (pipes and the ---|--- row)"
        )
    if markup:
        parts.append(f"{markup} are HTML markup (tags and their attributes)")
    return f"of the {words} words the official checker counts, {'; '.join(parts)}{verdict}"
