"""Exceptions of report-nb: one base class, structured fields, a one-line message.

Every error a user can cause derives from :class:`ReportNbError`. It carries where the problem is
(file, question, line) and how to fix it, so that the CLI's single error boundary can print one line
and pick an exit code without parsing messages.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms at start-up)
if TYPE_CHECKING:
    from pathlib import Path


class ReportNbError(Exception):
    """Base of all report-nb errors; ``str()`` gives the one-line message the CLI prints."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        question: int | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.question = question
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        elif self.line:
            where = f"line {self.line}: "
        question = f"question {self.question}: " if self.question is not None else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{question}{self.message}{hint}"


class ReportFormatError(ReportNbError):
    """The input is not a readable report: empty, binary, not UTF-8, broken structure."""


class MissingHeadingError(ReportFormatError):
    """A ``### Question N`` heading was deleted: its prompt runs on inside the answer above.

    ``line`` is where the heading belongs (above the orphaned prompt's first line).
    """

    def __init__(self, question: int, line: int, path: str | Path | None = None) -> None:
        super().__init__(
            f"the heading '### Question {question}' is missing, so question {question}'s prompt "
            f"runs on inside the answer to question {question - 1}; the official checker will "
            "reject this file",
            path=path,
            question=question,
            line=line,
            hint=f"put back `### Question {question}` above line {line}",
        )


class WouldOverwriteError(ReportNbError):
    """Writing would replace a file that report-nb did not write (or may not replace)."""


class NotebookError(ReportNbError):
    """A notebook cannot be turned back into a report (missing prompt cells, bad metadata)."""


class BuildError(ReportNbError):
    """A build step failed: a cell raised, a value is missing, a limit failed in strict mode."""

    exit_code = 1


class LiveDataError(ReportNbError):
    """A data source for a code cell (coverage, W&B, billing, Locust) is missing or malformed."""


class AuditError(ReportNbError):
    """``report-nb audit`` cannot run: no README found, a repository that is not a folder."""


class naming:  # lowercase: it reads as a statement, as contextlib.suppress does
    """``with naming(path):`` gives an error raised inside, that names no file, ``path``'s name.

    Rendering a notebook's cells knows the question, not the file: the command that read the
    notebook names it, so that every refusal says which file it is about.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, error: BaseException | None, trace: object) -> None:
        if isinstance(error, ReportNbError) and error.path is None:
            error.path = self.path  # and the error goes on
