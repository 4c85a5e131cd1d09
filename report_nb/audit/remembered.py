"""The checklist line of ``report-nb check``, remembered between runs of an unchanged repository.

Counting the ticked items without evidence loads the audit's rules and probes the repository:
about twice the time of the check itself. A student runs ``check`` again and again on a
repository that has not changed, so the count is kept in report-nb's folder of the user's cache
(never in the repository), next to the exact key it was computed from: report-nb's version and
rules, the checklist items as written, and every walked file's path, size and modification time
(but the README's own, whose other text is no evidence). Any difference in the key means a new
count; a cache folder that cannot be read or written means no cache.
"""

from __future__ import annotations

import contextlib
import os

from report_nb import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms at start-up)
if TYPE_CHECKING:
    from collections.abc import Mapping

    from report_nb.audit.checklist import Item
    from report_nb.audit.walk import Walk

#: The variable naming the cache folder; set to "" it turns the cache off.
CACHE_ENV = "REPORT_NB_CACHE_DIR"
#: The rules files the count depends on (``report_nb.audit.rules.RULES_DIR``).
RULES_FOLDER = os.path.join(os.path.dirname(__file__), "rules")
#: A key longer than this (a repository of tens of thousands of files) is not kept.
MAX_KEY_CHARS = 4_000_000


def cache_folder(env: Mapping[str, str], home: str) -> str | None:
    r"""Where to keep counts: ``$REPORT_NB_CACHE_DIR``, else the platform's user cache folder.

    That is ``$XDG_CACHE_HOME/report-nb`` or ``~/.cache/report-nb``, and
    ``%LOCALAPPDATA%\report-nb\Cache`` on Windows. None when the variable is set to "".
    """
    if CACHE_ENV in env:
        return env[CACHE_ENV] or None
    if os.name == "nt" and env.get("LOCALAPPDATA"):
        return os.path.join(env["LOCALAPPDATA"], "report-nb", "Cache")
    return os.path.join(env.get("XDG_CACHE_HOME") or os.path.join(home, ".cache"), "report-nb")


def key(walk: Walk, items: list[Item], readme: str) -> str:
    """Everything the count depends on, as text; ``readme`` is the README's path in the walk."""
    lines = [f"report-nb {__version__}"]
    for name in sorted(os.listdir(RULES_FOLDER)):
        stat = os.stat(os.path.join(RULES_FOLDER, name))
        lines.append(f"rules {name} {stat.st_size} {stat.st_mtime_ns}")
    lines.extend(f"item {item.line} {item.tick!r} {item.text!r}" for item in items)
    lines.append(walk.listing(frozenset({readme})))
    return "\n".join(lines)


def recall(cache: str, root: str, computed_from: str) -> int | None:
    """The count kept for the repository at ``root`` if it was computed from this key, else None."""
    try:
        with open(_file(cache, root), encoding="utf-8", errors="surrogateescape") as stream:
            count, _, kept = stream.read().partition("\n")
    except OSError:
        return None
    return int(count) if kept == computed_from and count.isdigit() else None


def remember(cache: str, root: str, computed_from: str, count: int) -> None:
    """Keep ``count`` for the repository at ``root`` (quietly not, if the cache is not writable)."""
    if len(computed_from) > MAX_KEY_CHARS:
        return
    path = _file(cache, root)
    partial = f"{path}.{os.getpid()}.partial"
    try:
        os.makedirs(cache, exist_ok=True)
        with open(partial, "w", encoding="utf-8", errors="surrogateescape") as stream:
            stream.write(f"{count}\n{computed_from}")
        os.replace(partial, path)  # readers see the old count or the new one, never half
    except OSError:
        with contextlib.suppress(OSError):
            os.remove(partial)


def _file(cache: str, root: str) -> str:
    """One file per repository, named by a checksum of its absolute path."""
    import zlib  # here: the CLI reads the cache folder's name for every check, in or out of a repo

    where = os.path.abspath(root).encode("utf-8", "surrogateescape")
    return os.path.join(cache, f"checklist-{zlib.crc32(where):08x}.txt")
