"""The build cache key: what re-runs the code and what does not."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from report_nb.execution.cache import (
    BuildCache,
    cache_key,
    declared_inputs,
    recorded_inputs,
    with_outputs,
)
from report_nb.protocol import INPUT_MIME


def notebook(*sources: str, markdown: str = "text", inputs: list[str] | None = None):
    cells = [new_markdown_cell(markdown)] + [new_code_cell(s) for s in sources]
    return new_notebook(cells=cells, metadata={"report_nb": {"inputs": inputs or []}})


def test_key_follows_code_parameters_kernel_and_declared_files(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("1\n", encoding="utf-8")
    base = cache_key(notebook("x = 1", inputs=["*.csv"]), tmp_path, {"n": 1}, "python3")
    assert base == cache_key(
        notebook("x = 1", markdown="other prose", inputs=["*.csv"]), tmp_path, {"n": 1}, "python3"
    )
    assert base != cache_key(notebook("x = 2", inputs=["*.csv"]), tmp_path, {"n": 1}, "python3")
    assert base != cache_key(notebook("x = 1", inputs=["*.csv"]), tmp_path, {"n": 2}, "python3")
    assert base != cache_key(notebook("x = 1", inputs=["*.csv"]), tmp_path, {"n": 1}, "other")
    (tmp_path / "data.csv").write_text("2\n", encoding="utf-8")
    assert base != cache_key(notebook("x = 1", inputs=["*.csv"]), tmp_path, {"n": 1}, "python3")


def test_parameters_naming_files_are_inputs(tmp_path: Path) -> None:
    (tmp_path / "cov.xml").write_text("<coverage/>", encoding="utf-8")
    found = declared_inputs(
        notebook(), tmp_path, {"coverage_file": "cov.xml", "n": 3, "missing": "nope.csv"}
    )
    assert found == [tmp_path / "cov.xml"]


def test_recorded_inputs_invalidate_a_lookup(tmp_path: Path) -> None:
    data = tmp_path / "run.wandb"
    data.write_bytes(b"v1")
    executed = notebook("read()")
    executed.cells[1].outputs = [
        new_output(
            "display_data",
            data={
                INPUT_MIME: {
                    "path": str(data),
                    "sha256": __import__("hashlib").sha256(b"v1").hexdigest(),
                }
            },
        )
    ]
    cache = BuildCache(tmp_path / "cache")
    cache.store("k", executed)
    assert recorded_inputs(executed) == {str(data): recorded_inputs(executed)[str(data)]}
    assert cache.lookup("k") is not None and cache.lookup("other") is None
    data.write_bytes(b"v2")
    assert cache.lookup("k") is None
    assert cache.lookup_any() is not None


def test_cached_outputs_go_onto_the_current_prose() -> None:
    current = notebook("a()", "b()", markdown="edited prose")
    executed = notebook("a()", "b()", markdown="old prose")
    executed.cells[2].outputs = [new_output("stream", name="stdout", text="from b\n")]
    merged = with_outputs(current, executed)
    assert merged.cells[0].source == "edited prose"
    assert merged.cells[2].outputs[0].text == "from b\n" and merged.cells[1].outputs == []
    assert current.cells[2].outputs == []  # the student's notebook object is not changed
    nbformat.validate(merged)
