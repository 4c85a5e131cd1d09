"""``-p NAME VALUE``: refused for a name the notebook's parameters cell does not set.

papermill only warns about an unknown parameter and runs anyway, so a typo would silently build
with the default value; :func:`check_parameters` refuses it before the kernel starts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nbformat import NotebookNode

from report_nb.errors import ReportNbError


def check_parameters(nb: NotebookNode, parameters: Mapping[str, Any]) -> None:
    """Refuse ``-p NAME VALUE`` for a name the notebook's parameters cell does not set.

    papermill only warns and runs anyway, so a typo would silently build with the default.
    ``offline`` (set by ``--offline``) is always allowed.
    """
    wanted = sorted(set(parameters) - {"offline"})
    if not wanted:
        return
    index = next(
        (
            i
            for i, c in enumerate(nb.cells)
            if "parameters" in c.get("metadata", {}).get("tags", [])
        ),
        None,
    )
    if index is None:
        raise ReportNbError(
            f"-p {wanted[0]}: the notebook has no cell tagged 'parameters'",
            hint="tag the code cell that sets the default values 'parameters'",
        )
    known = _assigned_names(nb.cells[index].source)
    unknown = [name for name in wanted if name not in known]
    if unknown:
        listed = ", ".join(sorted(known)) or "nothing"
        raise ReportNbError(
            f"-p {unknown[0]}: the parameters cell (cell {index + 1}) sets {listed}",
            hint="use one of those names, or add it to the parameters cell",
        )


def _assigned_names(source: str) -> set[str]:
    """Names a cell assigns at top level (``name = ...``, ``name: int = ...``)."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names
