import pytest

from chirp.config import DEFAULTS, compose


def test_defaults_compose_unchanged():
    assert compose() == DEFAULTS


def test_override_is_parsed_as_json():
    assert compose(["optimizer.lr=0.001"])["optimizer"]["lr"] == 0.001


def test_unknown_group_is_refused():
    with pytest.raises(KeyError):
        compose(["scheduler.name=cosine"])


def test_override_without_equals_is_refused():
    with pytest.raises(ValueError):
        compose(["trainer.max_epochs"])
