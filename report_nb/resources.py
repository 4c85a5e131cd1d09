"""The ``report_nb`` entry of nbconvert's resources: what our preprocessors leave for the exporters.

nbconvert passes one ``resources`` dict through every preprocessor to the exporter's template.
report-nb keeps its own data in ``resources["report_nb"]`` as one :class:`ReportResources`, so
that every key is written down here, typed, and read through :meth:`ReportResources.of` rather
than by string lookups spread over the modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from report_nb.core.model import Report
    from report_nb.core.results import CheckResult, Finding

KEY = "report_nb"
#: Where figures go, relative to the README, unless SaveFiguresPreprocessor.folder says otherwise.
DEFAULT_FIGURES = "figures"


@dataclass
class ReportResources:
    """What the preprocessors found; the exporters and the build read it."""

    #: Folder of the README: relative image links and ``figures/`` are resolved from it.
    base: Path
    #: The README's path, as messages name it.
    readme: str = "README.md"
    #: Folder of the figures relative to ``base`` (SaveFiguresPreprocessor sets it).
    figures: str = DEFAULT_FIGURES
    #: Glued values by name (GluePreprocessor).
    glue: dict[str, str] = field(default_factory=dict)
    #: ``{{ name }}`` placeholders left without a value: (question, name) (GluePreprocessor).
    unresolved: list[tuple[int, str]] = field(default_factory=list)
    #: The report as it will be exported, and its check (ValidateReportPreprocessor).
    report: Report | None = None
    check: CheckResult | None = None
    #: Broken or remote images, changed prompts, dropped figures (ValidateReportPreprocessor).
    findings: list[Finding] = field(default_factory=list)
    #: Question -> data sources read from a saved snapshot (``--offline``).
    stale: dict[int, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, resources: dict[str, Any]) -> ReportResources:
        """The entry of ``resources``, created (from nbconvert's ``metadata.path``) if missing."""
        entry = resources.get(KEY)
        if not isinstance(entry, ReportResources):
            base = resources.get("metadata", {}).get("path") or "."
            entry = cls(base=Path(base))
            resources[KEY] = entry
        return entry

    def figure_outputs(self, resources: dict[str, Any]) -> dict[str, bytes]:
        """Figure files to write, relative to :attr:`base` (nbconvert's ``outputs``)."""
        outputs = resources.get("outputs") or {}
        return {name: data for name, data in outputs.items() if isinstance(data, bytes)}
