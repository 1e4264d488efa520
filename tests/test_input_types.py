"""Input that is not real numbers is refused with a TypeError naming its dtype, everywhere."""

import numpy as np
import pytest

from rntk import RecurrentKernel
from rntk.aeon_estimators import RNTKAeonClassifier, RNTKAeonRegressor
from rntk.estimators import RNTKClassifier, RNTKRegressor
from rntk.sequences import Sequences

BAD = {
    "complex": (np.ones((4, 6)) + 1j, "complex dtype complex128"),
    "boolean": (np.ones((4, 6), dtype=bool), "boolean dtype bool"),
    "string": (np.full((4, 6), "1.0"), "string dtype <U3"),
    "object": (np.ones((4, 6)).astype(object), "object dtype object"),
}
RAGGED = {
    "complex": ([np.ones(5) + 1j, np.ones(3) + 0j], "complex"),
    "boolean": ([np.ones(5, bool), np.ones(3, bool)], "boolean"),
    "string": ([np.full(5, "a"), np.full(3, "b")], "string"),
}
y = np.array([0, 1, 0, 1])
TARGETS = {RNTKAeonClassifier: y, RNTKAeonRegressor: np.array([0.1, 1.2, -0.3, 0.5])}


@pytest.mark.parametrize("kind", list(BAD))
def test_kernel_refuses(kind):
    X, message = BAD[kind]
    with pytest.raises(TypeError, match=message):
        RecurrentKernel()(X)
    with pytest.raises(TypeError, match=message):
        RecurrentKernel()(np.ones((2, 6)), X)
    with pytest.raises(TypeError, match=RAGGED.get(kind, (None, message))[1]):
        RecurrentKernel()(RAGGED.get(kind, (list(X), None))[0])


@pytest.mark.parametrize("kind", list(BAD))
@pytest.mark.parametrize("estimator", [RNTKClassifier, RNTKRegressor])
def test_estimators_refuse(kind, estimator):
    X, message = BAD[kind]
    with pytest.raises(TypeError, match=message):
        estimator().fit(X, y)
    fitted = estimator().fit(np.random.default_rng(0).standard_normal((4, 6)), y)
    with pytest.raises(TypeError, match=message):
        fitted.predict(X)
    if kind in RAGGED:
        with pytest.raises(TypeError, match=RAGGED[kind][1]):
            estimator().fit(RAGGED[kind][0] * 2, y)


@pytest.mark.parametrize("kind", list(BAD))
@pytest.mark.parametrize("estimator", [RNTKAeonClassifier, RNTKAeonRegressor])
def test_aeon_wrappers_refuse(kind, estimator):
    """aeon's fit and predict check the input first (an estimator may not override them), with aeon's own
    message; what passes them reaches the kernel's check."""
    X, message = BAD[kind]
    refused = f"{message}|must contain numeric values only"
    with pytest.raises(TypeError, match=refused):
        estimator().fit(X[:, None, :], TARGETS[estimator])
    fitted = estimator().fit(np.random.default_rng(0).standard_normal((4, 1, 6)), TARGETS[estimator])
    with pytest.raises(TypeError, match=refused):
        fitted.predict(X[:, None, :])
    if kind in RAGGED:
        with pytest.raises(TypeError, match=f"{RAGGED[kind][1]}|must contain numeric values only"):
            estimator().fit([x[None, :] for x in RAGGED[kind][0] * 2], TARGETS[estimator])


@pytest.mark.parametrize("estimator", [RNTKAeonClassifier, RNTKAeonRegressor])
def test_aeon_estimators_pass_aeons_own_checks(estimator):
    import warnings

    from aeon.testing.estimator_checking import check_estimator

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = check_estimator(estimator, raise_exceptions=False)
    assert len(results) >= 20 and {k: v for k, v in results.items() if v != "PASSED"} == {}


def test_sequences_built_by_hand_are_validated():
    values = np.full((2, 3, 1), np.nan)
    with pytest.raises(ValueError, match=r"X\[0\] contains NaN or inf"):
        RecurrentKernel()(Sequences(values, np.array([3, 3])))
    with pytest.raises(ValueError, match="lengths must lie in 1..3"):
        RecurrentKernel()(Sequences(np.ones((2, 3, 1)), np.array([3, 4])))
    with pytest.raises(ValueError, match=r"values must be \(N, T, m\)"):
        RecurrentKernel()(Sequences(np.ones((2, 3)), np.array([3, 3])))


def test_aeon_estimators_take_aeons_ragged_lists():
    """aeon's unequal-length collection: a list of (channels, T_i) arrays."""
    rng = np.random.default_rng(0)
    X = [rng.standard_normal((2, t)) for t in (5, 7, 9, 6, 8, 10)]
    y = np.array([0, 1, 0, 1, 0, 1])
    model = RNTKAeonClassifier().fit(X, y)
    expected = RNTKClassifier().fit([x.T for x in X], y).decision_function([x.T for x in X])
    np.testing.assert_allclose(model.estimator_.decision_function([x.T for x in X]), expected)
    assert model.predict(X).shape == (6,) and model.predict_proba(X).shape == (6, 2)
    assert RNTKAeonRegressor().fit(X, y + rng.uniform(0, 0.5, 6)).predict(X).shape == (6,)


def test_collections_as_users_hold_them_and_a_single_sequence_named():
    import pandas as pd

    rng = np.random.default_rng(1)
    X = [rng.standard_normal(t) for t in (5, 8, 6, 9)]
    y = np.array([0, 1, 0, 1])
    expected = RNTKClassifier().fit(X, y).decision_function(X)
    as_object = np.empty(4, dtype=object)
    as_object[:] = X
    for held in (pd.Series(X), as_object):  # real data in an object container: read as the sequences
        np.testing.assert_allclose(RNTKClassifier().fit(held, y).decision_function(held), expected)
    with pytest.raises(ValueError, match=r"X is one sequence of 5 steps .* \[x\] or x.reshape\(1, -1\) for one"):
        RNTKClassifier().fit(X, y).predict(X[0])
    with pytest.warns(UserWarning, match=r"aeon's \(N, channels, T\) layout, pass np.swapaxes\(X, 1, 2\)"):
        RNTKClassifier().fit(rng.standard_normal((4, 2, 30)), y)  # 2 "steps" of 30 features: aeon's layout?
