"""The UCI experiment's models one by one: kernel ridge regression as the library's converged predictor gives
it, and each tied setting alone, whose vote must give back the C-SVM run's accuracy."""

import numpy as np
import pytest

from reproduction.experiments import uci, uci_models
from rntk.predict import gradient_descent_mse


def test_ridge_regression_is_the_converged_predictor_of_the_library():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 6))
    G = np.exp(-0.5 * ((X[:, None] - X[None]) ** 2).sum(-1))
    y = rng.integers(0, 3, 40)
    train, test = np.arange(30), np.arange(30, 40)
    targets = (y[train, None] == np.arange(3)) - 1 / 3
    for ridge, predicted in zip((1e-3, 1.0), uci_models.ridge_predictions(G, y, train, test, (1e-3, 1.0))):
        outputs = gradient_descent_mse(G[np.ix_(train, train)], targets, diag_reg=ridge)(
            None, fx_train_0=None, fx_test_0=0.0, k_test_train=G[np.ix_(test, train)])
        np.testing.assert_array_equal(predicted, np.argmax(outputs, axis=1))


def test_a_small_data_set_gives_back_its_vote_and_refuses_another_run():
    svm_run = uci.run_dataset("balloons", uci.QUICK_GRID)
    result = uci_models.run_dataset("balloons", svm_run, uci.QUICK_GRID, ridges=(1e-3, 1.0))
    for method, tied in result["tied"].items():
        assert len(tied["alone"]) == len(svm_run["methods"][method]["chosen"])
        assert tied["voted"] == svm_run["methods"][method]["accuracy"]
    assert set(result["ridge"]) == {f"{m}[{k}]" for m in uci_models.RIDGE_METHODS for k in ("ck", "ntk")}
    assert all({c["ridge"] for c in r["chosen"]} <= {1e-3, 1.0} for r in result["ridge"].values())
    spreads = uci_models.spread_table({"balloons": result})
    assert (spreads.best >= spreads.worst).all() and len(spreads) == len(uci.METHODS)
    table = uci_models.ridge_table({"balloons": result}, {"balloons": svm_run})
    assert list(table.method) == list(uci_models.RIDGE_METHODS)
    altered = {**svm_run, "methods": {**svm_run["methods"], "RBF": {**svm_run["methods"]["RBF"], "accuracy": 1.0}}}
    # (a vote more than one prediction per fold away)
    with pytest.raises(ValueError, match="RBF's tied settings vote"):
        uci_models.run_dataset("balloons", altered, uci.QUICK_GRID, ridges=(1e-3,))
