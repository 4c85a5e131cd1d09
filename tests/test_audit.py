"""report-nb audit on repositories made here: ticks as written, evidence as content, verdicts.

Every repository is written by the test in its own words; the checklist items are our own
phrasings that carry the words the rules look for, so no course text is copied.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from report_nb.audit.checklist import items_in, read_items
from report_nb.audit.repo import MAX_TEXT_BYTES, RepoIndex, glob_regex
from report_nb.commands.auditing import audit, audit_summary
from report_nb.core.template import parse
from report_nb.errors import ReportFormatError

from builders import make_report, passing

#: Our own phrasings of checklist items, each with the words one rule matches on.
ITEMS = {
    "tests-data": "Unit tests related to the data code (M16)",
    "tests-model": "Unit tests related to model training (M16)",
    "ci": "Continuous integration running for every push (M17)",
    "ci-lint": "A linting step in the pipeline (M17)",
    "wandb": "Weights & Biases for the training curves (M14)",
    "fastapi": "A FastAPI application serving the model (M22)",
    "dvc": "Version control for your data with a tool (M8)",
    "bucket": "Data storage in GCP bucket behind the data versioning (M21)",
    "docker": "Construct one or multiple dockerfiles (M10)",
    "pre-commit": "Pre-commit hooks for the group (M18)",
    "api-tests": "API tests for the app, run by the pipeline (M24)",
    "frontend": "A frontend for the API (M26)",
    "model-train": "Add a model file and a training loop that runs (M6)",
    "data-script": "The `data.py` file with the download code (M6)",
    "typing-docs": "Some code typing and docstrings (M7)",
    "quantization": "Try quantization, compilation and pruning (M31)",
    "access": "Write access for every member (M5)",
    "unknown": "Bake a cake for the teaching assistants",
}
OLD_CHECKLIST = (
    "* [x] Set up a repository for the team (M5)\n"
    "* [ ] Track data with a versioning tool (M5)\n"
    "* [X] Containerise the training code and keep the\n"
    "    image small (M5)\n"
)


def report_with(ticks: dict[str, str]) -> str:
    """A passing report whose checklist holds ``ITEMS[key]`` with the mark ``ticks[key]``."""
    text = make_report(fill=passing)
    assert OLD_CHECKLIST in text
    lines = "".join(f"* [{mark}] {ITEMS[key]}\n" for key, mark in ticks.items())
    return text.replace(OLD_CHECKLIST, lines)


def make_repo(root: Path, files: dict[str, str], ticks: dict[str, str]) -> Path:
    """A repository folder with ``files`` and a report ticking ``ticks``; returns the README."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    readme = root / "reports" / "README.md"
    readme.parent.mkdir(parents=True, exist_ok=True)
    readme.write_text(report_with(ticks), encoding="utf-8")
    return readme


def evidence(tmp_path: Path, files: dict[str, str], key: str) -> str:
    readme = make_repo(tmp_path, files, {key: "x"})
    (item,) = audit(readme, tmp_path).items
    return item.evidence


# --- the checklist as written ---------------------------------------------------------------


def test_marks_are_reported_as_written() -> None:
    text = (
        "### Week 1\n"
        "* [x] lower x\n"
        "* [X] upper X\n"
        "* [ ] open\n"
        "- [x] dash after a formatter\n"
        "* [ok] an ok\n"
        "* [-] a dash\n"
        "* [~] a tilde\n"
        "* [/] a slash\n"
        "* [✅] a green tick\n"
        "- ❌ a cross without brackets\n"
        "* [x] two lines,\n"
        "      joined\n"
        "- [escnn](https://example.org) is a link, not an item\n"
        "- [x] = Done\n"
    )
    items = items_in(text, first_line=10)
    assert [(i.line, i.tick, i.ticked) for i in items] == [
        (11, "x", True),
        (12, "X", True),
        (13, " ", False),
        (14, "x", True),
        (15, "ok", False),
        (16, "-", False),
        (17, "~", False),
        (18, "/", False),
        (19, "✅", False),
        (20, "❌", False),
        (21, "x", True),
    ]
    assert items[-1].text == "two lines, joined"


def test_item_lines_are_the_readme_lines(tmp_path: Path) -> None:
    text = report_with({"ci": "x", "docker": " ", "unknown": "ok"})
    lines = text.split("\n")
    items = read_items(text)
    assert len(items) == 3
    for item in items:
        assert lines[item.line - 1].endswith(item.text)


