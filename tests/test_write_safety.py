"""No lost work: a build killed or stopped at any rename or unlink of its write phase, two builds at
once, a figure the student replaced, notebook metadata pointing outside the project.

The kill tests run real ``report-nb build --no-execute`` processes under ``strace``, which sends
the signal at the N-th ``rename`` or ``unlink`` system call, for every N the write phase makes.
CI installs strace (``.ci/run``) and sets ``REPORT_NB_REQUIRE_STRACE=1``: there a missing strace
fails these tests instead of skipping them.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from report_nb.cli import main
from report_nb.commands.building import build
from report_nb.commands.options import build_config
from report_nb.errors import NotebookError, ReportNbError, WouldOverwriteError
from report_nb.store.transaction import STRAY, commit, journal_path, recover

from builders import words
from projects import make_project, snapshot, tiny_png, write_pair

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def strace() -> str:
    """The strace binary; skip without it, but fail in CI (see the module docstring)."""
    found = shutil.which("strace")
    if found:
        return found
    message = "no strace installed (Debian: apt-get install -y strace)"
    if os.environ.get("REPORT_NB_REQUIRE_STRACE") or os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def figure_cell(names: list[str], rgb: tuple[int, int, int]) -> nbformat.NotebookNode:
    """A code cell with stored PNG outputs, named by its report_nb.figure metadata."""
    png = base64.b64encode(tiny_png(rgb)).decode()
    outputs = [
        nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"})
        for _ in names
    ]
    return nbformat.v4.new_code_cell(
        "show()", metadata={"report_nb": {"figure": names}}, outputs=outputs
    )


def edit_notebook(nb_path: Path, names: list[str], rgb: tuple[int, int, int], word: str) -> None:
    """A new version of the report: other figures, another word in question 5's answer."""
    nb = nbformat.read(nb_path, as_version=4)
    for cell in nb.cells:
        info = cell.metadata.get("report_nb", {})
        if cell.cell_type == "code":
            cell.update(figure_cell(names, rgb))
        elif info.get("question") == 5 and info.get("kind") == "answer":
            cell.source = f"{word} " + cell.source.split(" ", 1)[1]
    write_pair(nb, nb_path, force=True)


def state_of(reports: Path) -> dict[str, bytes]:
    """Every file of the report folder, the build record included (not the lock)."""
    return {
        str(p.relative_to(reports)): p.read_bytes()
        for p in sorted(reports.rglob("*"))
        if p.is_file() and p.name != "lock"
    }


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict]:
    """A built project whose notebook now holds version B; the folder states of A and of B.

    B replaces README.md, report.html and figures/q14_curves.png, adds figures/q14_acc.png and
    removes figures/q14_loss.png, so the write phase renames, creates and unlinks.
    """
    template = tmp_path_factory.mktemp("template")
    cell = figure_cell(["curves", "loss"], (10, 20, 30))
    nb_path = make_project(template, answers={14: words(250)}, code={14: [cell]})
    build(nb_path, build_config(execute=False, progress=False))
    edit_notebook(nb_path, ["curves", "acc"], (90, 90, 90), "changed")
    version_a = state_of(nb_path.parent)
    again = tmp_path_factory.mktemp("b") / "p"
    shutil.copytree(template, again)
    build(again / "reports" / "report.ipynb", build_config(execute=False, progress=False))
    version_b = state_of(again / "reports")
    assert version_a["README.md"] != version_b["README.md"]
    return template, version_a, version_b


def run_build(reports: Path, *strace_args: str, **popen: object) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "report_nb", "build", "report.ipynb", "--no-execute", "-q"]
    return subprocess.Popen(
        [*strace_args, *command],
        cwd=reports,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,  # type: ignore[call-overload]
    )


