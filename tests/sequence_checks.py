"""scikit-learn's estimator checks for estimators whose samples are sequences.

A 2-D ``X`` is ``N`` sequences of ``T`` steps, so another number of columns is another length, which is
valid input, and ``n_features_in_`` counts the features per step. Three checks assert the contrary in one
statement each and would hide every later statement of the check as an expected failure. Each is therefore
run twice: as an expected failure (the reason below), and in full on :func:`columns_fixed`, a subclass that
adds only the contested behaviour, so that every other statement of the check runs against the estimator.
The ``n_features_in_`` checks are asserted with the features per step in :func:`check_features_per_step`.
"""

import numpy as np
import pytest
from sklearn.utils.metaestimators import available_if
from sklearn.utils.estimator_checks import check_classifiers_train, check_dtype_object, check_transformer_general

NOT_FOR_SEQUENCES = {
    "check_n_features_in": "n_features_in_ counts the features per step, not the columns (steps) of a 2-D X",
    "check_n_features_in_after_fitting": "another number of columns is another length, which is valid input",
    "check_classifiers_train": "it requires an error for another number of columns, which is another length here",
    "check_transformer_general": "it requires an error for another number of columns, which is another length here",
    "check_dtype_object": "an object array is refused with a TypeError naming its dtype, never cast",
}
# the checks above that run in full on columns_fixed (the n_features_in_ ones: check_features_per_step)
FULL_ON_COLUMNS_FIXED = {"check_classifiers_train": check_classifiers_train,
                         "check_transformer_general": check_transformer_general,
                         "check_dtype_object": check_dtype_object}


def full_checks(estimators) -> list:
    """``pytest.param(estimator, check)`` for each of :data:`FULL_ON_COLUMNS_FIXED`'s checks that applies
    to each estimator (the classifiers' check to classifiers, the transformers' to transformers)."""
    applies = {"check_classifiers_train": "decision_function", "check_transformer_general": "transform",
               "check_dtype_object": "fit"}
    return [pytest.param(e, FULL_ON_COLUMNS_FIXED[name], id=f"{type(e).__name__}-{name}")
            for e in estimators for name in FULL_ON_COLUMNS_FIXED if hasattr(e, applies[name])]


_METHODS = ("predict", "decision_function", "predict_proba", "predict_log_proba", "transform", "score")


def columns_fixed(estimator):
    """``estimator`` as an instance of a subclass that casts ``X`` to float (as ``check_array`` does) and
    refuses, after fitting, a 2-D ``X`` with another number of columns, with scikit-learn's message: the
    two statements of :data:`NOT_FOR_SEQUENCES`' checks, and nothing else, added."""
    base = type(estimator)

    def as_float(X):
        return np.asarray(X, dtype=np.float64) if isinstance(X, np.ndarray) and X.dtype == object else X

    def fit(self, X, y=None, **kwargs):
        X = as_float(X)
        self.columns_ = np.shape(X)[1]
        return base.fit(self, X, y, **kwargs)

    def guarded(name):
        def method(self, X, *args, **kwargs):
            X = as_float(X)
            if np.ndim(X) == 2 and hasattr(self, "columns_") and np.shape(X)[1] != self.columns_:
                raise ValueError(f"X has {np.shape(X)[1]} features, but {type(self).__name__} is expecting "
                                 f"{self.columns_} features as input")
            return getattr(super(fixed, self), name)(X, *args, **kwargs)
        return method

    def offered(name):  # as available on the base class's instance (predict_proba: with probability=True)
        return lambda self: hasattr(super(fixed, self), name)

    methods = {name: available_if(offered(name))(guarded(name)) for name in _METHODS if hasattr(base, name)}
    fixed = type(base.__name__, (base,), dict(fit=fit, **methods, __module__=base.__module__))
    return fixed(**estimator.get_params(deep=False))


def check_features_per_step(estimator, method: str):
    """The statements of ``check_n_features_in`` and ``check_n_features_in_after_fitting`` with the
    features per step: no ``n_features_in_`` before ``fit``; after it, the features per step of a 2-D
    (one) and a 3-D ``(N, T, m)`` ``X``; ``method`` refuses another number of features per step with
    scikit-learn's message, and sequences of another length are accepted."""
    rng = np.random.default_rng(0)
    y = np.arange(12) % 2
    assert not hasattr(estimator, "n_features_in_")
    assert estimator.fit(rng.standard_normal((12, 6)), y).n_features_in_ == 1
    fitted = estimator.fit(rng.standard_normal((12, 6, 3)), y)
    assert fitted.n_features_in_ == 3
    with pytest.raises(ValueError, match=rf"X has 2 features per step, but \w+ is expecting 3 features per step"):
        getattr(fitted, method)(rng.standard_normal((4, 6, 2)))
    assert len(getattr(fitted, method)(rng.standard_normal((4, 9, 3)))) == 4
