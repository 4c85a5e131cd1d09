"""Figures for the report: matplotlib figures that display as PNG with a stable name.

A :class:`ReportFigure` renders itself to PNG (``_repr_png_``), whatever matplotlib backend the
kernel uses, and carries the name the figure file gets in ``figures/`` (``q14_loss.png`` for
``name="loss"`` in question 14) and the alt text of its Markdown link.
"""

from __future__ import annotations

import io
import sys
from typing import Any

from report_nb.live.extras import require


class ReportFigure:
    """A matplotlib figure plus its file name stem and alt text."""

    def __init__(self, figure: Any, name: str | None = None, alt: str | None = None) -> None:
        self.figure = figure
        self.name = name
        self.alt = alt or _title(figure)
        # A figure made with pyplot would be shown a second time by the inline backend when the
        # cell ends (and saved as an extra, unnamed image): the ReportFigure shows it instead.
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None:
            pyplot.close(figure)

    def png(self, dpi: int = 110) -> bytes:
        """The figure as PNG bytes (no timestamps: the same figure gives the same bytes)."""
        buffer = io.BytesIO()
        self.figure.savefig(
            buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None}
        )
        return buffer.getvalue()

    def save(self, path: str) -> None:
        """Write the PNG to ``path``."""
        with open(path, "wb") as file:
            file.write(self.png())

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        data = {"image/png": self.png(), "text/plain": f"<ReportFigure {self.name or ''}>"}
        meta: dict[str, Any] = {}
        if self.name or self.alt:
            meta["report_nb"] = {k: v for k, v in (("name", self.name), ("alt", self.alt)) if v}
        return data, meta


def _title(figure: Any) -> str | None:
    """The figure's suptitle, else its first axes title: the alt text when none is given."""
    suptitle = getattr(figure, "_suptitle", None)
    texts = [suptitle.get_text() if suptitle is not None else ""]
    texts += [axes.get_title() for axes in getattr(figure, "axes", [])]
    return next((text.strip() for text in texts if text and text.strip()), None)


def new_figure(width: float = 6.4, height: float = 3.6) -> Any:
    """A fresh matplotlib ``Figure`` (not registered with pyplot, so nothing shows twice)."""
    figure_module = require("matplotlib.figure", "plots")
    return figure_module.Figure(figsize=(width, height), layout="constrained")
