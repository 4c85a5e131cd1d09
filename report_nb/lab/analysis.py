"""What the JupyterLab badges show: ``check`` of a notebook as it is in the browser, unsaved.

:func:`analyse` runs the pipeline of ``report-nb check NOTEBOOK`` on an in-memory notebook:
glue the stored values, name the figures, render the README, parse it again and check it as the
official checker would. Nothing is read from disk and nothing is executed, so the counts in the
browser are the CLI's by construction (the front end only displays them). A ``{{ name }}``
without a glued value does not fail here, as it would in a build: it is reported as unresolved.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from nbformat import NotebookNode

from report_nb.core.model import LOCKED_KINDS, Limits, Report
from report_nb.core.results import QuestionResult
from report_nb.notebook.validation import CELL_TYPES, check_metadata
from report_nb.resources import ReportResources

#: An answer cell nobody has written in yet: only the template's placeholder.
_UNTOUCHED = re.compile(r"\s*---\s*question\s*\d+\s*fill\s*here\s*---\s*", re.IGNORECASE)
#: Kinds the front end shows locked (the front matter has no cell).
FRONT_LOCKED = sorted(LOCKED_KINDS - {"front_matter"})


def analyse(nb: NotebookNode, nb_path: Path, profile: str = "auto") -> dict[str, Any]:
    """Per question: the grader's counts, limits, pass/fail, warnings and cells; glued values.

    ``nb_path`` is where the notebook is saved (its README is found from there, as ``check``
    finds it); nothing is read from it.
    """
    from report_nb.notebook.cells import PLACEHOLDER
    from report_nb.notebook.metadata import cell_info, cell_questions, readme_path
    from report_nb.pipeline import checked_notebook

    result, info, figures, report = checked_notebook(nb, readme_path(nb, nb_path), profile)
    broken = _broken_images(report, info, figures)
    values = dict(info.glue)
    owners = cell_questions(nb)
    ids = [str(cell.get("id", "")) for cell in nb.cells]
    unresolved: dict[int, list[str]] = {}
    for number, name in info.unresolved:
        if name not in unresolved.setdefault(number, []):
            unresolved[number].append(name)
    by_question: dict[int, list[dict[str, Any]]] = {}
    for finding in result.warnings:
        if finding.question is not None:
            by_question.setdefault(finding.question, []).append(finding.to_json())
    questions = []
    for q in result.questions:
        cells = [i for i, owner in enumerate(owners) if owner == q.number]
        prompt = _prompt_index(nb, q.number)
        last = cells[-1] if cells else prompt
        questions.append(
            {
                **q.to_json(),
                "label": badge_label(q, len(broken.get(q.number, []))),
                "warnings": by_question.get(q.number, [])
                + [
                    {"question": q.number, "line": None, "message": m}
                    for m in broken.get(q.number, [])
                ],
                "unresolved": unresolved.get(q.number, []),
                "cell": last,
                "cell_id": ids[last] if last is not None else None,
            }
        )
    placeholders = [
        ids[i]
        for i, (cell, owner) in enumerate(zip(nb.cells, owners, strict=True))
        if owner is not None and cell.cell_type == "markdown" and _UNTOUCHED.fullmatch(cell.source)
    ]
    return {
        "profile": result.profile,
        "passed": result.passed,
        "total": result.total,
        "ok": result.ok,
        "rejected": result.rejected,
        "questions": questions,
        "warnings": [w.to_json() for w in result.warnings if w.question is None],
        "glue": values,
        "glue_pattern": PLACEHOLDER.pattern,
        "unresolved": sorted({n for names in unresolved.values() for n in names}),
        "placeholders": placeholders,
        "locked_kinds": FRONT_LOCKED,
        "kinds": [cell_info(cell).get("kind") for cell in nb.cells],
    }


def from_json(data: Any) -> NotebookNode:
    """A notebook from its JSON as JupyterLab sends it (text as lists of lines), its shapes checked.

    Not validated against nbformat's schema (an unsaved notebook may not be yet), but every shape
    report-nb reads is (:func:`~report_nb.notebook.validation.check_metadata`).
    """
    import nbformat
    from nbformat.v4.rwbase import rejoin_lines

    from report_nb.errors import NotebookError

    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise NotebookError("the request holds no notebook JSON")
    if not isinstance(data.get("metadata", {}), dict):
        raise NotebookError("the notebook's metadata is not an object")
    for index, cell in enumerate(data["cells"]):
        problem = _cell_problem(cell)
        if problem:
            raise NotebookError(f"cell {index + 1} of the notebook JSON {problem}")
    nb = rejoin_lines(nbformat.from_dict(data))
    check_metadata(nb)  # untrusted as any notebook: a bad one is a 400 naming the cell
    return nb


def _cell_problem(cell: Any) -> str | None:
    """What makes ``cell`` unusable as a notebook cell (None when it is one)."""
    if not isinstance(cell, dict):
        return "is not an object"
    if cell.get("cell_type") not in CELL_TYPES:
        return "has no cell_type markdown, code or raw"
    source = cell.get("source", "")
    if not isinstance(source, str) and not (
        isinstance(source, list) and all(isinstance(line, str) for line in source)
    ):
        return "has a source that is not text"
    if not isinstance(cell.get("metadata", {}), dict):
        return "has metadata that is not an object"
    if not isinstance(cell.get("id", ""), str):
        return "has an id that is not text"
    attachments = cell.get("attachments", {})
    if not isinstance(attachments, dict) or not all(
        isinstance(bundle, dict) for bundle in attachments.values()
    ):
        return "has attachments that are not objects"
    if cell["cell_type"] != "code":
        return None
    outputs = cell.get("outputs", [])
    if not isinstance(outputs, list) or not all(isinstance(o, dict) for o in outputs):
        return "has outputs that are not a list of objects"
    if not all(isinstance(o.get("data", {}), dict) for o in outputs):
        return "has an output whose data is not an object"
    return None


def _broken_images(
    report: Report | None, info: ReportResources, figures: frozenset[str]
) -> dict[int, list[str]]:
    """Per question, its images that are missing, no image, or not what their name says.

    The official checker counts such an image all the same (so the counts and pass/fail stay
    ``check``'s), but the hand-in page shows it broken and a strict build refuses it: the badge
    says so as the student types, naming the file. Figures the notebook's code makes are not
    missing.
    """
    from report_nb.core.sniff import BY_SUFFIX, mismatch
    from report_nb.preprocessors.validate import image_findings, image_links
    from report_nb.render.images import relative_path

    problems: dict[int, list[str]] = {}
    if report is None:
        return problems
    for finding in image_findings(report, info.base, figures, info.figures):
        if finding.error and finding.question is not None:
            problems.setdefault(finding.question, []).append(finding.message)
    for question in report.questions:
        for target in image_links(question.answer.text):
            relative = relative_path(target)
            path = info.base / relative if relative else None
            if path is None or relative in figures or path.suffix.lower() not in BY_SUFFIX:
                continue
            try:
                with open(path, "rb") as file:
                    wrong = mismatch(path.suffix, file.read(4096))
            except OSError:  # missing or unreadable: image_findings named it
                continue
            if wrong:
                problems.setdefault(question.number, []).append(f"image {target} {wrong}")
    return problems


def _prompt_index(nb: NotebookNode, number: int) -> int | None:
    from report_nb.notebook.metadata import cell_info

    for index, cell in enumerate(nb.cells):
        info = cell_info(cell)
        if info.get("kind") == "prompt" and info.get("question") == number:
            return index
    return None


def badge_label(q: QuestionResult, broken: int = 0) -> str:
    """``Q14 · 212 words (200-300) ✓ · 1 image (1-3) ✓``: the badge text of one question.

    ``broken`` images (missing, or not images) are added: ``· 2 images broken``.
    """
    parts = [f"Q{q.number}"]
    parts.append(_part(q.words, "word", q.limits, "words"))
    if q.limits.images is not None or q.images:
        parts.append(_part(q.images, "image", q.limits, "images"))
    if broken:
        parts.append(f"{broken} image{'' if broken == 1 else 's'} broken")
    label = " · ".join(parts)
    if not q.ok and "✗" not in label:  # read from another question, or not seen at all
        label += " ✗"
    return label


def _part(value: int, noun: str, limits: Limits, field: str) -> str:
    bounds = getattr(limits, field)
    text = f"{value} {noun}{'' if value == 1 else 's'}"
    if bounds is None:
        return text
    low, high = bounds
    mark = "✓" if low <= value <= high else "✗"
    return f"{text} ({low}-{high}) {mark}"
