"""The lab's JSON is declared twice, as TypedDicts (report_nb/lab/protocol.py) and as TypeScript
interfaces (labextension/src/protocol.ts): both must name the fields the server really sends.
The ``{{ name }}`` pattern the server sends must mean the same in JavaScript as in Python.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import get_type_hints

import pytest

from report_nb.commands.importing import import_readme
from report_nb.lab import protocol
from report_nb.lab.analysis import analyse
from report_nb.lab.handin import HandinView
from report_nb.notebook.cells import PLACEHOLDER
from report_nb.notebook.pairing import read_notebook

from conftest import FIXTURES, ROOT

TS = ROOT / "labextension" / "src" / "protocol.ts"

#: TypedDict -> the TypeScript interface that declares the same JSON.
PAIRS = {
    protocol.Finding: "IFinding",
    protocol.Limits: "ILimits",
    protocol.CheckedQuestion: "ICheckedQuestion",
    protocol.Question: "IQuestion",
    protocol.Analysis: "IAnalysis",
    protocol.CheckResult: "ICheckResult",
    protocol.BuildResult: "IBuildResult",
    protocol.BuildProgress: "IBuildProgress",
    protocol.MergeResult: "IMergeResult",
    protocol.ErrorAnswer: "IErrorAnswer",
    protocol.AuditItem: "IAuditItem",
    protocol.AuditAnswer: "IAuditAnswer",
    HandinView: "IHandinView",
}


def ts_fields(name: str) -> set[str]:
    """The field names of ``interface name`` in protocol.ts, with those it extends."""
    source = TS.read_text()
    match = re.search(rf"export interface {name}(?: extends (\w+))? \{{(.*?)\n\}}", source, re.S)
    assert match, name
    fields = set(re.findall(r"^  (\w+)\??:", match.group(2), re.M))
    return fields | (ts_fields(match.group(1)) if match.group(1) else set())


@pytest.mark.parametrize("typed", list(PAIRS), ids=lambda t: t.__name__)
def test_typeddicts_and_interfaces_declare_the_same_fields(typed) -> None:
    assert set(get_type_hints(typed)) == ts_fields(PAIRS[typed])


def test_the_analysis_sends_exactly_the_declared_fields(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "filled_31.md", tmp_path / "README.md")
    import_readme(tmp_path / "README.md")
    nb, _ = read_notebook(tmp_path / "report.ipynb")
    result = json.loads(json.dumps(analyse(nb, tmp_path)))
    assert set(result) == set(get_type_hints(protocol.Analysis))
    question = result["questions"][0]
    assert set(question) == set(get_type_hints(protocol.Question))
    assert set(question["limits"]) == set(get_type_hints(protocol.Limits))


SAMPLES = [
    "{{ coverage }}",
    "a {{x}} b {{ y_2 }}",
    "${{ latex }}$ and {{{ triple }}} and \\{{ escaped }}",
    "{{ 1bad }} {{ with space }} {{ ok }}",
    "{{\tcoverage\n}}",
]


def test_the_glue_pattern_means_the_same_in_javascript() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("no Node.js (CI has it: it builds the extension)")
    script = (
        "const [pattern, samples] = JSON.parse(process.argv[1]);"
        "const re = new RegExp(pattern, 'g');"
        "console.log(JSON.stringify(samples.map(s => [...s.matchAll(re)].map(m => m[1]))));"
    )
    done = subprocess.run(
        [node, "-e", script, json.dumps([PLACEHOLDER.pattern, SAMPLES])],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout) == [
        [m.group(1) for m in PLACEHOLDER.finditer(sample)] for sample in SAMPLES
    ]
