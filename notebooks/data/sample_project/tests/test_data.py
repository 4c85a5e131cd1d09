import pytest

from chirp.data import clip_windows, encode_labels, energy_profile, frames, normalise


@pytest.mark.parametrize("length, expected", [(10, 1), (20, 1), (21, 2), (60, 3)])
def test_clip_windows_count(length, expected):
    assert len(clip_windows([1.0] * length, rate=4, seconds=5)) == expected


def test_short_recording_is_zero_padded():
    (window,) = clip_windows([1.0, 2.0], rate=2, seconds=2)
    assert window == [1.0, 2.0, 0.0, 0.0]


def test_empty_recording_has_no_windows():
    assert clip_windows([], rate=8) == []


def test_bad_rate_is_refused():
    with pytest.raises(ValueError):
        clip_windows([1.0], rate=0)


@pytest.mark.parametrize("window", [[0.5, -2.0, 1.0], [3.0], [-0.1, 0.1]])
def test_normalise_peak_is_one(window):
    assert max(abs(x) for x in normalise(window)) == pytest.approx(1.0)


def test_silence_stays_silent():
    assert normalise([0.0, 0.0]) == [0.0, 0.0]


def test_labels_are_sorted_and_unique():
    assert encode_labels(["wren", "robin", "wren"]) == {"robin": 0, "wren": 1}


def test_energy_profile_shape():
    assert len(energy_profile([1.0] * 10, size=4, hop=2)) == 4


def test_frames_refuse_zero_hop():
    with pytest.raises(ValueError):
        frames([1.0], size=1, hop=0)
