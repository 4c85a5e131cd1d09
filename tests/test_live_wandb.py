"""Tests for report_nb.live.wandb on real offline runs made by wandb itself in the test."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from report_nb import kernel
from report_nb.errors import LiveDataError
from report_nb.live import wandb as live

STEPS = 25
SWEEP = {"sweep-lr-0.1": 1.0, "sweep-lr-0.01": 0.5}


def logged(scale: float) -> list[dict[str, Any]]:
    """What each run logs per step; every fifth step logs the training loss only."""
    logs: list[dict[str, Any]] = []
    for step in range(STEPS):
        loss = scale * 0.8**step
        if step % 5 == 4:
            logs.append({"train": {"loss": loss}})
        else:
            logs.append({"train": {"loss": loss, "acc": step / 32}, "val/loss": loss + 0.125})
    if scale < 1:  # only the second run tracks a gradient norm, at a few steps
        for step in (0, 10, 20):
            logs[step]["grad/norm"] = step + 0.5
    return logs


def flat(log: dict[str, Any]) -> dict[str, Any]:
    out = {f"train/{k}": v for k, v in log["train"].items()}
    out.update({k: v for k, v in log.items() if k != "train"})
    return out


@dataclass
class Sweep:
    wandb_dir: Path
    folders: dict[str, Path] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)
    big: Path = Path()


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> Sweep:
    """Two real offline runs (a mini sweep) and a big one, made once per module by wandb."""
    wandb = pytest.importorskip("wandb")
    root = tmp_path_factory.mktemp("wandb_runs")
    result = Sweep(wandb_dir=root / "wandb")
    with pytest.MonkeyPatch.context() as env:
        for name, value in {
            "WANDB_MODE": "offline",
            "WANDB_SILENT": "true",
            "WANDB_DIR": root,
            "WANDB_CONSOLE": "off",
            "WANDB_CONFIG_DIR": root / "config",
            "WANDB_CACHE_DIR": root / "cache",
            "WANDB_DATA_DIR": root / "data",
        }.items():
            env.setenv(name, str(value))
        for name, scale in SWEEP.items():
            config = {"lr": float(name.split("-")[-1]), "optimizer": {"name": "adam", "beta1": 0.9}}
            run = wandb.init(project="demo", name=name, config=config, dir=str(root))
            for log in logged(scale):
                run.log(log)
            run.summary["test/acc"] = 0.75 + scale / 8
            run.summary["best"] = {"epoch": 3}
            result.ids[name] = run.id
            result.folders[name] = Path(run.dir).parent
            run.finish()
        result.big = big_run(wandb, root / "big")
        wandb.teardown()  # stop wandb-core so no service outlives the module
    return result


def big_run(wandb: Any, root: Path) -> Path:
    """A run whose records outgrow the log's 32 KiB blocks (config and media-sized strings)."""
    root.mkdir()
    run = wandb.init(project="big", config={"blob": "x" * 70_000}, dir=str(root))
    for step in range(300):
        run.log({"a": step / 2, "note": "y" * (step % 250)})
    run.log({"caption": "z" * 40_000})
    run.finish()
    return Path(run.dir).parent


