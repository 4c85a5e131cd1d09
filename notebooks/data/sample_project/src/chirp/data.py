"""Recordings to training examples: fixed-length windows and integer labels."""

from __future__ import annotations


def clip_windows(samples: list[float], rate: int, seconds: float = 5.0) -> list[list[float]]:
    """Cut a recording into windows of ``seconds``; the last one is zero-padded."""
    if rate <= 0:
        raise ValueError("sample rate must be positive")
    size = int(rate * seconds)
    if not samples:
        return []
    windows = [samples[i : i + size] for i in range(0, len(samples), size)]
    windows[-1] = windows[-1] + [0.0] * (size - len(windows[-1]))
    return windows


def normalise(window: list[float]) -> list[float]:
    """Scale a window to a peak amplitude of 1 (silence stays silent)."""
    peak = max((abs(x) for x in window), default=0.0)
    return list(window) if peak == 0 else [x / peak for x in window]


def encode_labels(species: list[str]) -> dict[str, int]:
    """A stable species -> index mapping (sorted, so every run agrees)."""
    return {name: index for index, name in enumerate(sorted(set(species)))}


def frames(window: list[float], size: int, hop: int) -> list[list[float]]:
    """Overlapping frames of ``size`` samples, ``hop`` apart."""
    if size <= 0 or hop <= 0:
        raise ValueError("frame size and hop must be positive")
    return [window[i : i + size] for i in range(0, len(window) - size + 1, hop)]


def energy_profile(window: list[float], size: int = 4, hop: int = 2) -> list[float]:
    """Mean energy per frame: the toy version of a spectrogram column."""
    return [sum(x * x for x in frame) / size for frame in frames(window, size, hop)]
