import numpy as np
import pytest

from reproduction.experiments.dynamics import ensembles_against_prediction, loss_curves, window_task


@pytest.mark.parametrize("series, split", [("sinusoid", 20), ("stock", 700)])
def test_window_task_trains_on_the_first_part_only(series, split):
    X, y, Z, y_test, end, chosen = window_task(series, steps=5, train=6, points=40)
    assert X.shape == (6, 5) and Z.shape[1] == 5 and len(Z) >= 35 and len(set(chosen)) == 6
    assert np.all(end[chosen] < split) and end.max() > split
    np.testing.assert_array_equal(Z[chosen], X)
    np.testing.assert_array_equal(y_test[chosen], y)
    with pytest.raises(ValueError, match="unknown series"):
        window_task("noise")


def test_loss_curves_start_at_half_the_squared_targets_and_fall():
    curves = loss_curves(dict(sigma_w=1.2, sigma_b=0.1), [4], [1.0], [0.0, 0.1, 1.0, 100.0])
    y = window_task(steps=4)[1]
    losses = curves["rows"][0]["losses"]
    np.testing.assert_allclose(losses[0], 0.5 * np.sum(y ** 2), rtol=1e-12)
    assert all(a > b for a, b in zip(losses, losses[1:]))


def test_ensembles_start_on_their_linearised_prediction():
    r = ensembles_against_prediction(dict(sigma_w=1.2), [8], members=2, gd_steps=3, recorded=[0, 3],
                                     task=dict(steps=3, train=4, points=16))
    assert r["widths"]["8"]["linearisation_error"][0] == 0.0 < r["widths"]["8"]["linearisation_error"][1]
    assert np.array(r["predicted_mean"]).shape == (2, 13) and np.all(np.array(r["predicted_mean"])[0] == 0)
    assert len(r["train_end"]) == 4
