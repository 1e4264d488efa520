import numpy as np
import pytest

from rntk.trained import RecurrentClassifier, fit_classifier, predict


def two_frequencies(rng, n, steps=20):
    t = np.arange(steps)
    y = rng.integers(0, 2, n)
    X = np.sin(np.where(y[:, None] == 0, 0.3, 1.2) * t + rng.uniform(0, 6, (n, 1)))
    return (X + 0.1 * rng.standard_normal(X.shape))[:, :, None], y


@pytest.mark.parametrize("kind", ["gaussian", "identity", "gru"])
def test_each_recurrent_classifier_learns_two_frequencies(kind):
    rng = np.random.default_rng(0)
    X, y = two_frequencies(rng, 160)
    model = RecurrentClassifier(kind, input_dim=1, hidden=16, layers=1, classes=2)
    params, best, epochs = fit_classifier(model, X[:96], y[:96], X[96:128], y[96:128], learning_rate=1e-2,
                                          max_epochs=60, patience=10)
    assert best >= 0.8 and epochs <= 60
    assert np.mean(predict(model, params, X[128:]) == y[128:]) >= 0.75


def test_unknown_kind_is_named():
    with pytest.raises(ValueError, match="lstm"):
        RecurrentClassifier("lstm", 1, 4, 1, 2)
