"""The ``.wandb`` record log of a W&B run, read with the protobuf classes wandb ships.

wandb 0.31 has no public reader for ``.wandb`` files (its reader moved into the Go ``wandb-core``),
so this module reads the log itself. Format assumption (wandb 0.17 to 0.31): a 7-byte header
(``:W&B``, uint16 magic 0xBEE1, uint8 version 0), then leveldb log blocks of 32 KiB holding chunks
``crc32 | uint16 length | uint8 type (FULL, FIRST, MIDDLE, LAST)``, the crc being zlib's CRC-32 of
the type byte and data; each whole record is a ``wandb.proto.wandb_internal_pb2.Record``. The
``run`` (id, project, display name, config), ``config``, ``history`` and ``summary`` records are
applied to a :class:`~report_nb.live.wandb.history.RunHistory` (:func:`read_log`); their items
carry a ``key`` or a ``nested_key`` path (a logged ``{"train": {"loss": x}}`` is
``["train", "loss"]``) and a JSON-encoded ``value_json``. Paths and nested dicts are flattened
to ``"train/loss"``; dicts with a ``_type`` (media) stay whole; summary updates apply in order;
``_wandb`` internals are dropped.
"""

from __future__ import annotations

import importlib
import json
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from report_nb import kernel
from report_nb.errors import LiveDataError
from report_nb.live.extras import require
from report_nb.live.wandb.history import RunHistory, flatten

__all__ = ["SUPPORTED", "read_log", "records"]

SUPPORTED = "0.17 to 0.31"
_HEADER = struct.Struct("<4sHB")
_CHUNK = struct.Struct("<IHB")
_BLOCK = 32768
_FULL, _FIRST, _MIDDLE, _LAST = 1, 2, 3, 4


def read_log(path: Path) -> RunHistory:
    """The run a ``.wandb`` file holds; the file is recorded as an input of the build."""
    result = RunHistory(id="", name="", project="", source=str(path))
    try:
        for record in records(path):
            apply_record(result, record)
    except (AttributeError, ValueError) as error:  # a record layout this module does not know
        raise version_error(f"{type(error).__name__}: {error}") from None
    except LiveDataError as error:
        error.path = error.path or str(path)
        raise
    result.name = result.name or result.id
    kernel.record_input(path)
    return result


def version_error(detail: str) -> LiveDataError:
    """The error for a ``.wandb`` layout this module does not know, naming the wandb version."""
    version = getattr(require("wandb", "wandb"), "__version__", "unknown")
    return LiveDataError(
        f"cannot read .wandb files with wandb {version} ({detail}); report-nb expects the "
        f"record format of wandb {SUPPORTED}",
        hint="pip install 'wandb>=0.17,<0.32', or sync the run and use api_history()",
    )


def records(path: Path) -> Iterator[Any]:
    """The protobuf ``Record`` objects of a ``.wandb`` file, in order."""
    try:
        proto = importlib.import_module("wandb.proto.wandb_internal_pb2")
        record_class = proto.Record
    except ImportError:
        require("wandb", "wandb")  # not installed at all: the pip install advice
        raise version_error("no wandb.proto.wandb_internal_pb2") from None
    except AttributeError:
        raise version_error("no wandb_internal_pb2.Record") from None
    decode_error = require("google.protobuf.message", "wandb").DecodeError
    data = path.read_bytes()
    if len(data) < _HEADER.size or _HEADER.unpack_from(data)[:2] != (b":W&B", 0xBEE1):
        raise LiveDataError(
            "not a W&B run log (no ':W&B' header)",
            path=path,
            hint="pass the run-<id>.wandb file or its offline-run-* folder",
        )
    if _HEADER.unpack_from(data)[2] != 0:
        raise version_error(f"log format version {_HEADER.unpack_from(data)[2]}")
    for offset, body in _chunks(data, path):
        record = record_class()
        try:
            record.ParseFromString(body)
        except decode_error:
            raise LiveDataError(f"corrupt record at byte {offset}", path=path) from None
        yield record


def _chunks(data: bytes, path: Path) -> Iterator[tuple[int, bytes]]:
    pos, start = _HEADER.size, 0
    parts: list[bytes] = []
    while pos + _CHUNK.size <= len(data):
        room = _BLOCK - pos % _BLOCK
        crc, length, kind = _CHUNK.unpack_from(data, pos) if room >= _CHUNK.size else (0, 0, 0)
        if kind == 0 and length == 0:  # a block's zero trailer: the next chunk starts a block
            pos += room
            continue
        body = data[pos + _CHUNK.size : pos + _CHUNK.size + length]
        if len(body) < length <= room - _CHUNK.size:  # cut off: the run was killed mid-write
            return
        continues = kind in (_MIDDLE, _LAST)
        if (
            kind not in (_FULL, _FIRST, _MIDDLE, _LAST)
            or length > room - _CHUNK.size
            or (continues and not parts)
            or zlib.crc32(body, zlib.crc32(bytes([kind]))) != crc
        ):
            raise LiveDataError(
                f"corrupt .wandb file: bad chunk at byte {pos}",
                path=path,
                hint="the run log was damaged; re-run or sync it and use api_history()",
            )
        start, parts = (start, [*parts, body]) if continues else (pos, [body])
        pos += _CHUNK.size + length
        if kind in (_FULL, _LAST):
            yield start, b"".join(parts)
            parts = []


def apply_record(run: RunHistory, record: Any) -> None:
    """Apply a ``run``, ``config``, ``history`` or ``summary`` record to ``run``."""
    kind = record.WhichOneof("record_type")
    if kind == "run":
        run.id, run.project = record.run.run_id or run.id, record.run.project or run.project
        run.name = record.run.display_name or run.name
        _apply_config(run.config, record.run.config)
    elif kind == "config":
        _apply_config(run.config, record.config)
    elif kind == "history":
        row = flatten((_item_key(i), _json(i.value_json)) for i in record.history.item)
        row["_step"] = int(row.get("_step", len(run.rows)))
        run.rows.append(row)
    elif kind == "summary":
        for item in record.summary.remove:
            key = _item_key(item)
            for name in [k for k in run.summary if k == key or k.startswith(key + "/")]:
                del run.summary[name]
        run.summary.update(
            flatten((_item_key(i), _json(i.value_json)) for i in record.summary.update)
        )


def _apply_config(config: dict[str, Any], record: Any) -> None:
    for item in record.remove:
        config.pop(_item_key(item), None)
    for item in record.update:
        *parents, last = list(item.nested_key) or [item.key]
        target = config
        for part in parents:  # config stays nested, as the public API returns it
            target = target.setdefault(part, {})
        target[last] = _json(item.value_json)
    config.pop("_wandb", None)


def _item_key(item: Any) -> str:
    return "/".join(item.nested_key) if len(item.nested_key) else item.key


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise LiveDataError(f"value is not JSON: {text[:40]!r}") from None