def count_calls(strace: str, folder: Path) -> dict[str, int]:
    """How many renames and unlinks a plain build of version B makes."""
    trace = folder.parent / "trace.txt"
    calls = "rename,renameat,renameat2,unlink,unlinkat"
    process = run_build(folder, strace, "-f", "-o", str(trace), "-e", f"trace={calls}")
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    lines = trace.read_text().splitlines()
    counts = {name: sum(f" {name}(" in line for line in lines) for name in calls.split(",")}
    assert counts["renameat"] == counts["renameat2"] == counts["unlinkat"] == 0, counts
    return counts


def assert_one_version(reports: Path, versions: tuple[Path, dict, dict]) -> dict[str, bytes]:
    _, version_a, version_b = versions
    now = state_of(reports)
    strays = [name for name in now if STRAY.match(Path(name).name) or name.endswith("journal.json")]
    assert not strays, strays
    assert now in (version_a, version_b), sorted(
        name for name in set(now) | set(version_b) if now.get(name) != version_b.get(name)
    )
    return now


@pytest.mark.parametrize(
    ("call", "sig"),
    [
        ("rename", "KILL"),
        ("unlink", "KILL"),
        ("rename", "TERM"),
        ("unlink", "TERM"),
    ],
)
def test_a_kill_at_every_rename_and_unlink_leaves_one_version(
    strace: str, versions: tuple[Path, dict, dict], tmp_path: Path, call: str, sig: str
) -> None:
    template, _, version_b = versions
    shutil.copytree(template, tmp_path / "count")
    total = count_calls(strace, tmp_path / "count" / "reports")[call]
    assert total >= 5  # README, html, two figures, state.json; unlinks: a figure and backups
    for number in range(1, total + 1):
        project = tmp_path / f"{call}-{number}"
        shutil.copytree(template, project)
        reports = project / "reports"
        inject = f"inject={call}:signal={sig}:when={number}"
        process = run_build(
            reports, strace, "-f", "-o", "/dev/null", "-e", f"trace={call}", "-e", inject
        )
        process.communicate(timeout=120)
        assert process.returncode != 0, f"{call} {number} was not reached"
        # any report-nb command finishes or undoes the interrupted write first
        assert main(["check", str(reports / "README.md")]) in (0, 1)
        assert_one_version(reports, versions)
        assert main(["build", str(reports / "report.ipynb"), "--no-execute", "-q"]) == 0
        assert state_of(reports) == version_b


def test_ctrl_c_at_any_rename_puts_every_old_file_back(
    strace: str, versions: tuple[Path, dict, dict], tmp_path: Path
) -> None:
    template, version_a, _ = versions
    shutil.copytree(template, tmp_path / "count")
    total = count_calls(strace, tmp_path / "count" / "reports")["rename"]
    for number in range(1, total + 1):
        project = tmp_path / str(number)
        shutil.copytree(template, project)
        reports = project / "reports"
        inject = f"inject=rename:signal=INT:when={number}"
        process = run_build(
            reports, strace, "-f", "-o", "/dev/null", "-e", "trace=rename", "-e", inject
        )
        _, err = process.communicate(timeout=120)
        assert process.returncode == 130 and "interrupted" in err
        assert not journal_path(reports).exists()  # rolled back at once, not left to recover
        assert state_of(reports) == version_a


def _descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found += [int(child), *_descendants(int(child))]
    return found


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "gone"


def _stopped_build(tracer: int, reports: Path) -> int:
    """The pid of the build under ``tracer`` once it has staged README.md and stays stopped."""
    for _ in range(1200):
        if list(reports.glob(".README.md.*")):
            stopped = [pid for pid in _descendants(tracer) if _state(pid) in ("T", "t")]
            time.sleep(0.3)
            stopped = [pid for pid in stopped if _state(pid) in ("T", "t")]
            if stopped:
                return stopped[0]
        time.sleep(0.05)
    raise AssertionError("the build never stopped in its write phase")