def test_checklist_of_a_report_check_refuses(tmp_path: Path) -> None:
    text = report_with({"ci": "x", "docker": " "}).replace("### Question 5\n", "### Question 4\n")
    with pytest.raises(ReportFormatError):
        parse(text)
    lines = text.split("\n")
    items = read_items(text)
    assert [(lines[i.line - 1][6:], i.tick) for i in items] == [
        (ITEMS["ci"], "x"),
        (ITEMS["docker"], " "),
    ]
    with pytest.raises(ReportFormatError):
        read_items("# no report\n\n* [x] an item without a checklist heading\n")


# --- the repository index ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("glob", "path", "matches"),
    [
        ("**/*.py", "a.py", True),
        ("**/*.py", "src/pkg/a.py", True),
        ("**/*.py", "a.pyc", False),
        ("tests/**", "tests/unit/test_a.py", True),
        ("dockerfiles/*", "dockerfiles/sub/api.dockerfile", False),
        ("**/Dockerfile*", "docker/train/Dockerfile", True),
        (".github/workflows/*.y*ml", ".github/workflows/ci.yaml", True),
    ],
)
def test_glob_regex(tmp_path: Path, glob: str, path: str, matches: bool) -> None:
    assert bool(re.match(glob_regex(glob), path, re.IGNORECASE)) is matches
    (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / path).write_text("x", encoding="utf-8")
    assert RepoIndex(tmp_path).glob((glob,)) == ([path] if matches else [])  # its fast paths too


def test_index_skips_what_no_grader_opens(tmp_path: Path) -> None:
    files = {
        ".git/config": "[core]\n",
        "node_modules/x/index.js": "x",
        "myenv/pyvenv.cfg": "home = /usr\n",
        "myenv/lib/site.py": "import wandb\n",
        "data/raw/train.csv": "a,b\n",
        "data/raw.dvc": "outs:\n- path: raw\n",
        "src/data/make_dataset.py": "def main():\n    pass\n",
        ".dvc/cache/files/md5/ab/cdef": "data",
        ".dvc/config": "[core]\n",
        "big.py": "#" * (MAX_TEXT_BYTES + 1),
    }
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    (tmp_path / "binary.yaml").write_bytes(b"a\0b")
    index = RepoIndex(tmp_path)
    assert index.has_git and ".git" in index.sizes
    skipped = ("node_modules/", "myenv/", ".git/", ".dvc/cache/")
    assert not [p for p in index.sizes if p.startswith(skipped)]
    assert ".dvc/config" in index.sizes
    assert index.text("data/raw/train.csv") is None  # listed, never read
    assert "data/raw/train.csv" in index.sizes
    assert index.text("data/raw.dvc") is not None
    assert index.text("src/data/make_dataset.py") is not None  # src/data holds code
    assert index.text("big.py") is None
    assert index.text("binary.yaml") is None


# --- evidence is content, not names ----------------------------------------------------------

WORKFLOW = "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
DATA_TEST = "from project.data import load\n\n\ndef test_load_gives_rows():\n    assert load()\n"
TYPED_MULTILINE = (
    'def main(\n    source: str, target: str\n) -> None:\n    """Copy source to target."""\n'
)
MODEL_IN_TRAIN = (
    "import torch\n\n\nclass Classifier(torch.nn.Module):\n    pass\n\n\n"
    "def main():\n    loss = Classifier()(x).sum()\n    loss.backward()\n"
)
API_TEST = (
    "from fastapi.testclient import TestClient\n\nfrom project.api import app\n\n\n"
    "def test_root():\n    assert TestClient(app).get('/').status_code == 200\n"
)


