"""The commands, one public function each: what ``cli/``, ``tasks.py`` and ``lab/`` adapt.

==================  ===========================================  ============================
command             function                                     result
==================  ===========================================  ============================
``check``           :func:`checking.check`                       ``core.check.CheckResult``
``import``          :func:`importing.import_readme`              :class:`importing.ImportResult`
``import --merge``  :func:`merging.merge_readme`                 :class:`merging.MergeResult`
``--undo-merge``    :func:`merging.undo_merge`                   the restored paths
``export``          :func:`exporting.export_readme`              :class:`exporting.ExportResult`
``build``           :func:`building.build`                       :class:`building.BuildResult`
``html``            :func:`html.write_html`, ``write_handin``    the page's path
``audit``           :func:`auditing.audit`                       :class:`auditing.AuditResult`
``config-git``      :func:`gitconfig.config_git`                 :class:`gitconfig.GitConfigResult`
``merge-driver``    :func:`gitmerge.merge_state_files`, ...       git's exit code
==================  ===========================================  ============================

Every one raises a :class:`~report_nb.errors.ReportNbError` subclass for a mistake of the
student's (with the file, question and line, and how to fix it), and writes nothing then. They
are imported from here lazily, so that ``from report_nb.commands import check`` costs no more
than the check itself needs.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms at start-up)
if TYPE_CHECKING:
    from typing import Any

_WHERE = {
    "check": "checking",
    "import_readme": "importing",
    "merge_readme": "merging",
    "undo_merge": "merging",
    "export_readme": "exporting",
    "build": "building",
    "build_config": "options",
    "write_html": "html",
    "write_handin": "html",
    "audit": "auditing",
    "audit_summary": "auditing",
    "config_git": "gitconfig",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module  # here: ``check`` imports its module directly

    return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
