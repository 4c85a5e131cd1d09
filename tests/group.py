"""Helpers for the group tests: a built report, and edits as teammates make them.

Each edit adds one sentence to one answer: in README.md (GitHub's web editor), in ``report.md``
(a text editor), or in ``report.ipynb`` (JupyterLab), so that a test can then ask where the
sentence went.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from report_nb.cli import main

from projects import make_project


def built_project(folder: Path) -> Path:
    """A reports/ folder imported and built (no kernel); returns the notebook's path."""
    nb_path = make_project(folder)
    assert main(["build", "--no-execute", "-q", "--no-html", str(nb_path)]) == 0
    return nb_path


def add_to_readme(readme: Path, question: int, sentence: str) -> None:
    """Put ``sentence`` first in question ``question``'s answer in README.md."""
    text = readme.read_text(encoding="utf-8")
    start = text.index(f"### Question {question}\n")
    answer = text.index("> Answer:\n\n", start) + len("> Answer:\n\n")
    readme.write_text(text[:answer] + sentence + "\n\n" + text[answer:], encoding="utf-8")


def add_to_text(text_path: Path, question: int, sentence: str) -> None:
    """Put ``sentence`` first in question ``question``'s answer cell in ``report.md``."""
    text = text_path.read_text(encoding="utf-8")
    cell = re.search(
        r'^\+\+\+ \{"report_nb": \{"kind": "answer", "question": ' + str(question) + r"\}\}\n\n",
        text,
        re.MULTILINE,
    )
    assert cell is not None, f"no answer cell of question {question} in {text_path}"
    text_path.write_text(
        text[: cell.end()] + sentence + "\n\n" + text[cell.end() :], encoding="utf-8"
    )


def add_to_ipynb(nb_path: Path, question: int, sentence: str) -> None:
    """Put ``sentence`` first in question ``question``'s answer cell in ``report.ipynb``."""
    nb = nbformat.read(nb_path, as_version=4)
    cell = next(
        c
        for c in nb.cells
        if c.metadata.get("report_nb", {}).get("kind") == "answer"
        and c.metadata["report_nb"].get("question") == question
    )
    cell.source = sentence + "\n\n" + cell.source
    nbformat.write(nb, nb_path)
