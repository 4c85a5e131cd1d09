r"""Where the hand-in page loses structure that GitHub shows.

Students check their report on GitHub; the graders read the page the course's ``report.py html``
makes with Python-Markdown and no extensions (:mod:`report_nb.core.handin`). There a fenced code
block is a paragraph of inline code (one line, its ``#`` lines turned into headings), a pipe
table is text with pipes, a list nested by fewer than 4 spaces is flattened, a list straight after
a line of text runs into it, and a bare URL is no link. A raw HTML block (report-nb's tables) is
passed through by both, so nothing in it is warned about. :func:`lint` finds these in one answer, on
the report's text with ``\n`` line endings, by offset, and says what both renderers show alike.
(:mod:`report_nb.core.handin_words` counts the words the official checker counts that are table
or HTML syntax.) Pure functions on strings; no Markdown library.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from report_nb.core.handin_words import DELIMITER_ROW
from report_nb.core.patterns import lazy

# An answer is scanned with "\n" put before it, so that every line, the first too, follows a
# "\n": a line is named by the offset of that "\n" ("here" below), and a search from a line's
# "\n" on finds the lines from that one on. Each pattern that looks for lines starts with "\n",
# which re finds at C speed. The lazy ones are compiled on first use (see core.patterns).
_MARKER = r"([-*+]|\d{1,9}[.)])(?:[ \t]+\S|[ \t]*$)"  # a list item's marker and what follows it
_ITEM = re.compile(r"( *)" + _MARKER)
_ITEM_CHARS = frozenset("-*+0123456789")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})([^\n]*)")
_FENCE_CHARS = ("`", "~")
# the lines outside a list that may be more than text: those indented as code, and those
# starting (after up to 3 spaces) with a fence, a tag or a list marker (the look-ahead turns
# most lines down at once); in an answer with a pipe, the lines with one too
_STARTS = r"\t| {4}| {0,3}(?:<|```|~~~|(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$))"
_EVENT = re.compile(r"\n(?=[ \t<`~*+\-\d])(?:" + _STARTS + ")", re.M)
_EVENT_OR_PIPE = lazy(r"\n(?:" + _STARTS + r"|[^\n|]*\|)", re.M)


def _in_list(indent: str) -> Callable[[], re.Pattern[str]]:
    """The lines inside a list that matter, found by one search.

    A blank line the list ends at (the next line is neither indented nor an item), a fence at
    any indentation, an item indented by ``indent``.
    """
    return lazy(
        r"\n(?:[^\S\n]*(?=\n(?![ \t]|" + _MARKER + r")|\Z)"
        r"|(?P<fence>[^\S\n]*(?:```|~~~))|(?P<indent>" + indent + ")" + _MARKER + ")",
        re.M,
    )


_IN_LIST = _in_list(" {1,3}")  # in a list at the margin, the items nested badly
_IN_INDENTED_LIST = _in_list(" +")  # in an indented one, all indented items, told apart later
# a closing fence: fence characters with nothing but white space around them
_CLOSING = lazy(r"\n[^\S\n]*(`{3,}|~{3,})[^\S\n]*$", re.M)
_BLANK = lazy(r"\n[^\S\n]*$", re.M)  # str.strip's white space is re's \s
# a raw HTML block (a MarkdownTable's <table>, a <details>): both renderers pass it through as
# it is, up to the next blank line, so nothing in it renders differently
_HTML_BLOCK = lazy(
    r" {0,3}<(?:!--|/?(?:table|div|details|pre|p|ul|ol|dl|blockquote|figure|center|section)\b)",
    re.IGNORECASE,
)
_RULE = lazy(r"(?:[-*_][ \t]*){3,}")  # a thematic break
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'`]+")
# spans whose URLs are links, code or attribute values in both renderers (each alternative
# starts with one literal character, "``*" for "`+", so that re skips to those characters
# instead of trying every position)
_NOT_BARE = re.compile(
    r"``*[^`\n]*`+|!\[[^\]\n]*\]\([^)\n]*\)|\[[^\]\n]*\]\([^)\n]*\)|<[^>\n]*>|\[[^\]\n]*\]:[^\n]*"
)

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
    answer = "\n" + text[start:end]
    # one-character tests first: each is a memchr, many times faster than a longer search
    hints: tuple[str, ...] = ()  # what the lines with a URL hold
    if ":" in answer and "://" in answer:
        hints += ("://",)
    if "w" in answer and "www." in answer:
        hints += ("www.",)
    events = _EVENT_OR_PIPE() if "|" in answer else _EVENT
    event = events.search(answer)
    if event is None and not hints:
        return []  # the common case: nothing but text, which renders alike
    return _Scan(answer, line_of, start).run(events, event, hints)


class _Scan:
    """One pass over an answer: from one line that may be more than text to the next.

    The lines between are text; of them only the last matters, as the line a list or an HTML
    block follows. Fences, tables and HTML blocks are skipped whole, a list up to its end; what
    they hide (code, rows) is kept in ``hidden``, where a URL is not warned about.
    """

    def __init__(self, answer: str, line_of: Callable[[int], int], start: int) -> None:
        self.answer = answer  # with "\n" before it
        self.line_of, self.start = line_of, start
        self.line = 0  # of the answer's first line, looked up on the first issue
        self.issues: list[Issue] = []
        self.hidden: list[tuple[int, int]] = []  # lines [here, stop) shown as code or as HTML

    def run(
        self, events: re.Pattern[str], event: re.Match[str] | None, hints: tuple[str, ...]
    ) -> list[Issue]:
        answer, at, previous = self.answer, 0, ""
        while event is not None:
            here = event.start()
            if here > at:  # text lines were skipped: the last of them is the previous line
                previous = answer[answer.rfind("\n", at, here) + 1 : here]
            at, previous = self._line(here, previous)
            event = events.search(answer, at)
        if hints:
            self._urls(hints)
        return sorted(self.issues)

    def _line(self, here: int, previous: str) -> tuple[int, str]:
        """Read the line at ``here`` and what it starts.

        Returns where to go on, and the line that what follows comes after.
        """
        answer = self.answer
        eol = _end_of_line(answer, here)
        line = answer[here + 1 : eol]
        head = line.lstrip(" ")[:1]  # cheap tests first
        fence = _FENCE.fullmatch(line) if head in _FENCE_CHARS else None
        if fence and not (fence.group(1)[0] == "`" and "`" in fence.group(2)):
            return self._fence(here, eol, fence.group(1)), ""
        if head and line[:1] in " \t" and _indented_code(line, previous):
            self.hidden.append((here, eol))
            return eol, previous  # a code line is not a line of text a list could follow
        if head == "<" and not previous.strip() and _HTML_BLOCK().match(line):
            return self._hide_rows(here, eol), ""
        if "|" in line:
            rule_end = self._table_at(eol, line)
            if rule_end:
                self._add(here, TABLE)
                return self._hide_rows(here, rule_end), ""
        item = _ITEM.match(line) if head in _ITEM_CHARS else None
        if item:
            stop = self._list(here, item, previous)
            return stop, answer[answer.rfind("\n", 0, stop) + 1 : stop]
        return eol, line

    def _add(self, here: int, template: str, **values: object) -> None:
        if not self.line:
            self.line = self.line_of(self.start)
        line = self.line + self.answer.count("\n", 0, here)
        self.issues.append((line, template.format(line=line, **values)))

    def _fence(self, here: int, eol: int, opening: str) -> int:
        """Skip a fenced block (closed by the same character, at least as long); warn on it."""
        answer = self.answer
        closing = _CLOSING()
        close = closing.search(answer, eol)
        while close and not (
            close.group(1)[0] == opening[0] and len(close.group(1)) >= len(opening)
        ):
            close = closing.search(answer, close.end())
        stop = close.end() if close else len(answer)  # the end of the closing line
        inside = close.start() + 1 if close else stop  # the lines between are code
        headings = answer.find("\n#", eol, inside) >= 0
        extra = " (its lines starting with '#' become headings)" if headings else ""
        self._add(here, CODE, extra=extra)
        self.hidden.append((here, stop))
        return stop

    def _table_at(self, eol: int, header: str) -> int:
        """A GitHub pipe table: a row with a pipe, then a delimiter row of as many cells.

        Returns the end of the delimiter row, or 0.
        """
        answer = self.answer
        if eol == len(answer):
            return 0
        rule_end = _end_of_line(answer, eol)
        rule = answer[eol + 1 : rule_end]
        if "|" not in rule or "-" not in rule or not DELIMITER_ROW().fullmatch(rule):
            return 0
        return rule_end if _cells(header) == _cells(rule) else 0

    def _hide_rows(self, here: int, after: int) -> int:
        """Hide the lines from ``here`` to the first blank line after ``after``."""
        blank = _BLANK().search(self.answer, after)
        stop = blank.start() if blank else len(self.answer)
        self.hidden.append((here, stop))
        return stop

    def _list(self, here: int, item: re.Match[str], previous: str) -> int:
        """A list: warn if it follows text directly or nests items by 1-3 spaces; its end."""
        if previous.strip() and not _is_block_line(previous) and _interrupts(item):
            self._add(here, AFTER_TEXT)
        top, flattened = len(item.group(1)), None
        lines = _IN_INDENTED_LIST() if top else _IN_LIST()
        event = lines.search(self.answer, here + 1)
        while event is not None:
            at = event.start()
            if event.group("fence"):  # a code block inside an item breaks just the same
                eol = _end_of_line(self.answer, at)
                fence = _FENCE.fullmatch(self.answer[at + 1 : eol].lstrip())
                assert fence is not None
                event = lines.search(self.answer, self._fence(at, eol, fence.group(1)))
                continue
            if event.group("indent") is None:
                break  # a blank line, then something that is not part of the list
            spaces = len(event.group("indent"))
            if flattened is None and top < spaces < top + 4:
                flattened = (at, spaces - top)
            event = lines.search(self.answer, at + 1)
        if flattened is not None:
            spaces = flattened[1]
            self._add(flattened[0], NESTED, spaces=spaces, s="" if spaces == 1 else "s")
        return event.start() if event else len(self.answer)

    def _urls(self, hints: tuple[str, ...]) -> None:
        """One warning for the bare URLs outside code and HTML, at the first of them."""
        answer, bare = self.answer, set()
        for hint in hints:  # on the lines with one of these only
            found = answer.find(hint)
            while found >= 0:
                here = answer.rfind("\n", 0, found)
                eol = _end_of_line(answer, found)
                if not self._hidden(here) and _bare_url(answer[here + 1 : eol]):
                    bare.add(here)
                found = answer.find(hint, eol)
        if bare:
            more = len(bare) - 1
            extra = f" (nor {more} more in this answer)" if more else ""
            self._add(min(bare), URL, more=extra)

    def _hidden(self, here: int) -> bool:
        return any(first <= here < stop for first, stop in self.hidden)


def _end_of_line(text: str, offset: int) -> int:
    r"""The offset of the "\n" that ends the line holding ``offset``, or the text's length."""
    eol = text.find("\n", offset + 1)
    return eol if eol >= 0 else len(text)


def _bare_url(line: str) -> bool:
    """Whether ``line`` holds a URL outside code spans, links, tags and link definitions."""
    if "`" in line or "[" in line or "<" in line:  # else nothing for _NOT_BARE to blank out
        line = _NOT_BARE.sub(_blank, line)
    for hint in ("http", "www."):  # where a URL can start: tried there, not at every character
        found = line.find(hint)
        while found >= 0:
            if _URL.match(line, found):
                return True
            found = line.find(hint, found + 1)
    return False


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


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
        or bool(_RULE().fullmatch(stripped))
    )


def _interrupts(item: re.Match[str]) -> bool:
    """GitHub lets a bullet list, or a numbered one starting at 1, interrupt a paragraph."""
    marker = item.group(2)
    return not marker[0].isdigit() or marker[:-1] == "1"
