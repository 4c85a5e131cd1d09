"""The server's root folder holds: every path a lab endpoint reads or writes stays inside it.

The request names a notebook; the notebook and its folder's build options name the README (read
by merge, written by build), the figures folder, the HTML page and the ``.report-nb`` store. Any
of them may be a symlink: each is resolved, and one that leads out of the server's root folder
refuses the request. Only the HTTP layer uses this: the CLI writes where its user says.
"""

from __future__ import annotations

from pathlib import Path

from report_nb.resources import DEFAULT_FIGURES


class OutsideRoot(Exception):
    """A path of the request leads out of the server's root folder (HTTP 403)."""


def inside(path: Path, root: Path) -> bool:
    """True if ``path``, resolved (symlinks followed), is ``root`` or below it."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError, ValueError):
        return False
    return resolved == root or resolved.is_relative_to(root)


def project_paths(notebook: Path) -> dict[str, Path]:
    """What a build of ``notebook`` touches, by name (the README, figures, the HTML, the store)."""
    from report_nb.commands.options import ReportBuild, build_config, load_config
    from report_nb.notebook.metadata import readme_path
    from report_nb.notebook.pairing import read_notebook

    folder = notebook.parent
    nb, nb_path = read_notebook(notebook)
    options = ReportBuild(config=load_config(folder, build_config(progress=False)))
    readme = folder / options.readme if options.readme else readme_path(nb, nb_path)
    html = folder / options.html_output if options.html_output else readme.with_name("report.html")
    return {
        "the notebook": notebook,
        "the README": readme,
        f"{DEFAULT_FIGURES}/": readme.parent / DEFAULT_FIGURES,
        "the HTML page": html,
        "the .report-nb folder": folder / ".report-nb",
    }


def confine(notebook: Path, root: Path) -> None:
    """Raise :class:`OutsideRoot` if a path a command on ``notebook`` uses leaves ``root``."""
    for name, path in project_paths(notebook).items():
        if not inside(path, root):
            raise OutsideRoot(
                f"{name} ({path.name}) leads outside the server's root folder: refused"
            )