@pytest.mark.parametrize(
    ("key", "files", "expected"),
    [
        ("tests-data", {"tests/.gitkeep": ""}, "absent"),
        ("tests-data", {"tests/test_data.py": DATA_TEST}, "present"),
        ("tests-data", {"tests/test_data.py": "def helper():\n    return 1\n"}, "absent"),
        ("tests-model", {"tests/test_data.py": DATA_TEST}, "absent"),
        ("ci", {".github/workflows/ci.yml": "# " + WORKFLOW.replace("\n", "\n# ")}, "absent"),
        ("ci", {".github/workflows/ci.yml": WORKFLOW + "      - run: echo hi\n"}, "present"),
        ("ci", {}, "absent"),
        ("ci-lint", {".github/workflows/ci.yml": WORKFLOW + "      - run: ruff .\n"}, "present"),
        ("ci-lint", {".github/workflows/ci.yml": WORKFLOW + "      # - run: ruff .\n"}, "absent"),
        ("api-tests", {".github/workflows/t.yml": WORKFLOW + "      - run: pytest\n",
                       "tests/test_api.py": API_TEST}, "present"),
        ("api-tests", {".github/workflows/t.yml": WORKFLOW + "      - run: echo no tests\n",
                       "tests/test_api.py": API_TEST}, "absent"),
        ("wandb", {"src/train.py": "import wandb\n\nwandb.init(project='p')\n"}, "present"),
        ("wandb", {"src/train.py": "import wandb as wb\n\nrun = wb.init()\n"}, "present"),
        ("wandb", {"src/train.py": "import wandb\n\nprint('no logging')\n"}, "absent"),
        ("wandb", {"src/train.py": "# import wandb\n# wandb.init()\n"}, "absent"),
        ("wandb", {"src/train.py": "args = TrainingArguments(report_to='wandb')\n"}, "present"),
        ("frontend", {"ui/app.py": "import streamlit as st\n\nst.title('x')\n"}, "present"),
        ("frontend", {"ui/app.py": "import dashboard\n\ndashboard.run()\n"}, "absent"),
        ("model-train", {"src/p/train.py": MODEL_IN_TRAIN}, "present"),
        ("model-train", {"src/p/model.py": "class Net(nn.Module):\n    pass\n"}, "absent"),
        ("data-script", {"src/p/utils.py": "class Images(Dataset):\n    pass\n"}, "present"),
        ("data-script", {"src/p/data.py": "# nothing yet\n"}, "absent"),
        ("typing-docs", {"src/p/a.py": TYPED_MULTILINE}, "present"),
        ("typing-docs", {"src/p/a.py": "def f(x: int) -> int:\n    return x\n"}, "absent"),
        ("quantization", {"src/p/jit.py": "script = model.to_torchscript()\n"}, "present"),
        ("tests-model", {"tests/integration/test_apis.py": API_TEST.replace("root", "model_info")},
         "absent"),
        ("fastapi", {"src/api.py": "from fastapi import FastAPI\n\napp = FastAPI()\n"}, "present"),
        ("fastapi", {"src/api.py": "from fastapi import FastAPI\n"}, "absent"),
        ("fastapi", {"src/api.py": "# app = FastAPI()\n"}, "absent"),
        ("dvc", {"data.dvc": "outs:\n- path: data\n"}, "present"),
        ("dvc", {".dvc/config": "[core]\n"}, "absent"),
        ("bucket", {"data.dvc": "outs: []\n", ".dvc/config": "[core]\n    remote = r\n"}, "absent"),
        ("bucket", {"data.dvc": "outs: []\n",
                    ".dvc/config": "['remote \"r\"']\n    url = gs://our-bucket\n"}, "present"),
        ("bucket", {".dvc/config": "['remote \"r\"']\n    url = s3://elsewhere\n"}, "absent"),
        ("docker", {"dockerfiles/api.dockerfile": "FROM python:3.11\n"}, "present"),
        ("docker", {"docker/train/Dockerfile": "FROM python:3.11\n"}, "present"),
        ("docker", {"README.md": "we use docker\n"}, "absent"),
        ("pre-commit", {".pre-commit-config.yaml": "repos:\n- repo: local\n"}, "present"),
        ("access", {}, "not-checkable"),
        ("unknown", {"src/api.py": "app = FastAPI()\n"}, "not-checkable"),
    ],
)  # fmt: skip
def test_evidence(tmp_path: Path, key: str, files: dict[str, str], expected: str) -> None:
    assert evidence(tmp_path, files, key) == expected


def test_verdicts_warning_and_hint(tmp_path: Path) -> None:
    files = {"tests/.gitkeep": "", "dockerfiles/api.dockerfile": "FROM python:3.11\n"}
    readme = make_repo(tmp_path, files, {"tests-data": "x", "docker": " ", "access": "x"})
    result = audit(readme, tmp_path)
    tests, docker, access = result.items
    assert (tests.verdict, docker.verdict, access.verdict) == ("warning", "hint", None)
    assert tests.message == "graders may not find evidence: " + tests.reason
    assert tests.reason.startswith("no test function about data")
    assert docker.message == "you may tick this: dockerfiles/api.dockerfile"
    assert not result.ok and result.ticked == 2


def test_reason_names_path_and_line(tmp_path: Path) -> None:
    api = "import os\n\nfrom fastapi import FastAPI\n\napp = FastAPI(title='x')\n"
    readme = make_repo(tmp_path, {"src/project/api.py": api}, {"fastapi": "x"})
    (item,) = audit(readme, tmp_path).items
    assert item.paths == ["src/project/api.py"]
    assert item.reason.endswith("src/project/api.py:5")


