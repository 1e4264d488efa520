"""C-SVMs on precomputed Gram matrices (LIBSVM through scikit-learn), shared by the experiments."""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.svm import SVC

__all__ = ["svm_predict", "cross_validated_accuracy"]


def svm_predict(G, y, train, test, C, max_iter=1_000_000, capped: list | None = None):
    """Fit a C-SVM on ``G[train, train]`` and predict ``test`` from ``G[test, train]``.

    ``max_iter`` bounds LIBSVM's iterations (a C of 1e6 on noisy data may otherwise run for
    hours); each fit stopped by it is recorded as True in ``capped``.
    """
    model = SVC(kernel="precomputed", C=C, cache_size=1000, max_iter=max_iter)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        model.fit(G[np.ix_(train, train)], y[train])
    if capped is not None:
        capped.append(any(issubclass(w.category, ConvergenceWarning) for w in caught))
    return model.predict(G[np.ix_(test, train)])


def cross_validated_accuracy(G, y, folds, Cs, max_iter=1_000_000, capped: list | None = None):
    """Mean accuracy over ``folds`` (a list of (train, validation) index pairs) for every C."""
    return np.array([np.mean([np.mean(svm_predict(G, y, tr, va, C, max_iter, capped) == y[va]) for tr, va in folds])
                     for C in Cs])
