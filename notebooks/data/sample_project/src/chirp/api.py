"""Request handling of the prediction service, without the web framework around it."""

from __future__ import annotations

from chirp.data import clip_windows, energy_profile, normalise
from chirp.model import CentroidModel

AUDIO_TYPES = (".wav", ".flac", ".ogg", ".mp3")
MAX_SECONDS = 60.0


class InvalidUpload(ValueError):
    """The upload is not something the model can score (the API answers 422)."""


def validate(filename: str, samples: list[float], rate: int) -> None:
    """Reject files that are not audio, empty, or too long."""
    if not filename.lower().endswith(AUDIO_TYPES):
        raise InvalidUpload(f"{filename}: not an audio file")
    if not samples:
        raise InvalidUpload(f"{filename}: no audio")
    if len(samples) / rate > MAX_SECONDS:
        raise InvalidUpload(f"{filename}: longer than {MAX_SECONDS:.0f} s")


def predict(model: CentroidModel, filename: str, samples: list[float], rate: int,
            k: int = 5) -> dict:
    """Top-k species for the whole recording and for each window."""
    validate(filename, samples, rate)
    windows = [energy_profile(normalise(w)) for w in clip_windows(samples, rate, seconds=1.0)]
    per_window = [model.top_k(w, k) for w in windows]
    totals: dict[str, float] = {}
    for ranking in per_window:
        for species, p in ranking:
            totals[species] = totals.get(species, 0.0) + p / len(windows)
    overall = sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:k]
    return {"file": filename, "top": overall, "windows": per_window}
