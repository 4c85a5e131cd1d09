"""Installing report-nb as a group does: from a git URL of this repository, on a machine without
Node.js.

``committed_clone`` makes a clone of this working tree whose HEAD holds the files as they are now
(uncommitted changes committed in the clone), so that a ``git+file://`` URL installs exactly what
is being tested. ``without_node`` prefixes a command so that it runs in a private mount namespace
(``unshare -m``, root only) where ``node``, ``npm`` and their relatives are not on PATH: an empty,
non-executable file is bind-mounted over each of them, and an empty folder over Node's global
modules. The namespace first proves that ``node`` and ``npm`` are gone (exit 97 otherwise).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

NODE_TOOLS = ("node", "nodejs", "npm", "npx", "corepack", "yarn", "pnpm", "jlpm")
NODE_GONE = 97  # the namespace's exit code when a Node tool is still there

_HIDE_NODE = """
set -e
for tool in $NODE_TOOLS; do
  for dir in $(echo "$PATH" | tr ':' ' '); do
    if [ -e "$dir/$tool" ]; then mount --bind "$EMPTY_FILE" "$dir/$tool"; fi
  done
done
for dir in /usr/lib/node_modules /usr/local/lib/node_modules; do
  if [ -d "$dir" ]; then mount --bind "$EMPTY_DIR" "$dir"; fi
done
for tool in node npm; do
  if command -v "$tool" >/dev/null 2>&1; then echo "$tool is still on PATH" >&2; exit 97; fi
done
exec "$@"
"""


def git(*args: str, cwd: Path) -> str:
    """Run git quietly; return its standard output."""
    run = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return run.stdout


def committed_clone(source: Path, target: Path) -> str:
    """Clone ``source`` into ``target`` with its working tree committed; return the commit."""
    git("clone", "-q", "--no-hardlinks", str(source), str(target), cwd=source.parent)
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=source)
    for name in filter(None, listed.split("\0")):
        here, there = source / name, target / name
        if here.is_file():
            there.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(here, there)
        elif there.is_file():
            there.unlink()  # deleted in the working tree
    git("add", "-A", cwd=target)
    if git("status", "--porcelain", cwd=target):
        identity = ["-c", "user.name=report-nb tests", "-c", "user.email=tests@example.org"]
        git(*identity, "commit", "-qm", "the working tree under test", cwd=target)
    return git("rev-parse", "HEAD", cwd=target).strip()


def can_unshare() -> bool:
    """Whether this process may make a mount namespace and mount in it (root)."""
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False)
    return probe.returncode == 0


def without_node(scratch: Path) -> list[str]:
    """The command prefix that runs a command where no Node.js tool exists."""
    empty_file, empty_dir = scratch / "empty", scratch / "empty-dir"
    empty_file.write_bytes(b"")
    empty_file.chmod(0o644)
    empty_dir.mkdir(exist_ok=True)
    script = (
        f"EMPTY_FILE='{empty_file}' EMPTY_DIR='{empty_dir}' NODE_TOOLS='{' '.join(NODE_TOOLS)}'\n"
        + _HIDE_NODE
    )
    return ["unshare", "-m", "--propagation", "private", "sh", "-c", script, "without-node"]


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without what would make a fresh install use our own copy or venv."""
    drop = {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "UV_PROJECT_ENVIRONMENT"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    return env | {"UV_PYTHON_DOWNLOADS": "never", "UV_NO_PROGRESS": "1"} | extra
