"""The command line: output formats, exit codes, one-line errors, nothing written on failure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from report_nb.cli import main

from builders import make_report, passing, words


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "README.md").write_text(make_report(fill=passing), encoding="utf-8")
    (folder / "report.py").write_text("# the course's checker lives here\n", encoding="utf-8")
    return folder


def test_check_text_output_and_exit_zero(reports: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["check", str(reports / "README.md")]) == 0
    out = capsys.readouterr().out
    assert "passed 31/31" in out
    assert "   14    252       1  200-300 words, 1-3 images   ok" in out


def test_check_failing_question_exits_one(reports: Path, capsys: pytest.CaptureFixture) -> None:
    readme = reports / "README.md"
    readme.write_text(make_report(fill=passing, answers={8: words(10)}), encoding="utf-8")
    assert main(["check", str(readme), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["passed"] == 30 and data["total"] == 31
    line = readme.read_text(encoding="utf-8").split("\n").index("### Question 8") + 1
    assert data["questions"][7] == {
        "number": 8,
        "line": line,
        "words": 10,
        "images": 0,
        "limits": {"words": [100, 200], "images": None},
        "ok": False,
        "problems": ["too few words: 10 < 100"],
        "written": {"words": 10, "images": 0},
    }


def test_check_github_annotations(reports: Path, capsys: pytest.CaptureFixture) -> None:
    readme = reports / "README.md"
    answer = words(150) + "\n\n#### Part, two\n\n" + words(20)
    readme.write_text(make_report(fill=passing, answers={8: answer}), encoding="utf-8")
    assert main(["check", str(readme), "--format", "github"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"::warning file={readme},line=")
    assert ",title=Question 8::the official checker cuts this answer" in out[0]
    assert "'#### Part, two'" in out[0]  # commas are fine in the message part
    assert out[-1] == f"::notice file={readme}::passed 31/31"


def test_check_many_files_lists_json_and_worst_exit(
    reports: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    code = main(["check", str(reports / "README.md"), str(empty), "--format", "json"])
    captured = capsys.readouterr()
    assert code == 2
    data = json.loads(captured.out)
    assert [d["path"] for d in data] == [str(reports / "README.md"), str(empty)]
    assert data[1]["error"].endswith("the file is empty")
    assert captured.err.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"", "the file is empty", id="empty"),
        pytest.param(b"   \n\n", "the file is empty", id="blank"),
        pytest.param(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary data", id="binary"),
        pytest.param(
            make_report().encode("utf-8").replace(b"topic number 9", b"topic \xe9 9"),
            "not UTF-8: byte 0xe9",
            id="latin-1",
        ),
        pytest.param(
            b"# Notes\n\nJust some notes.\n", "no '### Question N' headings", id="not-a-report"
        ),
    ],
)
def test_unreadable_input_is_one_line_exit_two(
    tmp_path: Path, capsys: pytest.CaptureFixture, content: bytes, message: str
) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(content)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and str(path) in err
    assert "Traceback" not in err
    if b"\xe9" in content:
        line = content[: content.index(b"\xe9")].count(b"\n") + 1
        assert f"{path}:{line}:" in err


def test_missing_file_is_exit_two(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["check", str(tmp_path / "nope.md")]) == 2
    assert "no such file" in capsys.readouterr().err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_import_export_round_trip(reports: Path, capsys: pytest.CaptureFixture) -> None:
    readme = reports / "README.md"
    original = readme.read_bytes()
    assert main(["import", str(readme)]) == 0
    assert (reports / "report.ipynb").exists() and (reports / "report.md").exists()
    assert (reports / "report.py").read_text(encoding="utf-8").startswith("# the course's")
    assert main(["export", str(reports / "report.ipynb")]) == 0
    assert "unchanged" in capsys.readouterr().out
    assert readme.read_bytes() == original


@pytest.mark.parametrize(
    "content", [b"", b"\0binary", b"# no questions\n"], ids=["empty", "binary", "not-a-report"]
)
def test_bad_input_to_import_writes_nothing(
    reports: Path, content: bytes, capsys: pytest.CaptureFixture
) -> None:
    (reports / "README.md").write_bytes(content)
    before = snapshot(reports)
    assert main(["import", str(reports / "README.md")]) == 2
    assert snapshot(reports) == before
    assert capsys.readouterr().err.count("\n") == 1


def test_import_refuses_to_overwrite(reports: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["import", str(reports / "README.md")]) == 0
    (reports / "report.md").write_text("my edits\n", encoding="utf-8")
    before = snapshot(reports)
    assert main(["import", str(reports / "README.md")]) == 2
    assert "already exists; nothing was written" in capsys.readouterr().err
    assert snapshot(reports) == before
    assert main(["import", str(reports / "README.md"), "--force"]) == 0
    assert (reports / "report.md").read_text(encoding="utf-8") != "my edits\n"


@pytest.mark.parametrize("name", ["README.ipynb", "readme.ipynb", "README.md"])
def test_import_never_pairs_onto_course_files(
    reports: Path, name: str, capsys: pytest.CaptureFixture
) -> None:
    before = snapshot(reports)
    code = main(["import", str(reports / "README.md"), "-o", str(reports / name), "--force"])
    assert code == 2
    assert snapshot(reports) == before
    err = capsys.readouterr().err
    assert "a file the course owns" in err or "must end in .ipynb" in err


def test_export_refuses_a_hand_edited_readme(reports: Path, capsys: pytest.CaptureFixture) -> None:
    readme = reports / "README.md"
    assert main(["import", str(readme)]) == 0
    readme.write_text(readme.read_text(encoding="utf-8") + "\nlate edit\n", encoding="utf-8")
    edited = readme.read_bytes()
    assert main(["export", str(reports / "report.ipynb")]) == 2
    err = capsys.readouterr().err
    assert "was edited after report-nb last wrote it" in err and "import --merge" in err
    assert readme.read_bytes() == edited
    assert main(["export", str(reports / "report.ipynb"), "--force"]) == 0
    assert b"late edit" not in readme.read_bytes()


@pytest.mark.parametrize("command", [["report-nb"], [sys.executable, "-m", "report_nb"]])
def test_entry_points_run_without_traceback(tmp_path: Path, command: list[str]) -> None:
    bad = tmp_path / "README.md"
    bad.write_bytes(b"\xff\xfe\x00")
    bin_dir = Path(sys.executable).parent
    if command[0] == "report-nb":
        command = [str(bin_dir / "report-nb")]
    result = subprocess.run(
        [*command, "check", str(bad)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.startswith("report-nb: error: ") and "Traceback" not in result.stderr


def test_check_imports_no_notebook_machinery(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(make_report(fill=passing), encoding="utf-8")
    code = (
        "import sys, io, contextlib\n"
        "from report_nb.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['check', {str(readme)!r}]) == 0\n"
        "heavy = {'nbconvert', 'papermill', 'jupytext', 'nbformat', 'matplotlib', 'jinja2'}\n"
        "loaded = {m.split('.')[0] for m, module in sys.modules.items() if module is not None}\n"
        "print(sorted(heavy & loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_html_command_is_a_drop_in(reports: Path, capsys: pytest.CaptureFixture) -> None:
    (reports / "report.html").write_text("<p>from python report.py html</p>", encoding="utf-8")
    assert main(["html", str(reports / "README.md")]) == 2  # not ours: refused
    assert "pass --force" in capsys.readouterr().err
    assert main(["html", str(reports / "README.md"), "--force"]) == 0
    page = (reports / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count('class="badge pass"') == 31
    assert main(["html", str(reports / "README.md")]) == 0  # ours now: no --force needed


def test_utf16_file_is_named_as_such(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(make_report().encode("utf-16"))
    assert main(["check", str(path)]) == 2
    assert "UTF-16 text" in capsys.readouterr().err


def test_an_unfilled_placeholder_fails_its_question_not_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    from projects import make_project

    nb_path = make_project(
        tmp_path,
        edits={8: "Coverage {{ coverage }}%. " + words(120)},
        code={8: ["import report_nb\nreport_nb.glue('coverage', 87)"]},  # not run yet
    )
    assert main(["check", str(nb_path)]) == 1
    out = capsys.readouterr().out
    assert "passed 30/31" in out and "'{{ coverage }}' has no value" in out
    assert main(["export", str(nb_path), "--force"]) == 0
    assert main(["build", str(nb_path), "--no-execute", "-q"]) == 1
    assert "question 8: '{{ coverage }}' has no value" in capsys.readouterr().err


COMMANDS = ["check", "import", "export", "build", "html", "audit", "config-git", "merge-driver"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_its_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    from report_nb.cli import main

    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: report-nb {command}")


def test_the_command_list_names_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    from report_nb.cli import main

    assert main([]) == 2  # no command: the help on stderr, exit 2
    listed = capsys.readouterr().err
    assert all(f"    {command}" in listed for command in COMMANDS)


def help_lines(columns: str, monkeypatch: pytest.MonkeyPatch, capsys) -> list[str]:
    from report_nb.cli import main

    monkeypatch.setenv("COLUMNS", columns)
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    return capsys.readouterr().out.splitlines()


def test_help_follows_the_terminal_width(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # sized as shutil.get_terminal_size would, from $COLUMNS first (argparse needs no shutil)
    narrow = help_lines("60", monkeypatch, capsys)
    wide = help_lines("140", monkeypatch, capsys)
    assert len(narrow) > len(wide)
    assert max(len(line) for line in wide) > 100
    assert sum(len(line) > 60 for line in narrow) <= 2  # only unbreakable option names


def test_a_command_process_never_imports_shutil_for_its_help_formatter() -> None:
    code = (
        "import sys\n"
        "from report_nb.cli import main\n"
        "main(['check', '--format', 'json', 'missing.md'])\n"
        "print('shutil' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "README.md"],
        ["check", "a.md", "reports/b.ipynb", "c d.md", "", "check"],
        ["check", "README.md", "--format", "json"],
        ["check", "--profile", "2024", "README.md"],
        ["check", "--fo", "github", "README.md"],  # argparse's abbreviations
        ["check", "--", "-odd.md"],
        ["check", "-", "README.md"],
    ],
    ids=["one", "many", "format", "profile", "abbreviated", "dashdash", "dash"],
)
def test_the_check_command_line_reads_as_argparse_reads_it(argv: list[str]) -> None:
    # ``check PATH...`` without options skips argparse (start-up time); the result is the same
    from report_nb.cli import parse
    from report_nb.cli.arguments import parser

    assert vars(parse(argv)) == vars(parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv", [["check"], ["check", "-x"], ["chec", "a.md"], ["check", "--help"], ["--version"]]
)
def test_a_check_command_line_argparse_refuses_is_still_refused(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from report_nb.cli import parse
    from report_nb.cli.arguments import parser

    with pytest.raises(SystemExit) as ours:
        parse(argv)
    first = capsys.readouterr()
    with pytest.raises(SystemExit) as theirs:
        parser().parse_args(argv)
    assert (ours.value.code, first) == (theirs.value.code, capsys.readouterr())


def test_check_finishes_a_killed_write_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from report_nb.store.transaction import journal_path

    readme = tmp_path / "README.md"
    readme.write_text(make_report(fill=passing), encoding="utf-8")
    page = tmp_path / "report.html"
    code = (  # a writer killed after its moves, before it removes its journal
        "import os\n"
        "from pathlib import Path\n"
        "import report_nb.store.transaction as transaction\n"
        "transaction._finish = lambda *args: os._exit(9)\n"
        f"transaction.commit(Path({str(tmp_path)!r}), {{Path({str(page)!r}): b'<p>page</p>'}})\n"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 9
    assert journal_path(tmp_path).exists()
    assert main(["check", str(readme)]) == 0
    assert capsys.readouterr().err == (
        f"report-nb: note: finished a write to {tmp_path} that was interrupted\n"
    )
    assert not journal_path(tmp_path).exists() and page.read_bytes() == b"<p>page</p>"
