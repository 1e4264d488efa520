"""A practitioner's comparisons: the RNTK as an aeon classifier beside aeon's own, on UCR data sets
(:func:`compare_on_ucr`), and Nyström features against the exact Gram (:func:`nystroem_against_exact`).

Every classifier is fitted on the archive's training split and scored once on its test split;
the RNTK's C, sigma_w and sigma_b are chosen by cross-validation on the training split
(``GridSearchCV``), and the RNTK reads each series scaled to unit norm, as the first paper did
(ROCKET and DTW read the series as they are). Times are wall-clock seconds for fit plus predict.
"""

from __future__ import annotations

import time

import numpy as np
from sklearn.model_selection import GridSearchCV, StratifiedKFold

from reproduction.data import load_ucr
from reproduction.experiments.ucr_protocol import unit_norm

__all__ = ["RNTK_GRID", "BUNDLED", "compare_on_ucr", "bundled_classifiers", "bundled_unit", "cached_bundled", "standing",
           "nystroem_against_exact", "on_forced_cpu_devices"]

RNTK_GRID = {"C": [0.1, 1.0, 10.0, 100.0], "sigma_w": [1.0, float(np.sqrt(2.0))], "sigma_b": [0.0, 0.5]}


def _searched(grid: dict) -> dict:
    """``grid`` (C and kernel settings by name) as ``GridSearchCV`` reaches them: ``kernel__sigma_w``."""
    return {k if k == "C" else f"kernel__{k}": v for k, v in grid.items()}


def _classifiers(rocket_kernels: int, grid: dict, seed: int):
    from aeon.classification.convolution_based import RocketClassifier
    from aeon.classification.distance_based import KNeighborsTimeSeriesClassifier

    from rntk.aeon_estimators import RNTKAeonClassifier
    from rntk.recurrent import RecurrentKernel

    return {
        "RNTK (avg-shared, CV)": GridSearchCV(RNTKAeonClassifier(kernel=RecurrentKernel(architecture="avg-shared")),
                                              _searched(grid), cv=StratifiedKFold(5, shuffle=True, random_state=seed)),
        "RNTK (rnn, CV)": GridSearchCV(RNTKAeonClassifier(kernel=RecurrentKernel()), _searched(grid),
                                       cv=StratifiedKFold(5, shuffle=True, random_state=seed)),
        f"ROCKET ({rocket_kernels} kernels)": RocketClassifier(n_kernels=rocket_kernels, random_state=seed),
        "1-NN DTW": KNeighborsTimeSeriesClassifier(distance="dtw"),
    }


def compare_on_ucr(names, rocket_kernels=10_000, grid=RNTK_GRID, seed=0):
    """``[{dataset, classifier, accuracy (%), seconds}]`` for each data set and classifier."""
    rows = []
    for name in names:
        X_train, y_train, X_test, y_test = load_ucr(name)
        X_train, X_test = X_train[:, None, :], X_test[:, None, :]  # aeon: (cases, channels, time)
        for label, clf in _classifiers(rocket_kernels, grid, seed).items():
            unit = label.startswith("RNTK")
            train, test = (unit_norm(a) if unit else a for a in (X_train, X_test))
            start = time.perf_counter()
            clf.fit(train, y_train)
            accuracy = float(np.mean(clf.predict(test) == y_test) * 100)
            rows.append(dict(dataset=name, classifier=label, accuracy=accuracy,
                             seconds=time.perf_counter() - start))
    return rows



# aeon's bundled data sets of sequences as users meet them: unequal lengths (JapaneseVowels: 12 channels,
# 7-26 steps; PickupGestureWiimoteZ: one channel, 29-361 steps) and several channels (BasicMotions: 6, 100 steps)
BUNDLED = ("JapaneseVowels", "PickupGestureWiimoteZ", "BasicMotions")


def _unit_cases(X):
    """Each case (channels, T_i) scaled to unit norm, as the RNTK reads the UCR series."""
    return [np.asarray(x, dtype=np.float64) / np.linalg.norm(x) for x in X]


def bundled_classifiers(grid: dict = RNTK_GRID, seed: int = 0, padded_length: int | None = None) -> dict:
    """The classifiers of :func:`cached_bundled` by label: the RNTK (the last-step read-out and the shared
    average, C and the kernel's settings chosen by 5-fold cross-validation on the training split) on the
    sequences as they are, MiniRocket on the sequences padded with zeros at the end to ``padded_length``
    (aeon's ``Padder``: MiniRocket needs one length), and the 1-NN DTW classifier."""
    from aeon.classification.compose import ClassifierPipeline
    from aeon.classification.convolution_based import MiniRocketClassifier
    from aeon.classification.distance_based import KNeighborsTimeSeriesClassifier
    from aeon.transformations.collection.unequal_length import Padder

    from rntk.aeon_estimators import RNTKAeonClassifier
    from rntk.recurrent import RecurrentKernel

    cv = StratifiedKFold(5, shuffle=True, random_state=seed)
    return {
        "RNTK (rnn, CV)": GridSearchCV(RNTKAeonClassifier(kernel=RecurrentKernel()), _searched(grid), cv=cv),
        "RNTK (avg-shared, CV)": GridSearchCV(RNTKAeonClassifier(kernel=RecurrentKernel(architecture="avg-shared")),
                                              _searched(grid), cv=cv),
        "MiniRocket (padded)": ClassifierPipeline([Padder(padded_length=padded_length)],
                                                  MiniRocketClassifier(random_state=seed)),
        "1-NN DTW": KNeighborsTimeSeriesClassifier(distance="dtw"),
    }


