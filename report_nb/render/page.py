"""The HTML report's view model: a report and its check as the plain data the template shows.

:func:`page_context` turns a parsed report and its check result into plain data (strings,
numbers, lists, dicts) that ``templates/report_html/index.html.j2`` renders as ``page``, through
the ``report_html`` exporter (:mod:`report_nb.exporters.html`), for ``report-nb build``,
``report-nb html`` and ``jupyter nbconvert --to report_html`` alike. The page is one
self-contained file: CSS inlined, figures embedded as data: URIs, no script, no network.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from report_nb.core.model import Question, Report
from report_nb.core.results import CheckResult, Finding, QuestionResult
from report_nb.core.template import checklist_items
from report_nb.render.markdown import MarkdownRenderer

DEFAULT_TITLE = "Project report"
_TITLE = re.compile(r"^#(?!#)[ \t]*(.*?)[ \t#]*$")
_SLUG_DROP = re.compile(r"[^a-z0-9]+")
_CHECK_LINE = re.compile(r"^[ \t]*(?:#|[*+-][ \t]+\[[ xX]\])")


def page_context(
    report: Report,
    result: CheckResult,
    *,
    base: Path,
    stale: Mapping[int, Sequence[str]] | None = None,
    images: Mapping[str, bytes] | None = None,
) -> dict:
    """The page's data: title, summary, contents, checklist, sections with their questions.

    Keys ending in ``_html`` hold sanitised HTML; every other string is plain text for the
    template to escape. ``base`` is the folder relative image paths are read from; ``stale``
    maps question numbers to the sources whose data came from a snapshot (``--offline``);
    ``images`` maps paths relative to ``base`` to figures a build has not written yet.
    """
    renderer = MarkdownRenderer(base, images)
    stale = stale or {}
    numbers = {question.number for question in result.questions}
    general = [_finding(w) for w in result.warnings if w.question not in numbers]
    title, intro_html = _intro(report, renderer)
    checklist = _checklist(report, renderer)
    sections = _sections(report, result, renderer, stale)
    return {
        "title": title,
        "source": Path(result.path).name if result.path else "",
        "summary": _summary(result, checklist, stale),
        "intro_html": intro_html,
        "toc": _toc(checklist, sections),
        "checklist": checklist,
        "sections": sections,
        "warnings": general,
    }


def _summary(
    result: CheckResult, checklist: dict | None, stale: Mapping[int, Sequence[str]]
) -> dict:
    present = {question.number for question in result.questions}
    return {
        "passed": result.passed,
        "total": result.total,
        "failed": result.total - result.passed,
        "ok": result.ok,
        "profile": result.profile,
        "rejected": result.rejected,
        "warnings": len(result.warnings),
        "stale": sum(1 for number in stale if number in present),
        "checklist_done": checklist["done"] if checklist else 0,
        "checklist_total": checklist["total"] if checklist else 0,
    }


def _intro(report: Report, renderer: MarkdownRenderer) -> tuple[str, str]:
    """The report's ``# title`` and the rest of the preamble as HTML."""
    block = report.block("preamble")
    if block is None:
        return DEFAULT_TITLE, ""
    lines = block.text.split("\n")
    for index, line in enumerate(lines):
        match = _TITLE.match(line)
        if match and match.group(1):
            rest = "\n".join(lines[:index] + lines[index + 1 :])
            return match.group(1), renderer.block(rest)
    return DEFAULT_TITLE, renderer.block(block.text)


def _checklist(report: Report, renderer: MarkdownRenderer) -> dict | None:
    """The checklist grouped by its week headings, with each item's state and module tag."""
    block = report.block("checklist")
    if block is None:
        return None
    heading, _, body = block.text.partition("\n")
    intro = []
    for line in body.split("\n"):
        if _CHECK_LINE.match(line):
            break
        intro.append(line)
    groups: list[dict] = []
    items = checklist_items(report)
    for item in items:
        if not groups or groups[-1]["name"] != (item.group or ""):
            groups.append({"name": item.group or "", "entries": []})
        text = item.text
        if item.module and text.endswith(f"({item.module})"):
            text = text[: -len(item.module) - 2].rstrip()
        groups[-1]["entries"].append(
            {
                "text_html": renderer.inline(text),
                "checked": item.checked,
                "module": item.module or "",
                "line": item.line,
            }
        )
    return {
        "title": _heading_text(heading) or "Checklist",
        "anchor": "checklist",
        "intro_html": renderer.block("\n".join(intro)),
        "groups": groups,
        "done": sum(item.checked for item in items),
        "total": len(items),
    }


