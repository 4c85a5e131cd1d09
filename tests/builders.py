"""Synthetic reports in the course template's format, in our own words, for tests.

``make_report`` writes a template-shaped Markdown text with any number of questions, the limits of
a profile table, optional answers, and the intro signals a year's template carries. Variants
(CRLF, BOM, front matter, ...) are applied to its output by ``variants``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from report_nb.core.model import Limits
from report_nb.core.rules import PROFILES

INTRO = {
    "2026": "Install the helper's two dependencies with `pip install typer markdown` or "
    "`uv add typer markdown`.",
    "2025": "Install the helper's two dependencies with `pip install typer markdown`.",
    "2024": "Install the helper's two dependencies with `pip install click markdown`.",
}
SECTIONS = {1: "Team", 4: "Tooling", 7: "Versioning", 12: "Experiments", 17: "Cloud", 23: "Serving"}


def make_report(
    profile: str = "2026",
    *,
    questions: int | None = None,
    answers: dict[int, str] | None = None,
    fill: Callable[[int, Limits], str] | None = None,
    title: str = "# Report template for 02476 (test fixture)",
) -> str:
    """A report text in the template format; unanswered questions keep their placeholder."""
    table = PROFILES.get(profile, PROFILES["2026"])
    count = questions or len(table)
    answers = answers or {}
    tags = " (M5)" if profile in ("2025", "2026") else ""
    parts = [
        title,
        "",
        "This fixture mimics the layout of the course report. Replace each placeholder written "
        "between three dashes,",
        "for example `--- question 1 fill here ---`, by your answer; keep everything else.",
        "",
        INTRO.get(profile, "Use the `report.py` script to check your answers."),
        "",
        "## Overall project checklist",
        "",
        "### Week 1",
        "",
        f"* [x] Set up a repository for the team{tags}",
        f"* [ ] Track data with a versioning tool{tags}",
        "* [X] Containerise the training code and keep the",
        f"    image small{tags}",
        "",
    ]
    for number in range(1, count + 1):
        if number in SECTIONS:
            section = SECTIONS[number]
            parts += [f"## {section}", "", f"> Questions about {section.lower()}.", ""]
        limits = table.get(number, Limits())
        parts += _question(number, limits)
        if number in answers:
            parts.append(answers[number])
        elif fill is not None:
            parts.append(fill(number, limits))
        else:
            parts.append(f"--- question {number} fill here ---")
        parts.append("")
    return "\n".join(parts)


def _question(number: int, limits: Limits) -> list[str]:
    prompt = f"> **Tell us about topic number {number} of the project.**"
    lines = [f"### Question {number}", "", prompt]
    if limits.words:
        extra = ""
        if limits.images:
            low, high = limits.images
            extra = f" + {low} to {high} screenshots" if low != high else " + 1 figure"
        low, high = limits.words
        lines += [">", f"> Recommended answer length: {low}-{high} words{extra}."]
    elif limits.images:
        low, high = limits.images
        lines[-1] = f"> **Insert {low}-{high} images of topic {number}.**"
    lines += [">", "> Example:", "> *We did ... because ...*", ">", "> Answer:", ""]
    return lines


def words(count: int, word: str = "word") -> str:
    """``count`` words of filler text, wrapped at 12 words a line."""
    items = [f"{word}{i}" for i in range(count)]
    return "\n".join(" ".join(items[i : i + 12]) for i in range(0, count, 12))


def passing(number: int, limits: Limits) -> str:
    """An answer in the middle of ``limits``."""
    text = words((limits.words[0] + limits.words[1]) // 2) if limits.words else f"Group {number}"
    if limits.images:
        text += "\n\n" + "\n".join(
            f"![shot {i}](figures/q{number}_{i}.png)" for i in range(limits.images[0])
        )
    return text


def variants(text: str) -> Iterator[tuple[str, str]]:
    """(name, text) pairs of encodings and layouts a real README can have."""
    lines = text.split("\n")
    yield "lf", text
    yield "crlf", text.replace("\n", "\r\n")
    yield "bom-crlf", "\ufeff" + text.replace("\n", "\r\n")
    yield "no-final-newline", text.rstrip("\n")
    yield (
        "mixed-endings",
        "".join(line + ("\r\n" if i % 3 == 0 else "\n") for i, line in enumerate(lines[:-1]))
        + lines[-1],
    )
    yield "old-mac-cr", text.replace("\n", "\r")
    yield "jekyll", "---\nlayout: default\nnav_exclude: true\n---\n\n" + text
    yield "leading-blank-lines", "\n \n" + text
    yield "trailing-space-lines", text.rstrip("\n") + "\n\n   \n\t\n"
    yield "tabs-nbsp-unicode", text.replace("word1 ", "word1\t\u00a0ævø 😀 ", 5)
    yield "inline-answer", text.replace("> Answer:\n\n", "> Answer: inline words here\n\n", 2)
    yield (
        "empty-answer",
        re.sub(r"(### Question 5\n[\s\S]*?Answer:)\n\n[^#]*", r"\1\n\n", text, count=1),
    )
    yield "indented-code", text.replace("> Answer:\n\n", "> Answer:\n\n    indented code\n\n", 2)
    yield "heading-inside", text.replace("> Answer:\n\n", "> Answer:\n\n#### Part one\n\n", 3)
    yield "myst-marker-in-answer", text.replace("> Answer:\n\n", "> Answer:\n\n+++\nafter\n\n", 1)
