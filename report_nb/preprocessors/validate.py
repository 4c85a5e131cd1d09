"""ValidateReportPreprocessor: the rules of ``check`` on the answers as they will be exported.

It renders the README from the notebook (answers with glued values and saved figures), checks it
as the official checker would, and records the result in ``resources["report_nb"]``: ``check``
(the :class:`~report_nb.core.check.CheckResult`), ``findings`` (images that do not exist, are
outside ``figures/``, have another format or are remote; prompt cells changed since import) and
``stale`` (questions whose data came from an offline snapshot). With ``strict`` (the build's
default) a failing question, a file the official checker would reject or a broken image stops the
export.
"""

from __future__ import annotations

import re
from collections.abc import Set
from pathlib import Path
from typing import Any

from nbformat import NotebookNode
from traitlets import Bool, Unicode

from report_nb.core.check import check_report
from report_nb.core.model import LOCKED_KINDS, Report
from report_nb.core.results import CheckResult, Finding
from report_nb.errors import BuildError
from report_nb.notebook.cells import clean_source, prompt_digest, to_report
from report_nb.notebook.metadata import cell_info, cell_questions, chosen_profile
from report_nb.notebook.outputs import HIDE_TAGS, IMAGE_MIMES, cell_markdown, is_object_repr, tags
from report_nb.preprocessors.base import ReportPreprocessor
from report_nb.protocol import STALE_MIME
from report_nb.render.images import is_remote, relative_path
from report_nb.resources import DEFAULT_FIGURES, ReportResources

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)


class ValidateReportPreprocessor(ReportPreprocessor):
    """Run the report's rules on the rendered answers; record results, fail if ``strict``."""

    strict = Bool(True, help="Fail on constraint violations and broken images.").tag(config=True)
    profile = Unicode(
        "auto",
        help="Course year whose official limits apply; auto: the notebook's report_nb.profile "
        "(kept by 'import --profile'), else detected.",
    ).tag(config=True)

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        """Check the rendered report; record the results; raise in strict mode."""
        info = ReportResources.of(resources)
        analyse(nb, info, set(info.figure_outputs(resources)), self.profile)
        if self.strict and info.check is not None:
            _fail_if_broken(info.check, [f for f in info.findings if f.error])
        return nb, resources


def analyse(nb: NotebookNode, info: ReportResources, pending: set[str], profile: str) -> None:
    """Check the report ``nb`` renders to and record report, check, findings and stale in ``info``.

    ``pending`` are figure files (relative to ``info.base``) that the caller will write.
    """
    report = to_report(nb, render_code=cell_markdown)
    info.report = report
    info.check = check_report(report, profile=chosen_profile(nb, profile), path=info.readme)
    fail_unresolved(info.check, info.unresolved)
    info.findings = (
        image_findings(report, info.base, pending, info.figures)
        + prompt_findings(nb)
        + dropped_outputs(nb)
    )
    info.stale = stale_sources(nb)


def fail_unresolved(result: CheckResult, unresolved: list[tuple[int, str]]) -> None:
    """Fail the questions whose ``{{ name }}`` placeholders have no glued value yet."""
    by_number = {question.number: question for question in result.questions}
    for number, name in unresolved:
        if number in by_number:
            by_number[number].problems.append(
                f"'{{{{ {name} }}}}' has no value: run the cell that calls "
                f"report_nb.glue({name!r}, ...), or build"
            )


def _fail_if_broken(result: CheckResult, broken: list[Finding]) -> None:
    problems = [
        f"question {q.number}: {'; '.join(q.problems)}" for q in result.questions if not q.ok
    ]
    problems += [f"question {f.question}: {f.message}" for f in broken]
    if result.rejected:
        problems.insert(0, f"the official checker will reject the file: {result.rejected}")
    if problems:
        raise BuildError(
            f"{len(problems)} problem(s): {'; '.join(problems)}",
            hint="fix them, or build with --no-strict to write the outputs anyway",
        )


def image_links(text: str) -> list[str]:
    """Targets of the Markdown and HTML images in ``text``, in order."""
    found = [(m.start(), m.group(1)) for m in _MD_IMAGE.finditer(text)]
    found += [(m.start(), m.group(1)) for m in _HTML_IMAGE.finditer(text)]
    return [target for _, target in sorted(found)]


def image_findings(
    report: Report,
    base: Path,
    pending: Set[str] = frozenset(),
    figures: str = DEFAULT_FIGURES,
) -> list[Finding]:
    """Images that graders would not see as the course expects them (in ``figures/``)."""
    findings: list[Finding] = []
    for question in report.questions:
        for target in image_links(question.answer.text):
            if is_remote(target):
                findings.append(
                    Finding(
                        question.number,
                        None,
                        f"remote image {target}: it may vanish; save it to {figures}/ instead",
                    )
                )
                continue
            message = _image_problem(target, base, pending, figures)
            if message:
                findings.append(Finding(question.number, None, message, error=True))
            elif target.startswith("/"):
                findings.append(Finding(question.number, None, _root_relative(target, base)))
    return findings


