"""What practitioners use on the UCR benchmark, beside the RNTK: aeon's MiniRocket and Rocket, and the
one-nearest-neighbour classifiers with the full-window DTW distance and the Euclidean distance.

Each classifier runs with aeon's defaults (and ``random_state`` fixed), on one core, on the archive's
training split as it is stored (the UCR series are already z-normalised), and is scored once on its test
split: these classifiers have no hyperparameter to choose. Wall-clock seconds of ``fit`` and ``predict``
are recorded apart. One cached unit per data set and classifier:
``results/ucr_classifiers/<dataset>/<classifier>.json``.
``python -m rntk.experiments.ucr_classifiers`` runs every available data set (resumable).
"""

from __future__ import annotations

import argparse
import functools
import time

import numpy as np

from rntk.cache import RESULTS, cached_json, stored_json
from rntk.data import UCR_AVAILABLE, load_ucr

__all__ = ["CLASSIFIERS", "CLASSIFIER_RESULTS", "make_classifier", "run_classifier", "cached_classifier",
           "stored_classifiers", "beside_rntk"]

CLASSIFIERS = ("MiniRocket", "Rocket", "1NN-DTW", "1NN-ED")
CLASSIFIER_RESULTS = RESULTS / "ucr_classifiers"


def make_classifier(method: str, seed: int = 0):
    """An aeon classifier with its defaults (one core; ``seed`` where it draws at random)."""
    from aeon.classification.convolution_based import MiniRocketClassifier, RocketClassifier
    from aeon.classification.distance_based import KNeighborsTimeSeriesClassifier

    if method == "MiniRocket":
        return MiniRocketClassifier(random_state=seed)
    if method == "Rocket":
        return RocketClassifier(random_state=seed)
    if method == "1NN-DTW":
        return KNeighborsTimeSeriesClassifier(distance="dtw")  # window=None: the full window
    if method == "1NN-ED":
        return KNeighborsTimeSeriesClassifier(distance="euclidean")
    raise ValueError(f"unknown classifier {method!r}; expected one of {CLASSIFIERS}")


@functools.lru_cache(maxsize=None)
def _compiled(method: str) -> None:
    """Fit and predict once on a small random set, so that numba's compilation (once per process) is
    not counted in the first data set's time."""
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((12, 1, 24)), np.repeat([0, 1], 6)
    make_classifier(method).fit(X, y).predict(X)


def run_classifier(name: str, method: str, seed: int = 0) -> dict:
    """One classifier on one data set: test ``accuracy`` (%), ``fit_seconds``, ``predict_seconds`` and
    their sum ``seconds`` (wall clock, one core, compilation excluded)."""
    clf = make_classifier(method, seed)
    _compiled(method)
    X_train, y_train, X_test, y_test = load_ucr(name)
    X_train, X_test = X_train[:, None, :], X_test[:, None, :]  # aeon: (cases, channels, time)
    start = time.perf_counter()
    clf.fit(X_train, y_train)
    fitted = time.perf_counter()
    predicted = clf.predict(X_test)
    done = time.perf_counter()
    return dict(dataset=name, method=method, accuracy=float(np.mean(predicted == y_test) * 100),
                fit_seconds=fitted - start, predict_seconds=done - fitted, seconds=done - start)


def _params(method: str, seed: int) -> dict:
    import aeon

    return dict(method=method, seed=seed, aeon=aeon.__version__)


def cached_classifier(name: str, method: str, seed: int = 0, directory=CLASSIFIER_RESULTS) -> dict:
    """:func:`run_classifier` through ``<directory>/<name>/<method>.json`` (keyed by the seed and aeon's version)."""
    return cached_json(directory / name / f"{method}.json", lambda: run_classifier(name, method, seed),
                       params=_params(method, seed))


def stored_classifiers(names=UCR_AVAILABLE, methods=CLASSIFIERS, seed: int = 0, directory=CLASSIFIER_RESULTS) -> dict:
    """``{(dataset, method): result}`` of the cached units (nothing computed)."""
    found = {(n, m): stored_json(directory / n / f"{m}.json", _params(m, seed)) for n in names for m in methods}
    return {k: r for k, r in found.items() if r is not None}


def beside_rntk(names=UCR_AVAILABLE, directory=CLASSIFIER_RESULTS):
    """``(rows, complete)``: rows ``{dataset, method, accuracy, seconds}`` of the RNTK on the first paper's
    grid (its seconds: the whole cross-validated selection, Grams and refit, on every core) and of each
    classifier here, and the data sets where every one of them is cached (nothing computed)."""
    import pandas as pd

    from rntk.experiments.ucr import PAPER_GRID, PAPER_GRID_RESULTS, stored_results

    rntk = stored_results(names, ("RNTK",), PAPER_GRID, PAPER_GRID_RESULTS)
    others = stored_classifiers(names, directory=directory)
    rows = [dict(dataset=n, method="RNTK (paper grid, CV)", accuracy=r["accuracy"], seconds=r["seconds"])
            for (n, _), r in rntk.items()]
    rows += [dict(dataset=n, method=m, accuracy=r["accuracy"], seconds=r["seconds"]) for (n, m), r in others.items()]
    complete = [n for n in names if (n, "RNTK") in rntk and all((n, m) in others for m in CLASSIFIERS)]
    return pd.DataFrame(rows, columns=["dataset", "method", "accuracy", "seconds"]), complete


def main(argv=None):
    from rntk.experiments.runner import check_writable, check_datasets

    parser = argparse.ArgumentParser(description="aeon's classifiers on the UCR data sets (resumable; cached per unit).")
    parser.add_argument("datasets", nargs="*", help="names (default: every available one)")
    parser.add_argument("--methods", nargs="+", default=list(CLASSIFIERS), choices=CLASSIFIERS)
    args = parser.parse_args(argv)
    names = check_datasets(parser, args.datasets or list(UCR_AVAILABLE), UCR_AVAILABLE)
    check_writable(parser, CLASSIFIER_RESULTS)
    for name in names:
        for method in args.methods:
            r = cached_classifier(name, method)
            print(f"{name:32s} {method:11s} {r['accuracy']:6.2f}  ({r['seconds']:8.1f} s)", flush=True)


if __name__ == "__main__":
    main()
