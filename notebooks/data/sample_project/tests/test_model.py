import pytest

from chirp.model import CentroidModel

FEATURES = [[0.0, 0.0], [0.2, 0.0], [5.0, 5.0], [5.2, 4.8]]
LABELS = ["robin", "robin", "wren", "wren"]


@pytest.fixture
def model():
    return CentroidModel().fit(FEATURES, LABELS)


def test_centroids_are_means(model):
    assert model.centroids["robin"] == pytest.approx([0.1, 0.0])


@pytest.mark.parametrize("vector, species", [([0.0, 0.1], "robin"), ([4.0, 4.0], "wren"),
                                             ([1.0, 1.0], "robin")])
def test_predicts_nearest(model, vector, species):
    assert model.top_k(vector, k=1)[0][0] == species


def test_scores_sum_to_one(model):
    assert sum(model.scores([1.0, 2.0]).values()) == pytest.approx(1.0)


def test_top_k_is_sorted(model):
    ranking = model.top_k([0.0, 0.0])
    assert [p for _, p in ranking] == sorted((p for _, p in ranking), reverse=True)


@pytest.mark.parametrize("k", [1, 2, 5])
def test_top_k_length(model, k):
    assert len(model.top_k([0.0, 0.0], k=k)) == min(k, 2)


def test_unfitted_model_refuses(tmp_path):
    with pytest.raises(RuntimeError):
        CentroidModel().scores([0.0])


def test_length_mismatch_refused():
    with pytest.raises(ValueError):
        CentroidModel().fit(FEATURES, LABELS[:2])


def test_save_and_load(model, tmp_path):
    model.save(tmp_path / "model.json")
    assert CentroidModel.load(tmp_path / "model.json").centroids == model.centroids
