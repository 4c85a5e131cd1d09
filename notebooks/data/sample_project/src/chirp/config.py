"""Experiment settings: defaults plus ``key.sub=value`` overrides, as Hydra composes them."""

from __future__ import annotations

import copy
import json

DEFAULTS = {
    "model": {"name": "centroid", "window_seconds": 5.0},
    "optimizer": {"lr": 3e-4, "weight_decay": 0.01},
    "trainer": {"max_epochs": 20, "seed": 99},
}


def compose(overrides: list[str] | None = None) -> dict:
    """The defaults with each ``a.b=value`` override applied (values parsed as JSON if possible)."""
    config = copy.deepcopy(DEFAULTS)
    for override in overrides or []:
        key, sep, text = override.partition("=")
        if not sep:
            raise ValueError(f"override {override!r} has no '='")
        *parents, last = key.split(".")
        node = config
        for part in parents:
            if part not in node:
                raise KeyError(f"unknown config group {part!r}")
            node = node[part]
        try:
            node[last] = json.loads(text)
        except json.JSONDecodeError:
            node[last] = text
    return config
