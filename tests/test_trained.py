import jax
import numpy as np
import pytest

from rntk.trained import RecurrentClassifier, fit_classifier, fit_replicas, predict, state_gradient_norms


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
    fit = fit_classifier(model, X[:96], y[:96], X[96:128], y[96:128], learning_rate=1e-2, max_epochs=60, patience=10)
    assert fit.history["val_accuracy"][fit.best_epoch] >= 0.8 and fit.epochs <= 60
    assert fit.history["train_accuracy"][fit.best_epoch] >= 0.8
    assert np.mean(predict(model, fit.params, X[128:]) == y[128:]) >= 0.75


def test_unknown_kind_is_named():
    with pytest.raises(ValueError, match="lstm"):
        RecurrentClassifier("lstm", 1, 4, 1, 2)


def test_replicas_train_as_if_alone():
    """Replicas (other folds, other learning rates) in one program = each trained by itself, also
    after the ones that stopped early are dropped from the program."""
    rng = np.random.default_rng(1)
    X, y = two_frequencies(rng, 64, steps=12)
    model = RecurrentClassifier("gaussian", input_dim=1, hidden=8, layers=1, classes=2, dtype="float64")
    train = np.stack([np.arange(64) < 48, np.arange(64) >= 16] * 2)
    lrs = [1e-2, 3.0, 1.0, 1e-3]
    both = fit_replicas(model, X, y, train, ~train, lrs, max_epochs=12, patience=2)
    assert sorted(both.epochs)[1] < both.epochs.max()  # two stopped before the others: the program shrank
    for r in range(4):
        alone = fit_replicas(model, X, y, train[r:r + 1], ~train[r:r + 1], lrs[r:r + 1], max_epochs=12, patience=2)
        assert both.best_epoch[r] == alone.best_epoch[0] and both.epochs[r] == alone.epochs[0]
        for k in both.history:
            np.testing.assert_allclose(both.history[k][:alone.epochs[0] + 1, r], alone.history[k][:, 0], rtol=1e-9)
        for a, b in zip(jax.tree.leaves(both.params), jax.tree.leaves(alone.params)):
            np.testing.assert_allclose(a[r], b[0], rtol=1e-9, atol=1e-12)


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
    fit = fit_classifier(model, X[:16], y[:16], X[16:], y[16:], 1e-2, max_epochs=2)
    assert all(a.dtype == np.float64 for a in jax.tree.leaves(fit.params))
    with pytest.raises(ValueError, match="float16"):
        RecurrentClassifier("gru", 1, 4, 1, 2, dtype="float16")


def test_history_and_the_best_epoch_follow_the_monitored_signal():
    """Row 0 is the untrained network; the kept epoch is the lowest validation loss (or the first
    highest validation accuracy); rows after a replica stops are NaN; patience ends the run."""
    rng = np.random.default_rng(3)
    X, y = two_frequencies(rng, 48, steps=10)
    model = RecurrentClassifier("gaussian", 1, 8, 1, 2, dtype="float64")
    train = np.stack([np.arange(48) < 32] * 2)
    for monitor in ("loss", "accuracy"):
        fit = fit_replicas(model, X, y, train, ~train, [1e-2, 1e-1], max_epochs=30, patience=3, monitor=monitor)
        for r in range(2):
            h = fit.replica(r).history
            assert len(h["val_loss"]) == fit.epochs[r] + 1 and not np.isnan(h["val_loss"]).any()
            signal = h["val_loss"][1:] if monitor == "loss" else -h["val_accuracy"][1:]
            assert fit.best_epoch[r] == 1 + np.nanargmin(np.where(np.isnan(signal), np.inf, signal))
            assert fit.epochs[r] == 30 or fit.epochs[r] - fit.best_epoch[r] == 3
            assert np.isnan(fit.history["val_loss"][fit.epochs[r] + 1:, r]).all()
        np.testing.assert_allclose(fit.at_best("train_loss")[0], fit.replica(0).history["train_loss"][fit.best_epoch[0]])
    with pytest.raises(ValueError, match="monitor"):
        fit_replicas(model, X, y, train, ~train, [1e-2, 1e-1], monitor="auc")


