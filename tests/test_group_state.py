"""state.json is committed, so untrusted: a build removes only figures it wrote, byte for byte.

A teammate (or a wrongly resolved git conflict) can put anything into ``.report-nb/state.json``.
A build may remove a file only if its bytes are exactly what the record says report-nb wrote,
it lies in the figure folder, and it is none of the pair, the README, ``report.py``. A malformed
record is one line and exit 2, or ignored where ignoring loses nothing; never a crash.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from report_nb.cli import main
from report_nb.io import sha256

from projects import make_project, snapshot


def _state(reports: Path) -> Path:
    return reports / ".report-nb" / "state.json"


def _built(tmp_path: Path) -> Path:
    nb_path = make_project(tmp_path)
    assert main(["build", "--no-execute", "-q", "--no-html", str(nb_path)]) == 0
    return nb_path.parent


@pytest.mark.parametrize("key", ["figures", "files-only"])
def test_a_build_never_removes_the_pair_the_source_or_a_students_file(
    tmp_path: Path, key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = _built(tmp_path)
    (reports / "notes.txt").write_text("my notes\n", encoding="utf-8")
    (reports / "figures" / "mine.png").write_bytes(b"not written by report-nb")
    listed = ["report.md", "report.ipynb", "notes.txt", "README.md", "report.py", "../outside.txt"]
    (tmp_path / "outside.txt").write_text("outside\n", encoding="utf-8")
    data = json.loads(_state(reports).read_text(encoding="utf-8"))
    for name in listed:  # hashes that match: the record claims report-nb wrote them all
        path = reports / name
        data["files"][name] = sha256(path.read_bytes())
    if key == "figures":
        data["figures"] = [*listed, "figures/mine.png"]
    else:
        data.pop("figures", None)  # the record of before the figure list: by folder prefix
        data["files"]["figures/../report.md"] = data["files"]["report.md"]
    _state(reports).write_text(json.dumps(data), encoding="utf-8")
    before = snapshot(tmp_path)
    capsys.readouterr()

    assert main(["build", "--no-execute", "-q", "--no-html", str(reports / "report.ipynb")]) == 0
    out = capsys.readouterr().out
    assert "removed" not in out
    after = snapshot(tmp_path)
    for name in listed:
        assert (tmp_path / "reports" / name).exists() or name.startswith("..")
    assert (tmp_path / "outside.txt").exists()
    assert after["reports/figures/mine.png"] == before["reports/figures/mine.png"]


def test_a_build_removes_a_figure_it_wrote_only_while_unchanged(tmp_path: Path) -> None:
    reports = _built(tmp_path)
    ours, theirs = reports / "figures" / "q99_old.png", reports / "figures" / "q98_old.png"
    ours.write_bytes(b"written by an earlier build")
    theirs.write_bytes(b"replaced by a student")
    data = json.loads(_state(reports).read_text(encoding="utf-8"))
    data["files"]["figures/q99_old.png"] = sha256(b"written by an earlier build")
    data["files"]["figures/q98_old.png"] = sha256(b"what the build wrote")
    data["figures"] = [*data.get("figures", []), "figures/q99_old.png", "figures/q98_old.png"]
    _state(reports).write_text(json.dumps(data), encoding="utf-8")
    assert main(["build", "--no-execute", "-q", "--no-html", str(reports / "report.ipynb")]) == 0
    assert not ours.exists() and theirs.read_bytes() == b"replaced by a student"


MALFORMED = {
    "not-json": b"{ not json",
    "conflict-markers": b'<<<<<<< HEAD\n{"files": {}}\n=======\n{"files": {}}\n>>>>>>> b\n',
    "list": b"[1, 2, 3]",
    "files-list": b'{"files": ["README.md"]}',
    "hash-types": b'{"files": {"README.md": 5, "x": null, "y": [1]}}',
    "stale-list": b'{"files": {}, "stale": ["a"]}',
    "stale-values": b'{"files": {}, "stale": {"x": 5, "3": "a"}}',
    "figures-dict": b'{"files": {}, "figures": {"a": 1}}',
    "merge-types": b'{"files": {}, "merge": {"base": 1, "answers": [1], "backup": [], '
    b'"wrote": "x", "pair": 3}}',
    "merge-nested": b'{"files": {}, "merge": {"base": {"readme": 1, "sha256": []}, '
    b'"answers": {"1": 5}, "backup": {"report.md": 5}, "wrote": {"report.md": []}}}',
    "deep": b"[" * 100000 + b"]" * 100000,
    "binary": bytes(range(256)),
    "huge": b'{"files": {}, "pad": "' + b"x" * (20 * 2**20) + b'"}',
}


@pytest.mark.parametrize("content", MALFORMED.values(), ids=MALFORMED.keys())
@pytest.mark.parametrize("command", ["build", "export", "check", "merge", "undo", "html"])
def test_a_malformed_record_is_one_line_never_a_crash(
    tmp_path: Path, content: bytes, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = _built(tmp_path)
    readme = reports / "README.md"
    _state(reports).write_bytes(content)
    before = snapshot(tmp_path)
    nb = str(reports / "report.ipynb")
    argv = {
        "build": ["build", "--no-execute", "-q", "--no-html", nb],
        "export": ["export", nb],
        "check": ["check", str(readme)],
        "merge": ["import", "--merge", str(readme)],
        "undo": ["import", "--undo-merge", str(readme)],
        "html": ["html", str(readme), "-o", str(reports / "page.html")],
    }[command]
    capsys.readouterr()
    code = main(argv)
    err = capsys.readouterr().err
    assert code in (0, 1, 2), err
    assert "internal error" not in err and "Traceback" not in err
    if code == 2:
        assert len(err.strip().splitlines()) == 1, err
    after = snapshot(tmp_path)
    for name, data in before.items():  # nothing of the student's is lost or changed
        if name.startswith("reports/README") or name.startswith("reports/report."):
            assert after.get(name) == data or command in ("build", "export", "html"), name
    assert hashlib.sha256(readme.read_bytes()).hexdigest()
