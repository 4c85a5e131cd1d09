"""The HTML report rendered from its template without nbconvert: what a build writes.

The ``report_html`` template folder needs nothing of nbconvert's but the ``nb`` and ``resources``
it renders with: all its data comes from the ``report_page`` filter (:func:`page_of`). A build
renders it here with Jinja alone, as nbconvert's ``TemplateExporter`` would (same loader, the
``loopcontrols`` extension, leading newlines stripped), so that a cached rebuild imports neither
nbconvert nor, through it, the execution stack (nbclient, jupyter_client, zmq).
``ReportHTMLExporter`` (``jupyter nbconvert --to report_html``) renders the same template with
the same filter, and the tests hold the two pages equal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from report_nb.paths import template_dir
from report_nb.resources import ReportResources

if TYPE_CHECKING:
    from nbformat import NotebookNode

#: The template folder and its entry template, as ReportHTMLExporter names them.
TEMPLATE = "report_html"
INDEX = "index.html.j2"


def page_of(nb: NotebookNode, resources: dict[str, Any]) -> dict[str, Any]:
    """The template's ``page`` from the prepared notebook; a Jinja filter of the template.

    The check comes from ValidateReportPreprocessor; with it disabled, the page checks the
    report itself, without failing on what it finds.
    """
    from report_nb.preprocessors.validate import analyse
    from report_nb.render.page import page_context

    info = ReportResources.of(resources)
    if info.report is None or info.check is None:
        analyse(nb, info, set(info.figure_outputs(resources)), profile="auto")
    assert info.report is not None and info.check is not None
    return page_context(
        info.report,
        info.check,
        base=info.base,
        stale=info.stale,
        images=info.figure_outputs(resources),
    )


def render_html(nb: NotebookNode, resources: dict[str, Any]) -> str:
    """The HTML report of a prepared notebook (its preprocessors already ran)."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir() / TEMPLATE)),
        extensions=["jinja2.ext.loopcontrols"],
    )
    environment.filters["report_page"] = page_of
    page = environment.get_template(INDEX).render(nb=nb, resources=resources)
    return page.lstrip("\r\n")  # as TemplateExporter does with every output