def test_state_gradient_norms_match_finite_differences_and_the_gate_bias():
    """dL/dh_t from the perturbation equals a finite difference of the loss; the GRU's update-gate
    bias (negative: the state is kept) carries the gradient further back, and only the GRU has one."""
    import optax

    rng = np.random.default_rng(4)
    X, y = two_frequencies(rng, 1, steps=40)
    model = RecurrentClassifier("gru", 1, 6, 1, 2, dtype="float64")
    params = model.init(jax.random.PRNGKey(0))
    norms = state_gradient_norms(model, params, X, y)
    assert norms.shape == (40,)

    def loss(delta):
        return float(optax.softmax_cross_entropy_with_integer_labels(model.logits(params, X[0], delta), y[0]))

    t, eps, zero = 30, 1e-6, np.zeros((40, 6))
    grad_t = []
    for i in range(6):
        d = zero.copy()
        d[t, i] = eps
        grad_t.append((loss(d) - loss(-d)) / (2 * eps))
    np.testing.assert_allclose(norms[t], np.linalg.norm(grad_t), rtol=1e-6)
    remembering = RecurrentClassifier("gru", 1, 6, 1, 2, dtype="float64", update_gate_bias=-2.0)
    far = state_gradient_norms(remembering, remembering.init(jax.random.PRNGKey(0)), X, y)
    assert far[0] / far[-1] > 100 * norms[0] / norms[-1]
    with pytest.raises(ValueError, match="no gates"):
        RecurrentClassifier("identity", 1, 6, 1, 2, update_gate_bias=-2.0)


def test_training_resumed_from_a_checkpoint_ends_as_if_never_stopped(tmp_path, monkeypatch):
    """Stopped mid-training (after a checkpoint at every epoch), then called again: the same epochs,
    histories and parameters as one uninterrupted call, and no checkpoint left behind."""
    import rntk.trained as trained

    rng = np.random.default_rng(4)
    X, y = two_frequencies(rng, 48, steps=10)
    model = RecurrentClassifier("gru", input_dim=1, hidden=6, layers=2, classes=2, dtype="float64")
    train = np.stack([np.arange(48) < 36, np.arange(48) >= 12])
    args = (model, X, y, train, ~train, [1e-2, 3e-1])
    whole = fit_replicas(*args, max_epochs=12, patience=3, batch_size=8)

    programs, calls = trained._programs, {"n": 0}

    def stopping(m):
        update, evaluate = programs(m)

        def interrupted(*a):
            calls["n"] += 1
            if calls["n"] > 20:  # mid-epoch, in the fourth epoch
                raise KeyboardInterrupt
            return update(*a)

        return interrupted, evaluate

    checkpoint = tmp_path / "fit.pkl"
    monkeypatch.setattr(trained, "_programs", stopping)
    with pytest.raises(KeyboardInterrupt):
        fit_replicas(*args, max_epochs=12, patience=3, batch_size=8, checkpoint=checkpoint, checkpoint_seconds=0)
    assert checkpoint.exists()
    monkeypatch.setattr(trained, "_programs", programs)
    other = fit_replicas(*args, max_epochs=11, patience=3, batch_size=8, checkpoint=checkpoint, checkpoint_seconds=0)
    assert not checkpoint.exists()  # other arguments: the checkpoint was not theirs, and training ended
    assert other.history["val_loss"].shape[0] <= 12

    with pytest.raises(KeyboardInterrupt):
        monkeypatch.setattr(trained, "_programs", stopping)
        calls["n"] = 0
        fit_replicas(*args, max_epochs=12, patience=3, batch_size=8, checkpoint=checkpoint, checkpoint_seconds=0)
    monkeypatch.setattr(trained, "_programs", programs)
    resumed = fit_replicas(*args, max_epochs=12, patience=3, batch_size=8, checkpoint=checkpoint, checkpoint_seconds=0)
    assert not checkpoint.exists()
    np.testing.assert_array_equal(resumed.epochs, whole.epochs)
    np.testing.assert_array_equal(resumed.best_epoch, whole.best_epoch)
    for k in whole.history:
        np.testing.assert_array_equal(resumed.history[k], whole.history[k])
    for a, b in zip(jax.tree.leaves(resumed.params), jax.tree.leaves(whole.params)):
        np.testing.assert_array_equal(a, b)
    assert resumed.seconds > 0


def test_a_checkpoint_cut_short_is_set_aside_with_its_path_and_training_starts_afresh(tmp_path):
    rng = np.random.default_rng(4)
    X, y = two_frequencies(rng, 24, steps=6)
    model = RecurrentClassifier("gru", input_dim=1, hidden=4, layers=1, classes=2, dtype="float64")
    train = np.stack([np.arange(24) < 18])
    args = (model, X, y, train, ~train, [1e-2])
    whole = fit_replicas(*args, max_epochs=4, patience=2, batch_size=8)
    checkpoint = tmp_path / "fit.pkl"
    checkpoint.write_bytes(b"\x80\x04\x95 cut short")  # the start of a pickle, and no more
    with pytest.warns(UserWarning, match=r"checkpoint .*fit\.pkl cannot be read .*moved to fit\.pkl\.rejected"):
        fresh = fit_replicas(*args, max_epochs=4, patience=2, batch_size=8, checkpoint=checkpoint)
    np.testing.assert_array_equal(fresh.history["val_loss"], whole.history["val_loss"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fit.pkl.rejected"]
