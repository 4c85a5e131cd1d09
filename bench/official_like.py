"""Baseline for bench/check_speed.py: a checker with the cost of the course's ``report.py check``.

Same imports (typer, markdown, pydantic, loguru) and the same work: read the README, split it on
``Answer:``, cut each piece at ``###``/``##``, count words and ``![..](..)`` images against a table
of limits held in pydantic models, log failures with loguru. Written for the benchmark; it is not
the course's file.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown  # noqa: F401  (imported for the cost: the course's script renders HTML with it)
import pydantic
import typer
from loguru import logger

app = typer.Typer()


class Limit(pydantic.BaseModel):
    low: int = pydantic.Field(ge=0)
    high: int = pydantic.Field(ge=0)
    images: bool = False

    def ok(self, answer: str) -> bool:
        found = len(re.findall(r"\!\[.*?\]\(.*?\)", answer)) if self.images else len(answer.split())
        if not self.low <= found <= self.high:
            logger.warning(f"expected {self.low}-{self.high}, got {found}")
            return False
        return True


LIMITS = [Limit(low=0, high=10**6)] * 2 + [Limit(low=100, high=200)] * 29


@app.command()
def check(path: Path = Path("README.md")) -> None:
    text = path.read_text(encoding="utf-8")
    pieces = text.split("Answer:")[1:]
    answers = []
    for piece in pieces:
        if "###" in piece:
            piece = piece.split("###")[0].split("##")[0]
            answers.append(piece)
    answers.append(pieces[-1])
    passed = sum(limit.ok(a.strip("\n")) for a, limit in zip(answers, LIMITS, strict=False))
    logger.info(f"passed {passed}/{len(answers)}")


@app.command()
def html() -> None:
    """Unused here; present so that the app has the course script's two commands."""


if __name__ == "__main__":
    app()
