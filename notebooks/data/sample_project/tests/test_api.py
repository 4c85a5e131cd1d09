import pytest

from chirp.api import InvalidUpload, predict, validate
from chirp.model import CentroidModel

RATE = 8


@pytest.fixture
def model():
    quiet, loud = [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]
    return CentroidModel().fit([quiet, loud], ["owl", "crow"])


@pytest.mark.parametrize("name", ["clip.wav", "CLIP.FLAC", "x.ogg"])
def test_audio_files_are_accepted(name):
    validate(name, [0.1] * RATE, RATE)


@pytest.mark.parametrize("name", ["notes.txt", "image.png"])
def test_other_files_are_rejected(name):
    with pytest.raises(InvalidUpload, match="not an audio file"):
        validate(name, [0.1] * RATE, RATE)


def test_empty_upload_is_rejected():
    with pytest.raises(InvalidUpload, match="no audio"):
        validate("clip.wav", [], RATE)


def test_too_long_upload_is_rejected():
    with pytest.raises(InvalidUpload, match="longer than"):
        validate("clip.wav", [0.1] * (RATE * 61), RATE)


def test_prediction_has_one_ranking_per_window(model):
    response = predict(model, "clip.wav", [0.5] * (RATE * 3), RATE, k=2)
    assert len(response["windows"]) == 3
    assert response["top"][0][0] in ("owl", "crow")


def test_probabilities_of_the_recording_sum_to_one(model):
    response = predict(model, "clip.wav", [0.5] * RATE, RATE, k=2)
    assert sum(p for _, p in response["top"]) == pytest.approx(1.0)
