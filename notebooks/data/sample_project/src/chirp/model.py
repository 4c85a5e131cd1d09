"""A nearest-centroid classifier over energy profiles (the real project fine-tunes a CNN)."""

from __future__ import annotations

import json
import math
from pathlib import Path


class CentroidModel:
    """One mean feature vector per species; predicts the closest."""

    def __init__(self, centroids: dict[str, list[float]] | None = None) -> None:
        self.centroids = centroids or {}

    def fit(self, features: list[list[float]], labels: list[str]) -> CentroidModel:
        """Average the features of each label."""
        if len(features) != len(labels):
            raise ValueError("features and labels differ in length")
        sums: dict[str, list[float]] = {}
        counts: dict[str, int] = {}
        for vector, label in zip(features, labels, strict=True):
            total = sums.setdefault(label, [0.0] * len(vector))
            sums[label] = [a + b for a, b in zip(total, vector, strict=True)]
            counts[label] = counts.get(label, 0) + 1
        self.centroids = {k: [v / counts[k] for v in vs] for k, vs in sums.items()}
        return self

    def scores(self, vector: list[float]) -> dict[str, float]:
        """Softmax over negative distances: a probability per species."""
        if not self.centroids:
            raise RuntimeError("the model is not fitted")
        logits = {k: -math.dist(vector, c) for k, c in self.centroids.items()}
        top = max(logits.values())
        weights = {k: math.exp(v - top) for k, v in logits.items()}
        total = sum(weights.values())
        return {k: w / total for k, w in weights.items()}

    def top_k(self, vector: list[float], k: int = 5) -> list[tuple[str, float]]:
        """The ``k`` most likely species, best first."""
        ranked = sorted(self.scores(vector).items(), key=lambda item: (-item[1], item[0]))
        return ranked[:k]

    def save(self, path: Path) -> None:
        """Write the centroids as JSON."""
        path.write_text(json.dumps(self.centroids), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> CentroidModel:
        """Read a model written by :meth:`save`."""
        return cls(json.loads(path.read_text(encoding="utf-8")))
