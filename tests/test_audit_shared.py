"""report-nb audit on the course's material in ../shared: every template year, six repositories.

The six skeletons of ``../shared/repos`` are unpacked into a temporary folder; the expected
evidence of every checklist item was labelled by reading the repository's files as a grader
would (see the README, "How often the audit agrees"). The test fails when
REPORT_NB_REQUIRE_SHARED=1 and the material is missing.
"""

from __future__ import annotations

import os
import tarfile
from pathlib import Path

import pytest

from report_nb.audit.checklist import read_items
from report_nb.audit.rules import RulesError, best, generations, load, validate
from report_nb.commands.auditing import audit
from report_nb.io import read_text

from conftest import SHARED, SHARED_REASON

REPOS = SHARED / "repos"
TEMPLATES = sorted((SHARED / "corpus" / "templates").glob("*.md"))
REAL = sorted((SHARED / "corpus" / "real").glob("*.md"))
CODE = {"P": "present", "A": "absent", "N": "not-checkable"}

#: Line of each checklist item -> evidence (P present, A absent, N not-checkable), labelled by
#: reading each repository's files at its hand-in commit.
LABELS = {
    "Lucasmogsan__dtu-02476_mlops": (
        "53P 54N 55P 56P 57P 58P 59P 60P 61P 62P 63P 64P 65P 66P 67P 69P 71A 75P 76P 77P 78P 79P "
        "80P 81P 82P 83N 84P 88N 89N 90N 91A 92A 93A 97N 98N 99P"
    ),
    "XanderBaatz__dtu_mlops_project": (
        "55P 56N 57P 58P 59P 60P 61P 63P 64P 65P 66P 67P 68P 69P 70P 71P 72P 73P 74P 75P 79P 80P "
        "81P 82P 83P 84P 85P 86P 87A 88P 89P 90P 91P 92N 93P 94P 95P 96A 100P 101P 102P 103P 104N "
        "105N 106P 107P 108A 112P 113N 114N 115P 116N 117P"
    ),
    "aimas-lund__02476-mlo-awesome-2": (
        "53P 54N 55P 56P 57P 58P 59P 60P 61P 62P 63P 64P 65P 66P 67N 69P 71A 75P 76P 77P 78P 79P "
        "80P 81N 82P 83N 84P 88N 89N 90N 91A 92A 93A 97N 98N 99P"
    ),
    "kostistzim__Plant_Leaves_Classification_MLOps_DTU02476": (
        "51P 52N 53P 54P 55P 56P 57P 59P 60P 61P 62P 63P 64P 65P 66P 67N 68P 69P 70P 71A 75P 76P "
        "77P 78P 79P 80A 81P 82P 83A 84P 85P 86P 87P 88N 89P 90P 91P 92P 96N 97N 98P 99N 100N "
        "101P 102A 103A 107P 108P 109N 110P 111N 112P"
    ),
    "starostka__02476-mlops": (
        "53P 54N 55P 56P 57P 58P 59P 60P 61P 62P 63P 64P 65P 66P 67N 69P 71P 75P 76P 77P 78P 79P "
        "80P 81P 82P 83N 84P 88P 89P 90P 91A 92A 93A 97N 98N 99P"
    ),
    "thomas-tams__mlops_02476_project": (
        "51P 52N 53P 54P 55P 56P 57P 59P 60P 61P 62P 63P 64P 65P 66P 67P 68P 69P 70P 71P 75P 76P "
        "77P 78P 79P 80P 81P 82A 83A 84P 85P 86P 87P 88N 89A 90P 91P 92P 96N 97N 98A 99N 100N "
        "101P 102A 103A 107P 108N 109N 110P 111N 112P"
    ),
}
#: What the reports say, the warnings a student should see: ticked items without evidence.
WARNINGS = {
    "XanderBaatz__dtu_mlops_project": [87],  # no workflow is triggered by the model registry
}


def _missing(what: str) -> None:
    if os.environ.get("REPORT_NB_REQUIRE_SHARED") == "1":
        pytest.fail(f"REPORT_NB_REQUIRE_SHARED=1 but {what} is missing ({SHARED_REASON})")
    pytest.skip(f"{what} not found: {SHARED_REASON}")


