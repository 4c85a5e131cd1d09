"""Reading reports safely and writing files atomically; the record of what report-nb wrote."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from report_nb.errors import ReportFormatError, ReportNbError
from report_nb.io import atomic_write, decode, path_suffix, path_text, read_text, sha256
from report_nb.store.state import State
from report_nb.store.transaction import commit


def atomic_write_all(files: list[tuple[Path, bytes]]) -> None:
    """All-or-nothing writes go through the one transaction (its journal lives in .report-nb/)."""
    commit(files[0][0].parent, dict(files))


def listed(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != ".report-nb")


def test_atomic_write_replaces_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "README.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]  # no temporary file left


def test_failed_batch_write_replaces_nothing(tmp_path: Path) -> None:
    first, second = tmp_path / "README.md", tmp_path / "report.html"
    first.write_bytes(b"old readme")
    second.mkdir()  # a folder where a file should go: the second write cannot happen
    with pytest.raises(ReportNbError, match=r"report\.html: is a folder, not a file; nothing"):
        atomic_write_all([(first, b"new readme"), (second, b"page")])
    assert first.read_bytes() == b"old readme"
    assert listed(tmp_path) == ["README.md", "report.html"]


def test_a_move_failing_midway_puts_the_earlier_files_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second, third = (tmp_path / n for n in ("README.md", "report.html", "new.png"))
    first.write_bytes(b"old readme")
    real_replace = os.replace

    def failing_replace(source: str, target: Path) -> None:
        if Path(target) == second:
            raise PermissionError(13, "read-only", str(target))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(ReportNbError, match="cannot write"):
        atomic_write_all([(first, b"new readme"), (third, b"png"), (second, b"page")])
    monkeypatch.undo()
    assert first.read_bytes() == b"old readme" and not third.exists() and not second.exists()
    assert listed(tmp_path) == ["README.md"]


def test_batch_write_creates_folders(tmp_path: Path) -> None:
    atomic_write_all(
        [(tmp_path / "figures" / "q14_loss.png", b"png"), (tmp_path / "README.md", b"text")]
    )
    assert (tmp_path / "figures" / "q14_loss.png").read_bytes() == b"png"


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b"", "the file is empty", None),
        (b"\n \t\n", "the file is empty", None),
        (b"# t\n\nabc\0def", "binary data", 3),
        (b"# t\nok\n\xc3\x28 bad", "not UTF-8: byte 0xc3", 3),
        ("# t".encode("utf-16"), "UTF-16 text", None),
    ],
)
def test_decode_refuses_with_file_and_line(data: bytes, message: str, line: int | None) -> None:
    with pytest.raises(ReportFormatError) as caught:
        decode(data, "reports/README.md")
    assert message in str(caught.value) and caught.value.line == line
    assert str(caught.value).startswith("reports/README.md")


def test_decode_keeps_bom_and_line_endings() -> None:
    assert decode("\ufeff# t\r\nx\r".encode(), "x.md") == "\ufeff# t\r\nx\r"


def test_read_text_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ReportFormatError, match="no such file"):
        read_text(tmp_path / "nope.md")
    with pytest.raises(ReportFormatError, match="is a folder"):
        read_text(tmp_path)


def test_state_owns_only_what_it_recorded(tmp_path: Path) -> None:
    state = State(tmp_path)
    readme = tmp_path / "README.md"
    assert state.owns(readme)  # missing files may be written
    readme.write_bytes(b"student text")
    assert not state.owns(readme)
    state.record(readme, b"student text")
    assert state.owns(readme)
    state.save()
    again = State(tmp_path)
    assert again.files == {"README.md": sha256(b"student text")}
    readme.write_bytes(b"edited by hand")
    assert not again.owns(readme)
    again.forget(readme)
    assert again.files == {}
    assert (tmp_path / ".report-nb" / ".gitignore").read_text().splitlines()[1:] == [
        "*",
        "!.gitignore",
        "!state.json",
    ]


def test_broken_state_is_refused_naming_its_line(tmp_path: Path) -> None:
    # state.json is committed, so untrusted: a broken one is a one-line error (it used to read as
    # an empty record, which made every output look foreign without saying why)
    from report_nb.store.state import StateError

    (tmp_path / ".report-nb").mkdir()
    (tmp_path / ".report-nb" / "state.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(StateError, match="not valid JSON") as caught:
        State(tmp_path)
    assert caught.value.line == 1
    # half a character, as a JSON escape: it read, then crashed resolving the path it named
    (tmp_path / ".report-nb" / "state.json").write_text(
        '{"files": {"README\\ud800.md": "' + "0" * 64 + '"}}', encoding="utf-8"
    )
    with pytest.raises(StateError, match="lone surrogate"):
        State(tmp_path)
    # a NUL byte names no file: the entry is dropped (it crashed resolving it)
    (tmp_path / ".report-nb" / "state.json").write_text(
        '{"files": {"READ\\u0000ME.md": "' + "0" * 64 + '", "README.md": "' + "1" * 64 + '"}, '
        '"figures": ["figures/a\\u0000.png", "figures/b.png"]}',
        encoding="utf-8",
    )
    assert State(tmp_path).files == {"README.md": "1" * 64}
    assert State(tmp_path).data["figures"] == ["figures/b.png"]


def test_stale_sources_only_for_the_readme_that_build_wrote(tmp_path: Path) -> None:
    state = State(tmp_path)
    readme = tmp_path / "README.md"
    readme.write_bytes(b"built")
    state.record(readme, b"built")
    state.data["stale"] = {"14": ["wandb:a/b/c (saved 2026-11-20)"]}
    state.save()
    assert State(tmp_path).stale(readme) == {14: ["wandb:a/b/c (saved 2026-11-20)"]}
    readme.write_bytes(b"rebuilt by someone else")
    assert State(tmp_path).stale(readme) == {}
    data = json.loads((tmp_path / ".report-nb" / "state.json").read_text())
    assert set(data) == {"files", "stale"}
    assert os.path.exists(tmp_path / ".report-nb" / ".gitignore")


SPELLINGS = [
    *("README.md", "./README.md", "reports//README.md", "reports/./README.md", "reports/"),
    *("/", "//", "///", "//srv/README.md", "///srv/README.md", "", ".", "..", "a/../b.md"),
    *(".ipynb", "..ipynb", "x.", "x..ipynb", "a.b/c", "report.ipynb/", "a/.hidden.md"),
]


@pytest.mark.parametrize("text", SPELLINGS)
def test_a_path_is_spelled_as_pathlib_spells_it(text: str) -> None:
    # ``check`` prints and opens str(Path(path)) without importing pathlib
    assert path_text(text) == str(Path(text))
    assert path_text(Path(text)) == str(Path(text))
    assert path_suffix(path_text(text)) == Path(text).suffix


@given(st.text(alphabet="/.ab", max_size=12))
def test_any_path_is_spelled_as_pathlib_spells_it(text: str) -> None:
    assert path_text(text) == str(Path(text))
    assert path_suffix(path_text(text)) == Path(text).suffix


@pytest.mark.parametrize("spelling", ["./README.md", "sub/../README.md", "README.md/"])
def test_read_errors_name_the_file_as_pathlib_spells_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    monkeypatch.chdir(tmp_path)  # a relative spelling, as a student types it
    (tmp_path / "README.md").write_bytes(b"")
    with pytest.raises(ReportFormatError) as error:
        read_text(spelling)
    assert str(error.value).startswith(f"{Path(spelling)}: ")
