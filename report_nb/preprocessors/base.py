"""The preprocessor protocol of nbconvert, without importing nbconvert.

nbconvert calls a preprocessor as ``nb, resources = preprocessor(nb, resources)`` and accepts any
configurable class for it (``Exporter.register_preprocessor`` builds a ``HasTraits`` class with
``parent=exporter``). Subclassing ``nbconvert.preprocessors.Preprocessor`` would import all of
nbconvert (its filters pull in mistune and BeautifulSoup: about 0.45 s), which ``report-nb check``
on a notebook and the JupyterLab endpoint run without: they use these preprocessors and no
exporter. The ``enabled`` flag and ``__call__`` behave as nbconvert's do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from traitlets import Bool
from traitlets.config import LoggingConfigurable

if TYPE_CHECKING:
    from nbformat import NotebookNode


class ReportPreprocessor(LoggingConfigurable):
    """A configurable ``(nb, resources) -> (nb, resources)`` step, off unless enabled."""

    enabled = Bool(False, help="Run this preprocessor.").tag(config=True)

    def __call__(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        """Run :meth:`preprocess` if enabled, as nbconvert's ``Preprocessor.__call__`` does."""
        if not self.enabled:
            return nb, resources
        self.log.debug("Applying preprocessor: %s", type(self).__name__)
        return self.preprocess(nb, resources)

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        """Change ``nb`` and ``resources``; subclasses implement it."""
        raise NotImplementedError