@pytest.fixture(autouse=True)
def clean_kernel(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(kernel, "published", {})
    monkeypatch.delenv(kernel.OFFLINE_ENV, raising=False)
    monkeypatch.setenv(kernel.SNAPSHOT_ENV, str(tmp_path / "snapshots"))


@pytest.fixture(scope="module")
def runs(sweep: Sweep) -> list[live.RunHistory]:
    return [live.history(sweep.folders[name]) for name in SWEEP]


# --- reading offline runs -------------------------------------------------------------------


@pytest.mark.parametrize("how", ["run-folder", "wandb-file", "wandb-dir+id", "str-path"])
def test_history_accepts_every_way_to_name_a_run(sweep: Sweep, how: str) -> None:
    name = "sweep-lr-0.01"
    folder, run_id = sweep.folders[name], sweep.ids[name]
    run = {
        "run-folder": lambda: live.history(folder),
        "wandb-file": lambda: live.history(folder / f"run-{run_id}.wandb"),
        "wandb-dir+id": lambda: live.history(sweep.wandb_dir, run_id),
        "str-path": lambda: live.history(str(folder)),
    }[how]()
    assert (run.id, run.name, run.project) == (run_id, name, "demo")
    assert run.source == str(folder / f"run-{run_id}.wandb")


@pytest.mark.parametrize("name", list(SWEEP))
def test_rows_hold_exactly_what_was_logged(sweep: Sweep, name: str) -> None:
    run = live.history(sweep.folders[name])
    expected = [flat(log) for log in logged(SWEEP[name])]
    assert [row["_step"] for row in run.rows] == list(range(STEPS))
    for row, want in zip(run.rows, expected, strict=True):
        assert {k: v for k, v in row.items() if not k.startswith("_")} == want
        assert isinstance(row["_runtime"], (int, float)) and row["_timestamp"] > 1e9


def test_subset_steps_lack_the_metrics_they_did_not_log(runs: list[live.RunHistory]) -> None:
    row = runs[0].rows[4]
    assert "train/loss" in row and "val/loss" not in row and "train/acc" not in row
    assert [step for step, _ in runs[0].column("val/loss")] == [
        s for s in range(STEPS) if s % 5 != 4
    ]


def test_config_summary_and_keys(runs: list[live.RunHistory]) -> None:
    first, second = runs
    assert first.config == {"lr": 0.1, "optimizer": {"name": "adam", "beta1": 0.9}}
    assert second.config["lr"] == 0.01
    assert first.summary["test/acc"] == 0.875 and second.summary["test/acc"] == 0.8125
    assert first.summary["best/epoch"] == 3  # a nested summary dict is flattened like history
    assert first.summary["train/loss"] == 0.8**24 and first.summary["_step"] == 24
    assert not any(key.startswith("_wandb") for key in first.summary)
    assert sorted(first.keys) == ["train/acc", "train/loss", "val/loss"]
    assert sorted(second.keys) == ["grad/norm", "train/acc", "train/loss", "val/loss"]


def test_column_last_and_best(runs: list[live.RunHistory]) -> None:
    run = runs[1]
    assert run.column("grad/norm") == [(0, 0.5), (10, 10.5), (20, 20.5)]
    assert run.last("train/loss") == 0.5 * 0.8**24
    assert run.last("val/loss") == 0.5 * 0.8**23 + 0.125  # step 24 logged no val/loss
    assert run.last("test/acc") == 0.8125  # summary only
    assert run.best("val/loss") == run.last("val/loss")
    assert run.best("train/acc", mode="max") == 23 / 32
    assert run.best("grad/norm", "min") == 0.5


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda r: r.column("nope"), id="column"),
        pytest.param(lambda r: r.last("nope"), id="last"),
        pytest.param(lambda r: r.best("nope"), id="best"),
    ],
)
def test_unknown_metric_lists_the_logged_ones(runs: list[live.RunHistory], call: Any) -> None:
    # asking for a metric the run never logged is the caller's mistake: ValueError, not exit 2
    with pytest.raises(ValueError, match="no metric 'nope'") as info:
        call(runs[0])
    assert "available: train/acc, train/loss, val/loss" in str(info.value)


def test_best_rejects_an_unknown_mode(runs: list[live.RunHistory]) -> None:
    with pytest.raises(ValueError, match="unknown mode 'lowest': use one of 'min', 'max'"):
        runs[0].best("train/loss", mode="lowest")


def test_latest_offline_run_is_the_last_one_started(sweep: Sweep) -> None:
    assert live.latest_offline_run(sweep.wandb_dir) == sweep.folders["sweep-lr-0.01"]


def test_reading_a_run_records_its_log_as_input(sweep: Sweep) -> None:
    folder = sweep.folders["sweep-lr-0.1"]
    live.history(folder)
    wandb_file = folder / f"run-{sweep.ids['sweep-lr-0.1']}.wandb"
    [entry] = kernel.published[kernel.INPUT_MIME]
    assert entry["path"] == str(wandb_file.resolve())
    assert entry["sha256"] == hashlib.sha256(wandb_file.read_bytes()).hexdigest()


