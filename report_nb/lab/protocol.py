"""The JSON of the lab endpoints, as types: what :mod:`report_nb.lab.handlers` answers.

The TypeScript side declares the same shapes in ``labextension/src/protocol.ts``: change both
together. Only types live here, so that :mod:`report_nb.lab.analysis` and
:mod:`report_nb.lab.actions` can annotate what they return without importing the server.
"""

from __future__ import annotations

from typing import TypedDict


class Finding(TypedDict):
    """A warning or a problem, at its question and line when it has them."""

    question: int | None
    line: int | None
    message: str


class Limits(TypedDict):
    """``[low, high]`` bounds (None: no limit)."""

    words: list[int] | None
    images: list[int] | None


class Written(TypedDict):
    """The counts as written, before the grader's counting rules."""

    words: int
    images: int


class CheckedQuestion(TypedDict):
    """One question of ``report-nb check --format json``."""

    number: int
    line: int
    words: int
    images: int
    limits: Limits
    ok: bool
    problems: list[str]
    written: Written


class Question(CheckedQuestion):
    """One question as a badge shows it: the check, the badge text, the cell it sits under."""

    label: str
    warnings: list[Finding]
    unresolved: list[str]
    cell: int | None
    cell_id: str | None


class Analysis(TypedDict):
    """``POST /report-nb/analyse``: the check of the unsaved notebook."""

    profile: str
    passed: int
    total: int
    ok: bool
    rejected: str | None
    questions: list[Question]
    warnings: list[Finding]
    glue: dict[str, str]
    #: ``report_nb.notebook.cells.PLACEHOLDER``'s pattern: the browser compiles it, never
    #: writes its own.
    glue_pattern: str
    unresolved: list[str]
    placeholders: list[str]
    locked_kinds: list[str]
    kinds: list[str | None]


class CheckResult(TypedDict):
    """``POST /report-nb/check``: ``report-nb check --format json`` of the saved notebook."""

    path: str
    profile: str
    passed: int
    total: int
    rejected: str | None
    questions: list[CheckedQuestion]
    warnings: list[Finding]


class BuildResult(TypedDict):
    """``POST /report-nb/build``: the files written (relative to the notebook's folder)."""

    readme: str
    written: list[str]
    removed: list[str]
    skipped: list[str]
    executed: bool
    cached: bool
    passed: int
    total: int


class BuildProgress(TypedDict):
    """``GET /report-nb/build?path=``: what a running build of that notebook is doing."""

    running: bool
    label: str
    done: int
    total: int
    cancelled: bool


class MergeResult(TypedDict):
    """``POST /report-nb/merge``: the questions merged and the files written."""

    readme: str
    merged: list[int]
    written: list[str]


class AuditItem(TypedDict):
    """One checklist item of ``POST /report-nb/audit``: its tick and the repository's evidence."""

    line: int
    text: str
    tick: str
    ticked: bool
    #: ``present``, ``absent`` or ``not-checkable``
    evidence: str
    paths: list[str]
    reason: str
    rule: str | None
    #: ``warning`` (ticked, no evidence), ``hint`` (evidence, no tick) or None
    verdict: str | None


class AuditAnswer(TypedDict):
    """``POST /report-nb/audit``: the README's checklist against the repository around it."""

    items: list[AuditItem]
    #: the repository's root relative to the server's root (None: outside it)
    repo: str | None


class _ErrorLine(TypedDict):
    error: str


class ErrorAnswer(_ErrorLine, total=False):
    """Every refusal (4xx): ``error`` is the one line; the rest when the error has them."""

    message: str
    hint: str | None
    problems: list[str]
