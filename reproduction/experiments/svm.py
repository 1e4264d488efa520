"""C-SVMs on precomputed Gram matrices (LIBSVM through scikit-learn), shared by the experiments."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.svm import _libsvm

__all__ = ["svm_predict", "SVMLog", "cross_validated_accuracy", "edge_counts", "binding_edges"]

_CACHE_MB = 1000
_libsvm.set_verbosity_wrap(0)  # as SVC(verbose=False) sets it before each fit
# SVC's defaults for the arguments a precomputed C-SVM does not use or leaves alone
_LIBSVM_DEFAULTS = dict(nu=0.5, probability=0, degree=3, shrinking=1, tol=1e-3, cache_size=_CACHE_MB, coef0=0.0,
                        gamma=0.0, epsilon=0.1, random_seed=0)


@dataclass
class SVMLog:
    """Counts of the LIBSVM fits of a run: all of them, those stopped by the iteration cap, and
    those that failed (raised); a failed fit predicts nothing and scores 0 on its fold."""

    fits: int = 0
    capped: int = 0
    failed: int = 0
    errors: list = field(default_factory=list)
    KEPT_ERRORS = 10  # the first messages kept

    def add(self, capped: bool, error: str | None):
        self.fits += 1
        self.capped += bool(capped)
        if error is not None:
            self.failed += 1
            if len(self.errors) < self.KEPT_ERRORS:
                self.errors.append(error)

    def extend(self, other: "SVMLog"):
        """Add the counts (and the first error messages) of another run's log."""
        self.fits, self.capped, self.failed = self.fits + other.fits, self.capped + other.capped, self.failed + other.failed
        self.errors = (self.errors + other.errors)[:self.KEPT_ERRORS]


def _fit_predict(G, y, train, test, C, max_iter):
    """``(predictions or None, capped, error message or None)`` of one C-SVM fit.

    LIBSVM is called through scikit-learn's own binding with the arguments ``SVC(kernel=
    "precomputed", C=C, max_iter=max_iter)`` passes it (equal predictions: tests/test_svm.py);
    the estimator's input checks, which cost more than the fit on the small folds of a grid
    search, are made once per Gram instead (:func:`_check_gram`)."""
    classes, encoded = np.unique(y[train], return_inverse=True)
    if len(classes) < 2:
        return None, False, f"ValueError: the training fold holds one class only ({classes[0]!r})"
    support, _, n_support, dual_coef, intercept, prob_a, prob_b, status, _ = _libsvm.fit(
        np.ascontiguousarray(G[np.ix_(train, train)]), encoded.astype(np.float64), svm_type=0, kernel="precomputed",
        C=float(C), max_iter=max_iter, class_weight=np.ones(len(classes)), sample_weight=np.empty(0),
        **_LIBSVM_DEFAULTS)
    predicted = _libsvm.predict(np.ascontiguousarray(G[np.ix_(test, train)]), support, np.empty((0, 0)), n_support,
                                dual_coef, intercept, prob_a, prob_b, svm_type=0, kernel="precomputed",
                                degree=3, coef0=0.0, gamma=0.0, cache_size=_CACHE_MB)
    return classes[predicted.astype(np.intp)], status == 1, None


def _check_gram(G):
    """The checks SVC makes of a precomputed Gram: a matrix (rows: any samples; columns: the
    training samples), finite."""
    G = np.asarray(G, dtype=np.float64)
    if G.ndim != 2:
        raise ValueError(f"a precomputed Gram must be a matrix, got shape {G.shape}")
    if not np.all(np.isfinite(G)):
        raise ValueError("the Gram holds NaN or inf")
    return G


def svm_predict(G, y, train, test, C, max_iter=1_000_000, log: SVMLog | None = None):
    """Fit a C-SVM on ``G[train, train]`` and predict ``test`` from ``G[test, train]``.

    ``max_iter`` bounds LIBSVM's iterations (a large C on noisy data may otherwise run for
    hours); the fit is counted in ``log``. A fit that fails raises here (one fit, nothing to skip).
    """
    predicted, capped, error = _fit_predict(_check_gram(G), np.asarray(y), train, test, C, max_iter)
    if log is not None:
        log.add(capped, error)
    if error is not None:
        raise ValueError(f"the SVM fit failed (C={C}): {error}")
    return predicted


def cross_validated_accuracy(grams, y, folds, Cs, max_iter=1_000_000, log: SVMLog | None = None, n_jobs: int = 1):
    """Mean accuracy over ``folds`` (a list of (train, validation) index pairs) of every Gram in
    ``grams`` (``(S, N, N)``) and every C: ``(S, len(Cs))``.

    The S x C x fold fits run on ``n_jobs`` threads (LIBSVM releases the GIL); the result does
    not depend on ``n_jobs``. Failed fits score 0 on their fold and are counted in ``log``.
    """
    grams, y = [_check_gram(G) for G in grams], np.asarray(y)
    tasks = [(s, c, f) for s in range(len(grams)) for c in range(len(Cs)) for f in range(len(folds))]
    done = Parallel(n_jobs=n_jobs, prefer="threads")(
        delayed(_fit_predict)(grams[s], y, *folds[f], Cs[c], max_iter) for s, c, f in tasks)
    scores = np.zeros((len(grams), len(Cs), len(folds)))
    for (s, c, f), (predicted, capped, error) in zip(tasks, done):
        if log is not None:
            log.add(capped, error)
        if predicted is not None:
            scores[s, c, f] = np.mean(predicted == y[folds[f][1]])
    return scores.mean(axis=2)


def edge_counts(chosen: list[dict], axes: dict) -> pd.DataFrame:
    """How often a search chose the lowest or the highest value of each axis of its grid.

    ``chosen`` holds one chosen setting per data set; ``axes`` maps each searched name to its grid
    values. An axis whose edge binds on most data sets says the best setting may lie beyond it."""
    rows = {}
    for name, values in axes.items():
        values = sorted(values)
        if len(values) < 2:
            continue
        picks = [c[name] for c in chosen]
        rows[name] = {"grid": f"{values[0]:g} .. {values[-1]:g} ({len(values)} values)",
                      "lowest": sum(np.isclose(v, values[0]) for v in picks),
                      "highest": sum(np.isclose(v, values[-1]) for v in picks), "searches": len(picks)}
    return pd.DataFrame(rows).T.astype({"lowest": int, "highest": int, "searches": int})
def binding_edges(counts: pd.DataFrame, sizes: dict, share: float = 0.5) -> list[tuple]:
    """The edges of :func:`edge_counts` tables that bind: ``(row, "lowest" | "highest")`` for each row whose
    edge was chosen on more than ``share`` of its searches, among the axes of at least 3 values (a grid of
    two values is all edges). ``sizes`` maps each row of ``counts`` to its number of grid values."""
    return [(row, side) for row, r in counts.iterrows() for side in ("lowest", "highest")
            if sizes[row] >= 3 and r[side] > share * r["searches"]]


