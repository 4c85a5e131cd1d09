"""The words the official checker counts that are table or HTML syntax, and when to say so.

The official checker counts the whitespace-separated tokens of an answer's Markdown source, so a
pipe table's pipes and ``---|---`` row, and an HTML tag's name and attributes, are words to it.
:func:`syntax_words` counts them; :func:`syntax_note` says so where that decides pass/fail.
Pure functions on strings.
"""

from __future__ import annotations

from report_nb.core.patterns import lazy

# compiled on first use (see core.patterns): few answers hold tables or HTML
# a pipe table's delimiter row, "|---|:-:|" (core.handin_lint finds tables with it too)
DELIMITER_ROW = lazy(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
_SYNTAX = lazy(r"[|:\-]+")
_TAG = lazy(r"<(?:[a-zA-Z][a-zA-Z0-9-]*|/[a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?/?>|<!--.*?-->")


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
                in_table = bool(DELIMITER_ROW().fullmatch(following)) and "-" in following
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
    if "|" not in seen and "<" not in seen:
        return None  # the common case: no table, no HTML
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
