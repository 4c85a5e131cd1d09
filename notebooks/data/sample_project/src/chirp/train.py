"""Training entry point. It runs on the GPU machine and is not unit tested (coverage shows it)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from chirp.config import compose
from chirp.data import clip_windows, encode_labels, energy_profile, normalise
from chirp.model import CentroidModel


def load_recordings(folder: Path) -> list[tuple[str, list[float]]]:
    """``species/clip.txt`` files holding one sample per line."""
    recordings = []
    for path in sorted(folder.glob("*/*.txt")):
        samples = [float(line) for line in path.read_text(encoding="utf-8").split()]
        recordings.append((path.parent.name, samples))
    return recordings


def main(argv: list[str]) -> int:
    """Fit the model on a folder of recordings and save it."""
    config = compose(argv[1:])
    random.seed(config["trainer"]["seed"])
    recordings = load_recordings(Path(argv[0]))
    if not recordings:
        print("no recordings found", file=sys.stderr)
        return 1
    labels = encode_labels([species for species, _ in recordings])
    features, targets = [], []
    for species, samples in recordings:
        for window in clip_windows(samples, rate=8, seconds=config["model"]["window_seconds"]):
            features.append(energy_profile(normalise(window)))
            targets.append(species)
    model = CentroidModel().fit(features, targets)
    model.save(Path("model.json"))
    print(f"trained on {len(features)} windows of {len(labels)} species")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
