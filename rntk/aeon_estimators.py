"""aeon estimators on the recurrent kernels, for aeon's collections, pipelines and benchmarks.

aeon stores a collection as ``(n_cases, n_channels, n_timepoints)`` (or a list of
``(n_channels, n_timepoints_i)`` arrays for unequal lengths); the kernels read ``(T, m)``
sequences, so each case is transposed. Unequal lengths and several channels are supported.
"""

from __future__ import annotations

import numpy as np
try:
    from aeon.classification.base import BaseClassifier
    from aeon.regression.base import BaseRegressor
except ImportError as error:  # an extra of rntk
    raise ImportError("rntk.aeon_estimators needs aeon: pip install 'rntk[aeon]'") from error

from rntk.estimators import RNTKClassifier, RNTKRegressor
from rntk.sequences import check_real

__all__ = ["RNTKAeonClassifier", "RNTKAeonRegressor"]

_TAGS = {
    "capability:multivariate": True,
    "capability:unequal_length": True,
    "X_inner_type": ["np-list", "numpy3D"],
    "algorithm_type": "kernel",
}


def _check_cases(X):
    """Real-valued cases only: complex, boolean, string and object input named before aeon converts it."""
    if isinstance(X, np.ndarray) and X.dtype != object:
        check_real(X, "X")
    elif isinstance(X, (list, tuple, np.ndarray)):
        for i, case in enumerate(X):
            check_real(case, f"X[{i}]")


def _to_sequences(X):
    """aeon's channels-first cases as a list of (T_i, m) sequences."""
    return [np.asarray(case, dtype=np.float64).T for case in X]


class _Wrapped:
    """Fit and predict through the scikit-learn estimator ``_estimator`` with the same parameters."""

    _estimator = None

    def fit(self, X, y):
        _check_cases(X)
        return super().fit(X, y)

    def predict(self, X):
        _check_cases(X)
        return super().predict(X)

    def _fit(self, X, y):
        params = {k: getattr(self, k) for k in self._estimator().get_params()}
        self.estimator_ = self._estimator(**params).fit(_to_sequences(X), y)
        return self

    def _predict(self, X):
        return self.estimator_.predict(_to_sequences(X))


class RNTKAeonClassifier(_Wrapped, BaseClassifier):
    """C-SVM on the RNTK (or its CK) as an aeon classifier; parameters as :class:`RNTKClassifier`."""

    _tags = dict(_TAGS)
    _estimator = RNTKClassifier

    def __init__(self, depth=1, activation="relu", sigma_w=1.0, sigma_u=1.0, sigma_b=0.0, sigma_h=0.0, sigma_v=1.0,
                 architecture="rnn", reverse=False, kernel="ntk", C=1.0, class_weight=None):
        self.depth, self.activation, self.sigma_w, self.sigma_u = depth, activation, sigma_w, sigma_u
        self.sigma_b, self.sigma_h, self.sigma_v = sigma_b, sigma_h, sigma_v
        self.architecture, self.reverse, self.kernel, self.C = architecture, reverse, kernel, C
        self.class_weight = class_weight
        super().__init__()


class RNTKAeonRegressor(_Wrapped, BaseRegressor):
    """Kernel ridge regression on the RNTK as an aeon regressor; parameters as :class:`RNTKRegressor`."""

    _tags = dict(_TAGS)
    _estimator = RNTKRegressor

    def __init__(self, depth=1, activation="relu", sigma_w=1.0, sigma_u=1.0, sigma_b=0.0, sigma_h=0.0, sigma_v=1.0,
                 architecture="rnn", reverse=False, kernel="ntk", alpha=1.0):
        self.depth, self.activation, self.sigma_w, self.sigma_u = depth, activation, sigma_w, sigma_u
        self.sigma_b, self.sigma_h, self.sigma_v = sigma_b, sigma_h, sigma_v
        self.architecture, self.reverse, self.kernel, self.alpha = architecture, reverse, kernel, alpha
        super().__init__()
