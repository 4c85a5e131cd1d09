"""Checks of the arguments a code cell passes to a source: misuse is a ``ValueError``.

A :class:`~report_nb.errors.LiveDataError` (exit 2) means a data file is missing or malformed;
a bad sort key, mode or limit is a mistake in the calling code, reported as ``ValueError`` (the
build shows it as the cell's failure) with the accepted values in the message.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TypeVar

__all__ = ["check_choice", "check_limit"]

S = TypeVar("S", bound=str)


def check_choice(what: str, value: S, choices: Collection[str]) -> S:
    """``value`` if it is one of ``choices``, else a ``ValueError`` that lists them."""
    if value not in choices:
        raise ValueError(f"unknown {what} {value!r}: use one of {', '.join(map(repr, choices))}")
    return value


def check_limit(limit: int | None) -> None:
    """``limit`` is ``None`` (every row) or a number of rows, 0 or more."""
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ValueError(f"limit must be a number of rows (0 or more) or None, not {limit!r}")
