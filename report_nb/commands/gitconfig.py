"""``report-nb config-git``: register report-nb's git merge drivers in a group's repository.

In the spirit of ``nbdime config-git --enable``: the drivers go into the clone's own
``.git/config`` (git never takes commands from a committed file, so every teammate runs this once
per clone), and the ``.gitattributes`` lines that route ``.report-nb/state.json`` and each
generated README.md to them go into the repository's ``.gitattributes`` (commit it). The driver
command is this Python's ``-m report_nb``, so it works from a virtual environment that is not
activated when git runs. See :mod:`report_nb.commands.gitmerge` for what the drivers do.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from report_nb.errors import ReportNbError
from report_nb.store.layout import STATE_DIR

DRIVERS = {
    "report-nb-state": ("report-nb: merge .report-nb/state.json", "state"),
    "report-nb-readme": ("report-nb: merge the README report-nb builds", "readme"),
}
MARK = "# report-nb merge drivers (report-nb config-git)"


@dataclass
class GitConfigResult:
    """What :func:`config_git` set: the repository, the drivers, the new attribute lines."""

    root: Path
    drivers: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """A line each, as the command line prints it."""
        lines = [
            f"registered git merge driver {name} in {self.root / '.git' / 'config'}"
            for name in self.drivers
        ]
        lines += [f"added to {self.root / '.gitattributes'}: {line}" for line in self.attributes]
        if self.attributes:
            lines.append("commit .gitattributes; every teammate runs 'report-nb config-git' once")
        return "\n".join(lines) + "\n"


def config_git(folder: Path | None = None, readmes: list[Path] | None = None) -> GitConfigResult:
    """Register the drivers in the repository holding ``folder`` (default: the current one).

    ``readmes`` are the generated READMEs to route to the README driver; by default the
    ``README.md`` beside every ``.report-nb/`` folder in the working tree, else
    ``reports/README.md`` (the course's layout).
    """
    start = Path(folder) if folder is not None else Path.cwd()
    root = Path(_git(start, "rev-parse", "--show-toplevel").strip())
    result = GitConfigResult(root)
    for name, (label, kind) in DRIVERS.items():
        command = f"{shlex.quote(sys.executable)} -m report_nb merge-driver {kind} %O %A %B %P"
        _git(root, "config", f"merge.{name}.name", label)
        _git(root, "config", f"merge.{name}.driver", command)
        result.drivers.append(name)
    wanted = [f"**/{STATE_DIR}/state.json merge=report-nb-state"]
    for readme in readmes if readmes is not None else _generated_readmes(root):
        relative = Path(os.path.relpath(Path(readme).resolve(), root.resolve())).as_posix()
        wanted.append(f"/{relative} merge=report-nb-readme")
    result.attributes = _add_attributes(root / ".gitattributes", wanted)
    return result


def _generated_readmes(root: Path) -> list[Path]:
    found = []
    for current, folders, _ in os.walk(root):
        folders[:] = [f for f in folders if f not in (".git", "node_modules", ".venv")]
        if STATE_DIR in folders:
            found.append(Path(current) / "README.md")
            folders.remove(STATE_DIR)
    return sorted(found) or [root / "reports" / "README.md"]


def _add_attributes(path: Path, wanted: list[str]) -> list[str]:
    """Append the lines of ``wanted`` that ``path`` lacks; returns those added."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    present = set(text.splitlines())
    missing = [line for line in wanted if line not in present]
    if missing:
        head = "" if not text or text.endswith("\n") else "\n"
        mark = "" if MARK in present else MARK + "\n"
        path.write_text(text + head + mark + "\n".join(missing) + "\n", encoding="utf-8")
    return missing


def _git(folder: Path, *args: str) -> str:
    try:
        completed = subprocess.run(
            ["git", *args], cwd=folder, check=False, capture_output=True, text=True
        )
    except FileNotFoundError:
        raise ReportNbError("git is not installed", hint="install git first") from None
    if completed.returncode != 0:
        message = (completed.stderr.strip().splitlines() or ["git failed"])[0]
        raise ReportNbError(
            f"git {args[0]}: {message}",
            path=folder,
            hint="run 'report-nb config-git' inside the group's git repository",
        )
    return completed.stdout