def test_importing_the_module_loads_neither_wandb_nor_matplotlib() -> None:
    code = (
        "import sys, report_nb.live.wandb; "
        "print(sorted(m for m in ('wandb', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_records_spanning_several_blocks_are_reassembled(sweep: Sweep) -> None:
    run = live.history(sweep.big)
    assert sweep.big.joinpath(f"run-{run.id}.wandb").stat().st_size > 4 * 32768
    assert run.config == {"blob": "x" * 70_000}  # one record over three blocks
    assert [row["_step"] for row in run.rows] == list(range(301))
    assert all(
        row["a"] == step / 2 and row["note"] == "y" * (step % 250)
        for step, row in enumerate(run.rows[:300])
    )
    assert run.rows[300]["caption"] == "z" * 40_000


# --- errors on local runs -------------------------------------------------------------------


def copy_log(sweep: Sweep, tmp_path: Path) -> Path:
    name = "sweep-lr-0.1"
    source = sweep.folders[name] / f"run-{sweep.ids[name]}.wandb"
    target = tmp_path / source.parent.name / source.name
    target.parent.mkdir()
    target.write_bytes(source.read_bytes())
    return target


def test_a_folder_without_a_run_log_is_not_a_run(tmp_path: Path) -> None:
    with pytest.raises(LiveDataError, match=r"not a W&B run folder: no run-<id>\.wandb") as info:
        live.history(tmp_path)
    assert info.value.path == str(tmp_path)


def test_a_missing_path_is_named(tmp_path: Path) -> None:
    with pytest.raises(LiveDataError, match="no such W&B run folder") as info:
        live.history(tmp_path / "wandb" / "offline-run-x")
    assert info.value.path == str(tmp_path / "wandb" / "offline-run-x")


def test_the_wandb_folder_alone_asks_for_a_run_id(sweep: Sweep) -> None:
    with pytest.raises(LiveDataError, match="not a W&B run folder") as info:
        live.history(sweep.wandb_dir)
    assert all(run_id in (info.value.hint or "") for run_id in sweep.ids.values())


def test_an_unknown_run_id_lists_the_known_ones(sweep: Sweep) -> None:
    with pytest.raises(LiveDataError, match="no run 'zzzzzzzz'") as info:
        live.history(sweep.wandb_dir, "zzzzzzzz")
    assert sweep.ids["sweep-lr-0.1"] in (info.value.hint or "")


def test_no_offline_runs_in_a_folder(tmp_path: Path) -> None:
    with pytest.raises(LiveDataError, match="no offline runs") as info:
        live.latest_offline_run(tmp_path)
    assert "mode='offline'" in (info.value.hint or "")


@pytest.mark.parametrize(
    "content", [b"", b"hello, not a run log\n", b":W&B"], ids=["empty", "text", "short-header"]
)
def test_a_file_that_is_not_a_run_log(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "run-abc.wandb"
    path.write_bytes(content)
    with pytest.raises(LiveDataError, match="not a W&B run log") as info:
        live.history(path)
    assert info.value.path == str(path)


def chunk_middle(data: bytes, index: int) -> int:
    """Offset of the middle byte of the ``index``-th chunk's data (the log fits in one block)."""
    pos = 7
    for _ in range(index):
        pos += 7 + int.from_bytes(data[pos + 4 : pos + 6], "little")
    return pos + 7 + int.from_bytes(data[pos + 4 : pos + 6], "little") // 2


@pytest.mark.parametrize("index", [1, 12, 40], ids=["run-record", "history", "later"])
def test_a_damaged_byte_is_reported_as_corruption(sweep: Sweep, tmp_path: Path, index: int) -> None:
    path = copy_log(sweep, tmp_path)
    data = bytearray(path.read_bytes())
    assert len(data) < 32768
    data[chunk_middle(bytes(data), index)] ^= 0x55
    path.write_bytes(bytes(data))
    with pytest.raises(LiveDataError, match=r"corrupt \.wandb file: bad chunk at byte") as info:
        live.history(path)
    assert info.value.path == str(path)


def test_a_log_cut_off_mid_record_keeps_the_steps_before(sweep: Sweep, tmp_path: Path) -> None:
    # a training process killed while writing leaves half a record at the end of the log
    path = copy_log(sweep, tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    run = live.history(path)
    assert 0 < len(run.rows) < STEPS
    full = live.history(sweep.folders["sweep-lr-0.1"])
    assert run.rows == full.rows[: len(run.rows)]


def test_a_damaged_chunk_length_is_reported_as_corruption(sweep: Sweep, tmp_path: Path) -> None:
    path = copy_log(sweep, tmp_path)
    data = bytearray(path.read_bytes())
    data[7 + 5] = 0xFF  # the first chunk now claims more than a 32 KiB block holds
    path.write_bytes(bytes(data))
    with pytest.raises(LiveDataError, match="bad chunk at byte 7"):
        live.history(path)


def test_a_newer_log_format_version_names_the_expected_wandb(sweep: Sweep, tmp_path: Path) -> None:
    path = copy_log(sweep, tmp_path)
    data = bytearray(path.read_bytes())
    data[6] = 1  # the header's version byte
    path.write_bytes(bytes(data))
    with pytest.raises(LiveDataError, match=r"log format version 1.*wandb 0\.17 to 0\.31"):
        live.history(path)


def test_a_wandb_without_the_record_class_names_the_expected_version(
    sweep: Sweep, monkeypatch: pytest.MonkeyPatch
) -> None:
    # simulates a future wandb that moved its protobuf classes: the real module is swapped out
    import wandb

    monkeypatch.setitem(
        sys.modules,
        "wandb.proto.wandb_internal_pb2",
        types.ModuleType("wandb.proto.wandb_internal_pb2"),
    )
    with pytest.raises(LiveDataError, match=r"wandb .*no wandb_internal_pb2.Record") as info:
        live.history(sweep.folders["sweep-lr-0.1"])
    assert f"wandb {wandb.__version__}" in str(info.value) and "0.17 to 0.31" in str(info.value)


# --- figures --------------------------------------------------------------------------------


def test_figure_overlays_one_line_per_run_per_metric(runs: list[live.RunHistory]) -> None:
    report = live.figure(runs, ["train/loss", "val/loss"], title="Sweep")
    axes = report.figure.axes
    assert [ax.get_title() for ax in axes] == ["train/loss", "val/loss"]
    for ax, metric in zip(axes, ["train/loss", "val/loss"], strict=True):
        assert [line.get_label() for line in ax.lines] == list(SWEEP)
        for line, run in zip(ax.lines, runs, strict=True):
            steps, values = zip(*run.column(metric), strict=True)
            assert list(line.get_xdata()) == list(steps)
            assert list(line.get_ydata()) == list(values)
    assert [t.get_text() for t in axes[0].get_legend().get_texts()] == list(SWEEP)
    assert report.figure._suptitle.get_text() == "Sweep"
    assert report.name == "wandb_train_loss_val_loss"
    assert "sweep-lr-0.1" in (report.alt or "") and "train/loss" in (report.alt or "")
    assert report.png().startswith(b"\x89PNG")


def test_figure_skips_a_metric_a_run_did_not_log(runs: list[live.RunHistory]) -> None:
    report = live.figure(runs, "grad/norm", name="grads")
    [ax] = report.figure.axes
    [line] = ax.lines
    assert line.get_label() == "sweep-lr-0.01"
    assert list(line.get_xdata()) == [0, 10, 20] and list(line.get_ydata()) == [0.5, 10.5, 20.5]
    assert report.name == "grads"


def test_figure_against_another_x_axis(runs: list[live.RunHistory]) -> None:
    report = live.figure(runs[0], ["train/acc"], x="_runtime")
    [line] = report.figure.axes[0].lines
    assert list(line.get_xdata()) == [r["_runtime"] for r in runs[0].rows if "train/acc" in r]
    assert report.figure.axes[0].get_xlabel() == "_runtime"


@pytest.mark.parametrize(
    ("metrics", "layout", "expected"),
    [
        (["train/loss", "val/loss", "train/acc"], None, (1, 3)),
        (["train/loss", "val/loss", "train/acc", "grad/norm"], None, (2, 3)),
        (["train/loss", "val/loss", "train/acc"], (3, 1), (3, 1)),
        (["train/loss", "val/loss", "train/acc"], (2, 2), (2, 2)),
    ],
    ids=["three-in-a-row", "four-wrap", "given-column", "given-grid-one-empty"],
)
def test_figure_layout(
    runs: list[live.RunHistory],
    metrics: list[str],
    layout: tuple[int, int] | None,
    expected: tuple[int, int],
) -> None:
    axes = live.figure(runs, metrics, layout=layout).figure.axes
    assert [ax.get_title() for ax in axes] == metrics  # empty cells of the grid are removed
    assert axes[0].get_subplotspec().get_gridspec().get_geometry() == expected


def test_figure_of_a_summary_only_value_says_it_was_not_logged(runs: list[live.RunHistory]) -> None:
    with pytest.raises(ValueError, match="no run logged 'test/acc'"):
        live.figure(runs, ["test/acc"])


def test_figure_layout_too_small(runs: list[live.RunHistory]) -> None:
    with pytest.raises(ValueError, match="no room for 3 metrics"):
        live.figure(runs, ["train/loss", "val/loss", "train/acc"], layout=(1, 2))


def test_figure_of_an_unknown_metric_lists_the_available_keys(runs: list[live.RunHistory]) -> None:
    with pytest.raises(ValueError, match=r"no run logged 'val/acc' \(available: ") as info:
        live.figure(runs, ["train/loss", "val/acc"])
    available = str(info.value).partition("(available: ")[2].removesuffix(")")
    assert sorted(available.split(", ")) == [
        "grad/norm",
        "train/acc",
        "train/loss",
        "val/loss",
    ]


def test_figure_needs_runs() -> None:
    with pytest.raises(ValueError, match="no runs given"):
        live.figure([], ["train/loss"])
    with pytest.raises(ValueError, match="no runs given"):
        live.Runs().table("train/loss")


# --- tables ---------------------------------------------------------------------------------


def test_table_of_final_values_with_config(runs: list[live.RunHistory]) -> None:
    metrics = ["val/loss", "test/acc", "grad/norm"]
    result = live.table(runs, metrics, config=["lr", "optimizer.name"])
    assert list(result.headers) == [
        "Run",
        "lr",
        "optimizer.name",
        "val/loss",
        "test/acc",
        "grad/norm",
    ]
    assert [list(row) for row in result.rows] == [
        ["sweep-lr-0.1", "0.1", "adam", format(0.8**23 + 0.125, ".4g"), "0.875", "-"],
        ["sweep-lr-0.01", "0.01", "adam", format(0.5 * 0.8**23 + 0.125, ".4g"), "0.8125", "20.5"],
    ]
    assert result.to_markdown().splitlines()[1] == "| :-- | --: | --: | --: | --: | --: |"


def test_table_of_best_values(runs: list[live.RunHistory]) -> None:
    result = live.table(runs, "train/acc", mode="max", fmt=".3f")
    assert list(result.headers) == ["Run", "train/acc (max)"]
    assert [list(row) for row in result.rows] == [
        ["sweep-lr-0.1", "0.719"],
        ["sweep-lr-0.01", "0.719"],
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"metrics": ["nope"]}, "no run logged 'nope'"),
        ({"metrics": ["val/loss"], "mode": "median"}, "unknown mode 'median': use one of 'last'"),
        ({"metrics": ["val/loss"], "sort": "train/acc"}, "unknown sort 'train/acc'"),
        ({"metrics": []}, "no metrics given"),
        ({"metrics": ["val/loss"], "limit": -2}, "limit must be a number of rows"),
    ],
    ids=["unknown-metric", "bad-mode", "sort-not-a-column", "no-metrics", "bad-limit"],
)
def test_table_errors(runs: list[live.RunHistory], kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        live.table(runs, **kwargs)


def test_table_sorted_by_a_metric(runs: list[live.RunHistory]) -> None:
    by_loss = live.Runs(runs).table("val/loss", sort="val/loss")
    assert [row[0] for row in by_loss.rows] == ["sweep-lr-0.01", "sweep-lr-0.1"]  # ascending
    by_norm = live.Runs(runs).table(["grad/norm"], sort="grad/norm", descending=True, limit=1)
    assert [list(row) for row in by_norm.rows] == [["sweep-lr-0.01", "20.5"]]
    unlogged_last = live.Runs(runs).table(["grad/norm"], sort="grad/norm")
    assert [row[0] for row in unlogged_last.rows] == ["sweep-lr-0.01", "sweep-lr-0.1"]


# --- Runs: the collection with the table()/figure() shape of the other sources ---------------


def test_local_runs_reads_every_run_of_the_folder_oldest_first(sweep: Sweep) -> None:
    found = live.local_runs(sweep.wandb_dir)
    assert isinstance(found, live.Runs)
    # by start time, then folder name (the sweep may start both runs within one second)
    folders = sorted(sweep.folders.values(), key=lambda f: (f.name.split("-")[2], f.name))
    assert found == [live.history(folder) for folder in folders]
    assert sorted(run.name for run in found) == sorted(SWEEP)


def test_local_runs_of_a_folder_without_runs(tmp_path: Path) -> None:
    with pytest.raises(LiveDataError, match="no W&B runs") as info:
        live.local_runs(tmp_path)
    assert info.value.path == str(tmp_path)
    with pytest.raises(LiveDataError, match="no such wandb folder"):
        live.local_runs(tmp_path / "missing")


def test_runs_methods_are_what_the_module_functions_give(runs: list[live.RunHistory]) -> None:
    collection = live.Runs(runs)
    table = collection.table(["val/loss", "test/acc"], config=["lr"])
    assert (
        table.to_markdown()
        == live.table(runs, ["val/loss", "test/acc"], config=["lr"]).to_markdown()
    )
    figure = collection.figure("train/loss", name="loss")
    assert (figure.name, figure.alt) == ("loss", live.figure(runs, "train/loss").alt)
    single = live.Runs.of(runs[0])
    assert single == [runs[0]] and live.Runs.of(collection) is collection


def test_summary_names_the_runs_and_what_they_logged(runs: list[live.RunHistory]) -> None:
    assert live.Runs(runs).summary == (
        "2 runs (sweep-lr-0.1, sweep-lr-0.01) logged grad/norm, train/acc, train/loss and "
        "val/loss over up to 25 steps"
    )
    assert live.Runs(runs[:1]).summary.startswith("1 run (sweep-lr-0.1) logged train/acc, ")
    assert live.Runs().summary == "no W&B runs"


def test_best_run(runs: list[live.RunHistory]) -> None:
    collection = live.Runs(runs)
    assert collection.best_run("val/loss").name == "sweep-lr-0.01"
    assert collection.best_run("val/loss", "max").name == "sweep-lr-0.1"
    assert collection.best_run("grad/norm", "max") is runs[1]  # the run that logged it
    with pytest.raises(ValueError, match="no run logged 'nope'"):
        collection.best_run("nope")
    with pytest.raises(ValueError, match="unknown mode 'best'"):
        collection.best_run("val/loss", "best")


def test_runs_hold_only_run_histories(runs: list[live.RunHistory]) -> None:
    with pytest.raises(TypeError, match="not PosixPath"):
        live.Runs([runs[0], Path("wandb")])


def test_an_id_with_dashes_is_listed_whole(sweep: Sweep, tmp_path: Path) -> None:
    # the example's runs are named by id like "sweep-lr1e-3": the hint must not cut it at a dash
    source = sweep.folders["sweep-lr-0.1"] / f"run-{sweep.ids['sweep-lr-0.1']}.wandb"
    folder = tmp_path / "offline-run-20260101_120000-sweep-lr1e-3"
    folder.mkdir()
    (folder / "run-sweep-lr1e-3.wandb").write_bytes(source.read_bytes())
    with pytest.raises(LiveDataError, match="no run 'nope'") as info:
        live.history(tmp_path, "nope")
    assert info.value.hint == "runs here: sweep-lr1e-3"
    assert live.history(tmp_path, "sweep-lr1e-3").rows == live.history(source).rows


# --- the public API for synced runs ---------------------------------------------------------


def nest(row: dict[str, Any]) -> dict[str, Any]:
    """A row as the API serves a logged ``{"train": {...}}``: nested again."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key.startswith("train/"):
            out.setdefault("train", {})[key.removeprefix("train/")] = value
        else:
            out[key] = value
    return out


class FakeRemoteRun:
    """Just the attributes api_history reads, filled from a real offline run."""

    def __init__(self, run: live.RunHistory) -> None:
        self.id, self.name, self.project = run.id, run.name, run.project
        self.config = {**run.config, "_wandb": {"runtime": 1}}
        self.summary = {**nest(run.summary), "_wandb": {"runtime": 1}}
        self._rows = [nest(row) for row in run.rows]

    def scan_history(self) -> list[dict[str, Any]]:
        return [dict(row) for row in self._rows]


class FakeApi:
    def __init__(
        self, runs: dict[str, live.RunHistory] | None = None, error: Exception | None = None
    ) -> None:
        self.runs, self.error = runs or {}, error
        self.asked: list[str] = []

    def run(self, path: str) -> FakeRemoteRun:
        self.asked.append(path)
        if self.error is not None:
            raise self.error
        return FakeRemoteRun(self.runs[path])


@pytest.fixture
def synced(runs: list[live.RunHistory]) -> tuple[str, live.RunHistory, FakeApi]:
    run = runs[1]
    path = f"dtu-mlops/demo/{run.id}"
    return path, run, FakeApi({path: run})


def snapshot_file(run: live.RunHistory) -> Path:
    return kernel.snapshot_dir() / "wandb" / f"dtu-mlops_demo_{run.id}.json"


def test_api_run_gives_the_same_history_as_the_offline_log(
    synced: tuple[str, live.RunHistory, FakeApi],
) -> None:
    path, offline_run, api = synced
    run = live.api_history(path, api=api)
    assert api.asked == [path]
    assert run == offline_run
    assert run.source == f"wandb:{path}"
    assert "_wandb" not in run.config and not any(k.startswith("_wandb") for k in run.summary)
    assert kernel.STALE_MIME not in kernel.published


def test_api_run_feeds_the_same_figure_and_table(
    synced: tuple[str, live.RunHistory, FakeApi], runs: list[live.RunHistory]
) -> None:
    path, _, api = synced
    remote = live.api_history(path, api=api)
    [ax] = live.figure([runs[0], remote], "val/loss").figure.axes
    assert [line.get_label() for line in ax.lines] == list(SWEEP)
    assert list(ax.lines[1].get_ydata()) == [v for _, v in runs[1].column("val/loss")]
    assert live.table(remote, "test/acc").rows == [["sweep-lr-0.01", "0.8125"]]


def test_a_fetch_saves_a_snapshot(synced: tuple[str, live.RunHistory, FakeApi]) -> None:
    path, run, api = synced
    live.api_history(path, api=api)
    document = json.loads(snapshot_file(run).read_text(encoding="utf-8"))
    assert document["source"] == f"wandb:{path}"
    assert document["saved_at"].endswith("+00:00")
    assert document["data"]["rows"] == [dict(row) for row in run.rows]
    assert document["data"]["summary"]["test/acc"] == 0.8125


@pytest.mark.parametrize("how", ["flag", "env"])
def test_offline_reads_the_snapshot_and_marks_it_stale(
    synced: tuple[str, live.RunHistory, FakeApi], monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    path, run, api = synced
    live.api_history(path, api=api)
    saved_at = json.loads(snapshot_file(run).read_text(encoding="utf-8"))["saved_at"]
    no_network = FakeApi(error=AssertionError("offline must not touch the API"))
    if how == "env":
        monkeypatch.setenv(kernel.OFFLINE_ENV, "1")
        again = live.api_history(path, api=no_network)
    else:
        again = live.api_history(path, api=no_network, offline=True)
    assert again == run and no_network.asked == []
    assert kernel.published[kernel.STALE_MIME] == [
        {"source": f"wandb:{path}", "saved_at": saved_at}
    ]
    assert kernel.published[kernel.INPUT_MIME][-1]["path"] == str(snapshot_file(run).resolve())


def test_offline_without_a_snapshot_says_to_build_online_once() -> None:
    with pytest.raises(LiveDataError, match="offline, and no saved copy of wandb:e/p/abc") as info:
        live.api_history("e/p/abc", api=FakeApi(), offline=True)
    assert "build once online" in (info.value.hint or "")
    assert kernel.STALE_MIME not in kernel.published


def test_an_unreadable_snapshot_is_named() -> None:
    target = kernel.snapshot_dir() / "wandb" / "e_p_abc.json"
    target.parent.mkdir(parents=True)
    target.write_text("{not json", encoding="utf-8")
    with pytest.raises(LiveDataError, match="unreadable snapshot of wandb:e/p/abc") as info:
        live.api_history("e/p/abc", offline=True)
    assert info.value.path == str(target)


def test_the_url_form_of_a_run_path_is_accepted(
    synced: tuple[str, live.RunHistory, FakeApi],
) -> None:
    path, run, api = synced
    entity, project, run_id = path.split("/")
    assert live.api_history(f"{entity}/{project}/runs/{run_id}/", api=api) == run
    assert api.asked == [path]


@pytest.mark.parametrize(
    "path",
    ["demo/abc", "a/b/c/d", "a//c", ""],
    ids=["two-parts", "four-parts", "empty-part", "empty"],
)
def test_a_malformed_run_path(path: str) -> None:
    with pytest.raises(ValueError, match="is not 'entity/project/run_id'"):
        live.api_history(path, api=FakeApi())


def wandb_error(name: str) -> Exception:
    errors = pytest.importorskip("wandb.errors")
    return getattr(errors, name)("the server said no")


@pytest.mark.parametrize(
    ("error", "hint"),
    [
        pytest.param(lambda: wandb_error("AuthenticationError"), "wandb login", id="auth"),
        pytest.param(lambda: wandb_error("UsageError"), "wandb login", id="no-api-key"),
        pytest.param(lambda: wandb_error("CommError"), "check the network", id="network"),
        pytest.param(lambda: ConnectionError("unreachable"), "check the network", id="socket"),
    ],
)
def test_fetch_errors_become_one_line_with_a_hint(error: Any, hint: str) -> None:
    with pytest.raises(LiveDataError, match=r"^cannot fetch W&B run e/p/abc: ") as info:
        live.api_history("e/p/abc", api=FakeApi(error=error()))
    assert hint in (info.value.hint or "")
    assert not (kernel.snapshot_dir() / "wandb").exists()


def test_a_failed_fetch_points_to_the_existing_snapshot(
    synced: tuple[str, live.RunHistory, FakeApi],
) -> None:
    path, _, api = synced
    live.api_history(path, api=api)
    with pytest.raises(LiveDataError, match="cannot fetch") as info:
        live.api_history(path, api=FakeApi(error=ConnectionError("down")))
    assert "--offline to use the saved snapshot" in (info.value.hint or "")


def test_the_real_api_without_a_login_asks_for_wandb_login(tmp_path: Path) -> None:
    # the real wandb.Api() in a fresh process with no API key anywhere: it fails before any request
    env = {k: v for k, v in os.environ.items() if not k.startswith("WANDB_")}
    env.update(
        HOME=str(tmp_path), NETRC=str(tmp_path / "netrc"), WANDB_CONFIG_DIR=str(tmp_path / "config")
    )
    code = (
        "from report_nb.errors import LiveDataError\n"
        "from report_nb.live import wandb as w\n"
        "try:\n    w.api_history('e/p/abc')\n"
        "except LiveDataError as e:\n    print(e)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=True,
    )
    assert out.stdout.startswith("cannot fetch W&B run e/p/abc: ")
    assert "wandb login" in out.stdout
