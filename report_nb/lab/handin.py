"""The hand-in beside the answer: the unsaved notebook as the graders' page shows it.

:func:`handin_view` renders the README the notebook exports now (non-strict, stored outputs,
glued values) two ways, per question and whole: as the course's ``report.py html`` renders it
(the hand-in) and as GitHub shows it. Every fragment goes through the HTML report's sanitiser
and has its figures embedded as data URIs, so the browser shows it in a sandboxed frame that
runs no script and loads nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict

from nbformat import NotebookNode


class HandinQuestion(TypedDict):
    """One question's answer in both views."""

    number: int
    handin: str
    github: str


class HandinView(TypedDict):
    """``POST /report-nb/handin``: every question, and the whole hand-in page."""

    questions: list[HandinQuestion]
    page: str


def handin_view(nb: NotebookNode, folder: Path) -> HandinView:
    """The hand-in of ``nb`` (a notebook in ``folder``), sanitised, figures embedded."""
    from traitlets.config import Config

    from report_nb.core.handin import answer_html, grader_text, handin_html
    from report_nb.core.template import parse
    from report_nb.notebook.metadata import readme_path
    from report_nb.pipeline import prepare
    from report_nb.render.markdown import MarkdownRenderer, sanitize

    readme = readme_path(nb, folder / "report.ipynb")
    config = Config()
    config.ValidateReportPreprocessor.strict = False
    prepared = prepare(nb, readme, config)
    text = prepared.readme()
    images = {
        path.relative_to(readme.parent).as_posix(): data
        for path, data in prepared.figures().items()
    }
    renderer = MarkdownRenderer(readme.parent, images)
    questions: list[HandinQuestion] = [
        {
            "number": q.number,
            "handin": renderer.images.rewrite(sanitize(answer_html(q.answer.text))),
            "github": renderer.block(q.answer.text),
        }
        for q in parse(text, str(readme)).questions
    ]
    page = handin_html(grader_text(text.encode("utf-8")))
    return {"questions": questions, "page": renderer.images.rewrite(sanitize(page))}