def bundled_unit(name: str, label: str, grid: dict = RNTK_GRID, seed: int = 0, cases: int | None = None) -> dict:
    """One classifier (:func:`bundled_classifiers`) on one of aeon's bundled data sets (its own train and
    test splits; ``cases``: the first so many of each, for a quick run): test accuracy (%), wall seconds of fit
    plus predict, the lengths and channels it read, and what cross-validation chose."""
    from aeon.datasets import load_classification

    X_train, y_train = load_classification(name, split="train")
    X_test, y_test = load_classification(name, split="test")
    if cases is not None:
        X_train, y_train, X_test, y_test = X_train[:cases], y_train[:cases], X_test[:cases], y_test[:cases]
    lengths = [np.shape(x)[-1] for x in list(X_train) + list(X_test)]
    clf = bundled_classifiers(grid, seed, padded_length=max(lengths))[label]  # the longest of both splits
    if label.startswith("RNTK"):
        X_train, X_test = _unit_cases(X_train), _unit_cases(X_test)
    start = time.perf_counter()
    clf.fit(X_train, y_train)
    accuracy = float(np.mean(clf.predict(X_test) == y_test) * 100)
    chosen = {k: float(v) for k, v in clf.best_params_.items()} if hasattr(clf, "best_params_") else {}
    return dict(dataset=name, classifier=label, accuracy=accuracy, seconds=time.perf_counter() - start,
                channels=int(np.shape(X_train[0])[0]), min_length=int(min(lengths)), max_length=int(max(lengths)),
                train=len(y_train), test=len(y_test), chosen=chosen)


def cached_bundled(name: str, label: str, grid: dict = RNTK_GRID, seed: int = 0, directory=None) -> dict:
    """:func:`bundled_unit` through ``<directory>/<name>/<label>.json`` (default ``results/practice/bundled``)."""
    from reproduction.cache import RESULTS, cached_json

    directory = RESULTS / "practice" / "bundled" if directory is None else directory
    slug = "".join(c if c.isalnum() else "-" for c in label).strip("-")
    return cached_json(directory / name / f"{slug}.json", lambda: bundled_unit(name, label, grid, seed),
                       params=dict(dataset=name, classifier=label, grid=grid, seed=seed))


def standing(accuracy, column: str, others) -> str:
    """How ``column`` of ``accuracy`` (data sets x classifiers, %) stands against the best of ``others``,
    data set by data set: ahead, level, behind."""
    gap = accuracy[column] - accuracy[list(others)].max(axis=1)
    return (f"{column} is ahead of every other classifier on {int((gap > 0).sum())}, level with the best on "
            f"{int((gap == 0).sum())} and behind on {int((gap < 0).sum())} of the {len(gap)} data sets")


def nystroem_against_exact(name, ranks, settings: dict, C: float, test_size=None, seed=0):
    """A C-SVM on the exact RNTK Gram, and a linear C-SVM on Nyström features of each rank (the same
    problem with the Gram replaced by its approximation), on one UCR data set scaled to unit norm.

    ``[{method, rank, gram_error, accuracy (%), seconds}]``; ``gram_error`` is the relative Frobenius
    error of the approximated training Gram; ``test_size`` keeps the first test series only."""
    from sklearn.svm import SVC

    from rntk.approx import Nystroem
    from rntk.recurrent import RecurrentKernel

    X_train, y_train, X_test, y_test = load_ucr(name)
    X_train, X_test = unit_norm(X_train), unit_norm(X_test)[:test_size]
    y_test = y_test[:test_size]
    kernel = RecurrentKernel(**settings)
    start = time.perf_counter()
    exact = kernel(X_train)
    svm = SVC(kernel="precomputed", C=C).fit(exact, y_train)
    accuracy = float(np.mean(svm.predict(kernel(X_test, X_train)) == y_test) * 100)
    rows = [dict(method="exact", rank=len(X_train), gram_error=0.0, accuracy=accuracy,
                 seconds=time.perf_counter() - start)]
    for rank in ranks:
        start = time.perf_counter()
        features = Nystroem(kernel=kernel, n_components=rank, random_state=seed).fit(X_train)
        phi = features.transform(X_train)
        svm = SVC(kernel="linear", C=C).fit(phi, y_train)
        accuracy = float(np.mean(svm.predict(features.transform(X_test)) == y_test) * 100)
        rows.append(dict(method="Nystroem", rank=rank, gram_error=float(np.linalg.norm(phi @ phi.T - exact)
                                                                         / np.linalg.norm(exact)),
                         accuracy=accuracy, seconds=time.perf_counter() - start))
    return rows


_DEVICES_WORKER = """
import json, sys, time, jax, numpy as np
from rntk import RecurrentKernel
n, steps = map(int, sys.argv[1:3])
X = np.random.default_rng(0).standard_normal((n, steps))
one = RecurrentKernel(sigma_w=np.sqrt(2), devices=jax.devices()[:1])(X)
start = time.perf_counter()
every = RecurrentKernel(sigma_w=np.sqrt(2))(X)
print(json.dumps({"devices": len(jax.devices()), "platform": jax.default_backend(),
                  "seconds": time.perf_counter() - start, "max_difference": float(np.abs(every - one).max())}))
"""


def on_forced_cpu_devices(devices: int, n: int = 1000, steps: int = 50) -> dict:
    """A Gram spread over ``devices`` CPU devices forced by ``XLA_FLAGS`` in a fresh process (JAX reads
    the flag once, at import), against the same Gram on one device: ``{devices, platform, seconds,
    max_difference}``."""
    import json
    import os
    import subprocess
    import sys

    env = dict(os.environ, XLA_FLAGS=f"--xla_force_host_platform_device_count={devices}", JAX_PLATFORMS="cpu")
    out = subprocess.run([sys.executable, "-c", _DEVICES_WORKER, str(n), str(steps)], env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])