def _root_relative(target: str, base: Path, found: bool = True) -> str:
    """What a leading ``/`` means: the repository root on GitHub, the disk's root in the hand-in.

    ``found``: whether the file exists relative to the README (which the build checks).
    """
    relative = relative_path(target) or target.lstrip("/")
    root = _repository_root(base)
    if root is None:
        github = "GitHub reads it from the repository root (no git repository around it here)"
    elif (root / relative).is_file():
        github = f"GitHub shows {root / relative}, from the repository root"
    else:
        github = f"GitHub looks for it at the repository root ({root / relative}: not there)"
    seen = f"{base / relative} exists" if found else f"there is no {base / relative} either"
    suggestion = _relative_suggestion(base, root, relative) if root else relative
    return (
        f"image {target}: a leading '/' is the repository root on GitHub, not the README's "
        f"folder: {github}; the hand-in page, opened from the README's folder, looks for it at "
        f"the root of the disk and shows a broken image ({seen}); write {suggestion}"
    )


def _relative_suggestion(base: Path, root: Path, relative: str) -> str:
    """The path relative to the README of the file GitHub shows, else of the one beside it."""
    import os

    if (root / relative).is_file():
        return Path(os.path.relpath(root / relative, base)).as_posix()
    return relative


def _repository_root(folder: Path) -> Path | None:
    """The folder holding ``.git`` at or above ``folder`` (None outside a repository)."""
    for candidate in (folder.resolve(), *folder.resolve().parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _image_problem(target: str, base: Path, pending: Set[str], figures: str) -> str | None:
    relative = relative_path(target)
    if relative is None:
        return f"image {target!r} does not name a file"
    path = base / relative
    if path.suffix.lower() not in IMAGE_EXTENSIONS:
        return f"image {target}: the course accepts only .png, .jpg and .jpeg files"
    if relative not in pending and not path.is_file():
        if target.startswith("/"):
            return _root_relative(target, base, found=False)
        return f"image {target} not found (looked for {path})"
    if not relative.startswith(figures.strip("/") + "/"):
        return f"image {target} is outside {figures}/, where the course wants it"
    return None


def prompt_findings(nb: NotebookNode) -> list[Finding]:
    """Template cells (prompts, sections, preamble) whose text changed since the import."""
    findings = []
    for cell in nb.cells:
        info = cell_info(cell)
        if info.get("kind") not in LOCKED_KINDS or "sha256" not in info:
            continue
        if prompt_digest(clean_source(cell.source)) != info["sha256"]:
            where = (
                f"the prompt of question {info['question']}"
                if info.get("question")
                else f"the {info['kind']} text"
            )
            findings.append(
                Finding(
                    info.get("question"),
                    None,
                    f"{where} was changed; the course asks to change nothing but the answers",
                    error=True,  # a strict build stops; --no-strict writes and warns
                )
            )
    return findings


def dropped_outputs(nb: NotebookNode) -> list[Finding]:
    """Outputs of answer code cells the README cannot show, which are left out of it.

    A figure shown only as SVG or GIF (the course accepts PNG and JPEG), and HTML whose only
    text is an object repr (``display(HTML(...))``: the README is Markdown).
    """
    findings = []
    for cell, question in zip(nb.cells, cell_questions(nb), strict=True):
        if question is None or cell.cell_type != "code" or tags(cell) & HIDE_TAGS:
            continue
        for output in cell.get("outputs", []):
            message = _dropped(output.get("data", {}))
            if message:
                findings.append(Finding(question, None, message))
    return findings


def _dropped(data: dict[str, Any]) -> str | None:
    if any(m in data for m in IMAGE_MIMES) or "text/markdown" in data:
        return None
    other = sorted(m for m in data if m.startswith("image/"))
    if other:
        return (
            f"a figure shown only as {other[0]} is left out: the course accepts PNG and JPEG "
            "(draw it as PNG, e.g. fig.savefig or a ReportFigure)"
        )
    plain = data.get("text/plain", "")
    if "text/html" in data and is_object_repr(plain if isinstance(plain, str) else "".join(plain)):
        return (
            "an HTML output (display(HTML(...))) is left out: the README is Markdown; show it "
            "with IPython.display.Markdown or a report_nb.live.tables.MarkdownTable"
        )
    return None


def stale_sources(nb: NotebookNode) -> dict[int, list[str]]:
    """Question -> data sources read from a saved snapshot instead of fetched (--offline)."""
    stale: dict[int, list[str]] = {}
    for cell, question in zip(nb.cells, cell_questions(nb), strict=True):
        for output in cell.get("outputs", []):
            payload = output.get("data", {}).get(STALE_MIME)
            if question is not None and isinstance(payload, dict):
                stale.setdefault(question, []).append(
                    f"{payload.get('source')} (saved {payload.get('saved_at')})"
                )
    return stale
