"""Input that is not real numbers is refused with a TypeError naming its dtype, everywhere."""

import numpy as np
import pytest

from rntk import RecurrentKernel
from rntk.aeon_estimators import RNTKAeonClassifier, RNTKAeonRegressor
from rntk.estimators import RNTKClassifier, RNTKRegressor

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
    X, message = BAD[kind]
    with pytest.raises(TypeError, match=message):
        estimator().fit(X[:, None, :], TARGETS[estimator])
    fitted = estimator().fit(np.random.default_rng(0).standard_normal((4, 1, 6)), TARGETS[estimator])
    with pytest.raises(TypeError, match=message):
        fitted.predict(X[:, None, :])
    if kind in RAGGED:
        with pytest.raises(TypeError, match=RAGGED[kind][1]):
            estimator().fit([x[None, :] for x in RAGGED[kind][0] * 2], TARGETS[estimator])