def _sections(
    report: Report,
    result: CheckResult,
    renderer: MarkdownRenderer,
    stale: Mapping[int, Sequence[str]],
) -> list[dict]:
    """Sections in file order, each with its intro and the questions that follow its heading."""
    questions = {question.number: question for question in report.questions}
    results = {checked.number: checked for checked in result.questions}
    sections: list[dict] = []
    anchors: set[str] = set()
    for block in report.blocks:
        if block.kind == "section" or (block.kind == "prompt" and not sections):
            # questions before any "## ..." heading get an untitled section of their own
            heading, _, body = block.text.partition("\n")
            title = _heading_text(heading) if block.kind == "section" else ""
            intro = renderer.block(body) if block.kind == "section" else ""
            sections.append(
                {
                    "title": title,
                    "anchor": _anchor(title, anchors),
                    "intro_html": intro,
                    "questions": [],
                }
            )
        if block.kind == "prompt" and block.question in results:
            question = questions[block.question]
            findings = [w for w in result.warnings if w.question == question.number]
            sections[-1]["questions"].append(
                _question(
                    question,
                    results[question.number],
                    renderer,
                    findings,
                    stale.get(question.number, ()),
                )
            )
    return sections


def _question(
    question: Question,
    checked: QuestionResult,
    renderer: MarkdownRenderer,
    findings: list[Finding],
    sources: Sequence[str],
) -> dict:
    """One question's view: prompt, answer, the grader's counts against the limits, findings."""
    heading, _, prompt = question.prompt.text.partition("\n")
    verdict = "pass" if checked.ok else "fail"
    return {
        "number": question.number,
        "anchor": f"question-{question.number}",
        "title": _heading_text(heading) or f"Question {question.number}",
        "line": question.line,
        "prompt_html": renderer.block(prompt),
        "answer_html": renderer.block(question.answer.text),
        # the course's hand-in page of the answer, where it differs from answer_html
        "handin_html": renderer.handin(question.answer.text),
        "answered": bool(question.answer.text.strip()),
        "words": checked.words,
        "images": checked.images,
        "written_words": checked.written_words,
        "written_images": checked.written_images,
        "misread": (checked.words, checked.images)
        != (checked.written_words, checked.written_images),
        "limits": checked.limits.describe(),
        "has_limits": bool(checked.limits),
        "ok": checked.ok,
        "badge": {"text": verdict, "class": f"badge {verdict}"},
        "problems": list(checked.problems),
        "warnings": [_finding(finding) for finding in findings],
        "stale": [str(source) for source in sources],
    }


def _toc(checklist: dict | None, sections: list[dict]) -> list[dict]:
    """Contents: the checklist, then each section with links to its questions."""
    entries = []
    if checklist is not None:
        entries.append(
            {"title": checklist["title"], "anchor": checklist["anchor"], "questions": []}
        )
    for section in sections:
        entries.append(
            {
                "title": section["title"] or "Questions",
                "anchor": section["anchor"],
                "questions": [
                    {
                        "number": q["number"],
                        "title": q["title"],
                        "anchor": q["anchor"],
                        "ok": q["ok"],
                    }
                    for q in section["questions"]
                ],
            }
        )
    return entries


def _finding(finding: Finding) -> dict:
    return {"question": finding.question, "line": finding.line, "message": finding.message}


def _heading_text(line: str) -> str:
    return line.strip().lstrip("#").strip().rstrip("#").strip()


def _anchor(title: str, taken: set[str]) -> str:
    """A readable, unique ``section-...`` id (the prefix keeps it clear of ``question-N``)."""
    stem = "section-" + (_SLUG_DROP.sub("-", title.lower()).strip("-") or "questions")
    anchor, count = stem, 1
    while anchor in taken:
        count += 1
        anchor = f"{stem}-{count}"
    taken.add(anchor)
    return anchor