def test_a_second_build_during_a_write_phase_fails_and_the_first_wins(
    strace: str, versions: tuple[Path, dict, dict], tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    template, _, version_b = versions
    shutil.copytree(template, tmp_path / "p")
    reports = tmp_path / "p" / "reports"
    first = run_build(
        reports, strace, "-f", "-o", "/dev/null", "-e", "trace=rename",
        "-e", "inject=rename:signal=STOP:when=1",
    )  # fmt: skip
    pid = _stopped_build(first.pid, reports)  # build A is inside its write phase
    try:
        edit_notebook(reports / "report.ipynb", ["curves"], (1, 1, 1), "third")  # version C
        second = main(["build", str(reports / "report.ipynb"), "--no-execute", "-q"])
        err = capsys.readouterr().err
    finally:
        os.kill(pid, signal.SIGCONT)
    first.communicate(timeout=120)
    assert second == 2 and f"another build is running (pid {pid})" in err
    assert first.returncode == 0
    now = state_of(reports)
    for name in ("README.md", "report.html", ".report-nb/state.json", "figures/q14_acc.png"):
        assert now[name] == version_b[name]  # all of A's version, none of C's
    assert "figures/q14_loss.png" not in now
    assert main(["build", str(reports / "report.ipynb"), "--no-execute", "-q"]) == 0
    assert "third" in (reports / "README.md").read_text(encoding="utf-8")


def test_a_lock_left_by_a_killed_build_is_taken_over(tmp_path: Path) -> None:
    nb_path = make_project(tmp_path)
    lock = nb_path.parent / ".report-nb" / "lock"
    lock.parent.mkdir(exist_ok=True)
    lock.write_text("999999\n")  # a pid, but no process holds the flock
    assert main(["build", str(nb_path), "--no-execute", "-q"]) == 0


def test_a_replaced_figure_is_refused_and_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    nb_path = make_project(
        tmp_path, answers={14: words(250)}, code={14: [figure_cell(["curves"], (5, 5, 5))]}
    )
    build(nb_path, build_config(execute=False, progress=False))
    figure = nb_path.parent / "figures" / "q14_curves.png"
    mine = tiny_png((0, 200, 0))
    figure.write_bytes(mine)  # cp my.png figures/q14_curves.png
    edit_notebook(nb_path, ["curves"], (6, 6, 6), "again")
    before = snapshot(nb_path.parent)
    assert main(["build", str(nb_path), "--no-execute", "-q"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"report-nb: error: {figure}: was changed after report-nb wrote it")
    assert "--force" in err and "\n" not in err
    assert snapshot(nb_path.parent) == before and figure.read_bytes() == mine
    with pytest.raises(WouldOverwriteError):
        build(nb_path, build_config(execute=False, progress=False))
    assert main(["build", str(nb_path), "--no-execute", "-q", "--force"]) == 0
    assert figure.read_bytes() == tiny_png((6, 6, 6))


@pytest.mark.parametrize("source", ["../../outside/README.md", "/tmp/README.md", 7])
def test_metadata_cannot_send_outputs_outside_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture, source: object
) -> None:
    nb_path = make_project(tmp_path / "student" / "project")
    nb = nbformat.read(nb_path, as_version=4)
    nb.metadata["report_nb"]["source"] = source
    write_pair(nb, nb_path, force=True)
    before = snapshot(tmp_path)
    assert main(["build", str(nb_path), "--no-execute", "-q"]) == 2
    err = capsys.readouterr().err
    assert "report_nb.source" in err and str(nb_path) in err and "\n" not in err.strip()
    assert snapshot(tmp_path) == before and not (tmp_path / "student" / "outside").exists()
    with pytest.raises(NotebookError, match=r"report_nb\.source"):
        build(nb_path, build_config(execute=False, progress=False))
    elsewhere = tmp_path / "chosen" / "README.md"  # -o on the command line is the user's choice
    elsewhere.parent.mkdir()
    argv = ["build", str(nb_path), "--no-execute", "--no-strict", "-q", "-o", str(elsewhere)]
    assert main(argv) == 0
    assert elsewhere.exists()


def test_recover_rolls_forward_a_complete_journal_and_back_an_incomplete_one(
    tmp_path: Path,
) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_bytes(b"old")
    commit(tmp_path, {old: b"OLD2", new: b"fresh"})
    assert (old.read_bytes(), new.read_bytes()) == (b"OLD2", b"fresh")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".report-nb", "new.txt", "old.txt"]
    assert not journal_path(tmp_path).exists()
    # a journal cut short while it was written: nothing was staged yet, it is dropped
    journal_path(tmp_path).write_text('{"txid": "ab", "entr')
    (tmp_path / ".new.txt.0123456789ab.tmp").write_bytes(b"left by a kill")
    assert recover(tmp_path) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == [".report-nb", "new.txt", "old.txt"]


