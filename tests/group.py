"""Helpers for the group tests: a built report, and edits as teammates make them.

Each edit adds one sentence to one answer: in README.md (GitHub's web editor), in ``report.md``
(a text editor), or in ``report.ipynb`` (JupyterLab), so that a test can then ask where the
sentence went. Files are read and written as bytes, so their line endings stay as they were.
Each helper returns False when the file has no such answer (nothing is written then).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat

from report_nb.cli import main

from projects import make_project

ROOT = Path(__file__).resolve().parents[1]


def built_project(folder: Path) -> Path:
    """A reports/ folder imported and built (no kernel); returns the notebook's path."""
    nb_path = make_project(folder)
    assert main(["build", "--no-execute", "-q", "--no-html", str(nb_path)]) == 0
    return nb_path


def add_to_readme(readme: Path, question: int, sentence: str) -> bool:
    """Put ``sentence`` first in question ``question``'s answer in README.md."""
    text = readme.read_bytes().decode("utf-8")
    found = re.search(rf"^### Question {question}\r?\n(.*?\n)*?> Answer:\r?\n\r?\n", text, re.M)
    if found is None:
        return False
    end = found.end()
    newline = "\r\n" if text[end - 2 : end] == "\r\n" else "\n"
    changed = text[:end] + sentence + newline + newline + text[end:]
    readme.write_bytes(changed.encode("utf-8"))
    return True


_ANSWER = (
    r'^\+\+\+ \{{"report_nb": \{{"kind": "answer", "question": {}'
    r'(, "[a-z]+": [^\n]*)?\}}\}}\n\n'
)


def add_to_text(text_path: Path, question: int, sentence: str) -> bool:
    """Put ``sentence`` first in question ``question``'s answer cell in ``report.md``."""
    text = text_path.read_bytes().decode("utf-8")
    cell = re.search(_ANSWER.format(question), text, re.MULTILINE)
    if cell is None:
        return False
    changed = text[: cell.end()] + sentence + "\n\n" + text[cell.end() :]
    text_path.write_bytes(changed.encode("utf-8"))
    return True


def add_to_ipynb(nb_path: Path, question: int, sentence: str) -> bool:
    """Put ``sentence`` first in question ``question``'s answer cell in ``report.ipynb``."""
    nb = nbformat.read(nb_path, as_version=4)
    cell = next(
        (
            c
            for c in nb.cells
            if c.metadata.get("report_nb", {}).get("kind") == "answer"
            and c.metadata["report_nb"].get("question") == question
        ),
        None,
    )
    if cell is None:
        return False
    cell.source = sentence + "\n\n" + cell.source
    nbformat.write(nb, nb_path)
    return True


def commit_all(folder: Path) -> None:
    """Make ``folder`` a git repository holding its files in one commit (as a clone has them)."""
    import os
    import subprocess

    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
    )
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "report"]):
        subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def git_env(home: Path) -> dict[str, str]:
    """A git that reads no user configuration, and finds this worktree's report_nb."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
        PYTHONPATH=str(ROOT),
    )
    return env


def resolve_conflicts(path: Path, keep: tuple[str, ...] | None = None) -> None:
    """Resolve git's conflicts in ``path`` as a student would, deleting the marker lines.

    Both sides are kept, or only their lines in ``keep``; a diff3 base side is dropped.
    """
    kept, side = [], ""
    for line in path.read_text(encoding="utf-8").split("\n"):
        marker = line[:7] if line[:7] in ("<" * 7, "|" * 7, "=" * 7, ">" * 7) else ""
        if marker:
            side = {"<" * 7: "ours", "|" * 7: "base", "=" * 7: "theirs", ">" * 7: ""}[marker]
        elif not side or (side != "base" and (keep is None or line in keep)):
            kept.append(line)
    path.write_text("\n".join(kept), encoding="utf-8")
