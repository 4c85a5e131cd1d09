"""The ``.report-nb/`` folder beside a report notebook: the one place its paths are assembled.

``state.json`` (what report-nb wrote; commit it) and the folder's own ``.gitignore`` stay; the
rest is rebuilt as needed: ``build/`` (the executed copy of the last run), ``cache/`` (its
outputs, for cached rebuilds), ``live/`` (the last successful fetch of each network source) and
``merge/`` (the README the last build wrote, and the pair as it was before the last
``import --merge``), and while a command writes, ``lock`` and ``journal.json``.
"""

from __future__ import annotations

import os

from report_nb.core.records import FrozenRecord, set_fields
from report_nb.protocol import SNAPSHOT_DIR, STATE_DIR

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms at start-up)
if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["GITIGNORE", "JOURNAL", "STATE", "STATE_DIR", "Layout", "inside"]

#: Names of :attr:`Layout.state` and :attr:`Layout.journal` inside the ``.report-nb/`` folder.
STATE = "state.json"
JOURNAL = "journal.json"

GITIGNORE = (
    "# report-nb build files; state.json records what report-nb wrote: commit it\n"
    "*\n!.gitignore\n!state.json\n"
)


class Layout(FrozenRecord):
    """Paths under the ``.report-nb/`` folder of the report folder ``folder``."""

    folder: Path

    def __init__(self, folder: Path) -> None:
        set_fields(self, folder=folder)

    @property
    def root(self) -> Path:
        """The ``.report-nb/`` folder itself."""
        return self.folder / STATE_DIR

    @property
    def state(self) -> Path:
        """The record of the files report-nb wrote."""
        return self.root / STATE

    @property
    def gitignore(self) -> Path:
        """Keeps everything but ``state.json`` out of git."""
        return self.root / ".gitignore"

    @property
    def build(self) -> Path:
        """Where the executed copy of the notebook goes."""
        return self.root / "build"

    @property
    def cache(self) -> Path:
        """The outputs of the last execution, for cached rebuilds."""
        return self.root / "cache"

    @property
    def live(self) -> Path:
        """Saved fetches of network sources, reused with ``--offline``."""
        return self.root / SNAPSHOT_DIR

    @property
    def lock(self) -> Path:
        """Held (flock) by the command writing in the folder, with its pid inside."""
        return self.root / "lock"

    @property
    def journal(self) -> Path:
        """The write transaction in progress, if a command was killed while writing."""
        return self.root / JOURNAL

    @property
    def merge(self) -> Path:
        """The notebook pair as it was before the last ``import --merge``."""
        return self.root / "merge"


def inside(folder: str, name: str) -> str:
    """``Layout(Path(folder)).root / name`` as a string, for ``check``, which imports no pathlib."""
    return os.path.join(folder, STATE_DIR, name)
