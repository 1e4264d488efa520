import jax
import numpy as np
import pytest

from rntk.trained import RecurrentClassifier, fit_classifier, fit_replicas, predict


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


def test_replicas_train_as_if_alone():
    """Two replicas (other folds, other learning rates) in one program = each trained by itself."""
    rng = np.random.default_rng(1)
    X, y = two_frequencies(rng, 64, steps=12)
    model = RecurrentClassifier("gaussian", input_dim=1, hidden=8, layers=1, classes=2)
    train = np.stack([np.arange(64) < 48, np.arange(64) >= 16])
    lrs = [1e-2, 3e-3]
    params, best, epochs = fit_replicas(model, X, y, train, ~train, lrs, max_epochs=8, patience=2)
    for r in range(2):
        alone, best_r, epochs_r = fit_replicas(model, X, y, train[r:r + 1], ~train[r:r + 1], lrs[r:r + 1],
                                               max_epochs=8, patience=2)
        assert best[r] == best_r[0] and epochs[r] == epochs_r[0]
        for a, b in zip(jax.tree.leaves(params), jax.tree.leaves(alone)):
            np.testing.assert_allclose(a[r], b[0], rtol=1e-4, atol=1e-5)


def test_replica_shapes_must_agree():
    model = RecurrentClassifier("gru", 1, 4, 1, 2)
    X, y = np.zeros((10, 5, 1)), np.zeros(10, int)
    with pytest.raises(ValueError, match="do not agree"):
        fit_replicas(model, X, y, np.ones((2, 10), bool), np.ones((2, 10), bool), [1e-2])
    with pytest.raises(ValueError, match="validation sample"):
        fit_replicas(model, X, y, np.ones((1, 10), bool), np.zeros((1, 10), bool), [1e-2])


def test_float64_networks_and_a_bad_dtype():
    rng = np.random.default_rng(2)
    X, y = two_frequencies(rng, 24, steps=6)
    model = RecurrentClassifier("gru", 1, 4, 1, 2, dtype="float64")
    params, _, _ = fit_classifier(model, X[:16], y[:16], X[16:], y[16:], 1e-2, max_epochs=2)
    assert all(a.dtype == np.float64 for a in jax.tree.leaves(params))
    with pytest.raises(ValueError, match="float16"):
        RecurrentClassifier("gru", 1, 4, 1, 2, dtype="float16")