def test_audit_summary_by_line(tmp_path: Path) -> None:
    readme = make_repo(tmp_path, {}, {"ci": "x", "access": " "})
    summary = audit_summary(readme)
    lines = readme.read_text(encoding="utf-8").split("\n")
    assert {lines[n - 1][6:] for n in summary} == {ITEMS["ci"], ITEMS["access"]}
    assert [s["evidence"] for s in summary.values()] == ["absent", "not-checkable"]
    index = RepoIndex(tmp_path)
    before = index.fingerprint
    assert audit_summary(readme, index) == summary
    assert RepoIndex(tmp_path).fingerprint == before  # nothing changed: reuse the walk
    workflow = tmp_path / ".github" / "workflows" / "ci.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(WORKFLOW + "      - run: pytest\n", encoding="utf-8")
    fresh = RepoIndex(tmp_path)
    assert fresh.fingerprint != before
    assert next(iter(audit_summary(readme, fresh).values()))["evidence"] == "present"


# --- the command line ----------------------------------------------------------------------


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "report_nb", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, check=False)


def test_cli_exit_codes_and_formats(tmp_path: Path) -> None:
    readme = make_repo(tmp_path, {"tests/.gitkeep": ""}, {"tests-data": "x", "ci": " "})
    done = run("audit", str(readme), "--repo", str(tmp_path), "--format", "json")
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    first = data["items"][0]
    assert {"line", "text", "ticked", "evidence", "paths", "reason"} <= set(first)
    assert (first["ticked"], first["evidence"]) == (True, "absent")
    github = run("audit", str(readme), "--format", "github")
    assert github.returncode == 1
    assert github.stdout.startswith(
        f"::warning file={readme},line={first['line']},title=Checklist::graders may not find"
    )
    text = run("audit", str(readme))
    assert f"warning: {readme}:{first['line']}: graders may not find evidence" in text.stdout
    (tmp_path / "tests" / "test_data.py").write_text(DATA_TEST, encoding="utf-8")
    assert run("audit", str(readme)).returncode == 0


