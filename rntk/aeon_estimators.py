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

from rntk.estimators import KernelParameter, RNTKClassifier, RNTKRegressor
from rntk.recurrent import RecurrentKernel
from rntk.sequences import check_real

__all__ = ["RNTKAeonClassifier", "RNTKAeonRegressor"]

_TAGS = {
    "capability:multivariate": True,
    "capability:unequal_length": True,
    "X_inner_type": ["np-list", "numpy3D"],
}


def _to_sequences(X):
    """aeon's channels-first cases (after aeon's own input checks) as a list of (T_i, m) sequences; real
    numbers only (:func:`rntk.sequences.check_real` names any other dtype)."""
    return [check_real(case, f"X[{i}]").astype(np.float64).T for i, case in enumerate(X)]


class _Wrapped:
    """aeon's ``_fit`` / ``_predict`` (its ``fit`` and ``predict`` check and convert the input first) through
    the scikit-learn estimator ``_estimator`` with the same parameters."""

    _estimator = None

    def _fit(self, X, y):
        params = {k: getattr(self, k) for k in self._estimator().get_params(deep=False)}
        self.estimator_ = self._estimator(**params).fit(_to_sequences(X), y)
        return self

    def _predict(self, X):
        return self.estimator_.predict(_to_sequences(X))


class RNTKAeonClassifier(KernelParameter, _Wrapped, BaseClassifier):
    """C-SVM on a recurrent kernel as an aeon classifier; parameters as :class:`RNTKClassifier`'s
    (``probability=True``: Platt-scaled probabilities; otherwise aeon's, 1 for the predicted class)."""

    _tags = dict(_TAGS)
    _estimator = RNTKClassifier

    def __init__(self, kernel: RecurrentKernel | None = None, get: str = "ntk", C: float = 1.0, class_weight=None,
                 probability: bool = False, verbose: bool = False):
        self.kernel, self.get, self.C, self.class_weight, self.probability = kernel, get, C, class_weight, probability
        self.verbose = verbose
        super().__init__()

    def _predict_proba(self, X):
        if self.probability:
            return self.estimator_.predict_proba(_to_sequences(X))
        return super()._predict_proba(X)


class RNTKAeonRegressor(KernelParameter, _Wrapped, BaseRegressor):
    """Kernel ridge regression on a recurrent kernel as an aeon regressor; parameters as
    :class:`RNTKRegressor`'s."""

    _tags = dict(_TAGS)
    _estimator = RNTKRegressor

    def __init__(self, kernel: RecurrentKernel | None = None, get: str = "ntk", alpha: float = 1.0,
                 verbose: bool = False):
        self.kernel, self.get, self.alpha, self.verbose = kernel, get, alpha, verbose
        super().__init__()
