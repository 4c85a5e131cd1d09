"""Prepare a report notebook once, then render it for every front end.

``report-nb build`` and ``export``, ``import --merge``, ``report-nb html``, ``check`` on a notebook
and the JupyterLab server extension all call :func:`prepare`: it runs report-nb's preprocessors
(glue values, name figures, validate) once on a copy of the notebook, each configured by one
traitlets :class:`~traitlets.config.Config` (the same one ``jupyter nbconvert`` would use). The
:class:`Prepared` result then renders the README and the HTML page through the nbconvert
exporters, with the preprocessors switched off since they already ran. Nothing here executes a
cell or touches a file.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from report_nb.resources import KEY, ReportResources

if TYPE_CHECKING:
    from nbformat import NotebookNode
    from traitlets.config import Config

    from report_nb.core.model import Report
    from report_nb.core.results import CheckResult


@dataclass
class Prepared:
    """A notebook after report-nb's preprocessors, ready for both exporters."""

    nb: NotebookNode
    resources: dict[str, Any]
    config: Config

    @property
    def info(self) -> ReportResources:
        """What the preprocessors found (report, check, findings, glued values, stale data)."""
        return ReportResources.of(self.resources)

    def figures(self) -> dict[Path, bytes]:
        """The figure files to write, by their path beside the README."""
        info = self.info
        return {
            info.base / name: data for name, data in info.figure_outputs(self.resources).items()
        }

    def readme(self) -> str:
        """The README text, in the template's exact format (what ``ReadmeExporter`` gives)."""
        from report_nb.render.readme import readme_text

        return readme_text(self.nb)

    def html(self) -> str:
        """The self-contained HTML report (what ``ReportHTMLExporter`` gives)."""
        from report_nb.render.report_html import render_html

        return render_html(self.nb, self.resources)


def prepare(nb: NotebookNode, readme: Path, config: Config | None = None) -> Prepared:
    """Run the enabled preprocessors on a copy of ``nb``, for the README at ``readme``.

    A preprocessor runs unless ``config`` disables it (``c.GluePreprocessor.enabled = False``);
    its options come from ``config`` too (``c.ValidateReportPreprocessor.strict = False``).
    """
    from traitlets.config import Config

    from report_nb.preprocessors import chain

    config = config if config is not None else Config()
    resources: dict[str, Any] = {"metadata": {"path": str(readme.parent)}}
    resources[KEY] = ReportResources(base=readme.parent, readme=str(readme))
    nb = copy.deepcopy(nb)
    for cls in chain():
        options = {} if "enabled" in config.get(cls.__name__, {}) else {"enabled": True}
        preprocessor = cls(config=config, **options)
        if preprocessor.enabled:
            nb, resources = preprocessor(nb, resources)
    return Prepared(nb, resources, config)


class Checked(NamedTuple):
    """A notebook's check, and what the preprocessors found (glued values, unresolved ones)."""

    result: CheckResult
    info: ReportResources
    #: The figure files a build would write from the stored outputs, relative to the README.
    figures: frozenset[str] = frozenset()
    #: The report that was checked (the README the notebook exports now, parsed).
    report: Report | None = None


class Rendered(NamedTuple):
    """The report a notebook exports now, and what the preprocessors found."""

    report: Report
    info: ReportResources
    #: The figure files a build would write from the stored outputs, relative to the README.
    figures: frozenset[str] = frozenset()


def checked_notebook(
    nb: NotebookNode, readme: Path, profile: str = "auto", path: str | None = None
) -> Checked:
    """``check`` of the README the notebook exports now, from its stored outputs.

    A question whose ``{{ name }}`` placeholder has no glued value yet fails, counted as the
    grader would count the raw text.
    """
    from report_nb.core.check import check_report
    from report_nb.notebook.metadata import chosen_profile
    from report_nb.preprocessors.validate import fail_unresolved

    report, info, figures = rendered(nb, readme)
    result = check_report(report, profile=chosen_profile(nb, profile), path=path or str(readme))
    fail_unresolved(result, info.unresolved)
    return Checked(result, info, figures, report)


def rendered(nb: NotebookNode, readme: Path, config: Config | None = None) -> Rendered:
    """The report the notebook exports now, parsed from that README (so lines are the README's).

    Stored outputs are used, with glued values filled in and figures named as a build would
    (no validation: the caller checks).
    """
    from traitlets.config import Config

    from report_nb.core.template import parse, render
    from report_nb.notebook.cells import to_report
    from report_nb.notebook.outputs import cell_markdown

    merged = Config()
    merged.ValidateReportPreprocessor.enabled = False
    if config is not None:
        merged.merge(config)
    prepared = prepare(nb, readme, merged)
    text = render(to_report(prepared.nb, render_code=cell_markdown))
    figures = frozenset(prepared.info.figure_outputs(prepared.resources))
    return Rendered(parse(text, str(readme)), prepared.info, figures)
