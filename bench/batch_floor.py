"""The floor under the batch target: the least a check of one report must do, against check itself.

The architecture issue asks one ``check`` process to do 2000 reports per CPU second (500 µs a
report, start-up, reading and printing included). This measures, in process, over the same
reports and side by side (alternating rounds, median):

* ``floor``: find the ``### Question N`` headings, cut the official checker's spans, count words
  and images, look up the limits; no prompts, no rules, no report model, no warnings;
* ``floor + lint``: the same, plus the hand-in lint of each answer (what makes the warnings
  about the hand-in page);
* ``parse + check``: what ``report-nb check`` does for each file (without reading or printing);
* ``read``: reading and decoding the files.

Reports come from ../shared (seeds and corpus), copied to 1000 as ``bench/cpu_ratios.py`` does.

Run: ``python bench/batch_floor.py [--rounds 7]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from report_nb.core.check import check_report
from report_nb.core.cuts import question_heads
from report_nb.core.grader import official_spans
from report_nb.core.handin_lint import lint
from report_nb.core.model import Limits
from report_nb.core.rules import PROFILES, count_images, count_words
from report_nb.core.template import parse_with_layout

SHARED = Path(__file__).resolve().parents[2] / "shared"


def reports() -> list[Path]:
    found = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "corpus").glob("*/*.md"))
    found = [path for path in found if path.name != "MANIFEST.tsv"]
    if not found:
        sys.exit(f"no reports in {SHARED} (seeds/*.txt, corpus/*/*.md)")
    return [found[index % len(found)] for index in range(1000)]


def floor(text: str, with_lint: bool) -> list[tuple[int, int, int, Limits | None]]:
    limits = PROFILES["2026"]
    results = []
    for (_, number), (start, end) in zip(
        question_heads(text), official_spans(text) or [], strict=False
    ):
        answer = text[start:end]
        results.append((number, count_words(answer), count_images(answer), limits.get(number)))
        if with_lint:
            lint(text, start, end, lambda offset: text.count("\n", 0, offset) + 1)
    return results


def parse_and_check(text: str, path: str) -> object:
    report, normal, offsets = parse_with_layout(text, path)
    return check_report(report, path=path, laid_out=(normal, offsets))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    paths = reports()
    texts = [path.read_bytes().decode("utf-8") for path in paths]
    names = [str(path) for path in paths]
    parts: dict[str, Callable[[], object]] = {
        "read": lambda: [path.read_bytes().decode("utf-8") for path in paths],
        "floor": lambda: [floor(text, False) for text in texts],
        "floor + lint": lambda: [floor(text, True) for text in texts],
        "parse + check": lambda: [
            parse_and_check(text, name) for text, name in zip(texts, names, strict=True)
        ],
    }
    times: dict[str, list[float]] = {name: [] for name in parts}
    for _ in range(rounds):
        for name, part in parts.items():
            started = time.process_time()
            part()
            times[name].append((time.process_time() - started) * 1e6 / len(texts))
    for name, values in times.items():
        print(f"{name:14} {statistics.median(values):5.0f} µs per report")
    print("target: 500 µs per report in all, with the interpreter's start, reading and printing")


if __name__ == "__main__":
    main()