def test_cli_finds_the_readme_from_the_repository(tmp_path: Path) -> None:
    make_repo(tmp_path, {".git/HEAD": "ref: refs/heads/main\n"}, {"ci": "x"})
    (tmp_path / "src").mkdir()
    done = run("audit", "--format", "github", cwd=tmp_path / "src")
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith(f"::warning file={tmp_path.resolve()}/reports/README.md,line=")
    at_root = run("audit", "--format", "github", cwd=tmp_path)
    assert at_root.stdout.startswith("::warning file=reports/README.md,line=")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["audit", "missing/README.md"], "missing/README.md: no such file"),
        (["audit", "{readme}", "--repo", "{readme}"], "the repository is not a folder"),
        (["audit", "--table", "{root}"], "--table needs -o"),
    ],
)
def test_cli_bad_input_exits_two(tmp_path: Path, args: list[str], message: str) -> None:
    readme = make_repo(tmp_path, {}, {"ci": "x"})
    argv = [a.format(readme=readme, root=tmp_path) for a in args]
    done = run(*argv, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_table_output_that_cannot_be_written(tmp_path: Path) -> None:
    make_repo(tmp_path / "group_01", {}, {"ci": "x"})
    (tmp_path / "taken.json").mkdir()  # the JSON beside the CSV cannot be written
    done = run("audit", "--table", str(tmp_path / "group_01"), "-o", str(tmp_path / "taken.csv"))
    assert done.returncode == 2
    assert (
        "taken.json: is a folder, not a file; nothing was written" in done.stderr.splitlines()[-1]
    )
    assert not (tmp_path / "taken.csv").exists()  # both or neither


def test_cli_no_readme_found(tmp_path: Path) -> None:
    done = run("audit", cwd=tmp_path)
    assert done.returncode == 2
    assert "none at reports/README.md" in done.stderr


def test_table(tmp_path: Path) -> None:
    good = make_repo(tmp_path / "group_01", {"tests/.gitkeep": ""}, {"tests-data": "x"})
    assert good.exists()
    make_repo(tmp_path / "group_02", {"dockerfiles/a.dockerfile": "FROM x\n"}, {"docker": " "})
    (tmp_path / "group_03").mkdir()
    output = tmp_path / "out" / "table.csv"
    repos = [str(tmp_path / f"group_0{n}") for n in (1, 2, 3)]
    done = run("audit", "--table", *repos, "-o", str(output))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "audit 3/3 group_03"
    rows = json.loads(output.with_suffix(".json").read_text(encoding="utf-8"))
    assert [r["group"] for r in rows] == ["group_01", "group_02", "group_03"]
    assert rows[0] | {"path": None} == {
        "group": "group_01",
        "path": None,
        "passed": 31,
        "total": 31,
        "rejected": False,
        "handin_warnings": 0,
        "generation": rows[0]["generation"],
        "items": 1,
        "ticked": 1,
        "ticked_without_evidence": 1,
        "evidence_without_tick": 0,
        "not_checkable": 0,
        "error": None,
    }
    assert rows[1]["evidence_without_tick"] == 1 and rows[1]["ticked"] == 0
    assert "no such file" in rows[2]["error"] and rows[2]["passed"] is None
    csv_lines = output.read_text(encoding="utf-8").splitlines()
    assert csv_lines[0].startswith("group,path,passed,total,rejected,handin_warnings")
    assert csv_lines[1].startswith(f"group_01,{repos[0]},31,31,False,0,")
    assert len(csv_lines) == 4


# --- check mentions it ------------------------------------------------------------------------


def test_check_mentions_ticked_items_without_evidence(tmp_path: Path) -> None:
    readme = make_repo(tmp_path, {"tests/.gitkeep": ""}, {"tests-data": "x", "ci": "x"})
    line = "checklist: 2 ticked items without evidence (run report-nb audit)"
    outside = run("check", str(readme), "--format", "json")
    assert line not in outside.stdout  # not a repository: three stat calls, nothing more
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    inside = run("check", str(readme), "--format", "json")
    assert inside.returncode == 0, inside.stderr  # a warning does not fail the check
    warnings = [w["message"] for w in json.loads(inside.stdout)["warnings"]]
    assert line in warnings
    (tmp_path / "tests" / "test_data.py").write_text(DATA_TEST, encoding="utf-8")
    workflow = tmp_path / ".github" / "workflows" / "ci.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(WORKFLOW + "      - run: pytest\n", encoding="utf-8")
    again = json.loads(run("check", str(readme), "--format", "json").stdout)
    assert not [w for w in again["warnings"] if w["message"].startswith("checklist:")]


def test_check_of_many_files_looks_up_each_folder_for_its_own(tmp_path: Path) -> None:
    """One call over files of two folders: the repository's warn, the other's do not."""
    readme = make_repo(tmp_path / "repo", {}, {"tests-data": "x", "ci": "x"})
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    copy = readme.with_name("copy.md")
    shutil.copyfile(readme, copy)
    (tmp_path / "elsewhere").mkdir()
    outside = tmp_path / "elsewhere" / "README.md"
    shutil.copyfile(readme, outside)
    done = run("check", str(readme), str(outside), str(copy), "--format", "json")
    assert done.returncode == 0, done.stderr
    line = "checklist: 2 ticked items without evidence (run report-nb audit)"
    warned = {
        r["path"]: line in [w["message"] for w in r["warnings"]] for r in json.loads(done.stdout)
    }
    assert warned == {str(readme): True, str(outside): False, str(copy): True}


def test_a_rule_added_by_course_staff(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    rule = {
        "id": "cake",
        "match": "bake a cake",
        "what": "cake recipe",
        "any": [{"probe": "content", "globs": ["**/*.txt"], "pattern": "^flour"}],
    }
    (rules / "2099.json").write_text(json.dumps({"rules": [rule]}), encoding="utf-8")
    repo = tmp_path / "repo"
    readme = make_repo(repo, {"docs/cake.txt": "sugar\nflour\n"}, {"unknown": "x", "ci": "x"})
    cake, ci = audit(readme, repo, rules=rules).items
    assert (cake.evidence, cake.rule, cake.reason) == (
        "present",
        "cake",
        "cake recipe: docs/cake.txt:2",
    )
    assert (ci.evidence, ci.rule) == ("not-checkable", None)  # this rules folder does not know it


def test_two_audits_at_once_give_what_each_gives_alone(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    first = make_repo(tmp_path / "a", {"tests/.gitkeep": ""}, {"tests-data": "x", "ci": "x"})
    files = {"tests/test_data.py": DATA_TEST, ".github/workflows/ci.yml": WORKFLOW + "  - run: x\n"}
    second = make_repo(tmp_path / "b", files, {"tests-data": " ", "ci": "x"})
    alone = [audit(first).to_json(), audit(second).to_json()]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda r: audit(r).to_json(), [first, second] * 8))
    assert together == alone * 8
    assert alone[0]["without_evidence"] == 2 and alone[1]["evidence_without_tick"] == 1