def test_a_failing_move_puts_every_old_file_back_and_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second, third = (tmp_path / n for n in ("README.md", "report.html", "new.png"))
    first.write_bytes(b"old readme")
    second.write_bytes(b"old page")
    real_replace = os.replace

    def failing_replace(source: str, target: str) -> None:
        if Path(target) == second:
            raise OSError(28, "No space left on device", str(target))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(ReportNbError) as caught:
        commit(tmp_path, {first: b"new readme", third: b"png", second: b"new page"})
    monkeypatch.undo()
    assert str(caught.value) == (
        f"{second}: cannot write: No space left on device; nothing was written"
    )
    assert (first.read_bytes(), second.read_bytes()) == (b"old readme", b"old page")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".report-nb", "README.md", "report.html"]
    assert not journal_path(tmp_path).exists()


def test_import_refuses_a_notebook_outside_the_readmes_folder(tmp_path: Path) -> None:
    nb_path = make_project(tmp_path)
    elsewhere = tmp_path / "notebooks" / "report.ipynb"
    elsewhere.parent.mkdir()
    assert main(["import", str(nb_path.parent / "README.md"), "-o", str(elsewhere)]) == 2
    assert list(elsewhere.parent.iterdir()) == []


def pair_state(reports: Path) -> dict[str, bytes]:
    """:func:`state_of`, but without the random cell ids each import gives the .ipynb (and so
    without the pair's hashes and copy, which hold them too)."""
    files = state_of(reports)
    for name in ("report.ipynb", ".report-nb/pair/base.ipynb"):
        if name in files:
            nb = json.loads(files[name])
            for cell in nb["cells"]:
                cell.pop("id", None)
            files[name] = json.dumps(nb).encode()
    if ".report-nb/state.json" in files:
        record = json.loads(files[".report-nb/state.json"])
        record.pop("pair", None)
        files[".report-nb/state.json"] = json.dumps(record).encode()
    files.pop(".report-nb/pair/record.json", None)
    return files


def test_a_kill_at_every_rename_of_an_import_leaves_one_pair_and_its_record(
    strace: str, tmp_path: Path
) -> None:
    template = tmp_path / "template" / "reports"
    make_project(template.parent)
    readme = template / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("Group 1", "Team one"))
    old = pair_state(template)
    shutil.copytree(template, tmp_path / "new")
    assert main(["import", str(tmp_path / "new" / "README.md"), "--force"]) == 0
    new = pair_state(tmp_path / "new")
    assert new != old
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "report_nb", "import", "README.md", "--force"]
    shutil.copytree(template, tmp_path / "count")
    trace = tmp_path / "trace.txt"
    counting = [strace, "-f", "-o", str(trace), "-e", "trace=rename", *command]
    subprocess.run(counting, cwd=tmp_path / "count", env=env, check=True, capture_output=True)
    total = trace.read_text().count(" rename(")
    assert total >= 3  # report.ipynb, report.md, state.json
    for number in range(1, total + 1):
        reports = tmp_path / str(number)
        shutil.copytree(template, reports)
        inject = f"inject=rename:signal=KILL:when={number}"
        killing = [strace, "-f", "-o", "/dev/null", "-e", "trace=rename", "-e", inject, *command]
        assert subprocess.run(killing, cwd=reports, env=env, capture_output=True).returncode
        assert main(["check", str(reports / "README.md")]) in (0, 1)
        assert pair_state(reports) in (old, new), number
        assert main(["build", str(reports / "report.ipynb"), "--no-execute", "-q"]) == 0
