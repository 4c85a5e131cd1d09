"""SaveFiguresPreprocessor: give every figure a stable file name in ``figures/``.

nbconvert names extracted images after cell indices (``output_3_1.png``), so one inserted cell
renames every figure. Here a figure is named after its question and a name the author chooses:
the ``name`` of a :class:`report_nb.live.figures.ReportFigure`, else the code cell's
``report_nb.figure`` metadata (a string, or a list for several figures), else its position in the
question: ``figures/q14_loss.png``, ``figures/q14_2.png``. The image bytes go to
``resources["outputs"]`` and the name to the output's ``filenames`` metadata, as nbconvert's
ExtractOutputPreprocessor does; the caller writes the files. Only PNG and JPEG are saved, the
formats the course accepts.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from nbformat import NotebookNode
from traitlets import Unicode

from report_nb.core.sniff import mismatch
from report_nb.errors import NotebookError
from report_nb.notebook.metadata import cell_questions
from report_nb.notebook.outputs import HIDE_TAGS, IMAGE_MIMES, tags
from report_nb.preprocessors.base import ReportPreprocessor
from report_nb.resources import DEFAULT_FIGURES, ReportResources

_EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg"}
_UNSAFE = re.compile(r"[^a-z0-9_-]+")


class SaveFiguresPreprocessor(ReportPreprocessor):
    """Name PNG/JPEG outputs of answer code cells ``figures/q<N>_<name>.<ext>``."""

    folder = Unicode(DEFAULT_FIGURES, help="Folder, relative to the README, for figure files.").tag(
        config=True
    )

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        """Name every figure and put its bytes in ``resources["outputs"]``."""
        outputs = resources.setdefault("outputs", {})
        ReportResources.of(resources).figures = self.folder
        taken: set[str] = set()
        counts: dict[int, int] = {}
        for index, (cell, question) in enumerate(zip(nb.cells, cell_questions(nb), strict=True)):
            if question is None or cell.cell_type != "code" or tags(cell) & HIDE_TAGS:
                continue
            wanted = _cell_names(cell)
            for output in cell.get("outputs", []):
                mime = next((m for m in IMAGE_MIMES if m in output.get("data", {})), None)
                if mime is None:
                    continue
                counts[question] = counts.get(question, 0) + 1
                stem = _stem(output, wanted, counts[question])
                filename = self._unique(
                    f"{self.folder}/q{question}_{stem}", _EXTENSIONS[mime], taken
                )
                data = base64.b64decode(output.data[mime])
                wrong = mismatch(mime, data)
                if wrong:  # e.g. <script> bytes stored as image/png: never written as a figure
                    raise NotebookError(
                        f"cell {index + 1}: its {mime} output {wrong}; it is not written as "
                        f"{filename}",
                        question=question,
                        hint="make the figure with matplotlib (ReportFigure) or clear the output",
                    )
                outputs[filename] = data
                output.setdefault("metadata", {}).setdefault("filenames", {})[mime] = filename
        return nb, resources

    @staticmethod
    def _unique(stem: str, extension: str, taken: set[str]) -> str:
        name, number = stem + extension, 2
        while name in taken:
            name, number = f"{stem}_{number}{extension}", number + 1
        taken.add(name)
        return name


def _cell_names(cell: NotebookNode) -> list[str]:
    wanted = cell.get("metadata", {}).get("report_nb", {}).get("figure")
    if isinstance(wanted, str):
        return [wanted]
    return [str(name) for name in wanted] if isinstance(wanted, list) else []


def _stem(output: NotebookNode, wanted: list[str], position: int) -> str:
    """The author's name for the figure, else its position among the question's figures."""
    own = output.get("metadata", {}).get("report_nb", {}).get("name")
    if not own and wanted:
        own = wanted.pop(0)
    cleaned = _UNSAFE.sub("-", str(own).lower()).strip("-") if own else ""
    return cleaned or str(position)
