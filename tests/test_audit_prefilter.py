"""The prefilter only ever skips work: when it rules a text out, the regex finds nothing there."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from report_nb.audit.prefilter import may_match, needles
from report_nb.audit.rules import generations


def _patterns() -> list[str]:
    found = set()
    for ruleset in generations():
        for rule in ruleset.rules:
            found.add(rule.match.pattern)
            for probe in rule.probes:
                found.update(filter(None, [probe.pattern, probe.module, *probe.runs]))
    return sorted(found)


PATTERNS = _patterns()
#: Pieces of the rules' own literals, so that random texts come near to matching.
PIECES = sorted({n[: k + 1] for p in PATTERNS for n in needles(p) or () for k in range(len(n))})


def test_needles_of_simple_patterns() -> None:
    assert needles(r"wandb\.sweep|optuna") == {"wandb.sweep", "optuna"}
    assert needles(r"^\s*[A-Za-z]") is None  # nothing literal: the regex always runs
    assert needles(r"=\s*(fastapi\.)?FastAPI\s*\(") == {"fastapi"}
    assert needles(r"gs://|gsutil") == {"://", "util"}  # the shared prefix is factored out
    assert not may_match(r"wandb\.sweep|optuna", "import torch\n")
    assert may_match(r"wandb\.sweep|optuna", "import OPTUNA\n".lower())


@settings(max_examples=300, deadline=None)
@given(
    pattern=st.sampled_from(PATTERNS),
    parts=st.lists(
        st.one_of(st.sampled_from(PIECES), st.text(max_size=6), st.sampled_from(" \n:=.(/\"'")),
        max_size=12,
    ),
    upper=st.booleans(),
)
def test_ruled_out_means_no_match(pattern: str, parts: list[str], upper: bool) -> None:
    text = "".join(parts)
    text = text.upper() if upper else text
    if not may_match(pattern, text.lower()):
        assert re.search(pattern, text, re.IGNORECASE | re.MULTILINE) is None