@pytest.fixture(scope="session")
def skeletons(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The six repositories, unpacked once per session."""
    archives = sorted(REPOS.glob("*.tar.gz"))
    if len(archives) != len(LABELS):
        _missing(f"{REPOS}/*.tar.gz")
    folder = tmp_path_factory.mktemp("skeletons")
    for archive in archives:
        with tarfile.open(archive) as tar:
            tar.extractall(folder, filter="data")
    return folder


@pytest.mark.parametrize("name", sorted(LABELS))
def test_six_repositories_match_the_labels(skeletons: Path, name: str) -> None:
    repo = skeletons / name
    result = audit(repo / "reports" / "README.md")
    assert Path(result.repo) == repo  # the README's grandparent: no .git in a skeleton
    expected = {int(c[:-1]): CODE[c[-1]] for c in LABELS[name].split()}
    got = {i.line: i.evidence for i in result.items}
    assert got == expected
    assert [i.line for i in result.without_evidence] == WARNINGS.get(name, [])


def test_six_repositories_read_ticks_as_written(skeletons: Path) -> None:
    kostis_repo = skeletons / "kostistzim__Plant_Leaves_Classification_MLOps_DTU02476"
    kostis = audit(kostis_repo / "reports" / "README.md")
    assert {i.tick for i in kostis.items} == {"✅", " "}
    assert kostis.ticked == 0  # [✅] is not how the course's readers tick
    assert len(kostis.unticked_evidence) == 38
    aimas = audit(skeletons / "aimas-lund__02476-mlo-awesome-2" / "reports" / "README.md")
    assert aimas.ticked == 0 and len(aimas.unticked_evidence) == 23


def test_every_rules_file_loads_and_compiles() -> None:
    loaded = generations()
    assert [r.generation for r in loaded] == ["2023", "2025"]
    for ruleset in loaded:
        validate(ruleset)


def _years() -> list:
    if not TEMPLATES:
        return [pytest.param(None, marks=pytest.mark.skip(reason=SHARED_REASON), id="no-shared")]
    return [pytest.param(t, id=t.stem) for t in TEMPLATES]


@pytest.mark.parametrize("template", _years())
def test_every_template_item_has_a_rule(template: Path) -> None:
    items = read_items(read_text(template))
    if not items:  # the first 2023 drafts had no checklist
        assert template.name < "2023-01-06"
        return
    ruleset = best([i.text for i in items])
    assert ruleset is not None
    assert ruleset.generation == ("2023" if template.name < "2024-12" else "2025")
    unknown = [i.text for i in items if ruleset.rule_for(i.text) is None]
    assert unknown == []
    assert len(items) in (36, 52, 53)


def test_real_reports_ticks_and_rules() -> None:
    if not REAL:
        _missing("corpus/real")
    marks: set[str] = set()
    for report in REAL:
        items = read_items(read_text(report))
        marks |= {i.tick for i in items}
        if items:
            ruleset = best([i.text for i in items])
            assert ruleset is not None
            known = sum(ruleset.rule_for(i.text) is not None for i in items)
            assert known == len(items), report.name
    assert {"x", "X", " ", "✅", "❌"} <= marks


def test_bad_rules_file_is_a_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "2099.json"
    rule = '{"id": "r", "match": "x", "what": "y", "any": [{"probe": "nope"}]}'
    bad.write_text('{"rules": [' + rule + "]}", encoding="utf-8")
    with pytest.raises(RulesError, match=r"2099.json: rule r: unknown probe 'nope'"):
        load(bad)
    bad.write_text("{not json", encoding="utf-8")
    load.cache_clear()
    with pytest.raises(RulesError, match="cannot read the audit rules"):
        load(bad)


@pytest.mark.parametrize("name", sorted(LABELS))
def test_checks_count_is_the_audits_warnings(skeletons: Path, name: str, tmp_path: Path) -> None:
    """check's checklist line judges only ticked items, and only as far as it needs: its count is
    the audit's, as written and with every box ticked (most then lack evidence)."""
    from report_nb.audit.repo import RepoIndex
    from report_nb.commands.auditing import ticked_without_evidence

    readme = skeletons / name / "reports" / "README.md"
    index = RepoIndex(skeletons / name)
    text = readme.read_text(encoding="utf-8")
    for variant in (text, text.replace("[ ]", "[x]").replace("[✅]", "[x]")):
        copy = tmp_path / "README.md"
        copy.write_text(variant, encoding="utf-8")
        warnings = audit(copy, skeletons / name).without_evidence
        assert ticked_without_evidence(read_items(variant), index) == len(warnings)
    assert len(warnings) >= 3  # all ticked: the count is not trivially zero


@pytest.mark.parametrize("name", sorted(LABELS))
def test_a_remembered_count_prints_what_a_fresh_one_does(
    skeletons: Path, name: str, tmp_path: Path
) -> None:
    """``check`` in each real repository: no cache, a first run that keeps the count, a second
    that reads it; the three outputs are the same, byte for byte."""
    import shutil
    import subprocess
    import sys

    repo = tmp_path / name
    shutil.copytree(skeletons / name, repo)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    outputs = []
    for cache in ("", str(tmp_path / "cache"), str(tmp_path / "cache")):
        done = subprocess.run(
            [sys.executable, "-m", "report_nb", "check", "reports/README.md"],
            cwd=repo,
            capture_output=True,
            text=True,
            env={**os.environ, "REPORT_NB_CACHE_DIR": cache},
            check=False,
        )
        outputs.append((done.returncode, done.stdout, done.stderr))
    assert outputs[0] == outputs[1] == outputs[2]
    ticked = any(item.ticked for item in read_items(read_text(repo / "reports" / "README.md")))
    assert (tmp_path / "cache").is_dir() == ticked  # nothing ticked: nothing to remember
